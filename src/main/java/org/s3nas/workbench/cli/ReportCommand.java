package org.s3nas.workbench.cli;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.s3nas.workbench.experiments.Budget;
import org.s3nas.workbench.experiments.ReportJson;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.model.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code report <project> [--budget small|tiny]}: small-scale versions of the paper's Tables 4-8 on the project's
 * data, each row our figure (test accuracy, simulated latency) beside the paper's, with which won and by how much.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Reproduce the paper's comparisons at small scale on the project's data (real searches and trainings): linear vs "
                + "constant depth (Table 4), MixConv vs MBConv (Table 5), S3NAS vs random search at equal latency (Table 6), compound scaling "
                + "vs direct search on a loose target (Table 7), SE and h-swish (Table 8). Writes report.txt, report.md and report.json; "
                + "every figure says how many images and epochs made it. Started again on the same folder, it reuses finished runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written", "1:a search or training failed (the report is still written; the failed comparisons say why)", "2:bad project or options"})
final class ReportCommand extends ProjectCommand {
    @Option(names = "--budget", defaultValue = "small", paramLabel = "B", description = "small or tiny (default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--out", paramLabel = "DIR", description = "Work and report folder (default: <project folder>/runs/report-<budget>).")
    Path out;

    @Mixin
    TrainingProgressOptions progress = new TrainingProgressOptions(30_000);

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) {
        Budget b;
        try {
            b = Budget.named(budget);
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        Path projectDir = projectFolder();
        Path dir = out != null ? out : Workspace.of(project).reportDirectory(b.name());
        o.println("report on '" + p.name() + "' -> " + dir);
        o.println(b.describe());
        o.flush();
        ReproductionReport.Report r;
        try {
            Files.createDirectories(dir);
            r = ReproductionReport.run(p, projectDir, dir, b, Workspace.of(project).reportEngines(p, null, System.err::println), lines(o), partial -> write(dir, partial),
                    progress.printer(o));
        } catch (IOException | RuntimeException e) {
            return fail(err, 1, "report failed: " + e.getMessage());
        }
        write(dir, r);
        o.println();
        o.print(ReportJson.table(r));
        o.println("written: " + dir.resolve("report.txt") + ", " + dir.resolve("report.md") + ", " + dir.resolve("report.json"));
        o.flush();
        long failed = r.comparisons().stream().filter(c -> c.error() != null).count();
        if (failed > 0) {
            return fail(err, 1, "report: " + failed + " of " + r.comparisons().size() + " comparisons failed (their sections say why)");
        }
        return 0;
    }

    private static void write(Path dir, ReproductionReport.Report r) {
        try {
            ReportJson.write(dir, r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
