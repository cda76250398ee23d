package org.s3nas.workbench.app.search;

import org.s3nas.workbench.app.chart.ChartOptions;
import org.s3nas.workbench.workspace.Workspace;
import org.s3nas.workbench.app.run.ConfigField;
import org.s3nas.workbench.app.run.Notices;
import org.s3nas.workbench.app.run.Notices.Notice;
import org.s3nas.workbench.app.run.Overlay;
import org.s3nas.workbench.app.run.RecordEditor;
import org.s3nas.workbench.search.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.PropertyRow;
import org.s3nas.workbench.app.PropertyRows;
import org.s3nas.workbench.app.PropertyRows.Meta;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;

/**
 * The Search dashboard's model: the editable search configuration, the runs in progress (start, pause, resume,
 * cancel), the project's finished runs, the run whose metrics the charts show, and notices for the user (a run
 * ended or failed). Commands run on the FX thread; long work runs on the run's own threads or the shell's executor.
 * A run keeps going when its tab is not shown: the view-model lives as long as the window.
 * <p>
 * When a run succeeds, one undoable edit adds its {@link RunRecord} and its architecture as a {@link SavedArchitecture}
 * (source = the run id, accuracy = its validation accuracy); a failed or cancelled run adds its record only.
 */
public final class SearchViewModel {
    private final ChartOptions chartOptions = new ChartOptions();
    /** One run of the project, as the finished-runs table shows it. */
    public record RunRow(RunRecord record, String id, String status, String target, String architecture,
                         String estimatedLatency, String simulatedLatency, String validationAccuracy,
                         String started, String ended, String directory) {}

    /** What is known about a finished run beyond its record (read from its folder and simulated). */
    private record RunFacts(double estimatedMs, double simulatedMs, double accuracy, NpuConfig npu) {}

    private static final String DATASET = "Dataset", LOSS = "Latency-aware loss (Eq. 9)", SCHEDULE = "Schedule",
            OPTIMISER = "Optimiser (RMSProp)", RUN = "Run";
    static final List<String> CATEGORIES = List.of(LOSS, SCHEDULE, DATASET, RUN, OPTIMISER);
    private static final int KEPT_LIVE_SERIES = 6;

    /** Display names, categories and meanings of SearchConfig's fields (SPEC §2.3, §2.4). */
    static final Map<String, Meta> META = Map.ofEntries(
            Map.entry("dataset.format", new Meta(DATASET, "Format", "On-disk image format")),
            Map.entry("dataset.path", new Meta(DATASET, "Folder", "Image folder; relative to the project file")),
            Map.entry("dataset.classes", new Meta(DATASET, "Classes", "Number of classes")),
            Map.entry("dataset.validationFraction", new Meta(DATASET, "Validation fraction",
                    "Share of the training images held out to measure accuracy", v -> Formats.percent((Double) v))),
            Map.entry("dataset.augment", new Meta(DATASET, "Augment", "Random flips and crops while training")),
            Map.entry("trainingResolution", new Meta(DATASET, "Training resolution",
                    "Image side during the search; latency still uses the supernet's input (SPEC §4)", v -> v + " px")),
            Map.entry("targetLatencyMs", new Meta(LOSS, "Target latency T", "The search aims at the band [(1 - tolerance) T, T]",
                    v -> Formats.number((Double) v) + " ms")),
            Map.entry("targetTolerance", new Meta(LOSS, "Target tolerance", "With loss TARGET the search lands in [(1 - tolerance) T, T]",
                    v -> Formats.percent((Double) v))),
            Map.entry("loss", new Meta(LOSS, "Loss", "TARGET (lands in the target band, docs/target-controller.md), "
                    + "S3NAS (the paper's Eq. 9 as written) or SINGLE_PATH (Eq. 6)")),
            Map.entry("lambda1", new Meta(LOSS, "λ1", "Weight of the latency term (phase 2)")),
            Map.entry("lambda2", new Meta(LOSS, "λ2", "Scale inside the log of the latency term")),
            Map.entry("phase1Epochs", new Meta(SCHEDULE, "Phase 1 epochs", "Supernet training with uniform sampling, CE only")),
            Map.entry("phase2Epochs", new Meta(SCHEDULE, "Phase 2 epochs", "Threshold search with the latency-aware loss")),
            Map.entry("batchSize", new Meta(SCHEDULE, "Batch size", "Images per step")),
            Map.entry("learningRate", new Meta(OPTIMISER, "Learning rate", "Initial learning rate")),
            Map.entry("lrDecay", new Meta(OPTIMISER, "LR decay", "Multiplied into the learning rate every decay period")),
            Map.entry("lrDecayEpochs", new Meta(OPTIMISER, "LR decay period", "Epochs between decays", v -> Formats.number((Double) v) + " epochs")),
            Map.entry("weightDecay", new Meta(OPTIMISER, "Weight decay", "L2 weight decay")),
            Map.entry("labelSmoothing", new Meta(OPTIMISER, "Label smoothing", "Cross-entropy label smoothing")),
            Map.entry("gradientClip", new Meta(OPTIMISER, "Gradient clip", "Global gradient norm limit")),
            Map.entry("rmsDecay", new Meta(OPTIMISER, "RMS decay", "RMSProp decay")),
            Map.entry("rmsMomentum", new Meta(OPTIMISER, "Momentum", "RMSProp momentum")),
            Map.entry("rmsEpsilon", new Meta(OPTIMISER, "Epsilon", "RMSProp epsilon")),
            Map.entry("thresholdLearningRateScale", new Meta(OPTIMISER, "Threshold rate",
                    "Thresholds' learning rate as a multiple of the weights' (paper: 1; CPU default 6)", v -> Formats.number((Double) v) + " x LR")),
            Map.entry("thresholdMomentum", new Meta(OPTIMISER, "Threshold momentum",
                    "Thresholds' RMSProp momentum (paper: 0.9; CPU default 0, so the few phase-2 steps stop at the target)")),
            Map.entry("seed", new Meta(RUN, "Seed", "Random seed of sampling and initialisation", v -> v.toString())),
            Map.entry("limitImages", new Meta(RUN, "Image limit", "Train on at most this many images (0 = all)",
                    v -> ((Integer) v) == 0 ? "all" : String.format(java.util.Locale.ROOT, "%,d", (Integer) v))),
            Map.entry("checkpointEverySteps", new Meta(RUN, "Checkpoint every", "Steps between checkpoints", v -> v + " steps")));

    private final WorkbenchModel model;
    private final RecordEditor<SearchConfig> editor;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(this, "canStart");
    private final ReadOnlyStringWrapper startProblem = new ReadOnlyStringWrapper(this, "startProblem", "");
    private final ObservableList<PropertyRow> configuration = FXCollections.observableArrayList();
    private final ObservableList<SearchJob> active = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final Notices notices = new Notices();
    // one read-only view each: an unmodifiable wrapper listens weakly, so a fresh one per call could lose listeners
    private final ObservableList<PropertyRow> configurationView = FXCollections.unmodifiableObservableList(configuration);
    private final ObservableList<SearchJob> activeView = FXCollections.unmodifiableObservableList(active);
    private final ObservableList<RunRow> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyObjectWrapper<SearchSeries> displayed = new ReadOnlyObjectWrapper<>(this, "displayed");
    private final Overlay<SearchSeries> overlay = new Overlay<>();
    private final ReadOnlyStringWrapper displayedCaption = new ReadOnlyStringWrapper(this, "displayedCaption", "");
    private final Map<String, SearchSeries> liveSeries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SearchSeries> eldest) { return size() > KEPT_LIVE_SERIES; }
    };
    private final Map<String, RunFacts> facts = new HashMap<>();
    private final Set<String> factsPending = new HashSet<>();
    /** Finished searches in the project's runs/ folder that it does not record (command line, PyTorch export). */
    private List<RunRecord> unrecorded = List.of();
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(this, "scanning");
    private long scanGeneration;
    private Supplier<LocalDateTime> clock = LocalDateTime::now;

    private java.util.function.Consumer<SearchRun> runHook = r -> {};

    public SearchViewModel(WorkbenchModel model) {
        this.model = model;
        this.editor = SearchConfigEditor.of(model, META, CATEGORIES);
        model.projectProperty().addListener((obs, old, p) -> load(p));
        model.projectPathProperty().addListener((obs, old, f) -> refresh());
        load(model.getProject());
        refresh();
    }

    // ---- state -----------------------------------------------------------------------------------------------

    public StringBinding projectName() { return model.projectNameBinding(); }

    /** One line: dataset, target and epochs. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** The configuration as read-only rows (display text with units). */
    public ObservableList<PropertyRow> configuration() { return configurationView; }

    /** The configuration as editable fields, categories in display order. */
    public List<ConfigField> configFields() { return editor.fields(); }

    public ConfigField configField(String key) { return editor.field(key); }

    /** True when the project is valid enough to search (no errors). */
    public ReadOnlyBooleanProperty canStartProperty() { return canStart.getReadOnlyProperty(); }

    /** Why a run cannot start (the first error), or "". */
    public ReadOnlyStringProperty startProblemProperty() { return startProblem.getReadOnlyProperty(); }

    /** Runs in progress (preparing, running or paused). */
    public ObservableList<SearchJob> activeRuns() { return activeView; }

    /** The project's runs, newest first. */
    public ObservableList<RunRow> runs() { return runsView; }

    /** Notices for the user, oldest first; the view shows each new one as a notification. */
    public ObservableList<Notice> notices() { return notices.list(); }

    /** The run whose metrics the charts show (a live run or a loaded history); null before any. */
    public ReadOnlyObjectProperty<SearchSeries> displayedProperty() { return displayed.getReadOnlyProperty(); }

    /** How the charts draw the shown run: smoothing of loss and accuracy, step or wall-clock x axis. */
    public ChartOptions chartOptions() { return chartOptions; }

    /** "run-… (live)" or "run-… (history)". */
    public ReadOnlyStringProperty displayedCaptionProperty() { return displayedCaption.getReadOnlyProperty(); }

    /** Test hook: the clock run ids are made from. */
    void setClock(Supplier<LocalDateTime> c) { clock = Objects.requireNonNull(c); }

    // ---- commands --------------------------------------------------------------------------------------------

    /** Starts a search on the open project with its configuration. Returns the job, or null when it cannot start. */
    public SearchJob start() {
        Project p = model.getProject();
        Path file = model.getProjectPath();
        List<Problem> errors = Validator.validate(p).stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            notice(true, "Cannot start a search", p.name() + " has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                    + ", e.g. " + errors.get(0));
            return null;
        }
        Workspace.RunPlace place = place(p, file);
        SearchConfig c = p.search();
        String startedAt = now();
        SearchSeries series = new SearchSeries(place.id(), true, blockLabels(p));
        series.setBandLower(c.targetLowerMs());
        SearchJob job = new SearchJob(place.id(), c, false, series, j -> {
            Workspace.Latency lat = prepareLatency(j, p, file);
            SearchRun r = new SearchRun(p.supernet(), c, Workspace.of(file).projectDir(), place.directory(), lat.model());
            runHook.accept(r);
            return r;
        }, j -> finished(j, p, file, place.recorded(), startedAt));
        launch(job);
        model.status("Search " + place.id() + " started: " + place.directory());
        return job;
    }

    /** Test hook: called with each new run once built, before it starts (on the job's thread). */
    void setRunHook(java.util.function.Consumer<SearchRun> hook) { runHook = java.util.Objects.requireNonNull(hook); }

    /** Whether a recorded run can be continued from its folder's last checkpoint. */
    public boolean canResume(RunRow row) {
        if (row == null || row.record() == null) return false;
        RunStatus s = row.record().status();
        if (s != RunStatus.CANCELLED && s != RunStatus.FAILED && s != RunStatus.PAUSED && s != RunStatus.RUNNING) return false;
        if (active.stream().anyMatch(j -> j.runId().equals(row.id()))) return false;
        Path dir = Workspace.of(model.getProjectPath()).runDirectory(row.record());
        return dir != null && Files.exists(dir.resolve(SearchRun.CHECKPOINT_FILE)) && Files.exists(dir.resolve(SearchRun.CONFIG_FILE));
    }

    /** Continues a cancelled or failed run from its last checkpoint (its stored configuration). */
    public SearchJob resume(RunRow row) {
        if (!canResume(row)) {
            notice(true, "Cannot resume " + (row == null ? "the run" : row.id()), "Only a cancelled or failed run whose folder holds a checkpoint can be resumed.");
            return null;
        }
        RunRecord rec = row.record();
        Project p = model.getProject();
        Path file = model.getProjectPath();
        Path dir = Workspace.of(file).runDirectory(rec);
        SearchConfig c = rec.config() != null ? rec.config() : p.search();
        SearchSeries series = new SearchSeries(rec.id(), true, blockLabels(p));
        series.setBandLower(c.targetLowerMs());
        SearchJob job = new SearchJob(rec.id(), c, true, series, j -> {
            Workspace.Latency lat = prepareLatency(j, p, file);
            RunFolder.History h = Files.exists(dir.resolve(SearchRun.HISTORY_JSON)) ? RunFolder.readHistory(dir) : null;
            model.executor().onUi(() -> {
                if (h != null) series.load(h, c.targetLatencyMs()); // its block choices too: the steps before the resume
            });
            return SearchRun.resume(p.supernet(), Workspace.of(file).projectDir(), dir, lat.model());
        }, j -> finished(j, p, file, rec.directory(), rec.startedAt()));
        launch(job);
        model.status("Search " + rec.id() + " resumed from " + dir);
        return job;
    }

    /** Shows a run's metrics: the live series of a run of this session, otherwise its history file (loaded in the background). */
    public void select(RunRow row) {
        if (row != null) load(row, this::show, () -> {});
    }

    /**
     * Overlays the runs of several finished-runs rows on the charts, one colour per run ({@link #overlaid()}); fewer
     * than two rows clear the overlay and the charts show the selected run again.
     */
    public void overlay(List<RunRow> rows) { overlay.show(rows, this::load); }

    /** The runs overlaid on the charts, in selection order; empty when the charts show one run. */
    public ObservableList<SearchSeries> overlaid() { return overlay.runs(); }

    /** A run's series: its live one from this session, otherwise its history file read in the background. */
    private void load(RunRow row, java.util.function.Consumer<SearchSeries> loaded, Runnable failed) {
        SearchSeries live = liveSeries.get(row.id());
        if (live != null) {
            loaded.accept(live);
            return;
        }
        Path dir = Workspace.of(model.getProjectPath()).runDirectory(row.record());
        if (dir == null) {
            notice(true, "No history for " + row.id(), "The run record names no folder.");
            failed.run();
            return;
        }
        List<String> labels = blockLabels(model.getProject());
        double target = row.record().config() == null ? Double.NaN : row.record().config().targetLatencyMs();
        double lower = row.record().config() == null ? Double.NaN : row.record().config().targetLowerMs();
        model.executor().submit("Loading the history of " + row.id(),
                pr -> {
                    SearchSeries h = SearchSeries.fromHistory(row.id(), RunFolder.readHistory(dir), labels, target);
                    if (!Double.isNaN(lower)) h.setBandLower(lower);
                    return h;
                },
                loaded,
                err -> {
                    notice(true, "Cannot load the history of " + row.id(), Formats.message(err));
                    failed.run();
                });
    }

    /** Shows the live series of a run in progress. */
    public void select(SearchJob job) {
        if (job != null) show(job.series());
    }

    private void show(SearchSeries s) {
        displayedCaption.set(s.runId() + (s.isLive() ? "" : "  ·  from its history file"));
        displayed.set(s);
    }

    /** The largest total expansion of a block of the open supernet (fixes the heatmap's colour scale). */
    public int maxTotalExpansion() {
        Project p = model.getProject();
        int max = 1;
        if (p.supernet() == null) return max;
        for (BlockPosition bp : p.supernet().blockPositions()) {
            int sum = 0;
            for (int j = 0; j < bp.superkernels().size(); j++) {
                List<Integer> e = bp.expansionsOf(j);
                sum += e.isEmpty() ? 0 : e.get(e.size() - 1);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    private Workspace.RunPlace place(Project p, Path file) {
        // ids of runs in progress are taken too (their folders may not exist yet)
        List<RunRecord> taken = new ArrayList<>(p.runs());
        for (SearchJob j : active) taken.add(new RunRecord(j.runId(), RunStatus.RUNNING, null, null, null, null, null));
        return Workspace.of(file).newSearch(p.withRuns(taken), clock.get());
    }

    private void launch(SearchJob job) {
        job.warningProperty().addListener((obs, o, w) -> { if (!w.isEmpty()) notice(true, "Search " + job.runId() + ": the loss is not a number", w); });
        active.add(job);
        liveSeries.put(job.runId(), job.series());
        show(job.series());
        job.startDraining();
        Thread t = new Thread(job, "s3nas-dashboard-" + job.runId());
        t.setDaemon(true);
        t.start();
    }

    private static Workspace.Latency prepareLatency(SearchJob j, Project p, Path file) throws Exception {
        j.preparing("Latency table: profiling on the MIDAP simulator", 0, 0);
        Workspace.Latency lat = Workspace.of(file).latency(p, null,
                (done, total) -> j.preparing("Latency table: profiling on the MIDAP simulator", done, total), j::isCancelRequested, null);
        j.preparing("Loading the dataset (" + lat.origin() + ")", 0, 0);
        return lat;
    }

    /** A run ended (FX thread): record it in the project and tell the user. */
    private void finished(SearchJob job, Project started, Path file, String recordedDir, String startedAt) {
        active.remove(job);
        String id = job.runId();
        RunStatus end = job.status();
        boolean sameProject = Objects.equals(file, model.getProjectPath())
                && Objects.equals(started.supernet(), model.getProject().supernet());
        String folder = job.searchRun() == null ? recordedDir : job.searchRun().directory().toString();
        if (end.hasResult()) {
            SearchResult r = job.getValue();
            // named by what it is, its simulated latency, not by the target it may have missed
            String archName = id + " " + number4(r.latencyMs()) + " ms";
            Architecture a = r.architecture().withName(archName);
            facts.put(id, new RunFacts(r.estimatedLatencyMs(), r.simulatedLatencyMs(), r.validationAccuracy(), null));
            String text = String.format(Locale.ROOT, "Found %d blocks · validation accuracy %s%nLatency %s (estimate %s ms)",
                    a.blocks().size(), Formats.percent(r.validationAccuracy()), r.latencySummary(), number4(r.estimatedLatencyMs()))
                    + (r.repair() == null ? "" : String.format(Locale.ROOT, "%nRepaired on the latency table from %s ms: %s",
                    number4(r.repair().beforeMs()), String.join("; ", r.repair().changes())));
            String title = "Search " + id + (end == RunStatus.SUCCEEDED ? " finished" : " missed its target");
            if (sameProject) {
                RunRecord rec = new RunRecord(id, end, recordedDir, job.config(), archName, startedAt, now());
                model.edit("Search " + id + " found " + archName, p -> p.withRun(rec)
                        .withArchitecture(new SavedArchitecture(archName, id, a, r.validationAccuracy())));
                notice(end != RunStatus.SUCCEEDED, title, text + "\nSaved as architecture '" + archName + "'");
            } else {
                notice(end != RunStatus.SUCCEEDED, title, text + "\nThe project it ran on is no longer open: the result is in " + folder);
            }
        } else {
            Throwable err = job.getException();
            String what = end == RunStatus.FAILED ? "failed" : "was cancelled";
            if (sameProject) {
                RunRecord rec = new RunRecord(id, end, recordedDir, job.config(), null, startedAt, now());
                model.edit("Search " + id + " " + what, p -> p.withRun(rec));
            }
            if (end == RunStatus.FAILED) {
                notice(true, "Search " + id + " failed", Formats.message(err));
            } else {
                notice(false, "Search " + id + " cancelled", "Stopped at step " + job.lastStep()
                        + "; its last checkpoint is in " + folder + "\nResume (finished runs) continues from there.");
            }
        }
        model.status("Search " + id + " " + switch (end) {
            case SUCCEEDED -> "finished in its target band";
            case TARGET_MISSED -> "missed its target";
            case FAILED -> "failed";
            default -> "cancelled";
        });
    }

    /** Where a helper of this view-model reports a notice. */
    @FunctionalInterface
    interface NoticeSink {
        void notice(boolean error, String title, String text);
    }

    // ---- a run folder another process writes ------------------------------------------------------------------

    private ExternalRun external;

    private ExternalRun external() {
        if (external == null) external = new ExternalRun(model, this::show, this::notice);
        return external;
    }

    /** Asks for a run folder (of this engine or of the exported PyTorch search) and follows it. */
    public void followRunFolder() {
        model.chooseRunFolder().ifPresent(this::follow);
    }

    /** Follows a run folder while another process writes it: its charts grow as the writer rewrites its history. */
    public SearchSeries follow(Path runDir) {
        return external().follow(runDir, blockLabels(model.getProject()));
    }

    /** Whether the followed run has finished, so that its architecture can be imported. */
    public ReadOnlyBooleanProperty followedFinishedProperty() { return external().finishedProperty(); }

    /** Imports the followed run's architecture into the project (one undoable edit). */
    public boolean importFollowed() { return external().importArchitecture(); }

    private void notice(boolean error, String title, String text) { notices.add(error, title, text); }

    // ---- project ---------------------------------------------------------------------------------------------

    private void load(Project p) {
        SearchConfig c = p.search();
        editor.refresh(c);
        configuration.setAll(c == null ? List.of() : PropertyRows.of(c, META, "Other"));
        summary.set(c == null ? "No search configuration" : String.format(Locale.ROOT,
                "%s · target %s ms · %s · %d + %d epochs · batch %d",
                c.dataset() == null ? "no dataset" : c.dataset().format() + " images, " + c.dataset().classes() + " classes, "
                        + c.trainingResolution() + " px", Formats.number(c.targetLatencyMs()),
                c.loss() == null ? "no loss" : switch (c.loss()) {
                    case TARGET -> String.format(Locale.ROOT, "lands in [%s, %s] ms", Formats.number(c.targetLowerMs()), Formats.number(c.targetLatencyMs()));
                    case S3NAS -> "the paper's loss (Eq. 9)";
                    case SINGLE_PATH -> "Single-Path NAS loss (Eq. 6)";
                },
                c.phase1Epochs(), c.phase2Epochs(), c.batchSize()));
        List<Problem> errors = Validator.validate(p).stream().filter(Problem::isError).toList();
        canStart.set(errors.isEmpty());
        startProblem.set(errors.isEmpty() ? "" : errors.get(0).toString());
        rebuildRows(p);
        computeMissingFacts(p);
    }

    /** Whether the runs folder is being looked through. */
    public ReadOnlyBooleanProperty scanningProperty() { return scanning.getReadOnlyProperty(); }

    /**
     * Looks through the project's runs/ folder in the background for finished searches it does not record — a
     * {@code search} from the command line, an exported PyTorch search, a run of an unsaved project — when a project
     * is opened and when asked (Reload), as the Training view does for its run folders.
     */
    public void refresh() {
        Path file = model.getProjectPath();
        Workspace ws = Workspace.of(file);
        Project p = model.getProject();
        long generation = ++scanGeneration;
        scanning.set(true);
        model.executor().submit("Looking for run folders in " + ws.runsRoot(), pr -> ws.unrecordedSearches(p), found -> {
            if (generation != scanGeneration) return; // a newer look (another project) is on its way
            scanning.set(false);
            unrecorded = found;
            rebuildRows(model.getProject());
            computeMissingFacts(model.getProject());
        }, err -> {
            if (generation != scanGeneration) return;
            scanning.set(false);
            model.status("Cannot look through " + ws.runsRoot() + ": " + Formats.message(err));
        });
    }

    /** The recorded runs, then the unrecorded finished searches found in runs/ (those the project has since recorded left out). */
    private List<RunRecord> allRuns(Project p) {
        List<RunRecord> all = new ArrayList<>(p.runs());
        Set<String> ids = new HashSet<>();
        for (RunRecord r : p.runs()) ids.add(r.id());
        for (RunRecord r : unrecorded) if (!ids.contains(r.id())) all.add(r);
        return all;
    }

    /** Whether the row is a finished search found in runs/ that the project does not record yet (it can be imported). */
    public boolean canImport(RunRow row) {
        return row != null && row.record() != null && row.record().status() != null && row.record().status().hasResult()
                && model.getProject().runs().stream().noneMatch(r -> r.id().equals(row.id()))
                && unrecorded.stream().anyMatch(r -> r.id().equals(row.id()));
    }

    /**
     * Records a finished search found in runs/ in the project and saves its architecture, named by its simulated
     * latency as the workbench names the runs it starts (one undoable edit).
     */
    public boolean importRun(RunRow row) {
        if (!canImport(row)) {
            notice(true, "Nothing to import", "Select a finished search of the runs folder that the project does not record yet.");
            return false;
        }
        Path dir = Workspace.of(model.getProjectPath()).runDirectory(row.record());
        try {
            FoundArchitecture found = FoundArchitecture.read(dir, row.id(), model.getProject().npu());
            RunRecord rec = row.record();
            RunRecord recorded = new RunRecord(rec.id(), rec.status(), rec.directory(), rec.config(), found.name(), rec.startedAt(), rec.endedAt());
            model.edit("Import " + found.name(), p -> p.withRun(recorded).withArchitecture(found.saved(rec.id())));
            notice(false, "Imported " + found.name(), found.summary());
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            notice(true, "Cannot import the architecture of " + row.id(), Formats.message(e));
            return false;
        }
    }

    private void rebuildRows(Project p) {
        List<RunRow> rows = new ArrayList<>();
        List<RunRecord> records = allRuns(p);
        records.sort(java.util.Comparator.comparing(r -> r.endedAt() == null ? "" : r.endedAt())); // the newest first below
        for (int i = records.size() - 1; i >= 0; i--) rows.add(row(records.get(i), p));
        runs.setAll(rows);
    }

    private RunRow row(RunRecord r, Project p) {
        SearchConfig c = r.config();
        RunFacts f = facts.get(r.id());
        SavedArchitecture saved = savedOf(p, r);
        double acc = saved != null && !Double.isNaN(saved.accuracy()) ? saved.accuracy() : f == null ? Double.NaN : f.accuracy();
        return new RunRow(r, r.id(), r.status() == null ? "—" : Formats.words(r.status()), c == null ? "—" : Formats.number(c.targetLatencyMs()) + " ms",
                orDash(r.architecture()), f == null ? "…" : ms(f.estimatedMs()), f == null || f.npu() == null ? (saved == null ? "—" : "…") : ms(f.simulatedMs()),
                Formats.percent(acc), localTime(r.startedAt()), localTime(r.endedAt()), orDash(r.directory()));
    }

    private static SavedArchitecture savedOf(Project p, RunRecord r) {
        for (SavedArchitecture a : p.architectures()) {
            if (r.id().equals(a.source()) && (r.architecture() == null || r.architecture().equals(a.name()))) return a;
        }
        for (SavedArchitecture a : p.architectures()) if (a.name().equals(r.architecture())) return a;
        return null;
    }

    /** Reads result.json and simulates the found architecture of every run not known yet, in the background. */
    private void computeMissingFacts(Project p) {
        Path file = model.getProjectPath();
        List<RunRecord> todo = new ArrayList<>();
        for (RunRecord r : allRuns(p)) {
            RunFacts f = facts.get(r.id());
            boolean needsSimulation = savedOf(p, r) != null && (f == null || !Objects.equals(f.npu(), p.npu()));
            if ((f == null || needsSimulation) && factsPending.add(r.id())) todo.add(r);
        }
        if (todo.isEmpty()) return;
        model.executor().submit("Reading " + todo.size() + " run result" + (todo.size() == 1 ? "" : "s"), pr -> {
            Map<String, RunFacts> found = new HashMap<>();
            for (int i = 0; i < todo.size(); i++) {
                if (pr.isCancelled()) break;
                RunRecord r = todo.get(i);
                double est = Double.NaN, acc = Double.NaN, sim = Double.NaN;
                Path dir = Workspace.of(file).runDirectory(r);
                try {
                    RunFolder.Result res = dir == null ? null : RunFolder.readResult(dir);
                    if (res != null) {
                        est = res.estimatedLatencyMs();
                        acc = res.validationAccuracy();
                    }
                } catch (java.io.IOException e) {
                    // a moved or damaged folder: the row shows "—" for what only the folder knows
                }
                SavedArchitecture saved = savedOf(p, r);
                if (saved != null) sim = new MidapSimulator(p.npu()).simulate(saved.architecture()).latencyMs();
                found.put(r.id(), new RunFacts(est, sim, acc, saved == null ? null : p.npu()));
                pr.update(i + 1, todo.size(), r.id());
            }
            return found;
        }, found -> {
            for (RunRecord r : todo) factsPending.remove(r.id());
            found.forEach((id, f) -> {
                RunFacts old = facts.get(id);
                // a run that just finished knows its estimate and accuracy better than a folder read before it ended
                if (old != null && Double.isNaN(f.estimatedMs())) f = new RunFacts(old.estimatedMs(), f.simulatedMs(), old.accuracy(), f.npu());
                facts.put(id, f);
            });
            rebuildRows(model.getProject());
        }, err -> {
            for (RunRecord r : todo) factsPending.remove(r.id());
            model.status("Cannot read run results: " + Formats.message(err));
        });
    }

    /** Heatmap row labels: one per block position. */
    static List<String> blockLabels(Project p) {
        List<String> labels = new ArrayList<>();
        if (p.supernet() == null) return labels;
        for (BlockPosition bp : p.supernet().blockPositions()) labels.add("b" + bp.index() + " · stage " + (bp.stage() + 1));
        return labels;
    }

    private static String now() { return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(); }

    private static String ms(double v) { return Double.isNaN(v) ? "—" : number4(v) + " ms"; }

    private static String number4(double v) { return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v); }

    /** An ISO instant as local "yyyy-MM-dd HH:mm" (other text as it is). */
    static String localTime(String iso) {
        if (iso == null || iso.isBlank()) return "—";
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.parse(iso).atZone(java.time.ZoneId.systemDefault()));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    private static String orDash(String s) { return s == null || s.isBlank() ? "—" : s; }

}
