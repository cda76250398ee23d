package org.s3nas.workbench.cli;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.s3nas.workbench.io.ProjectFileException;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.EngineFailure;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.Profiler;

/** What the profile, estimate and bench commands share: loading a project and getting its latency table. */
final class LatencyCli {
    private LatencyCli() {}

    /** A command body that may fail on bad input. */
    @FunctionalInterface
    interface Body {
        int run() throws Exception;
    }

    /**
     * Runs a command body; bad input (an unreadable or invalid project or table, a bad option value) is reported as
     * one line per problem on stderr with exit code 2, a cancelled run with 1, instead of a stack trace.
     */
    static int guard(Body body) throws Exception {
        try {
            return body.run();
        } catch (ProjectFileException e) {
            for (Problem p : e.problems()) System.err.println("error: " + p.path() + ": " + p.message());
            return 2;
        } catch (java.util.concurrent.CancellationException e) {
            System.err.println("cancelled: " + e.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            System.err.println("error: " + EngineFailure.describe(e));
            return 2;
        }
    }

    /**
     * Reads and validates a project for a command; on a bad file prints one {@code path: message} line per problem
     * on {@code err} and returns null (the command then exits with 2).
     */
    static Project loadOrReport(Path file, java.io.PrintWriter err) {
        try {
            return ProjectFiles.load(file);
        } catch (ProjectFileException e) {
            for (Problem problem : e.problems()) err.println(problem.path() + ": " + problem.message());
            err.flush();
            return null;
        }
    }

    /** Reads and validates a project (messages name the file and the field). */
    static Project loadProject(Path file) throws IOException {
        return ProjectFiles.load(file);
    }

    /**
     * The table of {@code tableFile} (or the project's sidecar) when it was profiled for this supernet and NPU;
     * otherwise a fresh profile, with where it comes from and its progress on {@code err} (the project's workspace decides).
     */
    static LatencyTable table(Project project, Path projectFile, Path tableFile, PrintStream err, boolean quiet) throws IOException {
        return Workspace.of(projectFile).latency(project, tableFile, progress(err, quiet), null, quiet ? null : err::println).table();
    }

    static LatencyTable profile(Project project, PrintStream err, boolean quiet, Profiler profiler) {
        return profiler.profile(project.supernet(), progress(err, quiet), null);
    }

    /** A profile's progress on {@code err}, a line per tenth. */
    private static Profiler.Progress progress(PrintStream err, boolean quiet) {
        int[] lastTenth = {-1};
        return (done, total) -> {
            int tenth = done * 10 / total;
            if (!quiet && tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                err.printf("  profiled %d / %d%n", done, total);
            }
        };
    }
}
