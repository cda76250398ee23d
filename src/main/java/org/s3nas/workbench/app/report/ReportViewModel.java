package org.s3nas.workbench.app.report;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.FrameQueue;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.TaskProgress;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.experiments.Budget;
import org.s3nas.workbench.experiments.ReportJson;
import org.s3nas.workbench.experiments.ReproductionReport.Comparison;
import org.s3nas.workbench.experiments.ReproductionReport.Planned;
import org.s3nas.workbench.experiments.ReproductionReport.Report;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.model.Project;

/**
 * The Report view's model: the paper's Tables 4-8 at small scale ({@link ReproductionReport}), our figures beside the
 * paper's. It holds the budget (a preset and the ten figures it sets, as text, parsed on {@link #run()} with a message
 * naming the bad field), runs the report as a background task with per-comparison progress and cancel, shows each
 * comparison as soon as it is made (a failed one with its error, the others still shown), reads back reports written
 * earlier ({@code report.json}, by this view or the {@code report} command) and exports every table as CSV.
 *
 * <p>Runs go where the command puts them: {@code runs/report-<budget>/} beside the project file, with
 * {@code report.json}, {@code report.txt} and {@code report.md} rewritten after each comparison. A run started again
 * with the same budget reuses the finished searches and trainings and resumes the one that was cancelled.
 */
public final class ReportViewModel {
    /** Where a comparison stands. */
    public enum State {
        WAITING("waiting"), RUNNING("running"), DONE("done"), NOT_MEASURED("not measured"), FAILED("failed"), CANCELLED("cancelled"),
        MISSING("not in this report");

        private final String label;

        State(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** Builds the engines for a run, on the worker thread (tests may pass others). */
    @FunctionalInterface
    public interface EnginesFactory {
        ReproductionReport.Engines create(Project project, Path projectFile, BooleanSupplier cancelled);
    }

    /** One figure of the budget: its label, what it means, and its text as typed. */
    public static final class BudgetField {
        private final String key, label, hint;
        private final boolean whole;
        private final StringProperty text = new SimpleStringProperty();

        BudgetField(String key, String label, String hint, boolean whole) {
            this.key = key;
            this.label = label;
            this.hint = hint;
            this.whole = whole;
        }

        /** The Budget component's name (ids in the view: {@code budget-<key>}). */
        public String key() { return key; }

        public String label() { return label; }

        public String hint() { return hint; }

        public StringProperty textProperty() { return text; }

        double parse() {
            String t = text.get() == null ? "" : text.get().strip();
            if (t.isEmpty()) throw new IllegalArgumentException(label + ": enter a number.");
            try {
                if (whole) return Integer.parseInt(t.replace(",", "").replace("_", ""));
                double v = Double.parseDouble(t.replace(',', '.'));
                if (!Double.isFinite(v)) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(label + ": '" + t + "' is not a " + (whole ? "whole number." : "number."));
            }
        }
    }

    /** One network of a comparison, as its table shows it: ours beside the paper's. */
    public record ReportRow(ReproductionReport.Row row, boolean winner) {
        public String variant() { return row.variant(); }

        /** Our top-1 in percent (NaN when not measured). */
        public double accuracyPercent() { return 100 * row.accuracy(); }

        /** The paper's top-1 in percent (NaN where the paper gives none for this row). */
        public double paperAccuracyPercent() { return 100 * row.paperAccuracy(); }

        public double latencyMs() { return row.latencyMs(); }

        public double paperLatencyMs() { return row.paperLatencyMs(); }

        /** "4,000 × 2": training images times epochs. */
        public String training() {
            return row.trainImages() == 0 ? "—" : String.format(Locale.ROOT, "%,d × %d", row.trainImages(), row.trainEpochs());
        }

        public String testImages() { return row.testImages() == 0 ? "—" : String.format(Locale.ROOT, "%,d", row.testImages()); }

        /** How the network was found and trained (the search target, the scaling, the sampling). */
        public String how() { return row.how(); }
    }

    /** One comparison (one of the paper's tables) as the view shows it. FX thread. */
    public static final class Section {
        private final String id;
        private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
        private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WAITING);
        private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
        private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
        private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
        private final ReadOnlyStringWrapper paperVerdict = new ReadOnlyStringWrapper(this, "paperVerdict", "");
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
        private final ObservableList<ReportRow> rows = FXCollections.observableArrayList();
        private final ObservableList<String> notes = FXCollections.observableArrayList();
        private Comparison comparison;

        Section(Planned p) {
            this.id = p.id();
            title.set(p.title());
            paperVerdict.set(paperText(p.paperVerdict()));
        }

        public String id() { return id; }

        public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }

        public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }

        public State getState() { return state.get(); }

        /** Fraction of this comparison's work done while it runs. */
        public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

        /** What runs now ("search 'fashion-mnist (MBConv)' at 0.08 ms"), or why the section shows nothing. */
        public ReadOnlyStringProperty activityProperty() { return activity.getReadOnlyProperty(); }

        /** Which of ours won and by how much (empty until made). */
        public ReadOnlyStringProperty verdictProperty() { return verdict.getReadOnlyProperty(); }

        /** What the paper found for the same comparison. */
        public ReadOnlyStringProperty paperVerdictProperty() { return paperVerdict.getReadOnlyProperty(); }

        /** Why the comparison could not be made; empty when it was. */
        public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

        public ObservableList<ReportRow> rows() { return rows; }

        public ObservableList<String> notes() { return notes; }

        /** The comparison as made, or null before (and when not in the report shown). */
        public Comparison comparison() { return comparison; }

        void show(Comparison c) {
            comparison = c;
            title.set(c.title());
            paperVerdict.set(paperText(c.paperVerdict()));
            notes.setAll(c.notes());
            progress.set(1);
            if (c.error() != null) {
                state.set(State.FAILED);
                error.set(c.error());
                verdict.set("");
                rows.clear();
                activity.set("");
            } else {
                // made, but a row could not be measured (e.g. no random sample at the searched latency): no winner
                state.set(c.rows().stream().anyMatch(r -> Double.isNaN(r.accuracy())) ? State.NOT_MEASURED : State.DONE);
                error.set("");
                verdict.set(c.verdict());
                activity.set("");
                rows.setAll(rowsOf(c));
            }
        }

        void set(State s, String what) {
            state.set(s);
            if (what != null) activity.set(what);
        }

        private static List<ReportRow> rowsOf(Comparison c) {
            // the winner: the better measured accuracy, when two were measured and differ
            List<ReproductionReport.Row> measured = c.rows().stream().filter(r -> !Double.isNaN(r.accuracy())).toList();
            ReproductionReport.Row best = null;
            if (measured.size() == 2 && measured.get(0).accuracy() != measured.get(1).accuracy()) {
                best = measured.stream().max(Comparator.comparingDouble(ReproductionReport.Row::accuracy)).orElseThrow();
            }
            List<ReportRow> out = new ArrayList<>();
            for (ReproductionReport.Row r : c.rows()) out.add(new ReportRow(r, r == best));
            return out;
        }

        private static String paperText(String v) { return v == null ? "" : v.replaceFirst("^paper: ", ""); }
    }

    /** What the worker reports, drained once per frame. */
    private record Event(String kind, String id, double fraction, String text, Comparison comparison, Report soFar) {}

    private static final List<String> PRESETS = List.of("small", "tiny");

    /** How to read ours beside the paper's. */
    public static final String SCALE_NOTE = "The paper's figures are ImageNet top-1 at 224 × 224 and MIDAP latency of full-size networks; "
            + "ours are the project's proxy data at its own input size. Compare which variant wins and by how much, not the absolute values.";

    private final WorkbenchModel model;
    private final EnginesFactory engines;
    private final List<BudgetField> fields = List.of(
            new BudgetField("searchImages", "Search images", "Training images of each search (before its validation split)", true),
            new BudgetField("phase1Epochs", "Phase 1 epochs", "Supernet-training epochs of each search", true),
            new BudgetField("phase2Epochs", "Phase 2 epochs", "Threshold-search epochs of each search", true),
            new BudgetField("trainImages", "Training images", "Training images of each final training (before its validation split)", true),
            new BudgetField("trainEpochs", "Training epochs", "Epochs of each final training", true),
            new BudgetField("testImages", "Test images", "Test images each accuracy is measured on (0 = the whole test split)", true),
            new BudgetField("randomSamples", "Random samples", "Architectures the random-search baseline (Table 6) short-trains", true),
            new BudgetField("randomEpochs", "Random epochs", "Epochs of each random-search short training", true),
            new BudgetField("batchSize", "Batch", "Batch size of every search and training", true),
            new BudgetField("looseTargetFactor", "Loose target ×", "Table 7's loose target = this × the project's search target", false));
    private final ObjectProperty<String> preset = new SimpleObjectProperty<>(this, "preset", "small");
    private final ReadOnlyStringWrapper budgetName = new ReadOnlyStringWrapper(this, "budgetName", "small");
    private final ReadOnlyObjectWrapper<Path> workFolder = new ReadOnlyObjectWrapper<>(this, "workFolder");

    private final ObservableList<Section> sections = FXCollections.observableArrayList();
    private final ObservableList<Section> sectionsView = FXCollections.unmodifiableObservableList(sections);
    private final ObservableList<String> reportNotes = FXCollections.observableArrayList();
    private final ObservableList<Path> found = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Report> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyObjectWrapper<Path> shownFile = new ReadOnlyObjectWrapper<>(this, "shownFile");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    private final FrameQueue<Event> events = new FrameQueue<>(1024, this::apply);
    private boolean frameClock;
    private TaskHandle handle;
    private ReproductionReport.Cancel cancel;
    private Path runningFolder;
    private Project shownFor;

    /** The real engines: the project's latency tables and the MIDAP simulator. */
    public ReportViewModel(WorkbenchModel model) {
        this(model, (p, f, cancelled) -> Workspace.of(f).reportEngines(p, cancelled, null));
    }

    public ReportViewModel(WorkbenchModel model, EnginesFactory engines) {
        this.model = Objects.requireNonNull(model);
        this.engines = Objects.requireNonNull(engines);
        preset.addListener((obs, old, now) -> { if (now != null) fill(Budget.named(now)); });
        for (BudgetField f : fields) f.textProperty().addListener((obs, old, now) -> budgetChanged());
        fill(Budget.small());
        summary.set("The paper's Tables 4–8 at small scale on the project's proxy data: real searches and trainings, "
                + "latency simulated on MIDAP, our figures beside the paper's");
        // an edit changes the project, not the folder beside it: the runs folder is listed again only when the path changes
        model.projectProperty().addListener((obs, old, p) -> projectChanged(p));
        model.projectPathProperty().addListener((obs, old, p) -> {
            refreshFound();
            projectChanged(model.getProject());
        });
        refreshFound();
        projectChanged(model.getProject());
    }

    // ---- inputs ----------------------------------------------------------------------------------------------

    public StringBinding projectName() { return model.projectNameBinding(); }

    /** The budget presets ({@link Budget#small()}, {@link Budget#tiny()}). */
    public List<String> presets() { return PRESETS; }

    /** Choosing a preset fills the budget's figures. */
    public ObjectProperty<String> presetProperty() { return preset; }

    /** The budget's figures, in the order of {@link Budget}'s components. */
    public List<BudgetField> budgetFields() { return fields; }

    /** The field of a Budget component ("trainEpochs"). */
    public BudgetField field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no budget field '" + key + "'"));
    }

    /** The preset's name while the figures are the preset's, else "custom". */
    public ReadOnlyStringProperty budgetNameProperty() { return budgetName.getReadOnlyProperty(); }

    /** Where a run with this budget goes: {@code runs/report-<budget>/} beside the project file. */
    public ReadOnlyObjectProperty<Path> workFolderProperty() { return workFolder.getReadOnlyProperty(); }

    /** Makes the worker's reports appear once per frame; call once on the FX thread (the view does). */
    public void attachFrameClock() { frameClock = true; }

    // ---- outputs ---------------------------------------------------------------------------------------------

    /** The five comparisons, in the paper's order. */
    public ObservableList<Section> sections() { return sectionsView; }

    public Section section(String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /** The report shown (complete, or the comparisons made so far while it runs); null when none. */
    public ReadOnlyObjectProperty<Report> reportProperty() { return report.getReadOnlyProperty(); }

    /** The report.json the shown report was read from or is being written to; null when none. */
    public ReadOnlyObjectProperty<Path> shownFileProperty() { return shownFile.getReadOnlyProperty(); }

    /** The report's notes: its budget, how accuracy and latency were measured, the noise. */
    public ObservableList<String> reportNotes() { return reportNotes; }

    /** Reports found beside the project ({@code runs/report-* /report.json}), newest first. */
    public ObservableList<Path> foundReports() { return found; }

    /** The report's lines as they come (searches started, networks found, accuracies), the latest 500. */
    public ObservableList<String> log() { return log; }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** One line under the title. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** Where the shown report comes from and how long it took. */
    public ReadOnlyStringProperty sourceProperty() { return source.getReadOnlyProperty(); }

    /** While running: which table, what runs, how far. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** What went wrong last (bad budget, unreadable file, a stopped run); empty when all is well. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    // ---- commands --------------------------------------------------------------------------------------------

    /** The budget as typed; throws with a message naming the field when a figure is bad. */
    public Budget budget() {
        double[] v = new double[fields.size()];
        for (int i = 0; i < v.length; i++) v[i] = fields.get(i).parse();
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] < 0) throw new IllegalArgumentException(fields.get(i).label() + ": must not be negative, was " + (int) v[i] + ".");
        }
        String name = preset.get() == null ? "custom" : preset.get();
        try {
            Budget b = make(name, v);
            return preset.get() != null && b.equals(Budget.named(name)) ? b : make("custom", v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Budget: " + e.getMessage().replaceFirst("^budget '[^']*': ", "") + ".", e);
        }
    }

    private static Budget make(String name, double[] v) {
        return new Budget(name, (int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], (int) v[6], (int) v[7], (int) v[8], v[9]);
    }

    /**
     * Starts the report in the background. Returns false (saying why in {@link #errorProperty()}) when the budget
     * is bad, the project cannot be searched, or a report is already running.
     */
    public boolean run() {
        if (running.get()) return false;
        Budget b;
        Project p = model.getProject();
        try {
            b = budget();
            if (p.search() == null) throw new IllegalArgumentException("The project has no search configuration (dataset, target latency).");
            if (p.npu() == null) throw new IllegalArgumentException("The project has no NPU configuration to simulate on.");
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return false;
        }
        error.set("");
        Path projectFile = model.getProjectPath();
        Path work = folderFor(b.name());
        List<Planned> plan = ReproductionReport.plan(p, b);
        events.drain();
        sections.setAll(plan.stream().map(Section::new).toList());
        report.set(null);
        shownFor = p;
        shownFile.set(work.resolve(ReportJson.JSON_FILE));
        reportNotes.setAll(b.describe());
        log.clear();
        source.set("Running into " + work + " (a rerun with the same budget reuses what finished)");
        status.set("Starting…");
        running.set(true);
        runningFolder = work;
        ReproductionReport.Cancel c = new ReproductionReport.Cancel();
        cancel = c;
        if (frameClock) events.start();
        String title = "Reproduction report (budget '" + b.name() + "')";
        model.status(title + " …");
        List<String> ids = plan.stream().map(Planned::id).toList();
        handle = model.executor().submit(title, tp -> {
            Files.createDirectories(work);
            ReproductionReport.Engines e = engines.create(p, projectFile, () -> c.isCancelled() || tp.isCancelled());
            Report r = ReproductionReport.run(p, Workspace.of(projectFile).projectDir(), work, b, e, listener(tp, c, ids, work), c);
            ReportJson.write(work, r);
            return r;
        }, this::finished, this::failed);
        return true;
    }

    /** Stops a running report: the search or training under way stops at a checkpoint; the comparisons made stay. */
    public void cancel() {
        if (cancel != null) cancel.cancel();
        if (handle != null) status.set("Cancelling: the run under way writes its checkpoint…");
    }

    /** Shows a report written earlier. Returns false, saying why, when the file cannot be read. */
    public boolean load(Path file) {
        if (running.get()) {
            error.set("A report is running: cancel it before opening another.");
            return false;
        }
        Report r;
        try {
            r = ReportJson.read(file);
        } catch (IOException | RuntimeException e) {
            error.set("Cannot open the report: " + e.getMessage());
            return false;
        }
        error.set("");
        show(r, file, "Opened " + file + " · " + took(r));
        shownFor = model.getProject();
        // the budget it was made with, so that Run continues it in the same folder
        if (PRESETS.contains(r.budget().name()) && r.budget().equals(Budget.named(r.budget().name()))) {
            preset.set(r.budget().name());
        }
        fill(r.budget());
        model.status("Opened the reproduction report " + file);
        return true;
    }

    /**
     * Writes every comparison that was made as {@code <table>.csv} in {@code dir} ({@link CsvTables#reportComparison}).
     * Returns the files written; a failed comparison has no table and is skipped (the status line says so).
     */
    public List<Path> exportCsv(Path dir) {
        List<Path> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Section s : sections) {
            Comparison c = s.comparison();
            if (c == null || c.error() != null) {
                skipped.add(s.id());
                continue;
            }
            Path f = dir.resolve(c.id() + ".csv");
            try {
                CsvTables.reportComparison(c).write(f);
            } catch (IOException | RuntimeException e) {
                error.set("Cannot write " + f + ": " + e.getMessage());
                return written;
            }
            written.add(f);
        }
        if (written.isEmpty()) {
            error.set("Nothing to export: no comparison has been made yet.");
            return written;
        }
        error.set("");
        model.status("Exported " + written.size() + " table" + (written.size() == 1 ? "" : "s") + " as CSV to " + dir
                + (skipped.isEmpty() ? "" : " (not made: " + String.join(", ", skipped) + ")"));
        return written;
    }

    /** The view wrote its PNG. */
    public void exported(Path png) {
        error.set("");
        model.status("Exported the report as " + png);
    }

    /** The view could not write its PNG. */
    public void exportFailed(Path png, Exception e) {
        error.set("Cannot write " + png + ": " + Formats.message(e));
    }

    /** A file name for the PNG of the view: {@code report-<budget>.png}. */
    public String suggestedPngName() {
        Report r = report.get();
        return "report-" + (r == null ? budgetName.get() : r.budget().name()) + ".png";
    }

    /** Where exports go by default: the shown report's folder, else the work folder. */
    public Path exportFolder() {
        Path f = shownFile.get();
        return f != null ? f.getParent() : workFolder.get();
    }

    /** Looks again for reports beside the project. */
    public void refreshFound() {
        Path root = Workspace.of(model.getProjectPath()).runsRoot();
        List<Path> list = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(d -> d.getFileName().toString().startsWith("report-")).map(d -> d.resolve(ReportJson.JSON_FILE))
                        .filter(Files::isRegularFile).forEach(list::add);
            } catch (IOException e) {
                // an unreadable runs folder just lists nothing
            }
        }
        java.util.Map<Path, Long> times = new java.util.HashMap<>();
        for (Path f : list) times.put(f, modified(f)); // one stat a file, not one a comparison
        list.sort(Comparator.comparing((Path f) -> times.get(f)).reversed());
        found.setAll(list);
    }

    // ---- the running report ----------------------------------------------------------------------------------

    private ReproductionReport.Listener listener(TaskProgress tp, ReproductionReport.Cancel c, List<String> ids, Path work) {
        return new ReproductionReport.Listener() {
            @Override
            public void say(String line) { events.offer(new Event("line", null, 0, line, null, null)); }

            @Override
            public void started(Planned p) { events.offer(new Event("started", p.id(), 0, null, null, null)); }

            @Override
            public void progress(String id, double fraction, String what) {
                // the shell's Cancel (status bar) cancels the task; pass it on so the run stops at a checkpoint
                if (tp.isCancelled()) c.cancel();
                events.offer(new Event("progress", id, fraction, what, null, null));
                int i = ids.indexOf(id);
                tp.update((Math.max(0, i) + fraction) / ids.size(), title(id) + ": " + what);
            }

            @Override
            public void finished(Comparison comparison, Report soFar) {
                try {
                    ReportJson.write(work, soFar); // a partial report that a later open shows
                } catch (IOException e) {
                    say("cannot write the partial report: " + e.getMessage());
                }
                events.offer(new Event("finished", comparison.id(), 1, null, comparison, soFar));
            }
        };
    }

    private void apply(List<Event> batch) {
        if (!running.get()) return; // late reports of a run that has ended: its result is shown already
        for (Event e : batch) {
            Section s = e.id() == null ? null : section(e.id());
            switch (e.kind()) {
                case "line" -> {
                    log.add(e.text());
                    if (log.size() > 500) log.remove(0, log.size() - 500);
                }
                case "started" -> { if (s != null) s.set(State.RUNNING, "starting"); }
                case "progress" -> {
                    if (s != null) {
                        s.set(State.RUNNING, e.text());
                        s.progress.set(e.fraction());
                    }
                    status.set(title(e.id()) + " · " + e.text() + " · " + Math.round(100 * e.fraction()) + " %");
                }
                case "finished" -> {
                    if (s != null) s.show(e.comparison());
                    report.set(e.soFar());
                    reportNotes.setAll(e.soFar().notes());
                }
                default -> throw new IllegalStateException(e.kind());
            }
        }
    }

    private void finished(Report r) {
        stopEvents();
        show(r, runningFolder.resolve(ReportJson.JSON_FILE), "Made in " + duration(r.seconds()) + " · written to " + runningFolder);
        status.set("");
        refreshFound();
        long failed = r.comparisons().stream().filter(c -> c.error() != null).count();
        model.status("Reproduction report done in " + duration(r.seconds()) + (failed == 0 ? "" : " · " + failed + " comparison"
                + (failed == 1 ? "" : "s") + " failed") + " · " + runningFolder.resolve(ReportJson.JSON_FILE));
    }

    private void failed(Throwable t) {
        boolean cancelled = t instanceof CancellationException || (cancel != null && cancel.isCancelled());
        // the shell's Cancel ends the task at once: make sure the engine stops too (at its next checkpoint)
        if (cancelled && cancel != null) cancel.cancel();
        stopEvents();
        for (Section s : sections) {
            if (s.getState() == State.RUNNING) {
                if (cancelled) s.set(State.CANCELLED, "Cancelled: run again with the same budget to resume from its checkpoint.");
                else {
                    s.set(State.FAILED, "");
                    s.error.set(Formats.message(t));
                }
            } else if (s.getState() == State.WAITING) {
                s.set(State.WAITING, "not run");
            }
        }
        refreshFound();
        status.set("");
        int made = report.get() == null ? 0 : report.get().comparisons().size();
        String kept = made == 0 ? "no comparison was made yet"
                : made + " comparison" + (made == 1 ? " was" : "s were") + " made and written to " + runningFolder.resolve(ReportJson.JSON_FILE);
        if (cancelled) {
            source.set("Cancelled · " + kept + " · run again with the same budget to resume");
            model.status("Reproduction report cancelled");
        } else {
            error.set("The report stopped: " + Formats.message(t));
            source.set("Stopped · " + kept);
            model.status("Reproduction report failed: " + Formats.message(t));
        }
    }

    private void stopEvents() {
        events.stop();
        events.drain(); // applied: running is still true
        running.set(false);
        handle = null;
        cancel = null;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void show(Report r, Path file, String from) {
        List<Section> out = new ArrayList<>();
        for (Planned p : ReproductionReport.plan(r.targetMs(), r.budget())) {
            Section s = new Section(p);
            r.comparisons().stream().filter(c -> c.id().equals(p.id())).findFirst()
                    .ifPresentOrElse(s::show, () -> s.set(State.MISSING, "Not in this report: its run had not reached this comparison when the report was written."));
            out.add(s);
        }
        sections.setAll(out);
        report.set(r);
        shownFile.set(file);
        reportNotes.setAll(r.notes());
        source.set(from);
    }

    private void fill(Budget b) {
        double[] v = {b.searchImages(), b.phase1Epochs(), b.phase2Epochs(), b.trainImages(), b.trainEpochs(), b.testImages(),
                b.randomSamples(), b.randomEpochs(), b.batchSize(), b.looseTargetFactor()};
        for (int i = 0; i < v.length; i++) fields.get(i).textProperty().set(org.s3nas.workbench.app.Formats.number(v[i]));
    }

    private void budgetChanged() {
        String name;
        try {
            name = budget().name();
        } catch (IllegalArgumentException e) {
            name = "custom";
        }
        budgetName.set(name);
        workFolder.set(folderFor(name));
    }

    private Path folderFor(String budgetName) {
        return Workspace.of(model.getProjectPath()).reportDirectory(budgetName);
    }

    private void projectChanged(Project p) {
        budgetChanged();
        if (running.get()) return;
        if (shownFor != null && shownFor != p && !sameSearch(shownFor, p)) {
            // the shown report was made for another project: show the one beside this project, if any
            clear();
        }
        if (report.get() == null && !found.isEmpty()) {
            Path newest = found.get(0);
            String keep = error.get();
            if (!load(newest)) error.set(keep + (keep.isEmpty() ? "" : " · ") + "The newest report beside the project cannot be read: "
                    + newest);
        }
        if (report.get() == null && sections.isEmpty()) {
            Budget b;
            try {
                b = budget();
            } catch (IllegalArgumentException e) {
                b = Budget.small();
            }
            sections.setAll(p.search() == null ? List.of() : ReproductionReport.plan(p, b).stream().map(s -> {
                Section x = new Section(s);
                x.set(State.WAITING, "Not run yet: choose a budget and press Run.");
                return x;
            }).toList());
            source.set(found.isEmpty() ? "No report beside this project yet" : "");
        }
    }

    private static boolean sameSearch(Project a, Project b) {
        return Objects.equals(a.supernet(), b.supernet()) && Objects.equals(a.npu(), b.npu()) && Objects.equals(a.search(), b.search());
    }

    private void clear() {
        sections.clear();
        report.set(null);
        shownFile.set(null);
        reportNotes.clear();
        source.set("");
        shownFor = null;
    }

    private String title(String id) {
        Section s = id == null ? null : section(id);
        if (s == null) return id == null ? "" : id;
        String t = s.titleProperty().get();
        int colon = t.indexOf(':');
        return colon > 0 ? t.substring(0, colon) : t;
    }

    private static String took(Report r) {
        return Double.isNaN(r.seconds()) ? "" : "made in " + duration(r.seconds());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }


    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
