package org.s3nas.workbench.app.supernet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.model.edit.CandidateText;
import org.s3nas.workbench.model.edit.DepthDistribution;
import org.s3nas.workbench.model.edit.KindConversion;
import org.s3nas.workbench.model.edit.SupernetEdits;
import org.s3nas.workbench.npu.SpaceCosts;

/**
 * The supernet editor's model. It reads the open project's supernet and changes it only through
 * {@link WorkbenchModel#edit}, so that every change is one undoable step (typing in a field = one step once
 * committed; a helper = one step) and marks the project dirty.
 * <ul>
 * <li>Text fields are {@link EditField}s: the network's name, input, stem and head; per stage width, depth, SE,
 * kernel sizes and expansions; the selected block's own superkernels. A text that the {@link Validator} rejects is
 * not applied; its message shows beside the field.</li>
 * <li>Choices (stride, block kind, activation, residual, zero-only-with-residual) and the structural commands and
 * helpers are methods; each returns whether it was applied and otherwise says why in {@link #noticeProperty()}.</li>
 * <li>The picture ({@link #pictureProperty()}) and the costs ({@link #costsProperty()}) follow the
 * {@link #previewProperty() preview}: the supernet with the valid text being typed, so they update as you type.
 * Costs are computed in the background, debounced, and a newer edit cancels a stale computation.</li>
 * </ul>
 * Call everything on the FX thread.
 */
public final class SupernetViewModel {
    /** One stage of the supernet (paper Fig. 3); candidates are per superkernel, separated by " | ". */
    public record StageRow(int number, int width, int depth, int stride, String kind, int superkernels,
                           String kernelCandidates, String expansionCandidates, String se, String activation,
                           String residual, String output, String overrides) {}

    /** One searchable block position (the key of a latency-table entry, paper Eq. 8). */
    public record PositionRow(int index, int stage, int block, String input, String channels, int stride,
                              String residual, String superkernels, long choices) {}

    /** The text fields of one stage row. */
    public record StageFields(EditField width, EditField depth, EditField seRatio, EditField kernels, EditField expansions) {
        List<EditField> all() { return List.of(width, depth, seRatio, kernels, expansions); }
    }

    /** Where the costs are. */
    public enum CostsState { COMPUTING, READY, INVALID, FAILED }

    /** JDK logging: the slf4j on the class path (2.x API, 1.7 binding) drops messages. */
    private static final System.Logger LOG = System.getLogger(SupernetViewModel.class.getName());
    /** Costs wait this long after the last keystroke before they start (a newer edit restarts the wait). */
    public static final long DEFAULT_DEBOUNCE_MS = 150;
    static final String ROOT = "supernet";

    private final WorkbenchModel model;
    private final long debounceMs;

    private final ReadOnlyStringWrapper supernetName = new ReadOnlyStringWrapper(this, "supernetName", "");
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<StageRow> stages = FXCollections.observableArrayList();
    private final ObservableList<StageRow> stagesView = FXCollections.unmodifiableObservableList(stages);
    private final ObservableList<PositionRow> positions = FXCollections.observableArrayList();
    private final ObservableList<PositionRow> positionsView = FXCollections.unmodifiableObservableList(positions);
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<Problem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ObservableList<String> fieldProblems = FXCollections.observableArrayList();
    private final ObservableList<String> fieldProblemsView = FXCollections.unmodifiableObservableList(fieldProblems);

    private final ReadOnlyObjectWrapper<Supernet> supernet = new ReadOnlyObjectWrapper<>(this, "supernet");
    private final ReadOnlyObjectWrapper<Supernet> preview = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyObjectWrapper<NetworkLayout> picture = new ReadOnlyObjectWrapper<>(this, "picture");
    private double pictureWidth = 1100, pictureHeight = 250;
    private final ReadOnlyIntegerWrapper selectedStage = new ReadOnlyIntegerWrapper(this, "selectedStage", -1);
    private final ReadOnlyIntegerWrapper selectedBlock = new ReadOnlyIntegerWrapper(this, "selectedBlock", -1);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", null);
    private final ReadOnlyStringWrapper blockTitle = new ReadOnlyStringWrapper(this, "blockTitle", "");
    private final ReadOnlyStringWrapper blockDetail = new ReadOnlyStringWrapper(this, "blockDetail", "");
    private final ReadOnlyBooleanWrapper blockOverridden = new ReadOnlyBooleanWrapper(this, "blockOverridden", false);
    private final StringProperty depthTotal = new SimpleStringProperty(this, "depthTotal", "");
    /** The total follows the supernet's block count until the user types one of their own. */
    private boolean depthTotalTyped, syncingTotal;
    private final ReadOnlyStringWrapper depthPlan = new ReadOnlyStringWrapper(this, "depthPlan", "");

    private final ReadOnlyObjectWrapper<SpaceCosts> costs = new ReadOnlyObjectWrapper<>(this, "costs");
    private final ReadOnlyObjectWrapper<CostsState> costsState = new ReadOnlyObjectWrapper<>(this, "costsState", CostsState.INVALID);
    private final ReadOnlyDoubleWrapper costsDelayMs = new ReadOnlyDoubleWrapper(this, "costsDelayMs", Double.NaN);
    private final ReadOnlyStringWrapper costsCause = new ReadOnlyStringWrapper(this, "costsCause", "");
    private final ReadOnlyDoubleWrapper costsComputeMs = new ReadOnlyDoubleWrapper(this, "costsComputeMs", Double.NaN);
    private final ObservableList<Fact> costFacts = FXCollections.observableArrayList();
    private final ObservableList<Fact> costFactsView = FXCollections.unmodifiableObservableList(costFacts);
    private TaskHandle costsTask;
    private long costsGeneration;
    /** What the running or last computation is for. */
    private Supernet costsFor;
    private NpuConfig costsNpu;
    /** When the edit that the running computation follows happened (System.nanoTime). */
    private long costsStamp;
    /** True while the running computation still waits out the debounce. */
    private java.util.concurrent.atomic.AtomicBoolean costsWaiting = new java.util.concurrent.atomic.AtomicBoolean();
    /** What {@link #costs} holds the costs of (the shown costs may be stale while newer ones compute). */
    private Supernet costsValueFor;

    private final List<EditField> networkFields = new ArrayList<>();
    private final List<StageFields> stageFields = new ArrayList<>();
    private final EditField blockKernels;
    private final EditField blockExpansions;
    private List<Problem> committedErrors = List.of();

    /** Costs debounced by {@value #DEFAULT_DEBOUNCE_MS} ms. */
    public SupernetViewModel(WorkbenchModel model) {
        this(model, DEFAULT_DEBOUNCE_MS);
    }

    /** @param debounceMs how long costs wait for more typing (0: start at once, for tests) */
    public SupernetViewModel(WorkbenchModel model, long debounceMs) {
        this.model = model;
        this.debounceMs = debounceMs;
        networkFields.add(field("name", "Supernet name", s -> s.name(), (s, t) -> s.withName(t.strip()), ROOT + ".name",
                t -> "Rename the supernet to '" + t.strip() + "'"));
        networkFields.add(intField("input.height", "Input height", s -> s.input().height(),
                (s, v) -> s.withInput(new InputShape(v, s.input().width(), s.input().channels()))));
        networkFields.add(intField("input.width", "Input width", s -> s.input().width(),
                (s, v) -> s.withInput(new InputShape(s.input().height(), v, s.input().channels()))));
        networkFields.add(intField("input.channels", "Input channels", s -> s.input().channels(),
                (s, v) -> s.withInput(new InputShape(s.input().height(), s.input().width(), v))));
        networkFields.add(intField("stem.channels", "Stem channels", s -> s.stem().channels(),
                (s, v) -> s.withStem(new Stem(v, s.stem().kernel(), s.stem().stride(), s.stem().activation()))));
        networkFields.add(intField("stem.kernel", "Stem kernel", s -> s.stem().kernel(),
                (s, v) -> s.withStem(new Stem(s.stem().channels(), v, s.stem().stride(), s.stem().activation()))));
        networkFields.add(intField("head.featureChannels", "Head width", s -> s.head().featureChannels(),
                (s, v) -> s.withHead(new Head(v, s.head().classes(), s.head().activation()))));
        networkFields.add(intField("head.classes", "Classes", s -> s.head().classes(),
                (s, v) -> s.withHead(new Head(s.head().featureChannels(), v, s.head().activation()))));
        blockKernels = new EditField(this, "block.kernels", "Kernel sizes of the selected block", new BlockSpec(true));
        blockExpansions = new EditField(this, "block.expansions", "Expansions of the selected block", new BlockSpec(false));
        depthTotal.addListener((obs, o, n) -> {
            if (!syncingTotal) depthTotalTyped = true;
            updateDepthPlan();
        });

        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    // ---- state ------------------------------------------------------------------------------------------------

    public StringBinding projectName() { return model.projectNameBinding(); }

    public ReadOnlyStringProperty supernetNameProperty() { return supernetName.getReadOnlyProperty(); }

    /** Input, stem, stages, blocks, positions, head and the size of the space (of the preview). */
    public ObservableList<Fact> facts() { return factsView; }

    public ObservableList<StageRow> stages() { return stagesView; }

    public ObservableList<PositionRow> positions() { return positionsView; }

    /** Errors and warnings of the project's supernet (empty for a project that loaded). */
    public ObservableList<Problem> problems() { return problemsView; }

    /** Every field that has a problem, as "label: message", then the notice of the last refused command. */
    public ObservableList<String> fieldProblems() { return fieldProblemsView; }

    /** The project's supernet. */
    public ReadOnlyObjectProperty<Supernet> supernetProperty() { return supernet.getReadOnlyProperty(); }

    public Supernet getSupernet() { return supernet.get(); }

    /** The supernet with the valid text being typed applied (equal to {@link #getSupernet()} when nobody types). */
    public ReadOnlyObjectProperty<Supernet> previewProperty() { return preview.getReadOnlyProperty(); }

    public Supernet getPreview() { return preview.get(); }

    /** The picture of the preview, laid out for the size the view last gave ({@link #setPictureSize}). */
    public ReadOnlyObjectProperty<NetworkLayout> pictureProperty() { return picture.getReadOnlyProperty(); }

    public NetworkLayout getPicture() { return picture.get(); }

    public ReadOnlyIntegerProperty selectedStageProperty() { return selectedStage.getReadOnlyProperty(); }

    /** Index within the selected stage of the selected block; -1 when no block is selected. */
    public ReadOnlyIntegerProperty selectedBlockProperty() { return selectedBlock.getReadOnlyProperty(); }

    /** Why the last command was not applied; null after a command that was. */
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }

    public ReadOnlyStringProperty blockTitleProperty() { return blockTitle.getReadOnlyProperty(); }

    public ReadOnlyStringProperty blockDetailProperty() { return blockDetail.getReadOnlyProperty(); }

    /** Whether the selected block has its own superkernels. */
    public ReadOnlyBooleanProperty blockOverriddenProperty() { return blockOverridden.getReadOnlyProperty(); }

    /** The total number of blocks for the depth helpers, as typed. */
    public StringProperty depthTotalProperty() { return depthTotal; }

    /** What the depth helpers would make of {@link #depthTotalProperty()}. */
    public ReadOnlyStringProperty depthPlanProperty() { return depthPlan.getReadOnlyProperty(); }

    /** Costs of the preview; null while it has errors or before the first result. */
    public ReadOnlyObjectProperty<SpaceCosts> costsProperty() { return costs.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<CostsState> costsStateProperty() { return costsState.getReadOnlyProperty(); }

    /** Milliseconds from the last edit to its costs being shown (debounce included). */
    public ReadOnlyDoubleProperty costsDelayMsProperty() { return costsDelayMs.getReadOnlyProperty(); }

    /** Milliseconds the last costs took to compute (the two simulations and the counts). */
    public ReadOnlyDoubleProperty costsComputeMsProperty() { return costsComputeMs.getReadOnlyProperty(); }

    /** What the last shown costs followed: "the edit" or "opening". */
    public ReadOnlyStringProperty costsCauseProperty() { return costsCause.getReadOnlyProperty(); }

    /** Parameters, MACs, latency range and whether the target is reachable. */
    public ObservableList<Fact> costFacts() { return costFactsView; }

    public ReadOnlyObjectProperty<Theme> themeProperty() { return model.themeProperty(); }

    /** The name, input, stem and head fields. */
    public List<EditField> networkFields() { return List.copyOf(networkFields); }

    /** The fields of stage {@code i}'s row. */
    public StageFields stageFields(int i) { return stageFields.get(i); }

    public EditField blockKernels() { return blockKernels; }

    public EditField blockExpansions() { return blockExpansions; }

    /** A field by its {@link EditField#id()} ({@code stage.2.width}, {@code input.height}, {@code block.kernels}). */
    public EditField field(String id) {
        for (EditField f : allFields()) if (f.id().equals(id)) return f;
        throw new IllegalArgumentException("no field '" + id + "'");
    }

    private List<EditField> allFields() {
        List<EditField> all = new ArrayList<>(networkFields);
        for (StageFields sf : stageFields) all.addAll(sf.all());
        all.add(blockKernels);
        all.add(blockExpansions);
        return all;
    }

    private ArchitecturesViewModel architectures;

    /** The architectures of the project drawn like the supernet (made on first use: it simulates them). */
    public ArchitecturesViewModel architectures() {
        if (architectures == null) architectures = new ArchitecturesViewModel(model);
        return architectures;
    }

    // ---- selection --------------------------------------------------------------------------------------------

    public void selectStage(int stage) {
        int s = stage < 0 || stage >= getSupernet().stages().size() ? -1 : stage;
        if (s != selectedStage.get()) selectedBlock.set(-1);
        selectedStage.set(s);
        refreshBlock();
    }

    public void selectBlock(int stage, int block) {
        Supernet s = getSupernet();
        if (stage < 0 || stage >= s.stages().size() || block < 0 || block >= s.stages().get(stage).depth()) {
            selectedBlock.set(-1);
        } else {
            selectedStage.set(stage);
            selectedBlock.set(block);
        }
        refreshBlock();
    }

    /** Selects the block under a point of the picture (nothing when the point misses every block). */
    public void selectAt(double x, double y) {
        NetworkLayout l = picture.get();
        if (l == null) return;
        int i = l.blockAt(x, y);
        if (i < 0) return;
        NetworkLayout.PictureBlock b = l.blocks().get(i).block();
        selectBlock(b.stage(), b.indexInStage());
    }

    /** Moves the block selection to the previous ({@code -1}) or next ({@code +1}) block of the network. */
    public void selectNeighbour(int delta) {
        NetworkLayout l = picture.get();
        if (l == null || l.blocks().isEmpty()) return;
        int at = -1;
        for (int i = 0; i < l.blocks().size(); i++) {
            NetworkLayout.PictureBlock b = l.blocks().get(i).block();
            if (b.stage() == selectedStage.get() && b.indexInStage() == selectedBlock.get()) at = i;
        }
        int next = at < 0 ? (delta > 0 ? 0 : l.blocks().size() - 1) : Math.max(0, Math.min(l.blocks().size() - 1, at + delta));
        NetworkLayout.PictureBlock b = l.blocks().get(next).block();
        selectBlock(b.stage(), b.indexInStage());
    }

    /** The size the view draws the picture at; the layout follows. */
    public void setPictureSize(double width, double height) {
        if (width == pictureWidth && height == pictureHeight) return;
        pictureWidth = width;
        pictureHeight = height;
        updatePicture();
    }

    // ---- commands: stages -------------------------------------------------------------------------------------

    /** Adds a stage after the selected one (at the end when none is selected). */
    public boolean addStage() {
        int at = selectedStage.get() < 0 ? getSupernet().stages().size() : selectedStage.get() + 1;
        return apply("Add stage " + (at + 1), s -> SupernetEdits.insertStage(s, at), () -> selectStage(at));
    }

    public boolean removeStage(int i) {
        return apply("Remove stage " + (i + 1), s -> SupernetEdits.removeStage(s, i),
                () -> selectStage(Math.min(i, getSupernet().stages().size() - 1)));
    }

    public boolean duplicateStage(int i) {
        return apply("Duplicate stage " + (i + 1), s -> SupernetEdits.duplicateStage(s, i), () -> selectStage(i + 1));
    }

    /** Moves stage {@code i} by {@code delta} places (-1 = up). */
    public boolean moveStage(int i, int delta) {
        int to = i + delta;
        return apply("Move stage " + (i + 1) + (delta < 0 ? " up" : " down"), s -> SupernetEdits.moveStage(s, i, to),
                () -> selectStage(to));
    }

    public boolean setStride(int i, int stride) {
        return applyStage(i, "Set stride of stage " + (i + 1) + " to " + stride, st -> st.withStride(stride));
    }

    /** Changes the block kind of stage {@code i}, converting its superkernels (MBConv ↔ MixConv). */
    public boolean setKind(int i, BlockKind kind) {
        return applyStage(i, "Convert stage " + (i + 1) + " to " + kind(kind), st -> KindConversion.convert(st, kind));
    }

    public boolean setActivation(int i, Activation a) {
        return applyStage(i, "Set activation of stage " + (i + 1) + " to " + Formats.activation(a), st -> st.withActivation(a));
    }

    public boolean setResidual(int i, boolean residual) {
        return applyStage(i, (residual ? "Allow" : "Drop") + " residuals in stage " + (i + 1), st -> st.withResidual(residual));
    }

    /** Marks superkernel {@code j} of stage {@code i}: its 0 applies only in blocks with a residual. */
    public boolean setZeroOnlyWithResidual(int i, int j, boolean only) {
        return applyStage(i, (only ? "Zero superkernel " + (j + 1) + " of stage " + (i + 1) + " only with a residual"
                : "Allow zeroing superkernel " + (j + 1) + " of stage " + (i + 1) + " everywhere"), st -> {
            List<Superkernel> sks = new ArrayList<>(st.superkernels());
            Superkernel sk = sks.get(j);
            sks.set(j, new Superkernel(sk.kernelSizes(), sk.expansions(), only));
            return st.withSuperkernels(sks);
        });
    }

    public boolean clearOverrides(int i) {
        return applyStage(i, "Clear the block overrides of stage " + (i + 1), st -> st.withOverrides(java.util.Map.of()));
    }

    /** Stage {@code i}'s block kind and candidates for every block of every stage. */
    public boolean applyStageToAll(int i) {
        return apply("Apply the candidates of stage " + (i + 1) + " to every stage", s -> SupernetEdits.applyToEveryStage(s, i), null);
    }

    public boolean convertAll(BlockKind kind) {
        return apply("Convert every stage to " + kind(kind), s -> KindConversion.convert(s, kind), null);
    }

    public boolean setStemStride(int stride) {
        return apply("Set stem stride to " + stride, s -> s.withStem(new Stem(s.stem().channels(), s.stem().kernel(), stride,
                s.stem().activation())), null);
    }

    public boolean setStemActivation(Activation a) {
        return apply("Set stem activation to " + Formats.activation(a), s -> s.withStem(new Stem(s.stem().channels(),
                s.stem().kernel(), s.stem().stride(), a)), null);
    }

    public boolean setHeadActivation(Activation a) {
        return apply("Set head activation to " + Formats.activation(a),
                s -> s.withHead(new Head(s.head().featureChannels(), s.head().classes(), a)), null);
    }

    // ---- commands: depth helpers ------------------------------------------------------------------------------

    /** Linear depth (paper §4.1) over the stages' widths, with the total of {@link #depthTotalProperty()}. */
    public boolean distributeLinear() {
        Integer total = depthTotalValue();
        return total != null && apply("Linear depth: " + total + " blocks", s -> DepthDistribution.linear(s, total),
                () -> depthTotalTyped = false);
    }

    public boolean distributeConstant() {
        Integer total = depthTotalValue();
        return total != null && apply("Constant depth: " + total + " blocks", s -> DepthDistribution.constant(s, total),
                () -> depthTotalTyped = false);
    }

    private Integer depthTotalValue() {
        try {
            return Integer.parseInt(depthTotal.get().strip());
        } catch (NumberFormatException e) {
            say("Total blocks: '" + depthTotal.get().strip() + "' is not a whole number");
            return null;
        }
    }

    // ---- commands: blocks -------------------------------------------------------------------------------------

    /** A new block at {@code at} of stage {@code stage} (depth + 1; overrides stay with their blocks). */
    public boolean insertBlock(int stage, int at) {
        return applyStage(stage, "Insert block " + (at + 1) + " in stage " + (stage + 1),
                st -> SupernetEdits.insertBlock(st, at, null), () -> selectBlock(stage, at));
    }

    public boolean duplicateBlock(int stage, int block) {
        return applyStage(stage, "Duplicate block " + (block + 1) + " of stage " + (stage + 1),
                st -> SupernetEdits.duplicateBlock(st, block), () -> selectBlock(stage, block + 1));
    }

    public boolean removeBlock(int stage, int block) {
        return applyStage(stage, "Remove block " + (block + 1) + " of stage " + (stage + 1),
                st -> SupernetEdits.removeBlock(st, block),
                () -> selectBlock(stage, Math.min(block, getSupernet().stages().get(stage).depth() - 1)));
    }

    /** The block goes back to its stage's superkernels. */
    public boolean clearOverride(int stage, int block) {
        return applyStage(stage, "Block " + (block + 1) + " of stage " + (stage + 1) + " uses the stage's superkernels",
                st -> SupernetEdits.withoutOverride(st, block));
    }

    /** The block's superkernels become the stage's, for every block of the stage (overrides cleared). */
    public boolean applyBlockToStage(int stage, int block) {
        return applyStage(stage, "Apply block " + (block + 1) + "'s candidates to every block of stage " + (stage + 1),
                st -> SupernetEdits.applyToEveryBlock(st, st.superkernelsOf(block)));
    }

    public void undo() { model.undo(); }

    public void redo() { model.redo(); }

    // ---- applying ---------------------------------------------------------------------------------------------

    private boolean applyStage(int i, String description, UnaryOperator<Stage> change) {
        return applyStage(i, description, change, null);
    }

    private boolean applyStage(int i, String description, UnaryOperator<Stage> change, Runnable after) {
        return apply(description, s -> SupernetEdits.updateStage(s, i, change), after);
    }

    /**
     * Applies a command as one undoable step unless it fails or brings new validator errors; then nothing changes
     * and {@link #noticeProperty()} says why.
     */
    private boolean apply(String description, UnaryOperator<Supernet> change, Runnable after) {
        Supernet base = getSupernet();
        Supernet candidate;
        try {
            candidate = change.apply(base);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            say(description + ": " + e.getMessage());
            return false;
        }
        List<Problem> fresh = newErrors(base, candidate);
        if (!fresh.isEmpty()) {
            say(description + " was not applied: " + fresh.stream().map(p -> where(p.path()) + ": " + p.message())
                    .collect(Collectors.joining("; ")));
            return false;
        }
        say(null);
        edit(description, candidate);
        if (after != null) after.run();
        return true;
    }

    /** True while this editor changes the project (so that {@link #load} knows the change is its own). */
    private boolean selfEdit;

    private void edit(String description, Supernet candidate) {
        selfEdit = true;
        try {
            model.edit(description, p -> p.withSupernet(candidate));
        } finally {
            selfEdit = false;
        }
    }

    private void say(String message) {
        notice.set(message);
        updateFieldProblems();
    }

    /** Errors of {@code candidate} that {@code base} does not have: what an edit would break. */
    private List<Problem> newErrors(Supernet base, Supernet candidate) {
        Set<String> before = new HashSet<>();
        for (Problem p : base == null ? List.<Problem>of() : errors(base)) before.add(p.path() + "\n" + p.message());
        List<Problem> out = new ArrayList<>();
        for (Problem p : errors(candidate)) if (!before.contains(p.path() + "\n" + p.message())) out.add(p);
        return out;
    }

    private static List<Problem> errors(Supernet s) {
        return Validator.validateSupernet(s, ROOT).stream().filter(Problem::isError).toList();
    }

    /** The outcome of a field's text: the supernet it gives, or why it cannot be applied. */
    private record Evaluation(Supernet candidate, String problem) {
        boolean ok() { return problem == null; }
    }

    private Evaluation evaluate(EditField f, String text) {
        Supernet base = getSupernet();
        Supernet candidate;
        try {
            candidate = f.spec().apply(base, text);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return new Evaluation(null, e.getMessage());
        }
        List<Problem> fresh = newErrors(base, candidate);
        if (fresh.isEmpty()) return new Evaluation(candidate, null);
        return new Evaluation(null, fresh.stream().map(p -> describe(f, p)).distinct().collect(Collectors.joining("; ")));
    }

    /** A problem as the field shows it: its own ones say where inside the field, others name their place. */
    private static String describe(EditField f, Problem p) {
        if (!f.owns(p.path())) return where(p.path()) + ": " + p.message();
        String inner = inner(p.path());
        return inner.isEmpty() ? p.message() : inner + ": " + p.message();
    }

    private static final Pattern STAGE = Pattern.compile("^supernet\\.stages\\[(\\d+)]");
    private static final Pattern OVERRIDE = Pattern.compile("\\.overrides\\.(\\d+)");
    private static final Pattern SUPERKERNEL = Pattern.compile("(?:superkernels|overrides\\.\\d+)\\[(\\d+)]");
    private static final Pattern CANDIDATE = Pattern.compile("\\.(kernelSizes|expansions)\\[(\\d+)]");

    /** The superkernel and candidate a path points at, in words ("superkernel 2, candidate 3"); "" for the field itself. */
    static String inner(String path) {
        List<String> parts = new ArrayList<>();
        Matcher sk = SUPERKERNEL.matcher(path);
        if (sk.find()) parts.add("superkernel " + (Integer.parseInt(sk.group(1)) + 1));
        Matcher c = CANDIDATE.matcher(path);
        if (c.find()) parts.add("candidate " + (Integer.parseInt(c.group(2)) + 1));
        return String.join(", ", parts);
    }

    /** A validator path in words: "stage 5 stride", "input height", "stage 2 block 4 superkernels". */
    static String where(String path) {
        Matcher m = STAGE.matcher(path);
        if (!m.find()) {
            String rest = path.startsWith(ROOT + ".") ? path.substring(ROOT.length() + 1) : path;
            return rest.replace('.', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder("stage " + (Integer.parseInt(m.group(1)) + 1));
        String rest = path.substring(m.end());
        Matcher o = OVERRIDE.matcher(rest);
        if (o.find()) sb.append(" block ").append(Integer.parseInt(o.group(1)) + 1);
        String field = rest.replaceAll("\\[\\d+]", "").replaceAll("\\.overrides\\.\\d+", ".superkernels");
        String last = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
        if (!last.isEmpty()) sb.append(' ').append(last.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT));
        String inner = inner(path);
        if (!inner.isEmpty()) sb.append(" (").append(inner).append(')');
        return sb.toString();
    }

    // ---- fields -----------------------------------------------------------------------------------------------

    /** Called by a field whenever its text changes: check it at once and show it in the picture when it is valid. */
    void typed(EditField f) {
        String t = f.getText();
        boolean pending = !Objects.equals(t, f.committedText());
        f.setPending(pending);
        if (!pending) {
            f.setProblem(standing(f));
            setPreview(getSupernet());
        } else {
            Evaluation e = evaluate(f, t);
            f.setProblem(e.problem());
            setPreview(e.ok() ? e.candidate() : getSupernet());
        }
        updateFieldProblems();
    }

    boolean commit(EditField f) {
        if (!f.isPending()) return true;
        String text = f.getText();
        Evaluation e = evaluate(f, text);
        if (!e.ok()) {
            f.setProblem(e.problem());
            updateFieldProblems();
            return false;
        }
        f.setPending(false);
        f.setProblem(null);
        say(null);
        Supernet before = getSupernet();
        edit(f.spec().describe(text), e.candidate());
        if (getSupernet().equals(before)) { // e.g. "3,5" for "3, 5": nothing to record, show the usual spelling
            f.refresh(before, false);
            setPreview(before);
        }
        return true;
    }

    void revert(EditField f) {
        f.setPending(false);
        f.refresh(getSupernet(), false);
        f.setProblem(standing(f));
        setPreview(getSupernet());
        updateFieldProblems();
    }

    /** A problem of the supernet as it is that belongs to the field (a project edited elsewhere may have one). */
    private String standing(EditField f) {
        List<String> mine = committedErrors.stream().filter(p -> f.owns(p.path())).map(p -> describe(f, p)).toList();
        return mine.isEmpty() ? null : String.join("; ", mine);
    }

    private void updateFieldProblems() {
        List<String> lines = new ArrayList<>();
        for (EditField f : allFields()) if (f.getProblem() != null) lines.add(f.label() + ": " + f.getProblem());
        if (notice.get() != null) lines.add(notice.get());
        if (!lines.equals(fieldProblems)) fieldProblems.setAll(lines);
    }

    private EditField field(String id, String label, java.util.function.Function<Supernet, String> format,
                            java.util.function.BiFunction<Supernet, String, Supernet> apply, String path,
                            java.util.function.Function<String, String> describe) {
        var owns = EditField.path(path);
        return new EditField(this, id, label, new EditField.Spec() {
            @Override public String format(Supernet s) { return format.apply(s); }
            @Override public Supernet apply(Supernet base, String text) { return apply.apply(base, text); }
            @Override public boolean owns(String p) { return owns.test(p); }
            @Override public String describe(String text) { return describe.apply(text); }
        });
    }

    private EditField intField(String id, String label, java.util.function.ToIntFunction<Supernet> get,
                               java.util.function.BiFunction<Supernet, Integer, Supernet> set) {
        return field(id, label, s -> Integer.toString(get.applyAsInt(s)), (s, t) -> set.apply(s, parseInt(t)),
                ROOT + "." + id, t -> "Set " + label.toLowerCase(Locale.ROOT) + " to " + t.strip());
    }

    static int parseInt(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new IllegalArgumentException("is empty: give a whole number");
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number");
        }
    }

    private StageFields stageFieldsFor(int i) {
        String p = ROOT + ".stages[" + i + "]";
        String n = "stage " + (i + 1);
        EditField width = field("stage." + i + ".width", "Width of " + n, s -> Integer.toString(s.stages().get(i).width()),
                (s, t) -> s.withStage(i, s.stages().get(i).withWidth(parseInt(t))), p + ".width",
                t -> "Set width of " + n + " to " + t.strip());
        EditField depth = field("stage." + i + ".depth", "Depth of " + n, s -> Integer.toString(s.stages().get(i).depth()),
                (s, t) -> s.withStage(i, SupernetEdits.withDepth(s.stages().get(i), parseInt(t))), p + ".depth",
                t -> "Set depth of " + n + " to " + t.strip());
        EditField se = field("stage." + i + ".seRatio", "SE ratio of " + n, s -> Formats.number(s.stages().get(i).seRatio()),
                (s, t) -> s.withStage(i, s.stages().get(i).withSeRatio(parseRatio(t))), p + ".seRatio",
                t -> "Set SE ratio of " + n + " to " + t.strip());
        EditField kernels = superkernelsField(i, "kernels", "Kernel sizes", "kernelSizes", CandidateText::kernels, CandidateText::withKernels);
        EditField expansions = superkernelsField(i, "expansions", "Expansions", "expansions", CandidateText::expansions,
                CandidateText::withExpansions);
        return new StageFields(width, depth, se, kernels, expansions);
    }

    /**
     * One part of every superkernel of stage {@code i} as one line ("3,5 | 3,5,7" for the kernel sizes): it owns the
     * problems of the stage's superkernel list and of that part ({@code part}) of each.
     */
    private EditField superkernelsField(int i, String key, String label, String part, Function<List<Superkernel>, String> format,
                                        BiFunction<List<Superkernel>, String, List<Superkernel>> with) {
        String sks = ROOT + ".stages[" + i + "].superkernels";
        var ownsSet = Pattern.compile("^" + Pattern.quote(sks) + "(\\[\\d+])?$").asMatchPredicate();
        var ownsPart = Pattern.compile("^" + Pattern.quote(sks) + "\\[\\d+]\\." + part + ".*$").asMatchPredicate();
        String name = label + " of stage " + (i + 1);
        return new EditField(this, "stage." + i + "." + key, name, new EditField.Spec() {
            @Override public String format(Supernet s) { return format.apply(s.stages().get(i).superkernels()); }
            @Override public Supernet apply(Supernet s, String t) {
                Stage st = s.stages().get(i);
                return s.withStage(i, st.withSuperkernels(with.apply(st.superkernels(), t)));
            }
            @Override public boolean owns(String path) { return ownsSet.test(path) || ownsPart.test(path); }
            @Override public String describe(String t) { return "Set " + Formats.lowerFirstWord(name) + " to " + t.strip(); }
        });
    }

    static double parseRatio(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) return 0;
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a number (0 or none = no SE, 0.25 = a quarter of the block input)");
        }
    }

    /** The selected block's own superkernels: editing them gives the block an override. */
    private final class BlockSpec implements EditField.Spec {
        private final boolean kernels;

        BlockSpec(boolean kernels) { this.kernels = kernels; }

        @Override
        public String format(Supernet s) {
            Stage st = selectedStageOf(s);
            if (st == null || selectedBlock.get() < 0 || selectedBlock.get() >= st.depth()) return "";
            List<Superkernel> sks = st.superkernelsOf(selectedBlock.get());
            return kernels ? CandidateText.kernels(sks) : CandidateText.expansions(sks);
        }

        @Override
        public Supernet apply(Supernet s, String text) {
            Stage st = selectedStageOf(s);
            int b = selectedBlock.get();
            if (st == null || b < 0 || b >= st.depth()) throw new IllegalArgumentException("select a block in the picture first");
            List<Superkernel> now = st.superkernelsOf(b);
            List<Superkernel> sks = kernels ? CandidateText.withKernels(now, text) : CandidateText.withExpansions(now, text);
            return s.withStage(selectedStage.get(), SupernetEdits.withOverride(st, b, sks));
        }

        @Override
        public boolean owns(String path) {
            int b = selectedBlock.get();
            return b >= 0 && EditField.path(ROOT + ".stages[" + selectedStage.get() + "].overrides." + b).test(path);
        }

        @Override
        public String describe(String text) {
            return "Set " + (kernels ? "kernel sizes" : "expansions") + " of block " + (selectedBlock.get() + 1) + " of stage "
                    + (selectedStage.get() + 1) + " to " + text.strip();
        }

        private Stage selectedStageOf(Supernet s) {
            int i = selectedStage.get();
            return i < 0 || i >= s.stages().size() ? null : s.stages().get(i);
        }
    }

    // ---- loading ----------------------------------------------------------------------------------------------

    private void load(Project p) {
        Supernet s = p.supernet();
        supernet.set(s);
        supernetName.set(s.name());
        List<Problem> found = Validator.validateSupernet(s, ROOT);
        problems.setAll(found);
        committedErrors = found.stream().filter(Problem::isError).toList();
        boolean valid = !Validator.hasErrors(found);
        List<BlockPosition> ps = valid ? s.blockPositions() : List.of();

        // A rejected text stays while the user goes on editing here; an undo, a redo, another view's change or
        // another project start clean.
        boolean mine = selfEdit;
        boolean keepPending = mine && stageFields.size() == s.stages().size();
        String cause = mine || model.canUndoProperty().get() || model.canRedoProperty().get() ? "the edit" : "opening";
        while (stageFields.size() < s.stages().size()) stageFields.add(stageFieldsFor(stageFields.size()));
        while (stageFields.size() > s.stages().size()) stageFields.remove(stageFields.size() - 1);

        List<StageRow> rows = new ArrayList<>();
        for (int i = 0; i < s.stages().size(); i++) rows.add(row(s, i, ps));
        if (rows.size() == stages.size()) {
            // row by row, so that the table keeps its cells (and the text field being typed in keeps the focus)
            for (int i = 0; i < rows.size(); i++) if (!rows.get(i).equals(stages.get(i))) stages.set(i, rows.get(i));
        } else {
            stages.setAll(rows);
        }

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

        for (EditField f : networkFields) refreshField(f, s, keepPending);
        for (StageFields sf : stageFields) for (EditField f : sf.all()) refreshField(f, s, keepPending);
        if (selectedStage.get() >= s.stages().size()) selectedStage.set(s.stages().size() - 1);
        boolean blockGone = selectedStage.get() < 0 || selectedBlock.get() >= s.stages().get(selectedStage.get()).depth();
        if (blockGone) selectedBlock.set(-1);
        refreshBlock(keepPending && !blockGone);
        if (!depthTotalTyped || !keepPending) {
            syncingTotal = true;
            depthTotal.set(Integer.toString(s.totalBlocks()));
            syncingTotal = false;
            depthTotalTyped = false;
        }
        updateDepthPlan();
        setPreview(s, cause);
        updateFieldProblems();
    }

    private void refreshField(EditField f, Supernet s, boolean keepPending) {
        try {
            f.refresh(s, keepPending);
        } catch (RuntimeException e) { // a broken supernet (e.g. a missing record) cannot be shown in this field
            f.refresh(null, keepPending);
        }
        if (!f.isPending()) f.setProblem(standing(f));
    }

    private void refreshBlock() { refreshBlock(false); }

    private void refreshBlock(boolean keepPending) {
        Supernet s = getSupernet();
        int si = selectedStage.get(), b = selectedBlock.get();
        boolean selected = si >= 0 && si < s.stages().size() && b >= 0 && b < s.stages().get(si).depth();
        if (!keepPending) {
            blockKernels.setPending(false);
            blockExpansions.setPending(false);
        }
        blockKernels.refresh(s, keepPending);
        blockExpansions.refresh(s, keepPending);
        if (!blockKernels.isPending()) blockKernels.setProblem(selected ? standing(blockKernels) : null);
        if (!blockExpansions.isPending()) blockExpansions.setProblem(selected ? standing(blockExpansions) : null);
        if (!selected) {
            blockTitle.set(si >= 0 && si < s.stages().size() ? "Stage " + (si + 1) : "No block selected");
            blockDetail.set("Click a block in the picture to give it its own superkernels.");
            blockOverridden.set(false);
        } else {
            Stage st = s.stages().get(si);
            blockTitle.set("Block " + (b + 1) + " of stage " + (si + 1));
            BlockPosition bp = null;
            if (!Validator.hasErrors(committedErrors)) {
                for (BlockPosition p : s.blockPositions()) if (p.stage() == si && p.indexInStage() == b) bp = p;
            }
            blockOverridden.set(st.overrides().containsKey(b));
            if (bp == null) {
                blockDetail.set(st.overrides().containsKey(b) ? "Own superkernels" : "The stage's superkernels");
            } else {
                long choices = 1;
                for (int j = 0; j < bp.superkernels().size(); j++) choices *= Supernet.choicesOf(bp, j);
                blockDetail.set("Network block " + (bp.index() + 1) + " · " + Formats.size(bp.inputHeight(), bp.inputWidth())
                        + " × " + bp.inChannels() + " → " + bp.outChannels() + " · stride " + bp.stride()
                        + (bp.residual() ? " · residual" : " · no residual") + " · " + choices + " choices");
            }
        }
        updateFieldProblems();
    }

    private void updateDepthPlan() {
        Supernet s = getSupernet();
        if (s == null) return;
        try {
            int total = Integer.parseInt(depthTotal.get().strip());
            int[] lin = DepthDistribution.linear(s.stages().stream().map(Stage::width).toList(), total);
            int[] con = DepthDistribution.constant(s.stages().size(), total);
            depthPlan.set("Linear " + join(lin) + " (cumulative " + join(DepthDistribution.cumulative(lin)) + ")  ·  constant " + join(con));
        } catch (NumberFormatException e) {
            depthPlan.set("Type a whole number of blocks");
        } catch (IllegalArgumentException e) {
            depthPlan.set(e.getMessage());
        }
    }

    private static String join(int[] v) {
        return java.util.Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    private StageRow row(Supernet s, int i, List<BlockPosition> ps) {
        Stage st = s.stages().get(i);
        String output = ps.stream().filter(bp -> bp.stage() == i).reduce((a, b) -> b)
                .map(bp -> Formats.size(bp.outputHeight(), bp.outputWidth()) + " × " + bp.outChannels()).orElse("—");
        return new StageRow(i + 1, st.width(), st.depth(), st.stride(), kind(st.kind()), st.superkernels().size(),
                kernels(st.superkernels()), expansions(st.superkernels()),
                st.seRatio() > 0 ? Formats.number(st.seRatio()) : "none", Formats.activation(st.activation()),
                st.residual() ? "where shapes allow" : "never", output,
                st.overrides().isEmpty() ? "—" : st.overrides().keySet().stream().sorted()
                        .map(k -> "block " + (k + 1)).collect(Collectors.joining(", ")));
    }

    // ---- preview: picture, facts, costs -----------------------------------------------------------------------

    private void setPreview(Supernet s) { setPreview(s, "the edit"); }

    /** @param cause what changed the preview, for the log: "the edit", "opening" */
    private void setPreview(Supernet s, String cause) {
        NpuConfig npu = model.getProject().npu();
        boolean same = s.equals(preview.get());
        preview.set(s);
        if (!same) updatePicture();
        updateFacts(s);
        scheduleCosts(s, npu, cause);
    }

    private void updatePicture() {
        Supernet s = preview.get();
        if (s == null) return;
        List<BlockPosition> ps;
        try {
            ps = Validator.hasErrors(Validator.validateSupernet(s, ROOT)) ? List.of() : s.blockPositions();
        } catch (RuntimeException e) {
            ps = List.of();
        }
        SpaceCosts c = s.equals(costsValueFor) ? costs.get() : null;
        List<NetworkLayout.StageText> texts = new ArrayList<>();
        for (int i = 0; i < s.stages().size(); i++) {
            Stage st = s.stages().get(i);
            int stage = i;
            List<String> lines = new ArrayList<>(), brief = new ArrayList<>();
            lines.add(st.width() + " ch × " + st.depth() + (st.stride() > 1 ? " · s" + st.stride() : ""));
            brief.add(st.width() + "×" + st.depth());
            ps.stream().filter(bp -> bp.stage() == stage).reduce((a, b) -> b).ifPresent(bp -> {
                lines.add(Formats.size(bp.outputHeight(), bp.outputWidth()));
                brief.add(bp.outputHeight() == bp.outputWidth() ? bp.outputHeight() + "²" : bp.outputHeight() + "×" + bp.outputWidth());
            });
            if (c != null && i < c.stageShares().size()) {
                double share = 100 * c.stageShares().get(i).fraction();
                lines.add(String.format(Locale.ROOT, "%.0f %% latency", share));
                brief.add(String.format(Locale.ROOT, "%.0f %%", share));
            }
            texts.add(NetworkLayout.StageText.of(i, lines, brief));
        }
        String stem = s.stem() == null ? "stem" : "stem " + s.stem().kernel() + "×" + s.stem().kernel()
                + (s.stem().stride() > 1 ? " s" + s.stem().stride() : "");
        String head = s.head() == null ? "head" : "head " + s.head().featureChannels();
        picture.set(NetworkLayout.layout(NetworkLayout.ofSupernet(s, ps), stem, head, texts,
                pictureWidth, pictureHeight, 0, false));
    }

    private void updateFacts(Supernet s) {
        boolean valid = !Validator.hasErrors(Validator.validateSupernet(s, ROOT));
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("Input", s.input() == null ? "—" : Formats.shape(s.input()),
                "Deployment input: height × width × channels; latency is profiled at this size"));
        f.add(new Fact("Stem", s.stem() == null ? "—" : stem(s.stem()), "The first conv: kernel, output channels, stride, activation"));
        f.add(new Fact("Stages", Integer.toString(s.stages().size()), "Runs of blocks with the same output width"));
        f.add(new Fact("Blocks", Integer.toString(s.totalBlocks()), "Searchable blocks over all stages (the sum of the stage depths)"));
        f.add(new Fact("Block positions", valid ? Integer.toString(s.blockPositions().size()) : "—",
                "Distinct places a block can sit: each is profiled for the latency table (paper Eq. 8)"));
        f.add(new Fact("Head", s.head() == null ? "—" : head(s.head()), "1×1 conv to the feature width, global average pool, FC to the classes"));
        f.add(new Fact("Search space", valid ? powerOfTen(SpaceCosts.log10Size(s)) + " architectures" : "—",
                "Product over positions and superkernels of the choices (a zeroed superkernel counts once)"));
        if (!f.equals(facts)) facts.setAll(f);
    }

    /** A count given by its log10, as "3.22 × 10⁴⁴" (or plainly while it is small). */
    static String powerOfTen(double log10) {
        if (log10 < 6) return Formats.count(Math.pow(10, log10));
        int exp = (int) Math.floor(log10);
        double mantissa = Math.pow(10, log10 - exp);
        if (mantissa >= 9.995) { mantissa = 1; exp++; }
        StringBuilder sup = new StringBuilder();
        for (char ch : Integer.toString(exp).toCharArray()) sup.append("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(ch - '0'));
        return String.format(Locale.ROOT, "%.2f × 10", mantissa) + sup;
    }

    /** A result and when its steps happened (System.nanoTime). */
    private record Computed(SpaceCosts costs, long started, long computed) {}

    private void scheduleCosts(Supernet s, NpuConfig npu, String cause) {
        long stamp = System.nanoTime();
        if (costsState.get() == CostsState.READY && s.equals(costsFor) && Objects.equals(npu, costsNpu)) {
            updateCostFacts();
            return;
        }
        boolean urgent = false;
        if (costsTask != null && costsState.get() == CostsState.COMPUTING && s.equals(costsFor) && Objects.equals(npu, costsNpu)) {
            // Already on its way. A commit (Enter) ends the typing: a task still waiting out the debounce starts now.
            if (!"the edit".equals(cause) || getSupernet() != s || !costsWaiting.get()) return;
            urgent = true;
            stamp = costsStamp;
        }
        costsStamp = stamp;
        if (costsTask != null) costsTask.cancel();
        long generation = ++costsGeneration;
        boolean npuOk = npu != null && Validator.validateNpu(npu, "npu").isEmpty();
        if (!npuOk || Validator.hasErrors(Validator.validateSupernet(s, ROOT))) {
            costsTask = null;
            costsFor = null;
            costsValueFor = null;
            costs.set(null);
            costsState.set(CostsState.INVALID);
            updateCostFacts();
            return;
        }
        costsFor = s;
        costsNpu = npu;
        costsState.set(CostsState.COMPUTING);
        updateCostFacts();
        long delay = urgent ? 0 : debounceMs;
        java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean(delay > 0);
        costsWaiting = waiting;
        long edited = stamp;
        costsTask = model.executor().submit("Costs of the search space", p -> {
            // A determinate bar: an indeterminate one animates every frame, and frames are dear on a busy machine.
            p.update(0, "waiting for the typing to stop");
            // Debounce: a newer edit cancels this task while it waits, so a burst of keystrokes costs one simulation.
            if (delay > 0) Thread.sleep(delay);
            waiting.set(false);
            if (p.isCancelled()) throw new CancellationException("superseded by a newer edit");
            p.update(0.1, "simulating the smallest and the largest architecture");
            long t0 = System.nanoTime();
            SpaceCosts c = SpaceCosts.compute(s, npu, p::isCancelled);
            return new Computed(c, t0, System.nanoTime());
        }, r -> {
            if (generation != costsGeneration) return;
            costsValueFor = s;
            costs.set(r.costs());
            costsState.set(CostsState.READY);
            long now = System.nanoTime();
            double shown = (now - edited) / 1e6;
            costsComputeMs.set((r.computed() - r.started()) / 1e6);
            costsDelayMs.set(shown);
            costsCause.set(cause);
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                    "costs of '%s' (%d blocks) shown %.0f ms after %s: %.0f ms debounce and queue, %.0f ms simulation and counts, %.0f ms to the FX thread",
                    s.name(), s.totalBlocks(), shown, cause, (r.started() - edited) / 1e6, (r.computed() - r.started()) / 1e6,
                    (now - r.computed()) / 1e6));
            updateCostFacts();
            updatePicture();
        }, error -> {
            if (generation != costsGeneration || error instanceof CancellationException || error instanceof InterruptedException) return;
            costsValueFor = null;
            costs.set(null);
            costsState.set(CostsState.FAILED);
            say("Costs could not be computed: " + Formats.message(error));
            updateCostFacts();
        });
    }

    private void updateCostFacts() {
        SpaceCosts c = costs.get();
        CostsState st = costsState.get();
        double target = model.getProject().search() == null ? Double.NaN : model.getProject().search().targetLatencyMs();
        List<Fact> f = new ArrayList<>();
        if (c == null || st == CostsState.INVALID || st == CostsState.FAILED) {
            String why = st == CostsState.COMPUTING ? "…" : "—";
            f.add(new Fact("Parameters", why, "Smallest – largest architecture of the space"));
            f.add(new Fact("MACs", why, "Multiply-accumulates for one image, smallest – largest architecture"));
            f.add(new Fact("Latency on MIDAP", why, "Simulated latency of the smallest and the largest architecture"));
            f.add(new Fact("Target", Double.isNaN(target) ? "—" : Formats.number(target) + " ms", "The project's target latency"));
        } else {
            f.add(new Fact("Parameters", millions(c.smallest().parameters()) + " – " + millions(c.largest().parameters()),
                    "Trainable parameters of the smallest and the largest architecture of the space"));
            f.add(new Fact("MACs", giga(c.smallest().macs()) + " – " + giga(c.largest().macs()),
                    "Multiply-accumulates for one image, smallest – largest architecture"));
            f.add(new Fact("Latency on MIDAP", String.format(Locale.ROOT, "%.3f – %.3f ms", c.smallestLatencyMs(), c.largestLatencyMs()),
                    "Simulated MIDAP latency of the smallest and the largest architecture (" + c.smallest().totalCycles()
                            + " and " + c.largest().totalCycles() + " cycles)"));
            boolean reachable = !Double.isNaN(target) && c.reachable(target);
            f.add(new Fact("Target " + Formats.number(target) + " ms", reachable ? "✓ reachable" : "✗ out of reach",
                    reachable ? "The smallest architecture (" + String.format(Locale.ROOT, "%.3f", c.smallestLatencyMs())
                            + " ms) meets the target: a search can reach it"
                            : "Even the smallest architecture (" + String.format(Locale.ROOT, "%.3f", c.smallestLatencyMs())
                            + " ms) is slower than the target: the search cannot reach it"));
        }
        if (!f.equals(costFacts)) costFacts.setAll(f);
    }

    static String millions(long n) {
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.2f M", n / 1e6) : String.format(Locale.ROOT, "%.1f k", n / 1e3);
    }

    static String giga(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.0f M", n / 1e6);
        return String.format(Locale.ROOT, "%.1f k", n / 1e3);
    }

    // ---- formatting -------------------------------------------------------------------------------------------

    static String kind(BlockKind k) {
        if (k == null) return "—";
        return switch (k) {
            case MBCONV -> "MBConv";
            case MIXCONV -> "MixConv";
        };
    }

    static String kernels(List<Superkernel> sks) { return CandidateText.kernels(sks); }

    /** Expansion candidates; {@code 0*} marks a zero that applies only where the block has a residual. */
    static String expansions(List<Superkernel> sks) { return CandidateText.expansions(sks); }

    static String stem(Stem st) {
        return st.kernel() + "×" + st.kernel() + " conv, " + st.channels() + " ch, stride " + st.stride() + ", "
                + Formats.activation(st.activation());
    }

    static String head(Head h) {
        return "1×1 conv → " + h.featureChannels() + ", pool, FC → " + h.classes();
    }
}
