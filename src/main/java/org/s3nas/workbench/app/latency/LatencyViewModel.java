package org.s3nas.workbench.app.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.BackgroundTask;
import org.s3nas.workbench.app.ArchitectureRows;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.PropertyRow;
import org.s3nas.workbench.app.PropertyRows;
import org.s3nas.workbench.app.PropertyRows.Meta;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.LatencyValidation;
import org.s3nas.workbench.npu.Lowering;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Profiler;
import org.s3nas.workbench.npu.SimulationResult;

/**
 * The Latency view's model. It keeps the project's latency table (reused when it {@link LatencyTable#isFor} the
 * supernet and NPU, read from the {@code <project>.latency.json} sidecar, or profiled in the background and written
 * there) and, once the table is there, runs the view's analyses one after another off the FX thread:
 * <ol>
 *   <li>the largest and smallest architectures simulated whole: the per-stage breakdown (paper Fig. 5) and the ends
 *       of the space's latency range, whose distribution comes from the estimator on many random architectures;</li>
 *   <li>the estimator against the simulator on N random architectures (paper Fig. 9);</li>
 *   <li>the compare-models table (paper Table 6) and its accuracy–latency Pareto front.</li>
 * </ol>
 * Each analysis can be run again on its own; the status bar's Cancel stops the chain. Call everything on the FX
 * thread; results arrive there through the {@link org.s3nas.workbench.app.TaskExecutor}.
 */
public final class LatencyViewModel {
    public static final int DEFAULT_VALIDATION_SAMPLES = 100;
    public static final int MAX_VALIDATION_SAMPLES = 5000;
    /** Tables kept in memory by fingerprint, so that undo/redo of a supernet edit does not profile again. */
    private static final int TABLE_CACHE = 4;

    /** One saved architecture of the project. */
    public record ArchitectureRow(String name, String source, String input, long blocks, String accuracy) {}

    private static final String COMPUTE = "Compute", FMEM = "Feature memory", WMEM = "Weight and other buffers",
            DRAM = "DRAM", PIPELINE = "Pipeline", DERIVED = "Derived";

    /** Display names, categories and meanings of NpuConfig's fields, as the Latency view's NPU sheet shows them. */
    static final Map<String, Meta> META = Map.ofEntries(
            Map.entry("clockGHz", new Meta(COMPUTE, "Clock", "Cycles / (GHz · 10^6) = ms", v -> Formats.number((Double) v) + " GHz")),
            Map.entry("bytesPerValue", new Meta(COMPUTE, "Data width", "Bytes per value", v -> v + " B")),
            Map.entry("cims", new Meta(COMPUTE, "Compute units (CIMs)", "A conv computes this many output channels in parallel")),
            Map.entry("lanes", new Meta(COMPUTE, "Lanes per unit", "MAC lanes; one FMEM row is this many channels wide")),
            Map.entry("fmemBanks", new Meta(FMEM, "Banks", "Feature-memory banks; fragments of a feature map, one per bank")),
            Map.entry("fmemBankBytes", new Meta(FMEM, "Bank size", "Bytes per FMEM bank", v -> Formats.bytes((Integer) v))),
            Map.entry("bankPolicy", new Meta(FMEM, "Bank policy", "How a layer's banks are split between input and output")),
            Map.entry("reverseWrite", new Meta(FMEM, "Reverse write", "Outputs may be written in reverse column order to reuse freed banks")),
            Map.entry("wmemBankBytes", new Meta(WMEM, "WMEM per CIM", "Weight memory of one CIM, per buffer", v -> Formats.bytes((Integer) v))),
            Map.entry("wmemDoubleBuffered", new Meta(WMEM, "WMEM double-buffered", "Weights of the next group load while one computes")),
            Map.entry("ewmemBytes", new Meta(WMEM, "Extended weight buffer", "Depthwise and element-wise operands", v -> Formats.bytes((Integer) v))),
            Map.entry("biasEntries", new Meta(WMEM, "Bias entries", "Bias memory (double-buffered)")),
            Map.entry("reductionEntries", new Meta(WMEM, "Reduction entries", "Reduction buffer for fused global pooling")),
            Map.entry("dramBytesPerCycle", new Meta(DRAM, "Bandwidth", "DRAM transfer rate", v -> v + " B/cycle")),
            Map.entry("dramLatencyBase", new Meta(DRAM, "Read latency: base", "L(size) = base + per page · floor(size/page) + per burst · ceil(size/burst)", v -> Formats.number((Double) v) + " cycles")),
            Map.entry("dramLatencyPerPage", new Meta(DRAM, "Read latency: per page", "Added per full page of the read", v -> Formats.number((Double) v) + " cycles")),
            Map.entry("dramPageBytes", new Meta(DRAM, "Page size", "Page of the latency formula", v -> Formats.bytes((Integer) v))),
            Map.entry("dramLatencyPerBurst", new Meta(DRAM, "Read latency: per burst", "Added per started burst of the read", v -> Formats.number((Double) v) + " cycles")),
            Map.entry("dramBurstBytes", new Meta(DRAM, "Burst size", "Burst of the latency formula", v -> Formats.bytes((Integer) v))),
            Map.entry("timeDramWrites", new Meta(DRAM, "Time writes", "Whether DRAM writes take time")),
            Map.entry("pipelineFillCycles", new Meta(PIPELINE, "Fill per layer", "Cycles added to every layer", v -> v + " cycles")));

    /** Which architecture the per-stage breakdown shows. */
    public enum Extreme { LARGEST, SMALLEST }

    /** One point of the Fig. 9 scatter. */
    public record ScatterPoint(int index, double simulatedMs, double estimatedMs, double errorPercent) {}

    /**
     * The estimator's validation as shown: the statistics of {@link LatencyValidation}, the points, and the histogram
     * of relative errors (%).
     */
    public record Validation(LatencyValidation result, List<ScatterPoint> points, Histogram errors, int samples, long seed,
                             double seconds) {
        public Validation {
            points = List.copyOf(points);
        }
    }

    /** What the extremes task yields. */
    private record Extremes(StageBreakdown largest, StageBreakdown smallest, SpaceDistribution space) {}

    /** The table as loaded: where it came from and what it cost. */
    public record TableInfo(LatencyTable table, boolean profiled, double seconds, int simulations, Path sidecar,
                            String note) {}

    /** A block position for the heatmap's chooser. */
    public record PositionItem(BlockPosition position) {
        @Override
        public String toString() {
            BlockPosition p = position;
            return String.format(Locale.ROOT, "Block %d · stage %d #%d · %d×%d · %d→%d · s%d%s", p.index() + 1,
                    p.stage() + 1, p.indexInStage() + 1, p.inputHeight(), p.inputWidth(), p.inChannels(),
                    p.outChannels(), p.stride(), p.residual() ? " · residual" : "");
        }
    }

    /** One long-running analysis: its status line, whether it runs, and the task behind it. */
    public final class Job {
        private final String title;
        private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Waiting");
        private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
        private TaskHandle handle;
        private long token;

        Job(String title) { this.title = title; }

        public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

        public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

        public String title() { return title; }

        /** Starts {@code work}; a result of an earlier start that arrives late is dropped. */
        <T> void start(String message, BackgroundTask<T> work, Consumer<T> onSuccess, Runnable next) {
            cancel();
            long my = ++token;
            running.set(true);
            status.set(message);
            handle = model.executor().submit(title, work, value -> {
                if (my != token) return;
                running.set(false);
                onSuccess.accept(value);
                if (next != null) next.run();
            }, error -> {
                if (my != token) return;
                running.set(false);
                if (error instanceof CancellationException) {
                    status.set("Cancelled");
                } else {
                    status.set("Failed: " + message(error));
                    if (next != null) next.run();   // the other analyses do not depend on this one
                }
            });
        }

        /** Stops the running task, if any; its late result is ignored. */
        void cancel() {
            token++;
            if (handle != null && !handle.isDone()) handle.cancel();
            handle = null;
            running.set(false);
        }

        void set(String text) { status.set(text); }
    }

    private final WorkbenchModel model;
    private final Job tableJob = new Job("Latency table");
    private final Job extremesJob = new Job("Largest and smallest architectures");
    private final Job validationJob = new Job("Estimator vs simulator");
    private final Job comparisonJob = new Job("Compare models");

    private final ReadOnlyObjectWrapper<TableInfo> table = new ReadOnlyObjectWrapper<>(this, "table");
    private final ReadOnlyObjectWrapper<Validation> validation = new ReadOnlyObjectWrapper<>(this, "validation");
    private final ReadOnlyObjectWrapper<StageBreakdown> largest = new ReadOnlyObjectWrapper<>(this, "largest");
    private final ReadOnlyObjectWrapper<StageBreakdown> smallest = new ReadOnlyObjectWrapper<>(this, "smallest");
    private final ObjectProperty<Extreme> breakdownChoice = new SimpleObjectProperty<>(this, "breakdownChoice", Extreme.LARGEST);
    private final ReadOnlyObjectWrapper<StageBreakdown> breakdown = new ReadOnlyObjectWrapper<>(this, "breakdown");
    private final ReadOnlyObjectWrapper<SpaceDistribution> space = new ReadOnlyObjectWrapper<>(this, "space");
    private final ObservableList<PositionItem> positions = FXCollections.observableArrayList();
    private final ObjectProperty<PositionItem> selectedPosition = new SimpleObjectProperty<>(this, "selectedPosition");
    private final ReadOnlyObjectWrapper<TableHeatmap> heatmap = new ReadOnlyObjectWrapper<>(this, "heatmap");
    private final ObservableList<ModelComparison.Row> models = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<List<ModelComparison.Row>> paretoFront = new ReadOnlyObjectWrapper<>(this, "paretoFront", List.of());
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<ArchitectureRow> architectures = FXCollections.observableArrayList();
    private final ObservableList<PropertyRow> npu = FXCollections.observableArrayList();
    // one read-only view per list, kept: an unmodifiable wrapper listens weakly, so a fresh one per call loses events
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<PositionItem> positionsView = FXCollections.unmodifiableObservableList(positions);
    private final ObservableList<ModelComparison.Row> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<ArchitectureRow> architecturesView = FXCollections.unmodifiableObservableList(architectures);
    private final ObservableList<PropertyRow> npuView = FXCollections.unmodifiableObservableList(npu);
    private final IntegerProperty validationSamples = new SimpleIntegerProperty(this, "validationSamples", DEFAULT_VALIDATION_SAMPLES);
    private final LongProperty validationSeed = new SimpleLongProperty(this, "validationSeed", 1);
    private final DoubleBinding targetMs;
    private final Map<String, TableInfo> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TableInfo> e) { return size() > TABLE_CACHE; }
    };
    private boolean started;

    public LatencyViewModel(WorkbenchModel model) {
        this.model = Objects.requireNonNull(model);
        targetMs = Bindings.createDoubleBinding(() -> model.getProject().search() == null ? Double.NaN
                : model.getProject().search().targetLatencyMs(), model.projectProperty());
        breakdown.bind(Bindings.createObjectBinding(() -> breakdownChoice.get() == Extreme.SMALLEST ? smallest.get() : largest.get(),
                breakdownChoice, largest, smallest));
        selectedPosition.addListener((o, old, p) -> showHeatmap());
        model.projectProperty().addListener((o, old, p) -> {
            loadProjectRows(p);
            if (started) projectChanged(old, p);
        });
        model.projectPathProperty().addListener((o, old, p) -> { if (started) writeSidecarIfMissing(); });
        targetMs.addListener((o, old, t) -> updateFacts());
        loadProjectRows(model.getProject());
        updateFacts();
    }

    /** Starts the work for the open project: called when the view is first shown. */
    public void start() {
        if (started) return;
        started = true;
        loadTable();
    }

    // ---- state for the view ------------------------------------------------------------------------------------

    public StringBinding projectName() { return model.projectNameBinding(); }

    public ReadOnlyObjectProperty<Theme> themeProperty() { return model.themeProperty(); }

    /** One line: the machine at a glance and how many architectures the project keeps. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** The project's saved architectures. */
    public ObservableList<ArchitectureRow> architectures() { return architecturesView; }

    /** The NPU configuration the latencies are measured on, plus figures derived from it. */
    public ObservableList<PropertyRow> npu() { return npuView; }

    /** The figure tiles at the top: the table, the estimator's error, the space's range against the target. */
    public ObservableList<Fact> facts() { return factsView; }

    public Job tableJob() { return tableJob; }

    public Job extremesJob() { return extremesJob; }

    public Job validationJob() { return validationJob; }

    public Job comparisonJob() { return comparisonJob; }

    public ReadOnlyObjectProperty<TableInfo> tableProperty() { return table.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Validation> validationProperty() { return validation.getReadOnlyProperty(); }

    /** Number of random architectures of the Fig. 9 validation (editable; takes effect on {@link #runValidation()}). */
    public IntegerProperty validationSamplesProperty() { return validationSamples; }

    public LongProperty validationSeedProperty() { return validationSeed; }

    public ReadOnlyObjectProperty<StageBreakdown> largestBreakdownProperty() { return largest.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<StageBreakdown> smallestBreakdownProperty() { return smallest.getReadOnlyProperty(); }

    public ObjectProperty<Extreme> breakdownChoiceProperty() { return breakdownChoice; }

    /** The breakdown of the architecture {@link #breakdownChoiceProperty()} selects. */
    public ReadOnlyObjectProperty<StageBreakdown> breakdownProperty() { return breakdown.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<SpaceDistribution> spaceProperty() { return space.getReadOnlyProperty(); }

    /** The project's target latency T (ms). */
    public DoubleBinding targetMsBinding() { return targetMs; }

    public ObservableList<PositionItem> positions() { return positionsView; }

    public ObjectProperty<PositionItem> selectedPositionProperty() { return selectedPosition; }

    public ReadOnlyObjectProperty<TableHeatmap> heatmapProperty() { return heatmap.getReadOnlyProperty(); }

    public ObservableList<ModelComparison.Row> models() { return modelsView; }

    public ReadOnlyObjectProperty<List<ModelComparison.Row>> paretoFrontProperty() { return paretoFront.getReadOnlyProperty(); }

    // ---- commands ----------------------------------------------------------------------------------------------

    /** Profiles the table again even when one is loaded (e.g. after the simulator changed). */
    public void reprofile() {
        Project p = model.getProject();
        if (supernetProblem(p) != null) return;
        cache.remove(LatencyTable.fingerprint(p.supernet(), p.npu()));
        table.set(null);
        profile(p, model.getProjectPath(), null, true);
    }

    /** Runs the Fig. 9 validation with the current N and seed. */
    public void runValidation() { runValidation(null); }

    public void runExtremes() { runExtremes(null); }

    public void runComparison() { runComparison(null); }

    // ---- the latency table -------------------------------------------------------------------------------------

    private void projectChanged(Project old, Project now) {
        boolean spaceChanged = old == null || !Objects.equals(old.supernet(), now.supernet()) || !Objects.equals(old.npu(), now.npu());
        if (spaceChanged) {
            TableInfo t = table.get();
            if (t != null && supernetProblem(now) == null && t.table().isFor(now.supernet(), now.npu())) {
                positionsFor(t.table());   // same shapes under another name: the table stays
                if (!Objects.equals(old == null ? null : old.npu(), now.npu())) runComparison(null);
            } else {
                loadTable();
            }
        } else if (!Objects.equals(old.architectures(), now.architectures())) {
            runComparison(null);
        }
        updateFacts();
    }

    private static String supernetProblem(Project p) {
        List<org.s3nas.workbench.model.Problem> problems = new ArrayList<>(Validator.validateSupernet(p.supernet(), "supernet"));
        problems.addAll(Validator.validateNpu(p.npu(), "npu"));
        return problems.stream().filter(org.s3nas.workbench.model.Problem::isError).findFirst().map(Object::toString).orElse(null);
    }

    private void loadTable() {
        for (Job j : List.of(tableJob, extremesJob, validationJob, comparisonJob)) j.cancel();
        table.set(null);
        validation.set(null);
        largest.set(null);
        smallest.set(null);
        space.set(null);
        heatmap.set(null);
        positions.clear();
        models.clear();
        paretoFront.set(List.of());
        Project p = model.getProject();
        String problem = supernetProblem(p);
        if (problem != null) {
            String msg = "The supernet or NPU configuration has errors (" + problem + ")";
            for (Job j : List.of(tableJob, extremesJob, validationJob)) j.set(msg);
            updateFacts();
            runComparison(null);   // the reference networks do not need the supernet
            return;
        }
        String fp = LatencyTable.fingerprint(p.supernet(), p.npu());
        TableInfo cached = cache.get(fp);
        if (cached != null) {
            tableJob.set("Reused the table in memory · " + describe(cached));
            tableReady(cached, true);
            return;
        }
        profile(p, model.getProjectPath(), fp, false);
    }

    private void profile(Project p, Path projectPath, String fingerprint, boolean force) {
        Supernet s = p.supernet();
        NpuConfig npu = p.npu();
        Path sidecar = projectPath == null ? null : LatencyTableFiles.sidecarOf(projectPath);
        tableJob.start(force ? "Profiling again…" : sidecar == null ? "Profiling…" : "Reading " + sidecar.getFileName() + "…",
                progress -> {
                    long t0 = System.nanoTime();
                    String note = null;
                    if (!force && sidecar != null && Files.exists(sidecar)) {
                        try {
                            Optional<LatencyTable> t = LatencyTableFiles.readIfFor(sidecar, s, npu);
                            if (t.isPresent()) return new TableInfo(t.get(), false, (System.nanoTime() - t0) / 1e9, 0, sidecar, null);
                            note = sidecar.getFileName() + " was profiled for another supernet or NPU: replaced";
                        } catch (IOException | RuntimeException e) {
                            note = sidecar.getFileName() + " could not be read (" + message(e) + "): replaced";
                        }
                    }
                    progress.update(-1, "profiling " + s.blockPositions().size() + " block positions");
                    Profiler profiler = new Profiler(npu);
                    LatencyTable t = profiler.profile(s, (done, total) -> progress.update(done, total,
                            "simulated " + done + " of " + total + " configurations"), progress::isCancelled);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (sidecar != null) {
                        try {
                            LatencyTableFiles.write(t, sidecar);
                        } catch (IOException | RuntimeException e) {
                            note = "not written to " + sidecar + ": " + message(e);
                        }
                    }
                    return new TableInfo(t, true, seconds, profiler.lastSimulations(), sidecar, note);
                },
                info -> {
                    cache.put(info.table().fingerprint(), info);
                    tableJob.set(describe(info) + (info.note() == null ? "" : " · " + info.note()));
                    model.status("Latency table: " + describe(info));
                    tableReady(info, true);
                }, null);
    }

    /** "profiled 459 configurations in 4.4 s (287 simulations) · written to x.latency.json", or "read from …". */
    static String describe(TableInfo i) {
        LatencyTable t = i.table();
        if (!i.profiled()) {
            return String.format(Locale.ROOT, "read %d configurations from %s in %.2f s", t.entryCount(),
                    i.sidecar().getFileName(), i.seconds());
        }
        return String.format(Locale.ROOT, "profiled %d configurations in %.1f s (%d simulations)%s", t.entryCount(), i.seconds(),
                i.simulations(), i.sidecar() == null ? " · not saved: the project has no file yet"
                        : i.note() == null ? " · written to " + i.sidecar().getFileName() : "");
    }

    private void tableReady(TableInfo info, boolean runAnalyses) {
        table.set(info);
        positionsFor(info.table());
        updateFacts();
        if (runAnalyses) runExtremes(() -> runValidation(() -> runComparison(null)));
    }

    private void positionsFor(LatencyTable t) {
        int keep = selectedPosition.get() == null ? 0 : selectedPosition.get().position().index();
        List<PositionItem> items = t.supernet().blockPositions().stream().map(PositionItem::new).toList();
        positions.setAll(items);
        selectedPosition.set(null);
        selectedPosition.set(items.isEmpty() ? null : items.get(Math.min(keep, items.size() - 1)));
    }

    private void showHeatmap() {
        TableInfo t = table.get();
        PositionItem p = selectedPosition.get();
        heatmap.set(t == null || p == null ? null : TableHeatmap.of(t.table(), p.position().index()));
    }

    /** After Save As gives the project a file: keep the profiled table beside it. */
    private void writeSidecarIfMissing() {
        TableInfo t = table.get();
        Path path = model.getProjectPath();
        if (t == null || path == null) return;
        Path sidecar = LatencyTableFiles.sidecarOf(path);
        LatencyTable lt = t.table();
        model.executor().submit("Writing " + sidecar.getFileName(), p -> {
            if (!Files.exists(sidecar)) LatencyTableFiles.write(lt, sidecar);
            return sidecar;
        }, f -> tableJob.set(describe(t) + " · kept beside the project in " + f.getFileName()),
                e -> tableJob.set("Could not write " + sidecar + ": " + message(e)));
    }

    // ---- analyses ----------------------------------------------------------------------------------------------

    private void runExtremes(Runnable next) {
        TableInfo info = table.get();
        if (info == null) return;
        LatencyTable t = info.table();
        NpuConfig npu = t.npu();
        Supernet s = t.supernet();
        extremesJob.start("Simulating the largest and smallest architectures…", progress -> {
            MidapSimulator sim = new MidapSimulator(npu);
            progress.update(0, 3, "simulating the largest architecture");
            SimulationResult big = sim.simulate(Lowering.lower(s.largest(), npu), false);
            if (progress.isCancelled()) throw new CancellationException();
            progress.update(1, 3, "simulating the smallest architecture");
            SimulationResult small = sim.simulate(Lowering.lower(s.smallest(), npu), false);
            progress.update(2, 3, "estimating " + SpaceDistribution.DEFAULT_SAMPLES + " random architectures");
            SpaceDistribution d = SpaceDistribution.sample(new LatencyEstimator(t), SpaceDistribution.DEFAULT_SAMPLES, 7,
                    small.latencyMs(), big.latencyMs(), progress::isCancelled);
            return new Extremes(StageBreakdown.of(big, npu), StageBreakdown.of(small, npu), d);
        }, r -> {
            largest.set(r.largest());
            smallest.set(r.smallest());
            space.set(r.space());
            extremesJob.set(String.format(Locale.ROOT, "Simulated: largest %.3f ms, smallest %.3f ms · %,d random architectures estimated",
                    largest.get().totalMs(), smallest.get().totalMs(), space.get().samples()));
            updateFacts();
        }, next);
    }

    private void runValidation(Runnable next) {
        TableInfo info = table.get();
        if (info == null) return;
        int n = validationSamples.get();
        long seed = validationSeed.get();
        if (n < 1 || n > MAX_VALIDATION_SAMPLES) {
            validationJob.set("The number of random architectures must be between 1 and " + MAX_VALIDATION_SAMPLES + ", was " + n);
            if (next != null) next.run();
            return;
        }
        LatencyEstimator est = new LatencyEstimator(info.table());
        validationJob.start("Simulating " + n + " random architectures…", progress -> {
            long t0 = System.nanoTime();
            LatencyValidation v = LatencyValidation.run(est, n, seed,
                    (done, total) -> progress.update(done, total, "simulated " + done + " of " + total + " random architectures"),
                    progress::isCancelled);
            return validationOf(v, n, seed, (System.nanoTime() - t0) / 1e9);
        }, v -> {
            validation.set(v);
            validationJob.set(String.format(Locale.ROOT, "%d random architectures (seed %d), each estimated from the table and simulated whole in %.1f s",
                    v.samples(), v.seed(), v.seconds()));
            updateFacts();
        }, next);
    }

    /** The view's form of a validation: points in sampling order and the error histogram. */
    static Validation validationOf(LatencyValidation v, int n, long seed, double seconds) {
        List<ScatterPoint> pts = new ArrayList<>(v.pairs().size());
        double[] errors = new double[v.pairs().size()];
        for (LatencyValidation.Pair p : v.pairs()) {
            pts.add(new ScatterPoint(p.index(), p.simulatedMs(), p.estimatedMs(), p.errorPercent()));
            errors[pts.size() - 1] = p.errorPercent();
        }
        return new Validation(v, pts, Histogram.symmetric(errors, 20), n, seed, seconds);
    }

    private void runComparison(Runnable next) {
        Project p = model.getProject();
        comparisonJob.start("Simulating the reference networks…", progress -> ModelComparison.compute(p,
                (done, total, name) -> progress.update(done, total, name == null ? "done" : "simulating " + name),
                progress::isCancelled), rows -> {
            models.setAll(rows);
            paretoFront.set(Pareto.front(rows, ModelComparison.Row::latencyMs, ModelComparison.Row::accuracy));
            long known = rows.stream().filter(r -> !Double.isNaN(r.accuracy())).count();
            comparisonJob.set(rows.size() + " models simulated whole on the project's NPU · " + known + " with a known accuracy · "
                    + paretoFront.get().size() + " on the Pareto front");
        }, next);
    }

    // ---- facts -------------------------------------------------------------------------------------------------

    private void updateFacts() {
        List<Fact> f = new ArrayList<>();
        TableInfo t = table.get();
        if (t == null) {
            f.add(new Fact("Latency table", tableJob.running.get() ? "profiling…" : "—", "The profiled latency P of every block configuration"));
        } else {
            f.add(new Fact("Latency table", String.format(Locale.ROOT, "%,d entries · %d positions", t.table().entryCount(),
                    t.table().positionCount()), describe(t)));
            f.add(new Fact("Fingerprint", t.table().fingerprint().substring(0, 12) + "…",
                    "SHA-256 of the supernet's shapes, the NPU configuration and the profiling method:\n" + t.table().fingerprint()));
            f.add(new Fact("Stem + head", String.format(Locale.ROOT, "%.3f + %.3f ms", t.table().stemMs(), t.table().headMs()),
                    "Profiled with the largest architecture; the same in every member of the space"));
        }
        Validation v = validation.get();
        if (v != null) {
            f.add(new Fact("Estimator MAPE", percent(v.result().mapePercent()), "Mean absolute percentage error of the table estimate against "
                    + "whole-network simulation, " + v.samples() + " random architectures (paper Fig. 9: about 0.16 %)"));
        }
        SpaceDistribution d = space.get();
        double target = targetMs.get();
        if (d != null) {
            f.add(new Fact("Space range", String.format(Locale.ROOT, "%.3f – %.3f ms", d.smallestMs(), d.largestMs()),
                    "Smallest and largest architectures of the space, simulated"));
        }
        if (!Double.isNaN(target)) {
            f.add(new Fact("Target T", Formats.number(target) + " ms", "The project's target latency (Search settings)"));
        }
        if (d != null && !Double.isNaN(target)) {
            f.add(new Fact("Below T", Formats.percent(d.shareBelow(target)), "Share of " + String.format(Locale.ROOT, "%,d", d.samples())
                    + " random architectures whose estimated latency is at most T"));
        }
        facts.setAll(f);
    }

    private void loadProjectRows(Project p) {
        architectures.setAll(p.architectures().stream().map(LatencyViewModel::row).toList());
        NpuConfig n = p.npu();
        List<PropertyRow> rows = new ArrayList<>(n == null ? List.of() : PropertyRows.of(n, META, "Other"));
        if (n != null) {
            rows.add(new PropertyRow(DERIVED, "MACs per cycle", "CIMs × lanes at full utilisation", String.format(Locale.ROOT, "%,d", n.macsPerCycle())));
            rows.add(new PropertyRow(DERIVED, "WMEM in all", "Weight memory of all CIMs, both buffers when double-buffered", Formats.bytes(n.wmemTotalBytes())));
            rows.add(new PropertyRow(DERIVED, "FMEM in all", "Feature memory of all banks", Formats.bytes((long) n.fmemBanks() * n.fmemBankBytes())));
        }
        npu.setAll(rows);
        int saved = p.architectures().size();
        String archs = saved + " saved architecture" + (saved == 1 ? "" : "s");
        summary.set(n == null ? archs : String.format(Locale.ROOT,
                "MIDAP NPU: %d × %d MACs at %s GHz · FMEM %d × %s · DRAM %d B/cycle · %s",
                n.cims(), n.lanes(), Formats.number(n.clockGHz()), n.fmemBanks(), Formats.bytes(n.fmemBankBytes()),
                n.dramBytesPerCycle(), archs));
    }

    static ArchitectureRow row(SavedArchitecture a) {
        return new ArchitectureRow(a.name(), a.source() == null || a.source().isBlank() ? "—" : a.source(),
                Formats.shape(a.architecture().input()), ArchitectureRows.computingBlocks(a.architecture()),
                Formats.percent(a.accuracy()));
    }

    /** A percentage with enough decimals to show a small error: 0.0007 %, 0.16 %, 12.5 %. */
    public static String percent(double p) {
        if (Double.isNaN(p)) return "—";
        double a = Math.abs(p);
        String fmt = a == 0 ? "%.0f %%" : a < 0.01 ? "%.4f %%" : a < 1 ? "%.3f %%" : "%.2f %%";
        return String.format(Locale.ROOT, fmt, p);
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
