package org.s3nas.workbench.app.timeline;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
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
import org.s3nas.workbench.app.ArchitectureRows;
import org.s3nas.workbench.app.ArchitectureRows.BlockRow;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.ChromeTraceWriter;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.TimelineEvent;

/**
 * The Timeline view's model. It offers what can be run on the NPU (the project's supernet at its largest and
 * smallest, the project's saved architectures, the built-in reference networks), simulates the chosen one on the
 * project's NPU configuration in the background, and exposes the result as read-only properties: the Gantt chart's
 * state ({@link #chart()}), the per-layer rows, the per-block totals, the details of the selection and range.
 * Edits of the NPU configuration go through {@link WorkbenchModel#edit} (undoable, marks the project dirty); any change
 * of the project's NPU re-simulates, debounced, cancelling a simulation still running.
 */
public final class TimelineViewModel {
    /** Opens the view on a reference network, e.g. {@code -Ds3nas.timeline.network=efficientnet-b0}. */
    public static final String NETWORK_PROPERTY = "s3nas.timeline.network";
    /** Edits closer together than this re-simulate once. */
    public static final long DEBOUNCE_MS = 150;

    /**
     * An architecture one can inspect, with where it comes from.
     *
     * @param architecture null for a reference network that only exists lowered (MobileNetV1)
     * @param reference    the built-in network's name ({@link ReferenceNetworks}), or null for the project's own
     */
    public record Candidate(String name, String origin, Architecture architecture, String reference) {
        public boolean isReference() { return reference != null; }

        @Override
        public String toString() { return name; }
    }

    /** One layer of the simulation, for the table. */
    public record LayerRow(int index, String name, String kind, String role, int stage, int block, long start,
                           long cycles, long stallCycles, long macs, long dramBytes, double utilisation) {}

    /** A line of the details pane; {@code value == null} makes it a heading. */
    public record DetailRow(String label, String value) {
        public boolean heading() { return value == null; }
    }

    /** One editable field of the NPU configuration (a component of {@link NpuConfig}). */
    public record NpuField(String name, String label, String category, String description, Class<?> type) {}

    /** What a background simulation hands back to the FX thread. */
    private record Computed(Candidate candidate, NpuConfig npu, SimulationResult result, TimelineData data, long millis) {}

    private final WorkbenchModel model;
    private final long debounceMs;
    private final ObservableList<Candidate> candidates = FXCollections.observableArrayList();
    private final ObservableList<Candidate> candidatesView = FXCollections.unmodifiableObservableList(candidates);
    private final ObservableList<Candidate> references = FXCollections.observableArrayList();
    private final ObservableList<Candidate> sources = FXCollections.observableArrayList();
    private final ObservableList<Candidate> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ReadOnlyObjectWrapper<Candidate> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<BlockRow> blocks = FXCollections.observableArrayList();
    private final ObservableList<BlockRow> blocksView = FXCollections.unmodifiableObservableList(blocks);
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);

    private final TimelineChartModel chart = new TimelineChartModel();
    private final ReadOnlyObjectWrapper<SimulationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper simulating = new ReadOnlyBooleanWrapper(this, "simulating");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerRow> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<DetailRow> details = FXCollections.observableArrayList();
    private final ObservableList<DetailRow> detailsView = FXCollections.unmodifiableObservableList(details);
    private final ReadOnlyStringWrapper detailsTitle = new ReadOnlyStringWrapper(this, "detailsTitle", "");
    private final ObjectProperty<TimeUnit> unit = new SimpleObjectProperty<>(this, "unit", TimeUnit.CYCLES);
    private final ReadOnlyObjectWrapper<NpuConfig> npu = new ReadOnlyObjectWrapper<>(this, "npu");
    private final ReadOnlyStringWrapper npuProblem = new ReadOnlyStringWrapper(this, "npuProblem", "");
    private final List<NpuField> npuFields = npuFields();

    private TaskHandle pending;
    private long generation;
    /** What the result on screen was computed from. */
    private Candidate shownCandidate;
    /** The NPU of the latest simulation asked for. */
    private NpuConfig requestedNpu;

    public TimelineViewModel(WorkbenchModel model) {
        this(model, DEBOUNCE_MS, System.getProperty(NETWORK_PROPERTY));
    }

    /**
     * @param debounceMs       how long an NPU edit waits for the next one before it re-simulates
     * @param initialReference a reference network to open on instead of the project's largest architecture (may be null)
     */
    public TimelineViewModel(WorkbenchModel model, long debounceMs, String initialReference) {
        this.model = model;
        this.debounceMs = debounceMs;
        for (String name : ReferenceNetworks.names()) {
            Architecture a = ReferenceNetworks.architecture(name).orElse(null);
            String origin = "built-in reference network · " + (a != null ? ArchitectureRows.summary(a)
                    : ArchitectureRows.summary(ReferenceNetworks.byName(name, model.getProject().npu())));
            references.add(new Candidate(name, origin, a, name));
        }
        selected.addListener((obs, old, c) -> {
            show(c);
            simulate(0);
        });
        chart.selectionProperty().addListener((obs, old, s) -> updateDetails());
        chart.rangeProperty().addListener((obs, old, r) -> updateDetails());
        unit.addListener((obs, old, u) -> updateDetails());
        npu.set(model.getProject().npu());
        model.projectProperty().addListener((obs, old, p) -> {
            npu.set(p.npu());
            Candidate before = selected.get();
            load(p);
            if (java.util.Objects.equals(before, selected.get()) && selected.get() != null && !p.npu().equals(requestedNpu)) {
                simulate(this.debounceMs);
            }
        });
        Candidate initial = initialReference == null ? null
                : references.stream().filter(c -> c.name().equals(initialReference)).findFirst().orElse(null);
        if (initialReference != null && initial == null) {
            message.set("Unknown network '" + initialReference + "' (" + NETWORK_PROPERTY + "); built-in networks: "
                    + String.join(", ", ReferenceNetworks.names()));
        }
        load(model.getProject(), initial);
    }

    // ---- what to inspect -------------------------------------------------------------------------------------

    public StringBinding projectName() { return model.projectNameBinding(); }

    /** The project's architectures: the supernet's largest and smallest members, then the saved ones. */
    public ObservableList<Candidate> candidates() { return candidatesView; }

    /** Everything one can inspect: the project's candidates, then the built-in reference networks. */
    public ObservableList<Candidate> sources() { return sourcesView; }

    public ReadOnlyObjectProperty<Candidate> selectedProperty() { return selected.getReadOnlyProperty(); }

    /** Selects a candidate and simulates it (null selects nothing). */
    public void select(Candidate c) {
        if (c != null && !sources.contains(c)) throw new IllegalArgumentException("not a candidate: " + c.name());
        selected.set(c);
    }

    /** Selects a built-in network by name ({@link ReferenceNetworks#names()}). */
    public void selectReference(String name) {
        select(references.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown network '" + name + "'; built-in networks: "
                        + String.join(", ", ReferenceNetworks.names()))));
    }

    /** The blocks of the selected architecture (empty for MobileNetV1, which has no architecture record). */
    public ObservableList<BlockRow> blocks() { return blocksView; }

    /** Figures of the selected architecture and, once simulated, of its simulation. */
    public ObservableList<Fact> facts() { return factsView; }

    private void load(Project p) { load(p, null); }

    private void load(Project p, Candidate prefer) {
        Candidate keep = prefer != null ? prefer : selected.get();
        List<Candidate> list = new ArrayList<>();
        // largest()/smallest() walk the block positions, which needs a valid supernet.
        if (!Validator.hasErrors(Validator.validateSupernet(p.supernet(), "supernet"))) {
            list.add(new Candidate("Largest in the supernet", "every superkernel at its largest kernel and expansion", p.supernet().largest(), null));
            list.add(new Candidate("Smallest in the supernet", "every superkernel at its smallest choice; skips where allowed", p.supernet().smallest(), null));
        }
        for (SavedArchitecture a : p.architectures()) {
            String origin = "saved · " + (a.source() == null || a.source().isBlank() ? "unknown source" : a.source())
                    + (Double.isNaN(a.accuracy()) ? "" : " · accuracy " + Formats.percent(a.accuracy()));
            list.add(new Candidate(a.name(), origin, a.architecture(), null));
        }
        // an edit that leaves the candidates as they were (the NPU, its undo) replaces nothing: a ComboBox whose
        // items are replaced clears its value, and the Network box went blank
        if (!candidates.equals(list)) candidates.setAll(list);
        List<Candidate> all = new ArrayList<>(list);
        all.addAll(references);
        if (!sources.equals(all)) sources.setAll(all);
        Candidate next = keep == null ? null : all.stream()
                .filter(c -> c.name().equals(keep.name()) && c.isReference() == keep.isReference()).findFirst().orElse(null);
        if (next == null) next = all.isEmpty() ? null : all.get(0);
        // an equal candidate (the same architecture after an unrelated edit) fires nothing: no new simulation
        selected.set(next);
        show(selected.get());
    }

    private void show(Candidate c) {
        if (c == null || c.architecture() == null) {
            blocks.clear();
        } else {
            blocks.setAll(ArchitectureRows.blocks(c.architecture()));
        }
        updateFacts();
    }

    private void updateFacts() {
        Candidate c = selected.get();
        List<Fact> out = new ArrayList<>();
        if (c != null) {
            out.add(new Fact("Architecture", c.name(), c.origin()));
            Architecture a = c.architecture();
            if (a != null) {
                out.add(new Fact("Input", Formats.shape(a.input()), "Input image: height × width × channels"));
                out.add(new Fact("Blocks", Long.toString(ArchitectureRows.computingBlocks(a)), "Blocks that compute (skips removed)"));
            }
            SimulationResult r = result.get();
            if (r != null && c.equals(shownCandidate)) {
                out.add(new Fact("Latency", String.format(Locale.ROOT, "%.3f ms", r.latencyMs()), Figures.exact(r.totalCycles()) + " cycles"));
                out.add(new Fact("Stalls", Figures.percent((double) r.stallCycles() / Math.max(1, r.totalCycles())),
                        Figures.exact(r.stallCycles()) + " cycles waiting for DRAM"));
                out.add(new Fact("MACs", Figures.count(r.macs()), "Multiply-accumulates"));
                out.add(new Fact("DRAM", Figures.bytes(r.dramBytes()), "Read " + Figures.bytes(r.dramBytesRead()) + ", written " + Figures.bytes(r.dramBytesWritten())));
                out.add(new Fact("MAC utilisation", Figures.percent(r.macUtilisation()), "MACs / (cycles × MACs per cycle)"));
            }
        }
        facts.setAll(out);
    }

    // ---- simulation ------------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<SimulationResult> resultProperty() { return result.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty simulatingProperty() { return simulating.getReadOnlyProperty(); }

    /** What the view is doing or what went wrong ("Simulating …", "Simulated efficientnet-b0 in 310 ms"). */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** One line about the simulation on screen, for the header. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** Simulates the selected candidate on the project's NPU again (F5). */
    public void resimulate() { simulate(0); }

    /**
     * Starts a simulation of the selected candidate on the project's NPU after {@code delayMs}, cancelling one that
     * is waiting or running. Only the latest request's result is shown.
     */
    private void simulate(long delayMs) {
        Candidate c = selected.get();
        long gen = ++generation;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        if (c == null) {
            simulating.set(false);
            applyResult(null);
            return;
        }
        NpuConfig n = model.getProject().npu();
        requestedNpu = n;
        List<Problem> problems = Validator.validateNpu(n, "npu");
        if (Validator.hasErrors(problems)) {
            simulating.set(false);
            message.set("Cannot simulate: " + problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR)
                    .map(Problem::toString).findFirst().orElse("invalid NPU configuration"));
            return;
        }
        simulating.set(true);
        message.set("Simulating " + c.name() + " …");
        pending = model.executor().submit("Simulating " + c.name(), p -> {
            if (delayMs > 0) Thread.sleep(delayMs); // a cancel interrupts the wait: debounced
            if (p.isCancelled()) throw new CancellationException();
            long t0 = System.nanoTime();
            MidapSimulator sim = new MidapSimulator(n);
            SimulationResult r = c.isReference() ? sim.simulate(ReferenceNetworks.byName(c.reference(), n)) : sim.simulate(c.architecture());
            if (p.isCancelled()) throw new CancellationException();
            TimelineData d = TimelineData.of(r, n.clockGHz());
            return new Computed(c, n, r, d, (System.nanoTime() - t0) / 1_000_000);
        }, computed -> {
            if (gen != generation) return;
            pending = null;
            simulating.set(false);
            boolean same = c.equals(shownCandidate) && chart.getData() != null
                    && chart.getData().layers().size() == computed.data().layers().size();
            shownCandidate = c;
            message.set("Simulated " + c.name() + " in " + computed.millis() + " ms: " + Figures.exact(computed.data().events().size()) + " events");
            applyResult(computed, same);
        }, error -> {
            if (gen != generation) return;
            pending = null;
            simulating.set(false);
            if (error instanceof CancellationException || error instanceof InterruptedException) {
                message.set("Simulation of " + c.name() + " cancelled");
            } else {
                message.set("Cannot simulate " + c.name() + ": " + Formats.message(error));
                applyResult(null);
            }
        });
    }

    private void applyResult(Computed c) { applyResult(c, false); }

    private void applyResult(Computed c, boolean keepView) {
        result.set(c == null ? null : c.result());
        List<LayerRow> rows = new ArrayList<>();
        if (c != null) {
            for (LayerResult l : c.result().layers()) {
                // a tiled layer (the banks could not hold its plan: it ran in pieces from DRAM) is marked in its kind,
                // short enough for the column
                String shortKind = l.kind() == org.s3nas.workbench.npu.LayerKind.DEPTHWISE ? "DW" : kindName(l);
                // a layer split into output-channel groups (bias memory or reduction buffer) is marked the same way
                String kind = l.channelGroups() > 1 ? shortKind + " · " + l.channelGroups() + " groups"
                        : !l.tiled() ? kindName(l) : shortKind + " · tiled";
                rows.add(new LayerRow(l.index(), l.name(), kind, l.role(), l.stage(), l.block(), l.startCycle(),
                        l.cycles(), l.stallCycles(), l.macs(), l.dramBytes(), l.macUtilisation()));
            }
        }
        chart.setData(c == null ? null : c.data(), keepView);
        layers.setAll(rows);
        SimulationResult r = c == null ? null : c.result();
        summary.set(r == null ? "" : String.format(Locale.ROOT, "%s · %s cycles · %.3f ms · %s stalled · %s MACs · %s DRAM",
                r.network(), Figures.exact(r.totalCycles()), r.latencyMs(), Figures.percent((double) r.stallCycles() / Math.max(1, r.totalCycles())),
                Figures.count(r.macs()), Figures.bytes(r.dramBytes())));
        updateFacts();
        updateDetails();
    }

    static String kindName(LayerResult l) {
        return switch (l.kind()) {
            case GEMM -> "GEMM";
            case CONV -> "Conv";
            case DEPTHWISE -> "Depthwise";
            case FC -> "FC";
            case SUM -> "Sum";
            case MUL -> "Mul";
        };
    }

    // ---- chart, table, details -------------------------------------------------------------------------------

    /** The Gantt chart's state: rows, window, selection, range. */
    public TimelineChartModel chart() { return chart; }

    public ReadOnlyObjectProperty<TimelineData> dataProperty() { return chart.dataProperty(); }

    /** The layers of the simulation on screen, in processing order. */
    public ObservableList<LayerRow> layers() { return layersView; }

    /** Selects a layer (from the table or the search field) and zooms to it. */
    public void selectLayer(int index) {
        TimelineData d = chart.getData();
        if (d == null || index < 0 || index >= d.layers().size()) return;
        chart.selectLayer(index);
        LayerResult l = d.layers().get(index);
        chart.focus(l.startCycle(), l.endCycle());
    }

    /** Selects a block (from the block chart) and zooms to it. */
    public void selectBlock(int index) {
        TimelineData d = chart.getData();
        if (d == null || index < 0 || index >= d.blocks().size()) return;
        chart.selectBlock(index);
        TimelineData.Block b = d.blocks().get(index);
        chart.focus(b.start(), b.end());
    }

    /**
     * Finds a layer by name (exactly, ignoring case; else the first whose name starts with, then contains, the text),
     * selects it and zooms to it. Returns the layer's name, or empty when nothing matches.
     */
    public Optional<String> find(String text) {
        TimelineData d = chart.getData();
        String q = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (d == null || q.isEmpty()) return Optional.empty();
        int hit = -1;
        for (int pass = 0; pass < 3 && hit < 0; pass++) {
            for (LayerResult l : d.layers()) {
                String n = l.name().toLowerCase(Locale.ROOT);
                if (pass == 0 ? n.equals(q) : pass == 1 ? n.startsWith(q) : n.contains(q)) {
                    hit = l.index();
                    break;
                }
            }
        }
        if (hit < 0) {
            message.set("No layer matches '" + text.strip() + "'");
            return Optional.empty();
        }
        selectLayer(hit);
        return Optional.of(d.layers().get(hit).name());
    }

    public ObjectProperty<TimeUnit> unitProperty() { return unit; }

    /** The details pane: the selection, then the range (headings have a null value). */
    public ObservableList<DetailRow> details() { return detailsView; }

    public ReadOnlyStringProperty detailsTitleProperty() { return detailsTitle.getReadOnlyProperty(); }

    /** One line about a slice, for the hover card. */
    public String describe(Lane lane, int slice) {
        TimelineData d = chart.getData();
        if (d == null || lane == null || slice < 0 || slice >= lane.slices().size()) return "";
        TimeUnit u = unit.get();
        double clock = d.clockGHz();
        int ref = lane.slices().ref(slice);
        return switch (lane.refs()) {
            case EVENTS -> {
                TimelineEvent e = d.events().get(ref);
                yield e.label() + "\n" + e.track().label() + " · " + u.format(e.start(), clock) + " → " + u.format(e.end(), clock)
                        + "\n" + u.format(e.duration(), clock) + (e.bytes() > 0 ? " · " + Figures.bytes(e.bytes()) : "");
            }
            case LAYERS -> {
                LayerResult l = d.layers().get(ref);
                yield l.name() + " · " + kindName(l) + " · " + l.role() + "\n" + u.format(l.cycles(), clock)
                        + " · stalls " + u.format(l.stallCycles(), clock) + "\n" + Figures.count(l.macs()) + " MACs · "
                        + Figures.bytes(l.dramBytes()) + " DRAM · util " + Figures.percent(l.macUtilisation());
            }
            case BLOCKS -> {
                TimelineData.Block b = d.blocks().get(ref);
                yield b.label() + " (stage " + Figures.stage(b.stage()) + ", " + b.layerCount() + " layers)\n" + u.format(b.cycles(), clock)
                        + " · stalls " + u.format(b.stallCycles(), clock) + "\n" + Figures.count(b.macs()) + " MACs · "
                        + Figures.bytes(b.dramBytes()) + " DRAM";
            }
        };
    }

    private void updateDetails() {
        TimelineData d = chart.getData();
        List<DetailRow> out = new ArrayList<>();
        String title = "";
        TimelineChartModel.Selection s = chart.getSelection();
        if (d != null && s != null) {
            int ref = s.ref();
            switch (s.lane().refs()) {
                case EVENTS -> {
                    TimelineEvent e = d.events().get(ref);
                    title = e.label();
                    out.add(new DetailRow("Event", null));
                    out.add(new DetailRow("Track", e.track().label()));
                    times(out, d, e.start(), e.end());
                    if (e.bytes() > 0) out.add(new DetailRow("Bytes", Figures.bytes(e.bytes()) + " (" + Figures.exact(e.bytes()) + " B)"));
                    layer(out, d, d.layers().get(e.layer()));
                }
                case LAYERS -> {
                    LayerResult l = d.layers().get(ref);
                    title = l.name();
                    layer(out, d, l);
                }
                case BLOCKS -> {
                    TimelineData.Block b = d.blocks().get(ref);
                    title = b.label() + " · stage " + Figures.stage(b.stage());
                    block(out, d, b);
                }
            }
        }
        RangeTotals r = chart.getRange();
        if (d != null && r != null) {
            if (title.isEmpty()) title = "Range of " + unit.get().format(r.duration(), d.clockGHz());
            range(out, d, r);
        }
        if (d != null && out.isEmpty()) {
            title = d.network();
            network(out, d);
        }
        detailsTitle.set(title);
        details.setAll(out);
    }

    private void times(List<DetailRow> out, TimelineData d, double start, double end) {
        TimeUnit u = unit.get();
        double clock = d.clockGHz();
        out.add(new DetailRow("Start", u.format(start, clock)));
        out.add(new DetailRow("End", u.format(end, clock)));
        out.add(new DetailRow("Duration", TimeUnit.both(end - start, clock)));
    }

    /**
     * The work of a layer, a block or a range of {@code cycles}: its compute cycles, its stall cycles (with their share)
     * and what they waited for, its MACs.
     */
    private static void work(List<DetailRow> out, double cycles, double compute, double featureStall, double weightStall,
                             double biasStall, double macs) {
        double stalls = featureStall + weightStall + biasStall;
        out.add(new DetailRow("Compute", Figures.exact(compute)));
        out.add(new DetailRow("Stalls", Figures.share(stalls, cycles, Figures.exact(stalls))));
        out.add(new DetailRow("  feature", Figures.exact(featureStall)));
        out.add(new DetailRow("  weight", Figures.exact(weightStall)));
        out.add(new DetailRow("  bias", Figures.exact(biasStall)));
        out.add(new DetailRow("MACs", Figures.exact(macs)));
    }

    private void layer(List<DetailRow> out, TimelineData d, LayerResult l) {
        out.add(new DetailRow("Layer", null));
        out.add(new DetailRow("Layer", l.name()));
        out.add(new DetailRow("Kind", kindName(l) + " · " + l.role()));
        if (l.tiled()) out.add(new DetailRow("Plan", "tiled: in pieces from DRAM (see its tile loads)"));
        if (l.channelGroups() > 1) {
            out.add(new DetailRow("Plan", l.channelGroups() + " output-channel groups (bias memory or reduction buffer), each "
                    + "run from DRAM as a layer of its own (see the group in its loads)"));
        }
        out.add(new DetailRow("Stage", l.stage() < 0 ? l.segment().name().toLowerCase(Locale.ROOT) : Figures.stage(l.stage())));
        out.add(new DetailRow("Block", l.block() < 0 ? l.segment().name().toLowerCase(Locale.ROOT) : Integer.toString(l.block())));
        times(out, d, l.startCycle(), l.endCycle());
        out.add(new DetailRow("Cycles", Figures.share(l.cycles(), d.totalCycles(), Figures.exact(l.cycles()))));
        work(out, l.cycles(), l.computeCycles(), l.featureStall(), l.weightStall(), l.biasStall(), l.macs());
        out.add(new DetailRow("DRAM read", Figures.bytes(l.dramBytesRead())));
        out.add(new DetailRow("DRAM written", Figures.bytes(l.dramBytesWritten())));
        out.add(new DetailRow("MAC utilisation", Figures.percent(l.macUtilisation())));
    }

    private void block(List<DetailRow> out, TimelineData d, TimelineData.Block b) {
        out.add(new DetailRow("Block", null));
        out.add(new DetailRow("Layers", b.layerCount() + " (" + d.layers().get(b.firstLayer()).name() + " … " + d.layers().get(b.lastLayer()).name() + ")"));
        times(out, d, b.start(), b.end());
        out.add(new DetailRow("Cycles", Figures.share(b.cycles(), d.totalCycles(), Figures.exact(b.cycles()))));
        work(out, b.cycles(), b.computeCycles(), b.featureStall(), b.weightStall(), b.biasStall(), b.macs());
        out.add(new DetailRow("DRAM read", Figures.bytes(b.dramBytesRead())));
        out.add(new DetailRow("DRAM written", Figures.bytes(b.dramBytesWritten())));
    }

    private void range(List<DetailRow> out, TimelineData d, RangeTotals r) {
        out.add(new DetailRow("Range", null));
        times(out, d, r.start(), r.end());
        out.add(new DetailRow("Layers", r.layers() + " (" + r.wholeLayers() + " whole)"));
        out.add(new DetailRow("Cycles", Figures.exact(r.cycles())));
        work(out, r.cycles(), r.computeCycles(), r.featureStall(), r.weightStall(), r.biasStall(), r.macs());
        out.add(new DetailRow("DRAM bytes", Figures.bytes(r.dramBytes())));
        out.add(new DetailRow("DRAM moved", Figures.bytes(r.dramTransferred())));
    }

    private void network(List<DetailRow> out, TimelineData d) {
        SimulationResult r = result.get();
        if (r == null) return;
        out.add(new DetailRow("Network", null));
        out.add(new DetailRow("Layers", Integer.toString(r.layers().size())));
        out.add(new DetailRow("Events", Figures.exact(d.events().size())));
        out.add(new DetailRow("Cycles", Figures.exact(r.totalCycles())));
        out.add(new DetailRow("Latency", String.format(Locale.ROOT, "%.3f ms", r.latencyMs())));
        out.add(new DetailRow("Stalls", Figures.share(r.stallCycles(), r.totalCycles(), Figures.exact(r.stallCycles()))));
        out.add(new DetailRow("MACs", Figures.exact(r.macs())));
        out.add(new DetailRow("DRAM read", Figures.bytes(r.dramBytesRead())));
        out.add(new DetailRow("DRAM written", Figures.bytes(r.dramBytesWritten())));
        out.add(new DetailRow("MAC utilisation", Figures.percent(r.macUtilisation())));
    }

    // ---- NPU configuration -----------------------------------------------------------------------------------

    /** The project's NPU configuration (follows edits, undo and opened projects). */
    public ReadOnlyObjectProperty<NpuConfig> npuProperty() { return npu.getReadOnlyProperty(); }

    /** Why the last NPU edit was refused; empty after a good one. */
    public ReadOnlyStringProperty npuProblemProperty() { return npuProblem.getReadOnlyProperty(); }

    /** Every field of {@link NpuConfig}, in its declaration order. */
    public List<NpuField> fields() { return npuFields; }

    public Object npuValue(NpuField f) { return value(npu.get(), f.name()); }

    /**
     * Sets one field of the project's NPU configuration as an undoable edit. A value that makes the configuration
     * invalid is refused: the project stays as it is and the returned message (also in {@link #npuProblemProperty()})
     * names the field and the problem.
     */
    /** The project's undo, for editors that would otherwise keep Ctrl+Z to themselves (the NPU sheet's text fields). */
    public void undo() { model.undo(); }

    public void redo() { model.redo(); }

    public Optional<String> setNpu(String field, Object value) {
        NpuField f = npuFields.stream().filter(x -> x.name().equals(field)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("NpuConfig has no field '" + field + "'"));
        NpuConfig next;
        try {
            next = with(npu.get(), field, coerce(value, f.type(), f.label()));
        } catch (IllegalArgumentException e) {
            npuProblem.set(e.getMessage());
            return Optional.of(e.getMessage());
        }
        List<Problem> problems = Validator.validateNpu(next, "npu");
        Optional<Problem> error = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).findFirst();
        if (error.isPresent()) {
            String m = f.label() + ": " + error.get().message() + " (" + error.get().path() + ")";
            npuProblem.set(m);
            return Optional.of(m);
        }
        npuProblem.set("");
        model.edit("Set NPU " + Formats.lowerFirstWord(f.label()) + " to " + display(value), p -> p.withNpu(next));
        return Optional.empty();
    }

    private static String display(Object v) {
        return v instanceof Enum<?> e ? Formats.words(e) : String.valueOf(v);
    }

    private static Object coerce(Object v, Class<?> type, String label) {
        if (v == null) throw new IllegalArgumentException(label + ": a value is required");
        if (type == int.class) {
            if (v instanceof Number n) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) throw new IllegalArgumentException(label + ": must be a whole number, was " + v);
                return n.intValue();
            }
            try {
                return Integer.parseInt(v.toString().strip().replace(",", "").replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(label + ": '" + v + "' is not a whole number");
            }
        }
        if (type == double.class) {
            if (v instanceof Number n) return n.doubleValue();
            try {
                return Double.parseDouble(v.toString().strip().replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(label + ": '" + v + "' is not a number");
            }
        }
        if (type == boolean.class) {
            if (v instanceof Boolean b) return b;
            String s = v.toString().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("yes")) return true;
            if (s.equals("false") || s.equals("no")) return false;
            throw new IllegalArgumentException(label + ": '" + v + "' is not yes or no");
        }
        if (type == BankPolicy.class) {
            if (v instanceof BankPolicy b) return b;
            try {
                return BankPolicy.valueOf(v.toString().strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": '" + v + "' is not a bank policy (min blocking, min dram, double buffer)");
            }
        }
        throw new IllegalArgumentException(label + ": unsupported type " + type.getSimpleName());
    }

    private static Object value(NpuConfig n, String field) {
        try {
            for (RecordComponent c : NpuConfig.class.getRecordComponents()) {
                if (c.getName().equals(field)) return c.getAccessor().invoke(n);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("NpuConfig has no field '" + field + "'");
    }

    /** A copy of {@code n} with one component replaced (records have no withers for all 21). */
    static NpuConfig with(NpuConfig n, String field, Object v) {
        RecordComponent[] cs = NpuConfig.class.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        try {
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = cs[i].getName().equals(field) ? v : cs[i].getAccessor().invoke(n);
            }
            Constructor<NpuConfig> k = NpuConfig.class.getDeclaredConstructor(types);
            return k.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy NpuConfig", e);
        }
    }

    private static final Map<String, String[]> FIELD_TEXT = Map.ofEntries(
            Map.entry("clockGHz", new String[]{"Clock (GHz)", "Clock & data", "Cycles / (clock × 10⁶) = ms"}),
            Map.entry("bytesPerValue", new String[]{"Bytes per value", "Clock & data", "Data width (1 = 8-bit)"}),
            Map.entry("cims", new String[]{"Compute units (CIMs)", "Compute", "A conv computes this many output channels in parallel"}),
            Map.entry("lanes", new String[]{"MAC lanes per unit", "Compute", "One FMEM row is this many channels wide"}),
            Map.entry("pipelineFillCycles", new String[]{"Pipeline fill cycles", "Compute", "Cycles added to every layer"}),
            Map.entry("fmemBanks", new String[]{"FMEM banks", "On-chip memory", "Feature-memory banks"}),
            Map.entry("fmemBankBytes", new String[]{"FMEM bank bytes", "On-chip memory", "Bytes per FMEM bank"}),
            Map.entry("wmemBankBytes", new String[]{"WMEM bytes per CIM", "On-chip memory", "Weight memory per CIM, per buffer"}),
            Map.entry("wmemDoubleBuffered", new String[]{"WMEM double-buffered", "On-chip memory", "Weights load into one buffer while the other computes"}),
            Map.entry("ewmemBytes", new String[]{"EWMEM bytes", "On-chip memory", "Extended weight buffer: depthwise and element-wise operands"}),
            Map.entry("biasEntries", new String[]{"Bias entries", "On-chip memory", "Bias memory entries (double-buffered)"}),
            Map.entry("reductionEntries", new String[]{"Reduction entries", "On-chip memory", "Reduction buffer entries (fused global pooling)"}),
            Map.entry("bankPolicy", new String[]{"Bank policy", "On-chip memory", "How a layer's FMEM banks split between input fragments and output"}),
            Map.entry("reverseWrite", new String[]{"Reverse write", "On-chip memory", "Outputs may be written in reverse column order to reuse freed input banks"}),
            Map.entry("dramBytesPerCycle", new String[]{"Bytes per cycle", "DRAM", "DRAM bandwidth in bytes per cycle"}),
            Map.entry("dramLatencyBase", new String[]{"Latency base", "DRAM", "Read latency = base + per page × floor(size/page) + per burst × ceil(size/burst)"}),
            Map.entry("dramLatencyPerPage", new String[]{"Latency per page", "DRAM", "Cycles added per page of the read"}),
            Map.entry("dramPageBytes", new String[]{"Page bytes", "DRAM", "Page size of the latency formula"}),
            Map.entry("dramLatencyPerBurst", new String[]{"Latency per burst", "DRAM", "Cycles added per burst of the read"}),
            Map.entry("dramBurstBytes", new String[]{"Burst bytes", "DRAM", "Burst size of the latency formula"}),
            Map.entry("timeDramWrites", new String[]{"Timed writes", "DRAM", "Whether DRAM writes are timed (occupy DRAM time)"}));

    /** Categories in the order the sheet shows them. */
    public static final List<String> CATEGORIES = List.of("Clock & data", "Compute", "On-chip memory", "DRAM");

    private static List<NpuField> npuFields() {
        List<NpuField> out = new ArrayList<>();
        for (RecordComponent c : NpuConfig.class.getRecordComponents()) {
            String[] t = FIELD_TEXT.getOrDefault(c.getName(), new String[]{c.getName(), "Other", c.getName()});
            out.add(new NpuField(c.getName(), t[0], t[1], t[2] + " (" + c.getName() + ")", c.getType()));
        }
        return List.copyOf(out);
    }

    // ---- export ----------------------------------------------------------------------------------------------

    /**
     * Writes the simulation on screen as Chrome Trace Event JSON (io's {@link ChromeTraceWriter}; opens in Perfetto
     * and chrome://tracing), in the background. {@code done} receives null on success or the error's message.
     */
    public void exportTrace(Path file, Consumer<String> done) {
        SimulationResult r = result.get();
        TimelineData d = chart.getData();
        if (r == null || d == null) {
            done.accept("nothing simulated yet");
            return;
        }
        double clock = d.clockGHz();
        model.executor().submit("Exporting trace " + file.getFileName(), p -> {
            new ChromeTraceWriter(clock).write(r, file);
            return file;
        }, f -> {
            model.status("Exported the trace of " + r.network() + " to " + f + " (" + Figures.exact(r.timeline().size()) + " events)");
            done.accept(null);
        }, e -> {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            model.status("Cannot export trace: " + m);
            done.accept(m);
        });
    }

    // ---- look ------------------------------------------------------------------------------------------------

    /** True with the dark theme: the chart picks its colours from it. */
    public boolean dark() { return model.getTheme() == Theme.DARK; }

    public ReadOnlyObjectProperty<Theme> themeProperty() { return model.themeProperty(); }

    /** Reports something the view did (an export) in the shell's status bar. */
    public void status(String text) { model.status(text); }
}
