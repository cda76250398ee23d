package org.s3nas.workbench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.engine.data.Datasets;
import org.s3nas.workbench.engine.data.ImageSet;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * A search as a background task (pure Java): start, pause, resume, cancel; a checkpoint every
 * {@code checkpointEverySteps} steps, at the end of each phase, on cancel and at the end (written atomically);
 * {@link #resume} continues a run folder from its last checkpoint after a crash or kill -9.
 *
 * <p>Run folder: {@code search-config.json} (the configuration, so a resume uses the same one), {@code checkpoint.bin},
 * {@code history.json} and {@code history.csv} (every step), and at the end {@code architecture.json} and
 * {@code result.json}. Listeners are called on the run's thread with plain-value events at most every
 * {@code eventIntervalMs} (and at every epoch end).
 */
public final class SearchRun extends BackgroundRun<SearchEvent, SearchResult, SearchListener> {
    public static final String CONFIG_FILE = "search-config.json", ARCHITECTURE_FILE = "architecture.json",
            RESULT_FILE = "result.json", PHASE1_CHECKPOINT_FILE = "phase1.bin";

    private final Supernet supernet;
    private final SearchConfig config;
    private final Path dataBaseDir;
    private final LatencyModel latency;
    private Path phase1From;
    private volatile String[] thresholdNames = new String[0];
    private SearchEngine engine;

    /**
     * @param dataBaseDir folder that relative dataset paths resolve against (the project file's folder)
     * @param latency     the differentiable latency (Eq. 7/8); null runs CE only and reports no latency
     */
    public SearchRun(Supernet supernet, SearchConfig config, Path dataBaseDir, Path runDir, LatencyModel latency) {
        this(supernet, config, dataBaseDir, runDir, latency, false);
    }

    private SearchRun(Supernet supernet, SearchConfig config, Path dataBaseDir, Path runDir, LatencyModel latency, boolean resuming) {
        super(runDir, resuming, "s3nas-search-");
        this.supernet = supernet;
        this.config = config;
        this.dataBaseDir = dataBaseDir;
        this.latency = latency;
    }

    /** A run that continues {@code runDir} from its last checkpoint with the configuration stored there. */
    public static SearchRun resume(Supernet supernet, Path dataBaseDir, Path runDir, LatencyModel latency) throws IOException {
        Path cfgFile = runDir.resolve(CONFIG_FILE);
        if (!Files.exists(cfgFile)) throw new IOException(cfgFile + ": not found (is " + runDir + " a search run folder?)");
        if (Files.exists(runDir.resolve(RESULT_FILE))) {
            throw new IOException(runDir + ": the run has finished (" + RESULT_FILE + " is written): there is nothing to resume, "
                    + "and nothing was changed; start a new run to search again");
        }
        SearchConfig cfg;
        try {
            cfg = mapper().readValue(cfgFile.toFile(), SearchConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(cfgFile + ": the run's stored configuration cannot be read ("
                    + org.s3nas.workbench.model.Problem.oneLine(e.getOriginalMessage()).replaceAll("`[^`]*`", "a value")
                    + "): start a new run");
        }
        if (cfg == null) throw new IOException(cfgFile + ": holds no configuration: start a new run");
        List<org.s3nas.workbench.model.Problem> problems = org.s3nas.workbench.model.Validator.validateSearch(cfg, "search")
                .stream().filter(org.s3nas.workbench.model.Problem::isError).toList();
        if (!problems.isEmpty()) {
            throw new IOException(cfgFile + ": the run's stored configuration is not valid: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "") + ": start a new run");
        }
        return new SearchRun(supernet, cfg, dataBaseDir, runDir, latency, true);
    }

    /**
     * Starts phase 2 from the trained supernet that another run left at the end of its phase 1 (its {@code phase1.bin}),
     * instead of training phase 1 again: the expensive phase is shared by searches that differ only in phase-2
     * settings, e.g. the target latency (paper 4.2.2 compares targets on one supernet). The phase-1 settings
     * (dataset, images, resolution, batch, phase-1 epochs, seed) must be those of that run; the run checks that the
     * checkpoint ends exactly at phase 1's last step and fails with a message naming the file otherwise.
     */
    public SearchRun startingFromPhase1Of(Path otherRunDir) {
        if (resuming) throw new IllegalStateException("a resumed run continues its own checkpoint");
        this.phase1From = otherRunDir.resolve(PHASE1_CHECKPOINT_FILE);
        return this;
    }

    public SearchConfig config() { return config; }

    /** Threshold names (known once the run has built its supernet). */
    public String[] thresholdNames() { return thresholdNames.clone(); }

    /** Test hook: stop abruptly (no checkpoint, as a kill would) once this step is reached. */
    void simulateCrashAfterStep(long step) { crashAfterStep(step); }

    @Override
    protected SearchResult execute() throws Exception {
        Files.createDirectories(runDir);
        if (!resuming) writeAtomically(runDir.resolve(CONFIG_FILE), mapper().writeValueAsString(config));
        ImageSet all = Datasets.loadTraining(config.dataset(), dataBaseDir);
        Datasets.Split split = Datasets.split(all, config.dataset().validationFraction(), config.limitImages(),
                config.trainingResolution(), config.seed());
        engine = closedAtEnd(new SearchEngine(supernet, config, split, latency));
        thresholdNames = engine.thresholdNames();
        Path ckpt = runDir.resolve(CHECKPOINT_FILE);
        if (resuming && Files.exists(ckpt)) engine.readCheckpoint(ckpt);
        else if (phase1From != null) {
            if (!Files.exists(phase1From)) {
                throw new IOException(phase1From + ": not found (the run has not finished its phase 1, or is not a search run folder)");
            }
            engine.readCheckpoint(phase1From);
            long expected = engine.phase1Steps();
            if (engine.step() != expected || !engine.atEpochStart()) {
                throw new IOException(phase1From + ": ends at step " + engine.step() + ", but phase 1 of this configuration ends at step "
                        + expected + " (the phase-1 settings differ: dataset, images, resolution, batch, phase-1 epochs)");
            }
            checkpoint(engine);
        }
        // the end of phase 1 is written like every checkpoint (temporary file, then a rename): a kill never leaves half a
        // phase 1 to start from
        SearchEngine e = engine;
        if (!runSteps(e, config.checkpointEverySteps(), config.batchSize(), () -> checkpoint(e), () -> {
            if (e.atPhase1End()) e.writeCheckpoint(runDir.resolve(PHASE1_CHECKPOINT_FILE));
        }, e::event)) return null;
        // the final repair needs a phase 2 to repair (a phase-1-only run leaves its thresholds as they are)
        RepairRecord repair = config.phase2Epochs() > 0 ? engine.repairIntoBand() : null;
        SearchResult r = engine.result(supernet.name(), runDir, repair);
        writeResult(r, engine);
        String repaired = repair == null ? "" : String.format(Locale.ROOT, "; repaired from %.4f ms (%d superkernel%s changed)",
                repair.beforeMs(), repair.changes().size(), repair.changes().size() == 1 ? "" : "s");
        if (r.targetMet()) {
            setStatus(RunStatus.SUCCEEDED, String.format(Locale.ROOT, "done: validation accuracy %.4f, latency %s%s",
                    r.validationAccuracy(), r.latencySummary(), repaired));
        } else {
            setStatus(RunStatus.TARGET_MISSED, String.format(Locale.ROOT, "latency %s; validation accuracy %.4f%s",
                    r.latencySummary(), r.validationAccuracy(), repaired));
        }
        return r;
    }

    private void checkpoint(SearchEngine engine) throws IOException {
        engine.writeCheckpoint(runDir.resolve(CHECKPOINT_FILE));
        writeHistory(engine);
    }

    private void writeResult(SearchResult r, SearchEngine engine) throws IOException {
        checkpoint(engine);
        ObjectMapper m = mapper();
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("format", 1);
        arch.put("architecture", r.architecture());
        writeAtomically(runDir.resolve(ARCHITECTURE_FILE), m.writeValueAsString(arch));
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("format", 1);
        res.put("architecture", r.architecture());
        res.put("validationAccuracy", r.validationAccuracy());
        res.put("status", r.targetMet() ? RunStatus.SUCCEEDED : RunStatus.TARGET_MISSED);
        res.put("estimatedLatencyMs", r.estimatedLatencyMs());
        res.put("simulatedLatencyMs", Double.isFinite(r.simulatedLatencyMs()) ? r.simulatedLatencyMs() : null);
        res.put("targetLatencyMs", r.targetMs());
        res.put("targetLowerMs", r.lowerMs());
        res.put("targetMet", r.targetMet());
        res.put("latencyOfTarget", r.latencyMs() / r.targetMs());
        res.put("steps", r.steps());
        Map<String, Double> th = new LinkedHashMap<>();
        for (int i = 0; i < r.thresholds().length; i++) th.put(r.thresholdNames()[i], r.thresholds()[i]);
        res.put("thresholds", th);
        res.put("repair", r.repair());
        writeAtomically(runDir.resolve(RESULT_FILE), m.writeValueAsString(res));
    }

    private void writeHistory(SearchEngine engine) throws IOException {
        List<HistoryRow> rows = engine.history();
        String[] names = engine.thresholdNames();
        StringBuilder sb = new StringBuilder("step,epoch,phase,loss,cross_entropy,latency_term,latency_ms,train_accuracy,validation_accuracy,"
                + "learning_rate,simulated_latency_ms,controller_gain,crossings,held_back,elapsed_seconds");
        for (String n : names) sb.append(',').append(n);
        sb.append('\n');
        for (HistoryRow h : rows) {
            sb.append(h.step()).append(',').append(h.epoch()).append(',').append(h.phase());
            for (double v : new double[]{h.loss(), h.crossEntropy(), h.latencyTerm(), h.latencyMs(), h.trainAccuracy(),
                    h.validationAccuracy(), h.learningRate(), h.control().simulatedLatencyMs(), h.control().gain()}) {
                sb.append(',').append(csvNumber(v));
            }
            sb.append(',').append(h.control().crossings()).append(',').append(h.control().heldBack());
            sb.append(',').append(csvNumber(h.elapsedSeconds()));
            for (double v : h.thresholds()) sb.append(',').append(fmt(v));
            sb.append('\n');
        }
        writeHistory(Map.of("thresholdNames", names), rows, sb.toString());
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.6g", v); }
}
