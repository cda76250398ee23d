package org.s3nas.workbench.cli;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.s3nas.workbench.experiments.RandomSearch;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code random-search <project> --target-ms T}: the random-search baseline of paper §5.4.1 on the project's search
 * space: K architectures within a latency window (the project's latency table), each short-trained, the best by
 * validation accuracy trained fully and tested.
 */
@Command(name = "random-search", mixinStandardHelpOptions = true,
        description = {"The random-search baseline (paper 5.4.1): sample architectures of the project's supernet uniformly, keep K whose "
                + "estimated latency (the project's latency table) is within the tolerance of the target, short-train each, train the best "
                + "(by validation accuracy) fully and report its test accuracy and simulated latency."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done; DIR/random-search.json holds every candidate", "1:a training failed", "2:bad project or options, "
                + "or no sample within the window"})
final class RandomSearchCommand extends ProjectCommand {
    @Option(names = "--target-ms", paramLabel = "T", description = "Latency target (default: the project's search target).")
    Double target;

    @Option(names = "--tolerance", defaultValue = "0.05", paramLabel = "F", description = "Keep samples within F x T of the target (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--samples", defaultValue = "6", paramLabel = "K", description = "Architectures to short-train (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--max-draws", defaultValue = "200000", paramLabel = "N", description = "Samples drawn at most (default: ${DEFAULT-VALUE}).")
    int maxDraws;

    @Option(names = "--short-epochs", defaultValue = "1", paramLabel = "E", description = "Epochs of each short training (default: ${DEFAULT-VALUE}).")
    int shortEpochs;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "E", description = "Epochs of the full training of the best (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    ImageLimitOptions images;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of the sampling and the trainings (default: the project's).")
    Long seed;

    @Mixin
    LatencyTableOptions table;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/random-<project>-<time> beside the project).")
    Path out;

    @Mixin
    TrainingProgressOptions progress = new TrainingProgressOptions(10_000);

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) {
        Path dataBase = projectFolder();
        RandomSearch.Options options;
        TrainConfig shortCfg, fullCfg;
        LatencyEstimator estimator;
        try {
            long s = seed != null ? seed : p.search().seed();
            options = new RandomSearch.Options(target != null ? target : p.search().targetLatencyMs(), tolerance, samples, maxDraws, s);
            TrainConfig base = images.applyTo(TrainConfig.from(p.search(), epochs).withSeed(s));
            if (shortEpochs < 1) throw new IllegalArgumentException("--short-epochs must be at least 1, was " + shortEpochs);
            shortCfg = base.withEpochs(shortEpochs).withWarmupEpochs(Math.min(1.0, 0.2 * shortEpochs));
            fullCfg = base;
            if (!fullCfg.problems().isEmpty()) throw new IllegalArgumentException(String.join("; ", fullCfg.problems()));
            estimator = new LatencyEstimator(table.table(p, project, System.err, false));
        } catch (IOException | IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        Path dir = out != null ? out : Workspace.of(project).newRandomSearch(p, java.time.LocalDateTime.now());
        o.println(String.format(Locale.ROOT, "random search on '%s': %d samples within %.4f ms +- %.1f %%, %d-epoch short trainings, "
                        + "%d-epoch full training, %s training images, -> %s", p.supernet().name(), samples, options.targetMs(),
                100 * tolerance, shortEpochs, epochs, fullCfg.limitImages() == 0 ? "all" : String.valueOf(fullCfg.limitImages()), dir));
        o.flush();
        RandomSearch.Result r;
        try {
            r = RandomSearch.run(p.supernet(), estimator::latencyMs, options, shortCfg, fullCfg, dataBase, dir, lines(o),
                    progress.printer(o));
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return fail(err, 1, "random search failed: " + e.getMessage());
        }
        double simulated = new MidapSimulator(p.npu()).latencyMs(r.best().architecture());
        o.println(String.format(Locale.ROOT, "random search: best of %d candidates = candidate %d, estimated %.4f ms, simulated %.4f ms; "
                        + "test accuracy %.4f (EMA; raw %.4f) on %d test images after %d epochs on %d training images",
                r.candidates().size(), r.best().index(), r.best().latencyMs(), simulated, r.full().testAccuracy(), r.full().testAccuracyRaw(),
                r.full().testImages(), r.full().epochs(), r.full().trainImages()));
        o.println("written: " + dir.resolve(RandomSearch.RESULT_FILE));
        o.flush();
        return 0;
    }
}
