package org.s3nas.workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.train.TrainEvent;
import org.s3nas.workbench.train.TrainListener;
import org.s3nas.workbench.train.TrainLog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the commands on one project file share (validate, scale, se-rank, search, train, random-search, report, the
 * exports): the PROJECT argument and its loading (a bad file is reported one problem a line, exit code 2); and, for
 * those that run searches and trainings, the progress and status lines, flushed at once so that they reach a pipe or
 * a log while the run goes on.
 */
abstract class ProjectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (.json).")
    Path project;

    @Override
    public final Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Project p = LatencyCli.loadOrReport(project, err);
        if (p == null) return 2;
        return run(p, o, err);
    }

    /** The project file's folder, where the project's relative paths (its dataset) start. */
    Path projectFolder() {
        return project.toAbsolutePath().getParent();
    }

    /**
     * The command on its loaded and valid project; returns the exit code. An I/O error it leaves unhandled reaches the
     * command line's handler (one line naming the command, exit code 2).
     */
    abstract int run(Project p, PrintWriter o, PrintWriter err) throws IOException;

    /** Reports {@code message} on {@code err} and returns {@code code}, the exit code. */
    static int fail(PrintWriter err, int code, String message) {
        err.println(message);
        err.flush();
        return code;
    }

    /** Each line printed and flushed. */
    static Consumer<String> lines(PrintWriter o) {
        return line -> {
            o.println(line);
            o.flush();
        };
    }

    /** A run's change of status: {@code "running: ..."}. */
    static void printStatus(PrintWriter o, RunStatus s, String message) {
        o.println(s.line(message));
        o.flush();
    }

    /** A training's progress (one line an event) and status lines. */
    static TrainListener trainPrinter(PrintWriter o) {
        return new TrainListener() {
            @Override
            public void onProgress(TrainEvent e) {
                o.println(TrainLog.line(e));
                o.flush();
            }

            @Override
            public void onStatus(RunStatus s, String message) { printStatus(o, s, message); }
        };
    }
}
