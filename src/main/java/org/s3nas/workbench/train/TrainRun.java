package org.s3nas.workbench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.RunStatus;

/**
 * A final training as a background task (pure Java), in the manner of the search's run: start, pause, resume,
 * cancel; a checkpoint every {@code checkpointEverySteps} steps, at each epoch end, on cancel and at the end;
 * {@link #resume} continues a run folder after a crash or kill -9 and ends as an uninterrupted run would.
 *
 * <p>Run folder (by convention {@code <project folder>/runs/train-<architecture>/}, where the project's Workspace puts it):
 * {@code train-config.json} (the configuration), {@code architecture.json} (the network trained), {@code checkpoint.bin}
 * (the training state), {@code history.json} / {@code history.csv} (every step), and at the end {@code model.bin} (the
 * EMA weights with their BN statistics and the input normalisation: what {@link TrainedNetwork} loads) and
 * {@code result.json} (test accuracy and the image counts behind it).
 */
public final class TrainRun extends BackgroundRun<TrainEvent, TrainResult, TrainListener> {
    public static final String CONFIG_FILE = "train-config.json", ARCHITECTURE_FILE = "architecture.json",
            MODEL_FILE = "model.bin", RESULT_FILE = "result.json";

    private final Architecture arch;
    private final TrainConfig config;
    private final Path dataBaseDir;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private FinalTrainer trainer;

    /** @param dataBaseDir folder that relative dataset paths resolve against (the project file's folder) */
    public TrainRun(Architecture architecture, TrainConfig config, Path dataBaseDir, Path runDir) {
        this(architecture, config, dataBaseDir, runDir, false);
    }

    private TrainRun(Architecture architecture, TrainConfig config, Path dataBaseDir, Path runDir, boolean resuming) {
        super(runDir, resuming, "s3nas-train-");
        List<String> problems = config.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("training configuration: " + String.join("; ", problems));
        this.arch = architecture;
        this.config = config;
        this.dataBaseDir = dataBaseDir;
    }

    /** A run that continues {@code runDir} from its last checkpoint with the configuration and architecture stored there. */
    public static TrainRun resume(Path dataBaseDir, Path runDir) throws IOException {
        return new TrainRun(readArchitecture(runDir), readConfig(runDir), dataBaseDir, runDir, true);
    }

    public static Architecture readArchitecture(Path runDir) throws IOException {
        Path f = runDir.resolve(ARCHITECTURE_FILE);
        if (!Files.exists(f)) throw new IOException(f + ": not found (is " + runDir + " a training run folder?)");
        JsonNode root = mapper().readTree(f.toFile());
        JsonNode a = root.get("architecture");
        if (a == null) throw new IOException(f + ": no \"architecture\" field");
        return mapper().treeToValue(a, Architecture.class);
    }

    public static TrainConfig readConfig(Path runDir) throws IOException {
        Path f = runDir.resolve(CONFIG_FILE);
        if (!Files.exists(f)) throw new IOException(f + ": not found (is " + runDir + " a training run folder?)");
        return mapper().readValue(f.toFile(), TrainConfig.class);
    }

    /**
     * The result of a training already finished in {@code runDir} with exactly this architecture and configuration
     * (read from its result.json), or empty: lets a long batch of trainings (random search, the report) skip what an
     * interrupted attempt already did.
     */
    public static java.util.Optional<TrainResult> finished(Architecture architecture, TrainConfig config, Path runDir) {
        if (!sameRun(architecture, config, runDir) || !Files.exists(runDir.resolve(RESULT_FILE)) || !Files.exists(runDir.resolve(MODEL_FILE))) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode r = mapper().readTree(runDir.resolve(RESULT_FILE).toFile());
            return java.util.Optional.of(new TrainResult(architecture, r.get("testAccuracy").asDouble(), r.get("testAccuracyRaw").asDouble(),
                    r.get("validationAccuracy").asDouble(), r.get("trainImages").asInt(), r.get("validationImages").asInt(),
                    r.get("testImages").asInt(), r.get("epochs").asInt(), r.get("steps").asLong(), r.get("parameters").asLong(),
                    r.get("seconds").asDouble(), runDir));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A run of this architecture and configuration in {@code runDir}: resumed from its checkpoint when the folder holds
     * an unfinished run of exactly them, otherwise a fresh one.
     */
    public static TrainRun freshOrResumed(Architecture architecture, TrainConfig config, Path dataBaseDir, Path runDir) {
        boolean resumable = sameRun(architecture, config, runDir) && Files.exists(runDir.resolve(CHECKPOINT_FILE))
                && !Files.exists(runDir.resolve(RESULT_FILE));
        return new TrainRun(architecture, config, dataBaseDir, runDir, resumable);
    }

    private static boolean sameRun(Architecture architecture, TrainConfig config, Path runDir) {
        try {
            return Files.exists(runDir.resolve(CONFIG_FILE)) && readConfig(runDir).equals(config)
                    && readArchitecture(runDir).equals(architecture);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An extra field recorded in result.json (e.g. the simulated latency, where the architecture came from). */
    public void putResultField(String name, Object value) { extra.put(name, value); }

    public Architecture architecture() { return arch; }

    public TrainConfig config() { return config; }

    /** Test hook: stop abruptly (no checkpoint, as a kill would) once this step is reached. */
    void simulateCrashAfterStep(long step) { crashAfterStep(step); }

    @Override
    protected TrainResult execute() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(runDir);
        if (!resuming) {
            writeAtomically(runDir.resolve(CONFIG_FILE), mapper().writeValueAsString(config));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("format", 1);
            a.put("architecture", arch);
            writeAtomically(runDir.resolve(ARCHITECTURE_FILE), mapper().writeValueAsString(a));
            Files.deleteIfExists(runDir.resolve(RESULT_FILE));
            Files.deleteIfExists(runDir.resolve(MODEL_FILE));
            Files.deleteIfExists(runDir.resolve(CHECKPOINT_FILE));
        }
        TrainData data = TrainData.load(config.dataset(), dataBaseDir, arch.input().height(), config.limitImages(),
                config.testImages(), config.seed());
        trainer = closedAtEnd(new FinalTrainer(arch, config, data));
        Path ckpt = runDir.resolve(CHECKPOINT_FILE);
        if (resuming && Files.exists(ckpt)) trainer.readCheckpoint(ckpt);
        FinalTrainer t = trainer;
        if (!runSteps(t, config.checkpointEverySteps(), config.batchSize(), () -> checkpoint(t), () -> {}, (s, ips) ->
                new TrainEvent(t.step(), t.totalSteps(), t.atEpochStart() ? t.epoch() - 1 : t.epoch(), config.epochs(), s.loss(),
                        s.trainAccuracy(), t.atEpochStart() ? t.lastValidation() : Double.NaN, s.learningRate(), ips, t.progress(),
                        t.elapsedSeconds()))) return null;
        setStatus(RunStatus.RUNNING, "testing on " + data.test().count() + " test images");
        double test = trainer.evaluate(data.test(), 0, true);
        double raw = trainer.evaluate(data.test(), 0, false);
        TrainResult r = new TrainResult(arch, test, raw, trainer.lastValidation(), data.train().count(),
                config.validationImages() > 0 ? Math.min(config.validationImages(), data.validation().count()) : data.validation().count(),
                data.test().count(), config.epochs(), trainer.step(), trainer.network().parameterCount(),
                (System.nanoTime() - started) / 1e9, runDir);
        checkpoint(trainer);
        trainer.writeModel(runDir.resolve(MODEL_FILE));
        writeResult(r);
        setStatus(RunStatus.SUCCEEDED, String.format(Locale.ROOT, "done: test accuracy %.4f (EMA) / %.4f (raw) on %d images",
                test, raw, data.test().count()));
        return r;
    }

    private void checkpoint(FinalTrainer trainer) throws IOException {
        trainer.writeCheckpoint(runDir.resolve(CHECKPOINT_FILE));
        writeHistory(trainer.history());
    }

    private void writeResult(TrainResult r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("architecture", r.architecture().name());
        m.put("testAccuracy", r.testAccuracy());
        m.put("testAccuracyRaw", r.testAccuracyRaw());
        m.put("validationAccuracy", r.validationAccuracy());
        m.put("trainImages", r.trainImages());
        m.put("validationImages", r.validationImages());
        m.put("testImages", r.testImages());
        m.put("epochs", r.epochs());
        m.put("steps", r.steps());
        m.put("batchSize", config.batchSize());
        m.put("parameters", r.parameters());
        m.put("seconds", r.seconds());
        m.putAll(extra);
        writeAtomically(runDir.resolve(RESULT_FILE), mapper().writeValueAsString(m));
    }

    private void writeHistory(List<TrainHistoryRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder("step,epoch,loss,train_accuracy,validation_accuracy,learning_rate,elapsed_seconds\n");
        for (TrainHistoryRow h : rows) {
            sb.append(h.step()).append(',').append(h.epoch());
            for (double v : new double[]{h.loss(), h.trainAccuracy(), h.validationAccuracy(), h.learningRate(), h.elapsedSeconds()}) {
                sb.append(',').append(csvNumber(v));
            }
            sb.append('\n');
        }
        writeHistory(Map.of(), rows, sb.toString());
    }
}
