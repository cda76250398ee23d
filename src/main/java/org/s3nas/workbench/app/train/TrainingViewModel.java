package org.s3nas.workbench.app.train;

import org.s3nas.workbench.app.chart.ChartOptions;
import org.s3nas.workbench.workspace.Workspace;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.PropertyRows.Meta;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.post.ArchitectureChoice;
import org.s3nas.workbench.app.run.ConfigField;
import org.s3nas.workbench.app.run.RecordEditor;
import org.s3nas.workbench.app.run.RunJob;
import org.s3nas.workbench.app.run.FollowedRun;
import org.s3nas.workbench.app.run.Overlay;
import org.s3nas.workbench.app.run.Notices;
import org.s3nas.workbench.app.run.Notices.Notice;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.engine.RunFolderFollower;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainEvent;
import org.s3nas.workbench.train.TrainHistoryRow;
import org.s3nas.workbench.train.TrainLog;
import org.s3nas.workbench.train.TrainResult;
import org.s3nas.workbench.train.TrainRun;

/**
 * The Training view's model: final training of one architecture from scratch (paper §5.1 scaled down). It holds the
 * architecture to train (a saved one or the supernet's largest / smallest), the training configuration being edited
 * (seeded from the project's search recipe; it is not part of the project, each run folder keeps its own), the
 * trainings in progress (start, pause, resume, cancel), the trainings found in the run folders beside the project
 * ({@code runs/train-<architecture>/}: finished ones with their test accuracy, interrupted ones to resume), the run
 * the charts show, and notices for the user.
 * <p>
 * When a training succeeds, one undoable edit records its test accuracy as the accuracy of the saved architecture of
 * that name (added as a saved architecture when it was the supernet's largest or smallest). The view-model lives as
 * long as the window, so a training keeps going when its tab is not shown.
 */
public final class TrainingViewModel {
    private final ChartOptions chartOptions = new ChartOptions();
    /** One training run folder, as the trainings table shows it. */
    public record TrainingRow(TrainFolders.Entry entry, String folder, String architecture, String status, String epochs, String steps,
                              String testAccuracy, String rawAccuracy, String validationAccuracy, String images, String latency,
                              String time, String ended, boolean resumable) {}

    private static final String SCHEDULE = "Schedule", REGULARISATION = "Regularisation", OPTIMISER = "Optimiser (RMSProp)",
            IMAGES = "Images", RUN = "Run";
    public static final List<String> CATEGORIES = List.of(SCHEDULE, REGULARISATION, IMAGES, OPTIMISER, RUN);
    /** Epochs of a fresh configuration (the train command's default). */
    public static final int DEFAULT_EPOCHS = 3;
    private static final int KEPT_LIVE_SERIES = 6;
    /** The columns of a training's history row. */
    static final RunSeries.Columns<TrainHistoryRow> HISTORY = new RunSeries.Columns<>(TrainHistoryRow::step, TrainHistoryRow::loss,
            TrainHistoryRow::trainAccuracy, TrainHistoryRow::validationAccuracy, TrainHistoryRow::learningRate, TrainHistoryRow::elapsedSeconds,
            r -> TrainLog.line(r, 0));

    /** Display names, categories and meanings of TrainConfig's fields (its dataset is the project's). */
    static final Map<String, Meta> META = Map.ofEntries(
            Map.entry("epochs", new Meta(SCHEDULE, "Epochs", "Passes over the training split")),
            Map.entry("batchSize", new Meta(SCHEDULE, "Batch size", "Images per step")),
            Map.entry("learningRate", new Meta(SCHEDULE, "Learning rate", "Peak learning rate, reached after the warm-up")),
            Map.entry("warmupEpochs", new Meta(SCHEDULE, "Warm-up", "Linear warm-up from 0 (may be fractional)")),
            Map.entry("lrDecay", new Meta(SCHEDULE, "LR decay", "Multiplied into the learning rate every decay period")),
            Map.entry("lrDecayEpochs", new Meta(SCHEDULE, "LR decay period", "Epochs between decays")),
            Map.entry("weightDecay", new Meta(REGULARISATION, "Weight decay", "L2 weight decay")),
            Map.entry("labelSmoothing", new Meta(REGULARISATION, "Label smoothing", "Cross-entropy label smoothing")),
            Map.entry("emaDecay", new Meta(REGULARISATION, "EMA decay", "Exponential moving average of the weights; every evaluation uses it")),
            Map.entry("dropout", new Meta(REGULARISATION, "Dropout", "Dropout rate before the FC")),
            Map.entry("stochasticDepth", new Meta(REGULARISATION, "Stochastic depth", "Drop rate of the last residual block, linear in the block index (0 = off)")),
            Map.entry("gradientClip", new Meta(OPTIMISER, "Gradient clip", "Global gradient norm limit")),
            Map.entry("rmsDecay", new Meta(OPTIMISER, "RMS decay", "RMSProp decay")),
            Map.entry("rmsMomentum", new Meta(OPTIMISER, "Momentum", "RMSProp momentum")),
            Map.entry("rmsEpsilon", new Meta(OPTIMISER, "Epsilon", "RMSProp epsilon")),
            Map.entry("limitImages", new Meta(IMAGES, "Image limit", "Use at most this many training images, before the validation split (0 = all)")),
            Map.entry("testImages", new Meta(IMAGES, "Test images", "Measure the test accuracy on at most this many images (0 = the whole test split)")),
            Map.entry("validationImages", new Meta(IMAGES, "Validation images", "Validate on at most this many images at each epoch end (0 = all)")),
            Map.entry("calibrationBatches", new Meta(IMAGES, "BN calibration", "Training batches that re-estimate the BN statistics of the EMA weights")),
            Map.entry("seed", new Meta(RUN, "Seed", "Random seed of initialisation, order and augmentation")),
            Map.entry("checkpointEverySteps", new Meta(RUN, "Checkpoint every", "Steps between checkpoints (and at each epoch end)")));

    private static final Map<String, String> UNITS = Map.of("epochs", "epochs", "warmupEpochs", "epochs", "lrDecayEpochs", "epochs",
            "batchSize", "images", "limitImages", "images", "testImages", "images", "validationImages", "images",
            "calibrationBatches", "batches", "checkpointEverySteps", "steps");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final WorkbenchModel model;
    private final ObjectProperty<TrainConfig> draft = new SimpleObjectProperty<>(this, "draft");
    private final RecordEditor<TrainConfig> editor;
    private boolean draftEdited;
    private final ObservableList<ArchitectureChoice> choices = FXCollections.observableArrayList();
    private final ObjectProperty<ArchitectureChoice> architecture = new SimpleObjectProperty<>(this, "architecture");
    private final ReadOnlyStringWrapper architectureSummary = new ReadOnlyStringWrapper(this, "architectureSummary", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(this, "canStart");
    private final ReadOnlyStringWrapper startProblem = new ReadOnlyStringWrapper(this, "startProblem", "");
    private final ReadOnlyStringWrapper startNote = new ReadOnlyStringWrapper(this, "startNote", "");
    private final ObservableList<TrainJob> active = FXCollections.observableArrayList();
    private final ObservableList<TrainingRow> rows = FXCollections.observableArrayList();
    private final Notices notices = new Notices();
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    // one read-only view each: an unmodifiable wrapper listens weakly, so a fresh one per call could lose listeners
    private final ObservableList<ArchitectureChoice> choicesView = FXCollections.unmodifiableObservableList(choices);
    private final ObservableList<TrainJob> activeView = FXCollections.unmodifiableObservableList(active);
    private final ObservableList<TrainingRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ReadOnlyObjectWrapper<RunSeries<TrainEvent>> displayed = new ReadOnlyObjectWrapper<>(this, "displayed");
    private final ReadOnlyStringWrapper displayedCaption = new ReadOnlyStringWrapper(this, "displayedCaption", "");
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(this, "scanning");
    private final Map<Path, RunSeries<TrainEvent>> liveSeries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, RunSeries<TrainEvent>> eldest) { return size() > KEPT_LIVE_SERIES; }
    };
    private final FollowedRun<TrainHistoryRow> followed;
    private final Overlay<RunSeries<TrainEvent>> overlay = new Overlay<>();
    private final javafx.beans.value.ChangeListener<Number> onShownRevision = (obs, o, n) -> updateFacts();
    private TrainFolders.Result shownResult;
    private int shownEpochs, shownValidations;
    private List<TrainFolders.Entry> entries = List.of();
    private java.util.function.Consumer<TrainRun> runHook = r -> {};
    private long scanGeneration;

    public TrainingViewModel(WorkbenchModel model) {
        this.model = model;
        this.followed = new FollowedRun<>(model.executor());
        this.editor = new RecordEditor<>(TrainConfig.class, META, CATEGORIES, UNITS, Set.of("dataset"), draft::get, new RecordEditor.Rules<>() {
            @Override
            public Optional<String> check(TrainConfig before, TrainConfig after, RecordEditor<TrainConfig> e) {
                List<String> old = before.problems();
                for (String p : after.problems()) if (!old.contains(p)) return Optional.of(named(p, e));
                return Optional.empty();
            }

            @Override
            public void commit(String description, TrainConfig after) {
                draftEdited = true;
                draft.set(after);
            }
        });
        draft.addListener((obs, o, c) -> {
            editor.refresh(c);
            updateStartState();
        });
        architecture.addListener((obs, o, a) -> {
            describeArchitecture(a);
            updateStartState();
        });
        model.projectProperty().addListener((obs, old, p) -> load(p));
        model.projectPathProperty().addListener((obs, old, f) -> {
            draftEdited = false; // another project: its own recipe
            load(model.getProject());
            refresh();
        });
        load(model.getProject());
        refresh();
    }

    /** Test hook: called with each run once built, before it starts (on the job's thread). */
    void setRunHook(java.util.function.Consumer<TrainRun> hook) { runHook = Objects.requireNonNull(hook); }

    /** "epochs: must be at least 1, was 0" -> "Epochs: must be at least 1, was 0". */
    private static String named(String problem, RecordEditor<TrainConfig> e) {
        int colon = problem.indexOf(':');
        return colon < 0 ? problem : e.nameOf(problem.substring(0, colon)) + problem.substring(colon);
    }

    // ---- state -----------------------------------------------------------------------------------------------

    public StringBinding projectName() { return model.projectNameBinding(); }

    /** One line: the dataset and where the run folders go. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** The project's saved architectures, then the supernet's largest and smallest. */
    public ObservableList<ArchitectureChoice> architectures() { return choicesView; }

    /** The architecture Train trains (the view binds its chooser to it). */
    public ObjectProperty<ArchitectureChoice> architectureProperty() { return architecture; }

    /** Blocks, input, parameters and MACs of the chosen architecture, and its run folder. */
    public ReadOnlyStringProperty architectureSummaryProperty() { return architectureSummary.getReadOnlyProperty(); }

    /** The training configuration as editable fields, categories in display order. */
    public List<ConfigField> configFields() { return editor.fields(); }

    public ConfigField configField(String key) { return editor.field(key); }

    /** The configuration Train uses (the project's dataset goes in at start). */
    public TrainConfig configuration() { return draft.get(); }

    /** True when Train can start now. */
    public ReadOnlyBooleanProperty canStartProperty() { return canStart.getReadOnlyProperty(); }

    /** Why Train cannot start, or "". */
    public ReadOnlyStringProperty startProblemProperty() { return startProblem.getReadOnlyProperty(); }

    /** What Train would do to an earlier training of the same architecture, or "". */
    public ReadOnlyStringProperty startNoteProperty() { return startNote.getReadOnlyProperty(); }

    /** Trainings in progress (preparing, running or paused). */
    public ObservableList<TrainJob> activeTrainings() { return activeView; }

    /** The training folders beside the project, newest first. */
    public ObservableList<TrainingRow> trainings() { return rowsView; }

    /** Notices for the user, oldest first; the view shows each new one as a notification. */
    public ObservableList<Notice> notices() { return notices.list(); }

    /** The figures of the shown training (its result once finished). */
    public ObservableList<Fact> shownFacts() { return factsView; }

    /** The training whose metrics the charts show; null before any. */
    public ReadOnlyObjectProperty<RunSeries<TrainEvent>> displayedProperty() { return displayed.getReadOnlyProperty(); }

    /** How the charts draw the shown run: smoothing of loss and accuracy, step or wall-clock x axis. */
    public ChartOptions chartOptions() { return chartOptions; }

    public ReadOnlyStringProperty displayedCaptionProperty() { return displayedCaption.getReadOnlyProperty(); }

    /** True while the run folders are being read. */
    public ReadOnlyBooleanProperty scanningProperty() { return scanning.getReadOnlyProperty(); }

    /** Where the training folders are: {@code runs/} beside the project file. */
    public Path runsRoot() { return Workspace.of(model.getProjectPath()).runsRoot(); }

    /** The run folder of an architecture: {@code runs/train-<slug of its name>} beside the project file. */
    public Path directoryOf(Architecture a) {
        return Workspace.of(model.getProjectPath()).trainingDirectory(a.name());
    }

    // ---- commands --------------------------------------------------------------------------------------------

    /** Back to the project's recipe (the search configuration's optimiser settings, {@value #DEFAULT_EPOCHS} epochs). */
    public void resetConfiguration() {
        draftEdited = false;
        draft.set(defaults(model.getProject()));
    }

    /** Starts training the chosen architecture with the configuration. Returns the job, or null when it cannot start. */
    public TrainJob start() {
        updateStartState();
        ArchitectureChoice choice = architecture.get();
        if (!canStart.get() || choice == null) {
            notice(true, "Cannot start a training", startProblem.get().isEmpty() ? "Choose an architecture first." : startProblem.get());
            return null;
        }
        Project p = model.getProject();
        Path file = model.getProjectPath();
        Architecture a = choice.architecture();
        TrainConfig c = (TrainConfig) RecordEditor.with(draft.get(), "dataset", p.search().dataset());
        Path dir = directoryOf(a);
        Path dataBase = Workspace.of(file).projectDir();
        return launch(a, c, dir, false, j -> {
            j.preparing("Simulating '" + a.name() + "' on the MIDAP NPU", 0, 0);
            TrainRun r = new TrainRun(a, c, dataBase, dir);
            describeRun(j, r, p, file, a);
            return r;
        });
    }

    /** Whether a training folder can be continued: not finished, readable, not being trained now. */
    public boolean canResume(TrainingRow row) { return row != null && row.resumable() && !isActive(row.entry().directory()); }

    /** Continues an interrupted training from its last checkpoint, with the configuration and architecture it stored. */
    public TrainJob resume(TrainingRow row) {
        if (!canResume(row)) {
            notice(true, "Cannot resume " + (row == null ? "the training" : row.folder()), row != null && !row.entry().problem().isEmpty()
                    ? row.entry().problem() : "Only an interrupted training that is not running now can be resumed; a finished one is complete.");
            return null;
        }
        return resume(row.entry());
    }

    /** Reads a run folder chosen by the user (in the background) and resumes it when it is an interrupted training. */
    public void resumeFolder(Path dir) {
        if (dir == null) return;
        model.executor().submit("Reading " + dir, pr -> TrainFolders.read(dir), e -> {
            if (e.state() == TrainFolders.State.FINISHED) {
                notice(true, "Nothing to resume in " + dir, "The training of '" + e.architectureName() + "' there has finished"
                        + (e.result() == null ? "." : " (test accuracy " + Formats.percent(e.result().testAccuracy()) + ")."));
            } else if (e.state() == TrainFolders.State.PYTORCH) {
                notice(true, "Cannot resume " + dir, "The exported PyTorch training writes it: continue it there with "
                        + "train.py --resume " + dir + " (under the same launcher).");
            } else if (e.architecture() == null || e.config() == null) {
                notice(true, "Cannot resume " + dir, e.problem());
            } else if (isActive(dir)) {
                notice(true, "Cannot resume " + dir, "It is being trained now.");
            } else {
                resume(e);
            }
        }, err -> notice(true, "Cannot resume " + dir, Formats.message(err)));
    }

    private TrainJob resume(TrainFolders.Entry e) {
        Project p = model.getProject();
        Path file = model.getProjectPath();
        Path dir = e.directory();
        Path dataBase = Workspace.of(file).projectDir();
        Architecture a = e.architecture();
        return launch(a, e.config(), dir, true, j -> {
            if (java.nio.file.Files.exists(dir.resolve(TrainRun.HISTORY_JSON))) {
                List<TrainHistoryRow> h = TrainFolders.readHistory(dir);
                model.executor().onUi(() -> j.series().load(h, HISTORY)); // the steps before the interruption
            }
            TrainRun r = TrainRun.resume(dataBase, dir);
            describeRun(j, r, p, file, a);
            return r;
        });
    }

    /** Shows a training's metrics: its live series when it ran in this session, otherwise its history file. */
    public void select(TrainingRow row) {
        if (row == null) return;
        for (TrainJob j : active) {
            if (j.directory().equals(row.entry().directory())) {
                select(j);
                return;
            }
        }
        load(row, s -> show(s, row.architecture(), row.entry().result(), 0), () -> {});
    }

    /**
     * Overlays the trainings of several rows on the charts, one colour per training ({@link #overlaid()}); fewer than
     * two rows clear the overlay and the charts show the selected training again.
     */
    public void overlay(List<TrainingRow> rows) { overlay.show(rows, this::load); }

    /** The trainings overlaid on the charts, in selection order; empty when the charts show one. */
    public ObservableList<RunSeries<TrainEvent>> overlaid() { return overlay.runs(); }

    /** A training's series: its live one from this session, otherwise its history file read in the background. */
    private void load(TrainingRow row, java.util.function.Consumer<RunSeries<TrainEvent>> loaded, Runnable failed) {
        TrainFolders.Entry e = row.entry();
        RunSeries<TrainEvent> live = liveSeries.get(e.directory());
        if (live != null) {
            loaded.accept(live);
            return;
        }
        Path dir = e.directory();
        model.executor().submit("Loading the history of " + row.folder(), pr -> {
            RunSeries<TrainEvent> s = series(dir.getFileName().toString(), false);
            s.load(TrainFolders.readHistory(dir), HISTORY);
            return s;
        }, s -> {
            if (e.result() != null) s.setTestAccuracy(e.result().testAccuracy());
            loaded.accept(s);
        }, err -> {
            notice(true, "Cannot load the history of " + row.folder(), Formats.message(err));
            failed.run();
        });
    }

    /** Shows the live series of a training in progress. */
    public void select(TrainJob job) {
        if (job != null) show(job.series(), job.architecture().name(), null, job.config().epochs());
    }

    private static RunSeries<TrainEvent> series(String runId, boolean live) { return new RunSeries<>(runId, live, TrainLog::line); }

    /** Asks for a training run folder (one the command line's {@code train} writes, say) and follows it. */
    public void followRunFolder() {
        model.chooseRunFolder().ifPresent(this::follow);
    }

    /**
     * Follows a training run folder while another process writes it: its charts grow as the writer rewrites its
     * history, and its result shows once it has finished. Returns the series it feeds (shown at once).
     */
    public RunSeries<TrainEvent> follow(Path dir) {
        RunSeries<TrainEvent> series = series(dir.getFileName() + " (followed)", true);
        show(series, "followed run folder", null, 0);
        followed.follow(dir, d -> new RunFolderFollower.Snapshot<>(new String[0], TrainFolders.readHistory(d)), TrainHistoryRow::step,
                new FollowedRun.Sink<>() {
                    @Override
                    public void rows(String[] names, List<TrainHistoryRow> rows) { series.load(rows, HISTORY); }

                    @Override
                    public void finished() {
                        model.executor().submit("Reading " + dir, pr -> TrainFolders.read(dir), e -> {
                            if (e.result() != null) series.setTestAccuracy(e.result().testAccuracy());
                            if (displayed.get() == series) show(series, e.architectureName(), e.result(), 0);
                            notice(false, "The followed training " + dir.getFileName() + " finished", e.result() == null ? e.problem()
                                    : "Test accuracy " + Formats.percent(e.result().testAccuracy()) + " (EMA weights)");
                        }, err -> notice(true, "Cannot read " + dir, Formats.message(err)));
                        refresh();
                    }

                    @Override
                    public void problem(String message) { model.status("Following " + dir.getFileName() + ": " + message); }
                });
        model.status("Following the training run folder " + dir);
        return series;
    }

    /** Reads the run folders beside the project again (in the background). */
    public void refresh() {
        Path root = Workspace.of(model.getProjectPath()).runsRoot();
        long generation = ++scanGeneration;
        scanning.set(true);
        model.executor().submit("Reading training runs", pr -> TrainFolders.scan(root), found -> {
            if (generation != scanGeneration) return; // a newer scan (another project) is on its way
            scanning.set(false);
            entries = found;
            rebuildRows();
            updateStartState();
        }, err -> {
            if (generation != scanGeneration) return;
            scanning.set(false);
            model.status("Cannot read the training runs in " + root + ": " + Formats.message(err));
        });
    }

    // ---- runs ------------------------------------------------------------------------------------------------

    private boolean isActive(Path dir) {
        return active.stream().anyMatch(j -> j.directory().equals(dir));
    }

    /** What the train command records beside the result: the simulated latency and where the run came from. */
    private void describeRun(TrainJob j, TrainRun r, Project p, Path file, Architecture a) {
        if (p.npu() != null) {
            try {
                double ms = new MidapSimulator(p.npu()).latencyMs(a);
                r.putResultField("simulatedLatencyMs", ms);
                j.setSimulatedLatencyMs(ms);
            } catch (RuntimeException e) {
                // an architecture the NPU model cannot lower still trains; the table then shows no latency
            }
        }
        r.putResultField("project", file == null ? p.name() : file.toString());
        runHook.accept(r);
    }

    /**
     * Starts training {@code a} in its folder {@code dir} on a thread of its own (fresh, or {@code resumed}); {@code run}
     * builds the run on that thread. The job's charts are shown at once.
     */
    private TrainJob launch(Architecture a, TrainConfig c, Path dir, boolean resumed, TrainJob.RunFactory run) {
        Path file = model.getProjectPath();
        TrainJob job = new TrainJob(a, c, dir, resumed, series(dir.getFileName().toString(), true), run, j -> finished(j, file));
        job.warningProperty().addListener((obs, o, w) -> {
            if (!w.isEmpty()) notice(true, "Training of '" + job.architecture().name() + "': the loss is not a number", w);
        });
        active.add(job);
        liveSeries.put(job.directory(), job.series());
        select(job);
        job.startDraining();
        updateStartState();
        rebuildRows();
        Thread t = new Thread(job, "s3nas-training-" + job.runId());
        t.setDaemon(true);
        t.start();
        model.status("Training of '" + a.name() + "' " + (resumed ? "resumed from " : "started: ") + dir);
        return job;
    }

    /** A training ended (FX thread): record its accuracy in the project and tell the user. */
    private void finished(TrainJob job, Path startedFile) {
        active.remove(job);
        Architecture a = job.architecture();
        String name = a.name();
        RunStatus end = job.status();
        if (end == RunStatus.SUCCEEDED) {
            TrainResult r = job.getValue();
            job.series().setTestAccuracy(r.testAccuracy());
            String text = String.format(Locale.ROOT, "Test accuracy %s (EMA weights; raw %s) on %,d test images%nValidation %s · %,d images × %d epochs in %s",
                    Formats.percent(r.testAccuracy()), Formats.percent(r.testAccuracyRaw()), r.testImages(),
                    Formats.percent(r.validationAccuracy()), r.trainImages(), r.epochs(), RunJob.duration(r.seconds()));
            notice(false, "Training of '" + name + "' finished", text + "\n" + record(a, r, job.directory(), startedFile));
            if (displayed.get() == job.series()) show(job.series(), name, resultOf(r, job.simulatedLatencyMs()), 0);
        } else if (end == RunStatus.FAILED) {
            notice(true, "Training of '" + name + "' failed", Formats.message(job.getException()));
        } else {
            notice(false, "Training of '" + name + "' cancelled", "Stopped at step " + job.lastStep() + "; its last checkpoint is in "
                    + job.directory() + "\nResume (Trainings, below the charts) continues from there.");
        }
        model.status("Training of '" + name + "' " + (end == RunStatus.SUCCEEDED ? "finished" : end == RunStatus.FAILED ? "failed" : "cancelled"));
        updateStartState();
        refresh();
    }

    /** What recording a training's accuracy does to a project: the project after (null: nothing to record) and what that means. */
    record Recording(Project after, String description, String message) {}

    /**
     * Records a trained network's test accuracy in the project: the saved architecture of the trained network's name
     * gets it (in place, keeping its source); a network the project has not saved (the supernet's extremes) is saved
     * with it; a saved architecture of that name that is another network now is left alone.
     */
    static Recording recording(Project p, Architecture trained, double accuracy, String folder) {
        String name = trained.name();
        String what = String.format(Locale.ROOT, "Record test accuracy %s of '%s'", Formats.percent(accuracy), name);
        SavedArchitecture saved = p.architectures().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        if (saved == null) {
            return new Recording(p.withArchitecture(new SavedArchitecture(name, "trained in " + folder, trained, accuracy)), what,
                    "Saved '" + name + "' in the project with this accuracy");
        }
        if (!saved.architecture().withName("").equals(trained.withName(""))) {
            return new Recording(null, what, "Not recorded: the project's '" + name + "' is no longer the network that was trained; the result is in " + folder);
        }
        List<SavedArchitecture> list = new ArrayList<>(p.architectures());
        list.replaceAll(s -> s.name().equals(name) ? new SavedArchitecture(s.name(), s.source(), s.architecture(), accuracy) : s);
        return new Recording(p.withArchitectures(list), what, "Recorded as the accuracy of '" + name + "'");
    }

    /** Records the test accuracy in the open project as one undoable edit; returns what was done, for the notice. */
    private String record(Architecture trained, TrainResult r, Path dir, Path startedFile) {
        if (!Objects.equals(startedFile, model.getProjectPath())) {
            return "The project it was started from is no longer open: the result is in " + dir;
        }
        Recording rec = recording(model.getProject(), trained, r.testAccuracy(), folderText(dir));
        if (rec.after() != null) {
            Architecture again = trained; // the edit is re-derived from the project it applies to (undo/redo safe)
            model.edit(rec.description(), pr -> {
                Project after = recording(pr, again, r.testAccuracy(), folderText(dir)).after();
                return after == null ? pr : after;
            });
        }
        return rec.message();
    }

    /**
     * Puts a training into the charts. {@code result} is its result when known (finished), {@code epochs} its planned
     * epochs (0 when unknown): the facts then follow the run at each epoch end.
     */
    private void show(RunSeries<TrainEvent> s, String architectureName, TrainFolders.Result result, int epochs) {
        if (displayed.get() != null) displayed.get().revisionProperty().removeListener(onShownRevision);
        boolean live = isActiveSeries(s);
        displayedCaption.set(architectureName + "  ·  " + s.runId() + (live ? "" : s.isLive() ? "  ·  this session" : "  ·  from its history file"));
        shownResult = result;
        shownEpochs = epochs;
        shownValidations = -1;
        displayed.set(s);
        s.revisionProperty().addListener(onShownRevision);
        updateFacts();
    }

    /** The shown training's figures; rebuilt only when an epoch ended or the result came (not at every step). */
    private void updateFacts() {
        RunSeries<TrainEvent> s = displayed.get();
        if (s == null) return;
        int validations = s.validationAccuracy().getDataCount();
        if (validations == shownValidations) return;
        shownValidations = validations;
        boolean live = isActiveSeries(s);
        TrainFolders.Result r = shownResult;
        List<Fact> f = new ArrayList<>();
        double test = r != null ? r.testAccuracy() : s.testAccuracyValue();
        f.add(new Fact("Test accuracy", Double.isNaN(test) ? (live ? "at the end" : "—") : Formats.percent(test),
                "EMA weights on the test split, BN statistics re-estimated"));
        double validation = r != null ? r.validationAccuracy()
                : validations == 0 ? Double.NaN : s.validationAccuracy().get(io.fair_acc.dataset.DataSet.DIM_Y, validations - 1);
        f.add(new Fact("Validation", Formats.percent(validation), "EMA weights on the validation split at the last epoch end"));
        if (r != null) {
            f.add(new Fact("Raw weights", Formats.percent(r.testAccuracyRaw()), "The last step's weights on the same test images"));
            f.add(new Fact("Trained on", String.format(Locale.ROOT, "%,d × %d", r.trainImages(), r.epochs()), "Training images × epochs"));
            f.add(new Fact("Test images", String.format(Locale.ROOT, "%,d", r.testImages()), "Images the test accuracy was measured on"));
            if (!Double.isNaN(r.simulatedLatencyMs())) {
                f.add(new Fact("Latency", String.format(Locale.ROOT, "%.4f ms", r.simulatedLatencyMs()), "Simulated on the project's MIDAP NPU"));
            }
            f.add(new Fact("Time", RunJob.duration(r.seconds()), "Wall time of the training"));
        } else if (shownEpochs > 0) {
            f.add(new Fact("Epochs done", validations + " of " + shownEpochs, "Each epoch ends with a validation"));
        }
        facts.setAll(f);
    }

    private static TrainFolders.Result resultOf(TrainResult r, double latencyMs) {
        return new TrainFolders.Result(r.testAccuracy(), r.testAccuracyRaw(), r.validationAccuracy(), r.trainImages(), r.validationImages(),
                r.testImages(), r.epochs(), r.steps(), r.parameters(), r.seconds(), latencyMs);
    }

    private boolean isActiveSeries(RunSeries<TrainEvent> s) { return active.stream().anyMatch(j -> j.series() == s); }

    private void notice(boolean error, String title, String text) { notices.add(error, title, text); }

    // ---- project ---------------------------------------------------------------------------------------------

    private void load(Project p) {
        String keep = architecture.get() == null ? null : architecture.get().label();
        List<ArchitectureChoice> now = ArchitectureChoice.of(p);
        choices.setAll(now);
        ArchitectureChoice same = keep == null ? null : now.stream().filter(c -> c.label().equals(keep)).findFirst().orElse(null);
        architecture.set(same != null ? same : now.isEmpty() ? null : now.get(0));
        if (!draftEdited || draft.get() == null) draft.set(defaults(p));
        DatasetSpec d = p.search() == null ? null : p.search().dataset();
        summary.set(d == null ? "The project has no dataset: set one in the Search view's configuration"
                : String.format(Locale.ROOT, "Final training from scratch on %s (%s images, %d classes) · one run folder per architecture in %s",
                d.path(), d.format(), d.classes(), folderText(Workspace.of(model.getProjectPath()).runsRoot()) + "/"));
        describeArchitecture(architecture.get());
        updateStartState();
    }

    private static TrainConfig defaults(Project p) {
        if (p.search() == null) return null;
        TrainConfig c = TrainConfig.from(p.search(), DEFAULT_EPOCHS);
        return c.withWarmupEpochs(Math.round(c.warmupEpochs() * 1e6) / 1e6); // 0.2 x 3 is 0.6000000000000001 in binary
    }

    private void describeArchitecture(ArchitectureChoice c) {
        if (c == null) {
            architectureSummary.set("");
            return;
        }
        Architecture a = c.architecture();
        String cost;
        try {
            ModelCost.Totals t = ModelCost.totals(a);
            cost = String.format(Locale.ROOT, " · %s parameters · %s MACs", Formats.count(t.parameters()), Formats.count(t.macs()));
        } catch (RuntimeException e) {
            cost = "";
        }
        architectureSummary.set(c.detail() + "\n" + a.blocks().size() + " blocks · input " + Formats.shape(a.input()) + cost
                + "\nRun folder " + folderText(directoryOf(a)));
    }

    private void updateStartState() {
        Project p = model.getProject();
        ArchitectureChoice c = architecture.get();
        TrainConfig d = draft.get();
        String problem = "";
        if (p.search() == null || p.search().dataset() == null) problem = "The project has no dataset: set one in the Search view's configuration.";
        else if (c == null) problem = "Choose an architecture to train.";
        else if (d == null) problem = "There is no training configuration.";
        else if (!d.problems().isEmpty()) problem = named(d.problems().get(0), editor);
        else if (isActive(directoryOf(c.architecture()))) problem = "'" + c.architecture().name() + "' is being trained now.";
        startProblem.set(problem);
        canStart.set(problem.isEmpty());
        String note = "";
        if (c != null && problem.isEmpty()) {
            Path dir = directoryOf(c.architecture());
            TrainFolders.Entry e = entries.stream().filter(x -> x.directory().equals(dir)).findFirst().orElse(null);
            if (e != null && e.state() == TrainFolders.State.FINISHED) {
                note = "Its folder holds a finished training" + (e.result() == null ? "" : " (test accuracy "
                        + Formats.percent(e.result().testAccuracy()) + ")") + ": Train replaces it.";
            } else if (e != null) {
                note = "Its folder holds an interrupted training: Resume it below, or Train to start over.";
            }
        }
        if (note.isEmpty() && problem.isEmpty() && d != null) note = validationNote(d);
        startNote.set(note);
    }

    /**
     * When an image limit leaves fewer validation images than "Validation images" asks for, say so: the default 2,000
     * is more than a limit of 1,000 leaves (100 at a tenth), and the training silently validated on fewer.
     */
    static String validationNote(TrainConfig d) {
        if (d.limitImages() <= 0 || d.validationImages() <= 0 || d.dataset() == null || !(d.dataset().validationFraction() > 0)) return "";
        // as the dataset split counts them: a fraction of the limited images, at least one
        int split = Math.max(1, (int) Math.round(d.limitImages() * d.dataset().validationFraction()));
        if (d.validationImages() <= split) return "";
        return String.format(Locale.ROOT, "Validation images (%,d) is more than the image limit of %,d leaves for validation "
                + "(%s %% of it): each validation uses those %,d images.", d.validationImages(), d.limitImages(),
                Formats.number(100 * d.dataset().validationFraction()), split);
    }

    private void rebuildRows() {
        List<TrainingRow> out = new ArrayList<>();
        for (TrainFolders.Entry e : entries) out.add(row(e));
        rows.setAll(out);
    }

    private TrainingRow row(TrainFolders.Entry e) {
        TrainFolders.Result r = e.result();
        TrainConfig c = e.config();
        boolean running = isActive(e.directory());
        String status = running ? "training…" : !e.problem().isEmpty() && (e.architecture() == null || c == null) ? "unreadable"
                : switch (e.state()) {
                    case FINISHED -> "finished";
                    case INTERRUPTED -> "interrupted";
                    case NOT_STARTED -> "not started";
                    case PYTORCH -> "PyTorch run";
                };
        String epochs = r != null ? Integer.toString(r.epochs()) : c == null ? "—" : e.lastEpoch() + " of " + c.epochs();
        String steps = String.format(Locale.ROOT, "%,d", r != null ? r.steps() : e.lastStep());
        String images = r == null ? "—" : String.format(Locale.ROOT, "%,d / %,d", r.trainImages(), r.testImages());
        String latency = r == null || Double.isNaN(r.simulatedLatencyMs()) ? "—" : String.format(Locale.ROOT, "%.4f ms", r.simulatedLatencyMs());
        boolean resumable = e.state() != TrainFolders.State.FINISHED && e.state() != TrainFolders.State.PYTORCH && e.architecture() != null
                && c != null && !running;
        return new TrainingRow(e, folderText(e.directory()), e.architectureName(), status, epochs, steps,
                r == null ? "—" : Formats.percent(r.testAccuracy()), r == null ? "—" : Formats.percent(r.testAccuracyRaw()),
                r == null ? "—" : Formats.percent(r.validationAccuracy()), images, latency,
                r == null || Double.isNaN(r.seconds()) ? "—" : RunJob.duration(r.seconds()), LOCAL.format(e.modified().toInstant()), resumable);
    }

    /** A folder relative to the project file's folder when it is inside it ("runs/train-x"), else absolute. */
    private String folderText(Path dir) {
        Path file = model.getProjectPath();
        if (file != null) {
            Path base = file.toAbsolutePath().getParent();
            Path abs = dir.toAbsolutePath().normalize();
            if (abs.startsWith(base)) return base.relativize(abs).toString().replace('\\', '/');
        }
        return dir.toString();
    }

}
