package org.s3nas.workbench.app.supernet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.ArchitectureRows;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.npu.SpaceCosts;
import org.s3nas.workbench.npu.SpaceCosts.ArchitectureCosts;

/**
 * Architectures drawn like the supernet: a saved (found) architecture of the project, or the largest / smallest of
 * the space, each block with its kernels, expansions, SE, activation and simulated latency (per-block cycles of a
 * whole-network simulation); and the difference between two architectures, differing blocks highlighted in both
 * pictures. Simulations run in the background; their results are kept per architecture.
 */
public final class ArchitecturesViewModel {
    /** An architecture to show. */
    public record Choice(String name, String source, Architecture architecture) {
        @Override
        public String toString() { return name; }
    }

    /** One block of the shown architecture, or one matched place of two compared ones. */
    public record BlockRow(String place, String first, String second, String firstLatency, String secondLatency,
                           boolean differs) {}

    public static final String LARGEST = "Largest in the space", SMALLEST = "Smallest in the space";

    private final WorkbenchModel model;
    private final ObservableList<Choice> choices = FXCollections.observableArrayList();
    private final ObservableList<Choice> choicesView = FXCollections.unmodifiableObservableList(choices);
    private final ReadOnlyObjectWrapper<Choice> first = new ReadOnlyObjectWrapper<>(this, "first");
    private final ReadOnlyObjectWrapper<Choice> second = new ReadOnlyObjectWrapper<>(this, "second");
    private final ReadOnlyObjectWrapper<NetworkLayout> firstPicture = new ReadOnlyObjectWrapper<>(this, "firstPicture");
    private final ReadOnlyObjectWrapper<NetworkLayout> secondPicture = new ReadOnlyObjectWrapper<>(this, "secondPicture");
    private final ReadOnlyStringWrapper firstSummary = new ReadOnlyStringWrapper(this, "firstSummary", "");
    private final ReadOnlyStringWrapper secondSummary = new ReadOnlyStringWrapper(this, "secondSummary", "");
    private final ReadOnlyStringWrapper diffSummary = new ReadOnlyStringWrapper(this, "diffSummary", "");
    private final ObservableList<BlockRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BlockRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final Map<Architecture, ArchitectureCosts> costs = new HashMap<>();
    private NpuConfig costsNpu;
    private double width = 1100, height = 220;

    public ArchitecturesViewModel(WorkbenchModel model) {
        this.model = model;
        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    /** The project's saved architectures, then the largest and smallest of the space (when it is valid). */
    public ObservableList<Choice> choices() { return choicesView; }

    public ReadOnlyObjectProperty<Choice> firstProperty() { return first.getReadOnlyProperty(); }

    /** The architecture compared with the first; null for none. */
    public ReadOnlyObjectProperty<Choice> secondProperty() { return second.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<NetworkLayout> firstPictureProperty() { return firstPicture.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<NetworkLayout> secondPictureProperty() { return secondPicture.getReadOnlyProperty(); }

    public ReadOnlyStringProperty firstSummaryProperty() { return firstSummary.getReadOnlyProperty(); }

    public ReadOnlyStringProperty secondSummaryProperty() { return secondSummary.getReadOnlyProperty(); }

    /** "7 of 29 places differ" while comparing; empty otherwise. */
    public ReadOnlyStringProperty diffSummaryProperty() { return diffSummary.getReadOnlyProperty(); }

    /** The blocks of the first architecture, or the matched places of both. */
    public ObservableList<BlockRow> rows() { return rowsView; }

    public ReadOnlyObjectProperty<Theme> themeProperty() { return model.themeProperty(); }

    public void select(Choice c) {
        first.set(c);
        update();
    }

    /** Compares the first architecture with {@code c} (null: no comparison). */
    public void compareWith(Choice c) {
        second.set(c);
        update();
    }

    public void setPictureSize(double w, double h) {
        if (w == width && h == height) return;
        width = w;
        height = h;
        updatePictures();
    }

    /** The costs of an architecture once simulated (null before). */
    public ArchitectureCosts costsOf(Architecture a) { return costs.get(a); }

    private void load(Project p) {
        if (!Objects.equals(p.npu(), costsNpu)) {
            costs.clear();
            costsNpu = p.npu();
        }
        List<Choice> list = new ArrayList<>();
        for (SavedArchitecture a : p.architectures()) list.add(new Choice(a.name(), a.source(), a.architecture()));
        if (!Validator.hasErrors(Validator.validateSupernet(p.supernet(), "supernet"))) {
            list.add(new Choice(LARGEST, "supernet", p.supernet().largest()));
            list.add(new Choice(SMALLEST, "supernet", p.supernet().smallest()));
        }
        choices.setAll(list);
        first.set(find(list, first.get(), list.isEmpty() ? null : list.get(0)));
        second.set(find(list, second.get(), null));
        update();
    }

    private static Choice find(List<Choice> list, Choice was, Choice otherwise) {
        if (was == null) return otherwise;
        for (Choice c : list) if (c.name().equals(was.name())) return c;
        return otherwise;
    }

    private void update() {
        simulate(first.get());
        simulate(second.get());
        updatePictures();
    }

    /** Simulates an architecture in the background once; the pictures follow when the result is in. */
    private void simulate(Choice c) {
        if (c == null || costs.containsKey(c.architecture())) return;
        NpuConfig npu = model.getProject().npu();
        if (npu == null || !Validator.validateNpu(npu, "npu").isEmpty()) return;
        Architecture a = c.architecture();
        costs.put(a, null); // on its way
        model.executor().submit("Simulating " + c.name(), p -> SpaceCosts.of(a, npu), r -> {
            if (!Objects.equals(npu, costsNpu)) return;
            costs.put(a, r);
            updatePictures();
        }, error -> {
            costs.remove(a);
            firstSummary.set(c.name() + ": the simulation failed: " + Formats.message(error));
        });
    }

    private void updatePictures() {
        Choice a = first.get(), b = second.get();
        if (a == null) {
            firstPicture.set(null);
            secondPicture.set(null);
            rows.clear();
            firstSummary.set("The project has no saved architectures and its supernet has errors.");
            secondSummary.set("");
            diffSummary.set("");
            return;
        }
        ArchitectureDiff diff = b == null ? null : ArchitectureDiff.of(a.architecture(), b.architecture());
        double scale = Math.max(maxExpansion(a.architecture()), b == null ? 0 : maxExpansion(b.architecture()));
        firstPicture.set(picture(a, diff == null ? Set.of() : diff.differingA(), scale));
        secondPicture.set(b == null ? null : picture(b, diff.differingB(), scale));
        firstSummary.set(summary(a));
        secondSummary.set(b == null ? "" : summary(b));
        List<BlockRow> out = new ArrayList<>();
        ArchitectureCosts ca = costs.get(a.architecture());
        if (diff == null) {
            List<Block> blocks = a.architecture().blocks();
            int stage = Integer.MIN_VALUE, inStage = 0;
            for (int i = 0; i < blocks.size(); i++) {
                Block blk = blocks.get(i);
                inStage = blk.stage() == stage ? inStage + 1 : 0;
                stage = blk.stage();
                out.add(new BlockRow(place(blk.stage(), inStage, i), describe(blk), "", latency(ca, i), "", false));
            }
            diffSummary.set("");
        } else {
            ArchitectureCosts cb = costs.get(b.architecture());
            for (ArchitectureDiff.Pair p : diff.pairs()) {
                out.add(new BlockRow("stage " + (p.stage() + 1) + " · " + (p.order() + 1),
                        p.a() < 0 ? "—" : describe(a.architecture().blocks().get(p.a())),
                        p.b() < 0 ? "—" : describe(b.architecture().blocks().get(p.b())),
                        p.a() < 0 ? "" : latency(ca, p.a()), p.b() < 0 ? "" : latency(cb, p.b()), p.differs()));
            }
            diffSummary.set(diff.differingPlaces() + " of " + diff.pairs().size() + " places differ");
        }
        rows.setAll(out);
    }

    private static double maxExpansion(Architecture a) {
        return a.blocks().stream().mapToInt(Block::totalExpansion).max().orElse(1);
    }

    private NetworkLayout picture(Choice c, Set<Integer> differs, double scale) {
        Architecture a = c.architecture();
        ArchitectureCosts k = costs.get(a);
        List<NetworkLayout.PictureBlock> blocks = NetworkLayout.ofArchitecture(a, k == null ? null : k.blockCycles(), differs);
        NpuConfig npu = model.getProject().npu();
        List<NetworkLayout.StageText> texts = new ArrayList<>();
        int stages = a.blocks().stream().mapToInt(Block::stage).max().orElse(-1) + 1;
        for (int s = 0; s < stages; s++) {
            int st = s;
            List<Block> mine = a.blocks().stream().filter(b -> b.stage() == st).toList();
            long computing = mine.stream().filter(b -> !b.isSkip()).count();
            int out = mine.isEmpty() ? 0 : mine.get(mine.size() - 1).outChannels();
            List<String> lines = new ArrayList<>(List.of(out + " ch × " + computing)), brief = new ArrayList<>(List.of(out + "×" + computing));
            if (k != null && npu != null) {
                long cycles = 0;
                for (int i = 0; i < a.blocks().size(); i++) if (a.blocks().get(i).stage() == st) cycles += k.blockCycles(i);
                lines.add(String.format(Locale.ROOT, "%.3f ms", npu.cyclesToMs(cycles)));
                brief.add(String.format(Locale.ROOT, "%.2f ms", npu.cyclesToMs(cycles)));
            }
            texts.add(NetworkLayout.StageText.of(s, lines, brief));
        }
        String stem = "stem " + a.stem().kernel() + "×" + a.stem().kernel();
        return NetworkLayout.layout(blocks, stem, "head " + a.head().featureChannels(), texts, width, height, scale, true);
    }

    private String summary(Choice c) {
        ArchitectureCosts k = costs.get(c.architecture());
        String where = c.source() == null || c.source().isBlank() ? "" : " (" + c.source() + ")";
        String base = c.name() + where + " · " + ArchitectureRows.summary(c.architecture());
        if (k == null) return base + " · simulating…";
        return base + String.format(Locale.ROOT, " · %.3f ms on MIDAP · %s parameters · %s MACs", k.latencyMs(),
                SupernetViewModel.millions(k.parameters()), SupernetViewModel.giga(k.macs()));
    }

    static String place(int stage, int inStage, int index) {
        return "stage " + (stage + 1) + " · " + (inStage + 1) + "  (#" + (index + 1) + ")";
    }

    /** "k3 ×2 + k5 ×4 · SE 16 · ReLU" for a block; "skip" for a zeroed one. */
    static String describe(Block b) {
        if (b.isSkip()) return "skip";
        return ArchitectureRows.branches(b) + (b.seChannels() > 0 ? " · SE " + b.seChannels() : "") + " · "
                + Formats.activation(b.activation()) + (b.residual() ? " · res" : "") + (b.stride() > 1 ? " · s" + b.stride() : "");
    }

    private String latency(ArchitectureCosts k, int i) {
        NpuConfig npu = model.getProject().npu();
        if (k == null || npu == null || i >= k.blocks()) return "…";
        return String.format(Locale.ROOT, "%.1f µs", npu.cyclesToMs(k.blockCycles(i)) * 1000);
    }
}
