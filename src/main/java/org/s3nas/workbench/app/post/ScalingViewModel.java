package org.s3nas.workbench.app.post;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.FrameQueue;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.io.PyTorchExporter;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.post.CompoundScaling;
import org.s3nas.workbench.post.CompoundScaling.Candidate;

/**
 * The compound scaling panel's model (paper §4.3.1): an architecture, a final latency target, the bases alpha and
 * gamma and the resolution multiple as text (parsed on {@link #run()}, with a message naming the bad field), and
 * the optional SE + h-swish of §4.3.2 applied before scaling. {@link #run()} searches in the background on the
 * project's simulated NPU; candidates appear as they are simulated (once per frame when
 * {@link #attachFrameClock()} was called), then the result replaces them. The chosen candidate (or a selected one)
 * is saved into the project through {@link WorkbenchModel#edit} (undoable), or exported as CSV or PyTorch.
 */
public final class ScalingViewModel {
    /** Paper §5.3: the scaled networks train with dropout 0.4 (as the {@code scale} command exports them). */
    static final double EXPORT_DROPOUT = 0.4;

    /** One candidate as the table shows it; numbers stay numbers so that columns sort as numbers. */
    public record CandidateRow(Candidate candidate, double targetMs, boolean chosen) {
        public String origin() { return origin(candidate.origin()); }

        public double phi() { return candidate.phi(); }

        public double depthWidthCoefficient() { return candidate.depthWidthCoefficient(); }

        public double resolutionCoefficient() { return candidate.resolutionCoefficient(); }

        /** Input height (the width scales alike); {@link #inputSize()} says both. */
        public int resolution() { return candidate.resolution(); }

        public String inputSize() { return candidate.resolution() + " × " + candidate.architecture().input().width(); }

        public String stageDepths() { return join(candidate.stageDepths()); }

        public String stageWidths() { return join(candidate.stageWidths()); }

        public int blocks() { return candidate.architecture().blocks().size(); }

        public double latencyMs() { return candidate.latencyMs(); }

        /** Latency as a fraction of the target (1 = on target). */
        public double ofTarget() { return candidate.latencyMs() / targetMs; }

        public long parameters() { return candidate.parameters(); }

        public long macs() { return candidate.macs(); }

        public boolean meetsTarget() { return candidate.meetsTarget(); }

        static String origin(CompoundScaling.Origin o) {
            return switch (o) {
                case GRID -> "grid";
                case BISECTION -> "bisection";
                case RESOLUTION_TRIM -> "resolution trim";
            };
        }
    }

    private final WorkbenchModel model;
    private final Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor;
    private final ObservableList<ArchitectureChoice> choices;

    private final ObjectProperty<ArchitectureChoice> architecture = new SimpleObjectProperty<>(this, "architecture");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final StringProperty alpha = new SimpleStringProperty(this, "alpha");
    private final StringProperty gamma = new SimpleStringProperty(this, "gamma");
    private final StringProperty resolutionMultiple = new SimpleStringProperty(this, "resolutionMultiple");
    private final BooleanProperty addSe = new SimpleBooleanProperty(this, "addSe", false);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyObjectWrapper<CompoundScaling.Result> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<CandidateRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CandidateRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<CandidateRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty saveName = new SimpleStringProperty(this, "saveName", "");

    /** Candidates simulated on the worker, shown once per frame while a search runs. */
    private final FrameQueue<Candidate> live = new FrameQueue<>(512, this::showLive);
    private boolean frameClock;
    private TaskHandle handle;
    private double runningTarget;
    /** The NPU and supernet the shown results were computed for; a project with others clears them. */
    private Project computedFor;

    ScalingViewModel(WorkbenchModel model, Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor,
                     ObservableList<ArchitectureChoice> choices) {
        this.model = model;
        this.latencyFor = latencyFor;
        this.choices = choices;
        CompoundScaling.Options d = CompoundScaling.Options.defaults();
        alpha.set(number(d.alpha()));
        gamma.set(number(d.gamma()));
        resolutionMultiple.set(Integer.toString(d.resolutionMultiple()));
        Project p = model.getProject();
        target.set(p.search() == null ? "" : number(p.search().targetLatencyMs()));
    }

    // ---- inputs ----------------------------------------------------------------------------------------------

    public ObservableList<ArchitectureChoice> architectures() { return choices; }

    public ObjectProperty<ArchitectureChoice> architectureProperty() { return architecture; }

    /** Final target latency in ms, as typed. */
    public StringProperty targetProperty() { return target; }

    /** Depth/width base: c = alpha^phi. */
    public StringProperty alphaProperty() { return alpha; }

    /** Resolution base: r = gamma^phi, more than alpha. */
    public StringProperty gammaProperty() { return gamma; }

    /** Input height and width are rounded to multiples of this. */
    public StringProperty resolutionMultipleProperty() { return resolutionMultiple; }

    /** Add SE (ratio 0.25) to every block and h-swish for ReLU before scaling (paper §4.3.2). */
    public BooleanProperty addSeProperty() { return addSe; }

    /** Selects the choice with this label; false when there is none. */
    public boolean select(String label) {
        return ArchitectureChoice.select(choices, label, architecture::set);
    }

    // ---- outputs ---------------------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** The latest candidate while running ("candidate 7: φ 0.625, 251 × 251, 5.71 ms"). */
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }

    /** What went wrong last (bad input, a failed simulation); empty when all is well. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** The search's explanation of its choice. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<CompoundScaling.Result> resultProperty() { return result.getReadOnlyProperty(); }

    public CompoundScaling.Result getResult() { return result.get(); }

    /** The candidates: live while running, then the result's (sorted by depth/width coefficient, then resolution). */
    public ObservableList<CandidateRow> candidates() { return rowsView; }

    /** The chosen candidate's row, or null. */
    public CandidateRow chosenRow() {
        return rows.stream().filter(CandidateRow::chosen).findFirst().orElse(null);
    }

    /** The row selected in the table (the view binds it); saving and export take it instead of the chosen one. */
    public ObjectProperty<CandidateRow> selectedProperty() { return selected; }

    /** Name under which {@link #save()} keeps the candidate. */
    public StringProperty saveNameProperty() { return saveName; }

    /** What {@link #save()} and {@link #exportPyTorch(Path)} act on: the selected row, else the chosen one. */
    public CandidateRow saveTarget() {
        CandidateRow s = selected.get();
        return s != null && rows.contains(s) ? s : chosenRow();
    }

    /** Makes live candidates appear once per frame; call once on the FX thread (the view does). */
    public void attachFrameClock() { frameClock = true; }

    // ---- commands --------------------------------------------------------------------------------------------

    /**
     * Starts the search. Returns false (and says why in {@link #errorProperty()}) when an input is bad or a search
     * is already running.
     */
    public boolean run() {
        if (running.get()) return false;
        error.set("");
        ArchitectureChoice choice = architecture.get();
        CompoundScaling.Options options;
        double targetMs;
        Architecture base;
        try {
            if (choice == null) throw new IllegalArgumentException("Architecture: choose one to scale.");
            targetMs = positive("Target latency", target.get(), "ms");
            double a = parse("α (depth/width base)", alpha.get());
            double g = parse("γ (resolution base)", gamma.get());
            int m = parseInt("Resolution multiple", resolutionMultiple.get());
            if (m < 1) throw new IllegalArgumentException("Resolution multiple: must be at least 1, was " + m + ".");
            try {
                options = CompoundScaling.Options.defaults().withBases(a, g).withResolutionMultiple(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Scaling options: " + e.getMessage() + ".", e);
            }
            base = addSe.get() ? SeViewModel.withSeAndHswish(choice.architecture()) : choice.architecture();
            if (model.getProject().npu() == null) throw new IllegalArgumentException("NPU: the project has no NPU configuration to simulate on.");
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return false;
        }
        Project project = model.getProject();
        CompoundScaling scaling = new CompoundScaling(options);
        ToDoubleFunction<Architecture> latency = latencyFor.apply(project.npu());
        rows.clear();
        result.set(null);
        note.set("");
        selected.set(null);
        live.drain();
        runningTarget = targetMs;
        computedFor = project;
        running.set(true);
        progress.set("Starting…");
        if (frameClock) live.start();
        String title = "Compound scaling of " + base.name() + " to " + number(targetMs) + " ms";
        model.status(title + " …");
        handle = model.executor().submit(title, p -> {
            AtomicInteger n = new AtomicInteger();
            return scaling.search(base, targetMs, a -> {
                if (p.isCancelled()) throw new CancellationException("compound scaling cancelled");
                try {
                    return latency.applyAsDouble(a);
                } catch (CancellationException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // say which candidate the simulator could not run (the name carries c and the input size)
                    throw new IllegalStateException("the simulation of '" + a.name() + "' failed: " + e.getMessage(), e);
                }
            }, c -> {
                live.offer(c);
                p.update(-1, "candidate " + n.incrementAndGet() + ": " + describe(c, targetMs));
            });
        }, this::finished, this::failed);
        return true;
    }

    /** Stops a running search; the candidates simulated so far stay. */
    public void cancel() {
        if (handle != null) handle.cancel();
    }

    private void showLive(List<Candidate> batch) {
        if (!running.get()) return; // late points of a search that has ended: its result is shown already
        for (Candidate c : batch) rows.add(new CandidateRow(c, runningTarget, false));
        Candidate last = batch.get(batch.size() - 1);
        progress.set("Candidate " + rows.size() + ": " + describe(last, runningTarget));
    }

    private void finished(CompoundScaling.Result r) {
        stopLive();
        result.set(r);
        rows.setAll(r.candidates().stream().map(c -> new CandidateRow(c, r.targetMs(), c == r.chosen())).toList());
        note.set(r.note());
        progress.set(r.candidates().size() + " candidates simulated");
        if (r.hasChoice()) {
            saveName.set(uniqueName(r.base().name() + " scaled to " + number(r.targetMs()) + " ms"));
            model.status(String.format(Locale.ROOT, "Scaled %s to %s ms: %d candidates, chosen %s at %.4f ms",
                    r.base().name(), number(r.targetMs()), r.candidates().size(), CandidateRow.origin(r.chosen().origin())
                            + " φ " + String.format(Locale.ROOT, "%.3f", r.chosen().phi()), r.chosen().latencyMs()));
        } else {
            error.set(r.note());
            model.status("Compound scaling: no candidate meets " + number(r.targetMs()) + " ms");
        }
    }

    private void failed(Throwable t) {
        stopLive();
        if (t instanceof CancellationException) {
            progress.set("Cancelled after " + rows.size() + " candidates");
            note.set("Cancelled: the " + rows.size() + " candidates simulated before the cancel are shown; nothing was chosen.");
            model.status("Compound scaling cancelled");
        } else {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            error.set("Compound scaling failed: " + m);
            progress.set("Stopped after " + rows.size() + " candidates");
            note.set("The search stopped: the candidates simulated before the failure are shown; nothing was chosen.");
            model.status("Compound scaling failed: " + m);
        }
    }

    private void stopLive() {
        running.set(false);
        live.stop();
        live.drain(); // dropped by showLive: running is false
        handle = null;
    }

    /**
     * Saves {@link #saveTarget()} into the project under {@link #saveNameProperty()} as an undoable edit (a
     * saved architecture of the same name is replaced). Returns false, saying why, when there is nothing to save or
     * no name.
     */
    public boolean save() {
        CandidateRow row = saveTarget();
        String name = saveName.get() == null ? "" : saveName.get().strip();
        if (row == null) {
            error.set("Nothing to save: run the scaling first.");
            return false;
        }
        if (name.isEmpty()) {
            error.set("Save as: the name must not be empty.");
            return false;
        }
        error.set("");
        boolean replaces = model.getProject().architectures().stream().anyMatch(a -> a.name().equals(name));
        SavedArchitecture saved = new SavedArchitecture(name, "scaled", row.candidate().architecture().withName(name), Double.NaN);
        model.edit((replaces ? "Replace" : "Save") + " scaled architecture '" + name + "'", p -> p.withArchitecture(saved));
        return true;
    }

    /** Writes every candidate of the result as CSV (io/CsvTables). Returns false, saying why, on failure. */
    public boolean exportCsv(Path file) {
        CompoundScaling.Result r = result.get();
        if (r == null) {
            error.set("Nothing to export: run the scaling to the end first.");
            return false;
        }
        try {
            CsvTables.scalingCandidates(r).write(file);
        } catch (IOException | RuntimeException e) {
            error.set("Cannot write " + file + ": " + e.getMessage());
            return false;
        }
        error.set("");
        model.status("Exported " + r.candidates().size() + " scaling candidates to " + file);
        return true;
    }

    /** Writes {@link #saveTarget()} as a PyTorch module named after {@link #saveNameProperty()}. */
    public boolean exportPyTorch(Path file) {
        CandidateRow row = saveTarget();
        if (row == null) {
            error.set("Nothing to export: run the scaling first.");
            return false;
        }
        String name = saveName.get() == null || saveName.get().isBlank() ? row.candidate().architecture().name() : saveName.get().strip();
        try {
            PyTorchExporter.write(row.candidate().architecture().withName(name), EXPORT_DROPOUT, file);
        } catch (IOException | RuntimeException e) {
            error.set("Cannot write " + file + ": " + e.getMessage());
            return false;
        }
        error.set("");
        model.status("Exported '" + name + "' as a PyTorch module to " + file);
        return true;
    }

    /** File name suggestions for the exports. */
    public String suggestedFileName(String extension) {
        String n = saveName.get() == null || saveName.get().isBlank() ? "scaling" : saveName.get();
        String base = n.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "scaling" : base) + (extension.equals(".csv") ? "-candidates" : "") + extension;
    }

    /** Called when the project changes: results computed for another NPU or supernet no longer hold. */
    void projectChanged(Project p) {
        if (computedFor != null && !running.get()
                && (!java.util.Objects.equals(p.npu(), computedFor.npu()) || !java.util.Objects.equals(p.supernet(), computedFor.supernet()))) {
            rows.clear();
            result.set(null);
            note.set("");
            progress.set("");
            computedFor = null;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String uniqueName(String wanted) {
        List<String> taken = new ArrayList<>(model.getProject().architectures().stream().map(SavedArchitecture::name).toList());
        if (!taken.contains(wanted)) return wanted;
        for (int i = 2; ; i++) if (!taken.contains(wanted + " (" + i + ")")) return wanted + " (" + i + ")";
    }

    static String describe(Candidate c, double targetMs) {
        return String.format(Locale.ROOT, "φ %.3f, c %.3f, %d × %d, %.4f ms (%.1f %% of target)", c.phi(), c.depthWidthCoefficient(),
                c.resolution(), c.architecture().input().width(), c.latencyMs(), 100 * c.latencyMs() / targetMs);
    }

    static String join(List<Integer> v) { return v.stream().map(String::valueOf).collect(Collectors.joining(", ")); }

    static String number(double d) { return org.s3nas.workbench.app.Formats.number(d); }

    static double parse(String field, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new IllegalArgumentException(field + ": enter a number.");
        try {
            double v = Double.parseDouble(t.replace(',', '.'));
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a number.");
        }
    }

    static double positive(String field, String text, String unit) {
        double v = parse(field, text);
        if (!(v > 0)) throw new IllegalArgumentException(field + ": must be more than 0 " + unit + ", was " + text.strip() + ".");
        return v;
    }

    static int parseInt(String field, String text) {
        String t = text == null ? "" : text.strip();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a whole number.");
        }
    }
}
