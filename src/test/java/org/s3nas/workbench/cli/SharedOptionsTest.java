package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.NpuConfig;
import picocli.CommandLine;

/** The option groups several commands share (mixins), and the command line that names every command once. */
class SharedOptionsTest {
    @TempDir
    Path dir;

    static String help(CommandLine cl) {
        StringWriter w = new StringWriter();
        cl.usage(new PrintWriter(w, true));
        return w.toString();
    }

    /** The line of {@code option} in a usage text with its continuation lines, white space folded (columns differ by command). */
    static String optionHelp(String usage, String option) {
        List<String> lines = usage.lines().toList();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().startsWith(option)) continue;
            b.append(lines.get(i).trim());
            for (int j = i + 1; j < lines.size() && !lines.get(j).trim().startsWith("-"); j++) b.append(' ').append(lines.get(j).trim());
            return b.toString().replaceAll("\\s+", " ");
        }
        throw new AssertionError(option + " not in\n" + usage);
    }

    @Test
    void everyCommandIsRegisteredUnderItsOwnName() {
        CommandLine cl = S3nasCli.commandLine();
        assertEquals(List.of("help", "validate", "scale", "se-rank", "profile", "estimate", "search", "bench", "simulate", "train",
                "random-search", "report", "export-search", "export-training"), List.copyOf(cl.getSubcommands().keySet()));
        assertEquals(List.of("engine", "estimator", "simulator", "costs"), List.copyOf(cl.getSubcommands().get("bench").getSubcommands().keySet()));
        // what a command does not handle itself is reported by S3nasCli.failed (one line, exit 2 or 1), in every subcommand
        for (CommandLine sub : cl.getSubcommands().get("bench").getSubcommands().values()) {
            assertSame(cl.getExecutionExceptionHandler(), sub.getExecutionExceptionHandler(), sub.getCommandName());
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            assertSame(cl.getExecutionExceptionHandler(), sub.getExecutionExceptionHandler(), sub.getCommandName());
        }
    }

    @Test
    void eachCommandKeepsItsOwnDefaultForTheTrainingsProgress() {
        CommandLine cl = S3nasCli.commandLine();
        assertEquals("--progress-ms=MS Minimum time between training progress lines (default: 10000).",
                optionHelp(help(cl.getSubcommands().get("random-search")), "--progress-ms"));
        assertEquals("--progress-ms=MS Minimum time between training progress lines (default: 30000).",
                optionHelp(help(cl.getSubcommands().get("report")), "--progress-ms"));
        ReportCommand report = new ReportCommand();
        new CommandLine(report).parseArgs("p.json");
        assertEquals(30_000, report.progress.ms);
        RandomSearchCommand random = new RandomSearchCommand();
        new CommandLine(random).parseArgs("p.json");
        assertEquals(10_000, random.progress.ms);
        new CommandLine(random).parseArgs("p.json", "--progress-ms", "5");
        assertEquals(5, random.progress.ms);
    }

    @Test
    void theSameOptionSaysTheSameInEveryCommand() {
        CommandLine cl = S3nasCli.commandLine();
        CommandLine bench = cl.getSubcommands().get("bench");
        assertEquals(optionHelp(help(cl.getSubcommands().get("profile")), "--threads"),
                optionHelp(help(bench.getSubcommands().get("estimator")), "--threads"));
        assertEquals(optionHelp(help(cl.getSubcommands().get("train")), "--test-images"),
                optionHelp(help(cl.getSubcommands().get("random-search")), "--test-images"));
        assertEquals(optionHelp(help(cl.getSubcommands().get("estimate")), "--table"),
                optionHelp(help(cl.getSubcommands().get("random-search")), "--table"));
    }

    @Test
    void imageLimitsKeepTheProjectsTrainingImagesUnlessGiven() throws Exception {
        var p = ProjectFiles.loadBundledSample();
        var base = org.s3nas.workbench.train.TrainConfig.from(p.search(), 1);
        ImageLimitOptions none = new ImageLimitOptions();
        new CommandLine(none).parseArgs();
        assertEquals(base.limitImages(), none.applyTo(base).limitImages());
        assertEquals(0, none.applyTo(base).testImages());
        ImageLimitOptions some = new ImageLimitOptions();
        new CommandLine(some).parseArgs("--limit-images", "64", "--test-images", "32");
        assertEquals(64, some.applyTo(base).limitImages());
        assertEquals(32, some.applyTo(base).testImages());
    }

    @Test
    void aReportGoesIntoAFolderThatDoesNotExistYet() throws Exception {
        Path project = dir.resolve("p.json");
        Files.copy(ProjectFiles.bundledSampleFile("s3nas-imagenet.json"), project);
        Function<NpuConfig, ToDoubleFunction<Architecture>> macsMs = npu -> a -> ModelCost.macs(a) / 1024.0 / 1e6;
        double t = 1.6 * macsMs.apply(null).applyAsDouble(ProjectFiles.load(project).supernet().largest().withoutSkips());
        Path report = dir.resolve("reports/scale/report.csv");
        CommandLine cl = new CommandLine(new ScaleCommand(macsMs));
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(project.toString(), "--architecture", "largest", "--target-ms", String.valueOf(t), "--format", "csv",
                "-o", report.toString());
        assertEquals(0, code, err.toString());
        assertEquals("", out.toString(), "the report goes to the file, not the standard output");
        assertTrue(Files.readString(report).lines().count() >= 4, Files.readString(report));
    }
}
