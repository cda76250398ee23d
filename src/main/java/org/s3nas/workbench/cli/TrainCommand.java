package org.s3nas.workbench.cli;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import com.fasterxml.jackson.databind.JsonNode;
import org.s3nas.workbench.io.Json;
import org.s3nas.workbench.io.ProjectFileException;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainResult;
import org.s3nas.workbench.train.TrainRun;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train <project> --architecture NAME}: final training of one architecture from scratch on the project's
 * dataset, evaluated on its test split with the EMA weights. The run folder defaults to
 * {@code <project folder>/runs/train-<architecture>/}, where {@code se-rank} finds the trained weights.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an architecture from scratch (warm-up then exponential decay, RMSProp, EMA of the weights, label smoothing, "
                + "dropout before the FC, optional stochastic depth) and report its test accuracy and simulated latency.",
                "The run folder (default <project folder>/runs/train-<architecture>) holds the configuration, checkpoints, history, "
                        + "the trained model (model.bin) and result.json; se-rank reads the model from there."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained; the test accuracy is in DIR/result.json", "1:the training failed or was cancelled",
                "2:bad project, architecture or options"})
final class TrainCommand extends ProjectCommand {
    static final class Source {
        @Option(names = "--architecture", paramLabel = "NAME", description = "A saved architecture of the project, or 'largest' / 'smallest' of its supernet.")
        String name;

        @Option(names = "--architecture-file", paramLabel = "FILE",
                description = "An architecture.json written by a search or training run ({\"architecture\": {...}}).")
        Path file;

        @Option(names = "--resume", paramLabel = "DIR", description = "Continue the training in DIR from its last checkpoint (its stored configuration and architecture).")
        Path resume;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    TrainRecipeOptions recipe;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the trained architecture (default: its own name).")
    String rename;

    @Option(names = "--save", paramLabel = "NAME",
            description = "Name the architecture NAME (run folder runs/train-NAME) and, once trained, save it in the project with its test "
                    + "accuracy, so that 'se-rank --architecture NAME' and 'scale --architecture NAME' find it.")
    String saveAs;

    @Mixin
    SeOptions se;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: <project folder>/runs/train-<architecture>).")
    Path out;

    @Mixin
    ProgressOptions progress;

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) {
        Path dataBase = projectFolder();
        TrainRun run;
        try {
            if (source.resume != null) {
                run = TrainRun.resume(dataBase, source.resume);
            } else {
                Architecture a = source.name != null ? ArchitectureOptions.resolve(p, source.name) : readArchitecture(source.file);
                a = se.applyTo(a);
                if (rename != null) a = a.withName(rename);
                if (saveAs != null) {
                    if (saveAs.isBlank()) throw new IllegalArgumentException("--save: the name must not be empty");
                    a = a.withName(saveAs);
                }
                TrainConfig c = recipe.config(p);
                Path dir = out != null ? out : Workspace.of(project).trainingDirectory(a.name());
                run = new TrainRun(a, c, dataBase, dir);
            }
        } catch (IOException | IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        Architecture a = run.architecture();
        double simulated;
        try {
            simulated = new MidapSimulator(p.npu()).latencyMs(a);
        } catch (RuntimeException e) {
            return fail(err, 2, "architecture '" + a.name() + "' cannot be simulated on the project's NPU: " + e.getMessage());
        }
        run.putResultField("simulatedLatencyMs", simulated);
        run.putResultField("project", project.toString());
        TrainConfig c = run.config();
        o.println(String.format(Locale.ROOT, "train '%s' (%d blocks, simulated %.4f ms) -> %s%s", a.name(), a.blocks().size(), simulated,
                run.directory(), source.resume != null ? " (resumed)" : ""));
        o.println(String.format(Locale.ROOT, "  %d epochs, batch %d, lr %.4g (warm-up %.2f epochs, x%.3g every %.3g epochs), EMA %.4g, "
                        + "dropout %.2f, stochastic depth %.2f, label smoothing %.2f, images: %s training (before the %.0f %% validation split), %s test",
                c.epochs(), c.batchSize(), c.learningRate(), c.warmupEpochs(), c.lrDecay(), c.lrDecayEpochs(), c.emaDecay(), c.dropout(),
                c.stochasticDepth(), c.labelSmoothing(), c.limitImages() == 0 ? "all" : String.valueOf(c.limitImages()),
                100 * c.dataset().validationFraction(), c.testImages() == 0 ? "all" : String.valueOf(c.testImages())));
        o.flush();
        progress.applyTo(run);
        run.addListener(trainPrinter(o));
        TrainResult r;
        try {
            r = run.runHere();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return fail(err, 1, "training failed: " + cause.getMessage());
        }
        o.println(String.format(Locale.ROOT, "test accuracy %.4f (EMA weights; raw %.4f) on %d test images, validation %.4f; "
                        + "%d training images x %d epochs; simulated latency %.4f ms; %,d parameters; %.0f s",
                r.testAccuracy(), r.testAccuracyRaw(), r.testImages(), r.validationAccuracy(), r.trainImages(), r.epochs(), simulated,
                r.parameters(), r.seconds()));
        o.println("written: " + run.directory().resolve(TrainRun.RESULT_FILE) + ", " + run.directory().resolve(TrainRun.MODEL_FILE));
        o.flush();
        if (saveAs != null) {
            try {
                Project now = ProjectFiles.load(project); // as it is now: other tools may have changed it meanwhile
                ProjectFiles.save(now.withArchitecture(new SavedArchitecture(saveAs, "trained in " + run.directory(), a, r.testAccuracy())), project);
            } catch (ProjectFileException e) {
                err.println("the training finished but the project could not be saved: " + e.getMessage());
                for (Problem problem : e.problems()) err.println(problem.path() + ": " + problem.message());
                err.flush();
                return 1;
            } catch (IOException e) {
                return fail(err, 1, "the training finished but the project could not be saved: " + e.getMessage());
            }
            o.println("saved '" + saveAs + "' (test accuracy " + String.format(Locale.ROOT, "%.4f", r.testAccuracy()) + ") in " + project);
            o.flush();
        }
        return 0;
    }

    /** An architecture.json of a search or training run: {"architecture": {...}}, or a bare architecture object. */
    static Architecture readArchitecture(Path file) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + ": not found");
        JsonNode root = Json.mapper().readTree(file.toFile());
        JsonNode a = root.has("architecture") ? root.get("architecture") : root;
        try {
            return Json.mapper().treeToValue(a, Architecture.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not an architecture file: " + e.getOriginalMessage(), e);
        }
    }
}
