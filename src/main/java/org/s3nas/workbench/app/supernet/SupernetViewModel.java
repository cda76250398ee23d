package org.s3nas.workbench.app.supernet;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;

/**
 * The Supernet view's model: the open project's search space as rows and figures (read-only for now; the supernet
 * editor of a later issue changes it through {@link WorkbenchModel#edit}).
 */
public final class SupernetViewModel {
    /** One stage of the supernet (paper Fig. 3); candidates are per superkernel, separated by " | ". */
    public record StageRow(int number, int width, int depth, int stride, String kind, int superkernels,
                           String kernelCandidates, String expansionCandidates, String se, String activation,
                           String residual, String output, String overrides) {}

    /** One searchable block position (the key of a latency-table entry, paper Eq. 8). */
    public record PositionRow(int index, int stage, int block, String input, String channels, int stride,
                              String residual, String superkernels, long choices) {}

    private final WorkbenchModel model;
    private final ReadOnlyStringWrapper supernetName = new ReadOnlyStringWrapper(this, "supernetName", "");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<StageRow> stages = FXCollections.observableArrayList();
    private final ObservableList<StageRow> stagesView = FXCollections.unmodifiableObservableList(stages);
    private final ObservableList<PositionRow> positions = FXCollections.observableArrayList();
    private final ObservableList<PositionRow> positionsView = FXCollections.unmodifiableObservableList(positions);
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<Problem> problemsView = FXCollections.unmodifiableObservableList(problems);

    public SupernetViewModel(WorkbenchModel model) {
        this.model = model;
        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    public StringBinding projectName() { return model.projectNameBinding(); }

    public ReadOnlyStringProperty supernetNameProperty() { return supernetName.getReadOnlyProperty(); }

    public ObservableList<Fact> facts() { return factsView; }

    public ObservableList<StageRow> stages() { return stagesView; }

    public ObservableList<PositionRow> positions() { return positionsView; }

    /** Errors and warnings of the supernet (empty for a project that loaded). */
    public ObservableList<Problem> problems() { return problemsView; }

    private void load(Project p) {
        Supernet s = p.supernet();
        supernetName.set(s.name());
        List<Problem> found = Validator.validateSupernet(s, "supernet");
        problems.setAll(found);
        boolean valid = !Validator.hasErrors(found);
        // Positions need a valid supernet (sizes along the network); a broken one still shows its stages.
        List<BlockPosition> ps = valid ? s.blockPositions() : List.of();

        List<StageRow> rows = new ArrayList<>();
        for (int i = 0; i < s.stages().size(); i++) {
            Stage st = s.stages().get(i);
            int stageIndex = i;
            String output = ps.stream().filter(bp -> bp.stage() == stageIndex).reduce((a, b) -> b)
                    .map(bp -> Formats.size(bp.outputHeight(), bp.outputWidth()) + " × " + bp.outChannels()).orElse("—");
            rows.add(new StageRow(i + 1, st.width(), st.depth(), st.stride(), kind(st.kind()), st.superkernels().size(),
                    kernels(st.superkernels()), expansions(st.superkernels()),
                    st.seRatio() > 0 ? Formats.number(st.seRatio()) : "none", Formats.activation(st.activation()),
                    st.residual() ? "where shapes allow" : "never", output,
                    st.overrides().isEmpty() ? "—" : st.overrides().keySet().stream().sorted()
                            .map(k -> "block " + (k + 1)).collect(Collectors.joining(", "))));
        }
        stages.setAll(rows);

        List<PositionRow> prow = new ArrayList<>();
        for (BlockPosition bp : ps) {
            long choices = 1;
            for (int j = 0; j < bp.superkernels().size(); j++) choices *= Supernet.choicesOf(bp, j);
            List<String> sks = new ArrayList<>();
            for (int j = 0; j < bp.superkernels().size(); j++) {
                sks.add("k" + Formats.ints(bp.superkernels().get(j).kernelSizes()).replace(" ", "")
                        + " e" + Formats.ints(bp.expansionsOf(j)).replace(" ", ""));
            }
            prow.add(new PositionRow(bp.index() + 1, bp.stage() + 1, bp.indexInStage() + 1,
                    Formats.size(bp.inputHeight(), bp.inputWidth()), bp.inChannels() + " → " + bp.outChannels(),
                    bp.stride(), Formats.yesNo(bp.residual()), String.join("  ·  ", sks), choices));
        }
        positions.setAll(prow);

        List<Fact> f = new ArrayList<>();
        f.add(new Fact("Input", Formats.shape(s.input()), "Deployment input: height × width × channels; latency is profiled at this size"));
        f.add(new Fact("Stem", stem(s.stem()), "The first conv: kernel, output channels, stride, activation"));
        f.add(new Fact("Stages", Integer.toString(s.stages().size()), "Runs of blocks with the same output width"));
        f.add(new Fact("Blocks", Integer.toString(s.totalBlocks()), "Searchable blocks over all stages (the sum of the stage depths)"));
        f.add(new Fact("Block positions", valid ? Integer.toString(ps.size()) : "—",
                "Distinct places a block can sit: each is profiled for the latency table (paper Eq. 8)"));
        f.add(new Fact("Head", head(s.head()), "1×1 conv to the feature width, global average pool, FC to the classes"));
        f.add(new Fact("Search space", valid ? Formats.count(s.spaceSize()) + " architectures" : "—",
                "Product over positions and superkernels of the choices (a zeroed superkernel counts once)"));
        facts.setAll(f);
    }

    static String kind(BlockKind k) {
        if (k == null) return "—";
        return switch (k) {
            case MBCONV -> "MBConv";
            case MIXCONV -> "MixConv";
        };
    }

    static String kernels(List<Superkernel> sks) {
        return sks.stream().map(sk -> Formats.ints(sk.kernelSizes())).collect(Collectors.joining("  |  "));
    }

    /** Expansion candidates; {@code 0*} marks a zero that applies only where the block has a residual. */
    static String expansions(List<Superkernel> sks) {
        return sks.stream().map(sk -> sk.expansions().stream()
                        .map(e -> e == 0 && sk.zeroOnlyWithResidual() ? "0*" : String.valueOf(e))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("  |  "));
    }

    static String stem(Stem st) {
        return st.kernel() + "×" + st.kernel() + " conv, " + st.channels() + " ch, stride " + st.stride() + ", "
                + Formats.activation(st.activation());
    }

    static String head(Head h) {
        return "1×1 conv → " + h.featureChannels() + ", pool, FC → " + h.classes();
    }
}
