package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.s3nas.workbench.engine.EngineBenchmark;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.search.SearchBenchmark;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench engine [PROJECT]}: images/s of one training step and of one forward pass of the benchmark supernet
 * (the project's supernet, default the fashion-mnist sample, every choice at its largest, BN and masks on, batch
 * 128). src/bench/python/torch_step.py rebuilds the same network in PyTorch and prints the same figures.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Time one training step and one forward pass of the search engine on the largest path of a supernet.")
final class BenchEngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "Project file (default: the bundled fashion-mnist sample).")
    Path project;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "Measured steps; the median is printed (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--final-training", description = "Also time the final training's step on the same network (the "
            + "supernet's largest architecture, the project's training recipe), step by step in turn with the search's.")
    boolean finalTraining;

    @Option(names = "--profile", description = "Also print the mean time per part of a training step and of a forward pass (expand GEMMs, BN, depthwise, copies, ...).")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Project p = project == null ? ProjectFiles.loadBundledSample() : LatencyCli.loadOrReport(project, err);
        if (p == null) return 2;
        int res = p.supernet().input().height();
        o.println(String.format(Locale.ROOT, "engine benchmark: %s, largest path, batch %d, %dx%dx%d, load average before: %s",
                p.supernet().name(), batch, res, res, p.supernet().input().channels(), load()));
        o.flush();
        EngineBenchmark.Figures f;
        if (!finalTraining) {
            f = SearchBenchmark.run(p.supernet(), batch, res, warmup, steps, profile);
            printFigures(o, "", f);
        } else {
            TrainConfig cfg = TrainConfig.from(p.search(), 1).withBatchSize(batch);
            try (EngineBenchmark.Bench search = SearchBenchmark.supernet(p.supernet(), batch, res);
                 EngineBenchmark.Bench train = TrainingBenchmark.of(p.supernet().largest().withoutSkips(), cfg)) {
                List<EngineBenchmark.Figures> both = EngineBenchmark.sideBySide(List.of(search, train), batch, res, warmup, steps, profile);
                f = both.get(0);
                printFigures(o, "search ", f);
                printFigures(o, "final training ", both.get(1));
                o.println(String.format(Locale.ROOT, "final training / search: %.0f %% of the images/s of a training step, "
                        + "%.0f %% of the images per CPU second (%.0f against %.0f CPU ms a step)",
                        100 * both.get(1).trainImagesPerSecond() / f.trainImagesPerSecond(), 100 * f.trainCpuMs() / both.get(1).trainCpuMs(),
                        both.get(1).trainCpuMs(), f.trainCpuMs()));
            }
        }
        o.println("OpenMP idle threads: " + EngineBenchmark.openMpWait());
        o.println("load average after: " + load() + "  (median of " + f.measured() + " steps after " + warmup + " warm-up)");
        o.flush();
        return 0;
    }

    private static void printFigures(PrintWriter o, String who, EngineBenchmark.Figures f) {
        o.println(String.format(Locale.ROOT, "%strain step: %.1f ms  %.0f images/s", who, f.trainStepMs(), f.trainImagesPerSecond()));
        o.println(String.format(Locale.ROOT, "%sforward:    %.1f ms  %.0f images/s", who, f.forwardMs(), f.forwardImagesPerSecond()));
        if (f.profile() != null) {
            printParts(o, who + "training step", f.measured(), f.profile());
            printParts(o, who + "forward pass", f.measured(), f.forwardProfile());
        }
    }

    private static void printParts(PrintWriter o, String what, int measured, java.util.Map<org.s3nas.workbench.engine.Profile.Part, Double> parts) {
        double sum = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        o.println(String.format(Locale.ROOT, "%s by part (mean of %d, %.1f ms in all):", what, measured, sum));
        parts.forEach((part, ms) -> {
            if (ms >= 0.05) o.println(String.format(Locale.ROOT, "  %-34s %8.1f ms  %5.1f %%", org.s3nas.workbench.engine.Profile.label(part), ms, 100 * ms / sum));
        });
    }

    private static String load() {
        try {
            String[] s = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return s[0] + " " + s[1] + " " + s[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
