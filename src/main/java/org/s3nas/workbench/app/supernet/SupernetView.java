package org.s3nas.workbench.app.supernet;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.supernet.NetworkLayout.PictureBlock;
import org.s3nas.workbench.app.supernet.SupernetViewModel.CostsState;
import org.s3nas.workbench.app.supernet.SupernetViewModel.PositionRow;
import org.s3nas.workbench.app.supernet.SupernetViewModel.StageRow;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Problem;

/**
 * The Supernet view: the supernet editor (network fields, the picture, the stage table, the selected block's own
 * superkernels, the helpers, the live costs) and the architectures drawn the same way. It binds to the
 * {@link SupernetViewModel} and forwards commands; it decides nothing itself.
 */
public final class SupernetView extends VBox {
    private static final Set<String> SUMMARY_FACTS = Set.of("Input", "Blocks", "Search space");

    private final SupernetViewModel vm;
    private final TableView<StageRow> stageTable;
    private final TableView<PositionRow> positionTable;
    private final NetworkCanvas picture;
    private final TabPane tabs = new TabPane();
    private boolean syncing;

    public SupernetView(SupernetViewModel vm) {
        this.vm = vm;
        Views.styleView(this, "supernetView", SupernetView.class.getResource("supernet.css"), "supernet-view");

        picture = networkPicture();
        stageTable = stagesInStep();
        positionTable = blockPositions();
        getChildren().addAll(top(), editorAndArchitectures());
        Views.projectUndoKeys(this, t -> t.getUserData() instanceof EditField f && !f.isPending(), vm::undo, vm::redo);
    }

    /** The view's title, and top right the size of the space and its costs. */
    private HBox top() {
        var header = Views.header("Supernet", vm.projectName(), Bindings.concat("Search space ", vm.supernetNameProperty()));
        HBox.setHgrow(header, Priority.ALWAYS);
        HBox top = new HBox(16, header, summary());
        top.setAlignment(Pos.CENTER_LEFT);
        return top;
    }

    /** The supernet's picture, showing the selected block; ← and → select its neighbour. */
    private NetworkCanvas networkPicture() {
        NetworkCanvas picture = new NetworkCanvas(vm::setPictureSize, vm::selectAt);
        picture.setId("networkPicture");
        picture.setEmptyText("The supernet has errors: fix them to see its picture.");
        picture.setDescriber(SupernetView::describe);
        picture.setPicture(vm.getPicture());
        picture.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT) {
                vm.selectNeighbour(e.getCode() == KeyCode.LEFT ? -1 : 1);
                e.consume();
            }
        });
        vm.pictureProperty().addListener((o, a, l) -> picture.setPicture(l));
        Runnable selection = () -> picture.setSelection(vm.selectedStageProperty().get(), vm.selectedBlockProperty().get());
        vm.selectedStageProperty().addListener((o, a, b) -> selection.run());
        vm.selectedBlockProperty().addListener((o, a, b) -> selection.run());
        picture.setTheme(vm.themeProperty().get());
        vm.themeProperty().addListener((o, a, t) -> picture.setTheme(t));
        return picture;
    }

    /** The stage table, whose selected row and the selected stage follow each other. */
    private TableView<StageRow> stagesInStep() {
        TableView<StageRow> table = StageTable.build(vm);
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!syncing && i.intValue() >= 0) vm.selectStage(i.intValue());
        });
        vm.selectedStageProperty().addListener((o, a, i) -> syncTableSelection());
        vm.stages().addListener((ListChangeListener<StageRow>) c -> syncTableSelection());
        return table;
    }

    /** Every block position of the supernet with its candidates (each is profiled for the latency table). */
    private TableView<PositionRow> blockPositions() {
        TableView<PositionRow> table = Views.table(vm.positions(), "No block positions: the supernet has errors (see above).");
        table.setId("positionTable");
        table.getColumns().add(Views.numberColumn("#", PositionRow::index, 50));
        table.getColumns().add(Views.numberColumn("Stage", PositionRow::stage, 60));
        table.getColumns().add(Views.numberColumn("Block", PositionRow::block, 60));
        table.getColumns().add(Views.column("Input", PositionRow::input, 100));
        table.getColumns().add(Views.column("Channels", PositionRow::channels, 110));
        table.getColumns().add(Views.numberColumn("Stride", PositionRow::stride, 70));
        table.getColumns().add(Views.column("Residual", PositionRow::residual, 80));
        table.getColumns().add(Views.numberColumn("Choices", PositionRow::choices, 90));
        table.getColumns().add(Views.column("Superkernel candidates", PositionRow::superkernels, 360));
        table.setPrefHeight(260);
        return table;
    }

    /** Two tabs: the search-space editor, and the architectures, simulated only once somebody looks at them. */
    private TabPane editorAndArchitectures() {
        Tab editor = new Tab("Search space", editor());
        editor.setId("tab-search-space");
        Tab archs = new Tab("Architectures");
        archs.setId("tab-architectures");
        tabs.getTabs().addAll(editor, archs);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("inner-tabs");
        tabs.setId("supernetTabs");
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t == archs && archs.getContent() == null) archs.setContent(new ArchitecturesView(vm.architectures()));
        });
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return tabs;
    }

    public TableView<StageRow> stageTable() { return stageTable; }

    SupernetViewModel viewModel() { return vm; }

    public TableView<PositionRow> positionTable() { return positionTable; }

    /** The picture of the supernet (a canvas; its layout is {@link SupernetViewModel#getPicture()}). */
    public Region picture() { return picture; }

    /** Shows the editor (0) or the architectures (1). */
    public void selectTab(int i) { tabs.getSelectionModel().select(i); }

    private void syncTableSelection() {
        syncing = true;
        try {
            int i = vm.selectedStageProperty().get();
            if (i < 0 || i >= stageTable.getItems().size()) stageTable.getSelectionModel().clearSelection();
            else if (stageTable.getSelectionModel().getSelectedIndex() != i) stageTable.getSelectionModel().select(i);
        } finally {
            syncing = false;
        }
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    /** The search-space editor, top to bottom; it scrolls when the window is short. */
    private Node editor() {
        VBox content = new VBox(10, problemsBanner(), networkForm(), fieldProblems(), pictureAndInspector(), toolbar(), stageTable,
                typingHelp(), positionsPane());
        content.getStyleClass().add("editor-content");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("editor-scroll");
        return scroll;
    }

    /** The supernet's errors and warnings (hidden when it has none). */
    private Label problemsBanner() {
        return Views.banner(Bindings.createStringBinding(() -> vm.problems().stream().map(Problem::toString)
                .collect(Collectors.joining("\n")), vm.problems()), null);
    }

    /** What is wrong with the fields being typed (hidden when nothing is). */
    private Label fieldProblems() {
        Label fieldProblems = Views.paragraph("field-problems", "fieldProblems", null);
        fieldProblems.setMaxWidth(Double.MAX_VALUE);
        Runnable showFieldProblems = () -> {
            fieldProblems.setText(String.join("\n", vm.fieldProblems()));
            fieldProblems.setVisible(!vm.fieldProblems().isEmpty());
            fieldProblems.setManaged(!vm.fieldProblems().isEmpty());
        };
        vm.fieldProblems().addListener((ListChangeListener<String>) c -> showFieldProblems.run());
        showFieldProblems.run();
        return fieldProblems;
    }

    /** The picture with its legend, and beside it the selected block's inspector. */
    private HBox pictureAndInspector() {
        VBox pictureBox = new VBox(6, legend(), picture);
        pictureBox.getStyleClass().addAll("card", "picture-card");
        VBox.setVgrow(picture, Priority.ALWAYS);
        HBox.setHgrow(pictureBox, Priority.ALWAYS);
        HBox middle = new HBox(12, pictureBox, blockInspector());
        middle.setMinHeight(Region.USE_PREF_SIZE);
        middle.setMaxHeight(470); // a tall window gives the picture more room, up to here
        VBox.setVgrow(middle, Priority.ALWAYS);
        return middle;
    }

    /** How candidate lists are typed into the stage table. */
    private static Label typingHelp() {
        Label legend = new Label("Type candidate lists per superkernel, separated by |, e.g. 3, 5 | 3, 5 | 3, 5, 7. "
                + "0* = the superkernel may be zeroed only where the block has a residual. Enter or leaving a field applies it; "
                + "Escape drops what was typed.");
        legend.getStyleClass().add("caption");
        legend.setWrapText(true);
        return legend;
    }

    /** The block positions' table, folded, with their number in its title. */
    private TitledPane positionsPane() {
        TitledPane positions = new TitledPane();
        positions.setContent(positionTable);
        positions.setExpanded(false);
        positions.getStyleClass().add("positions-pane");
        Runnable posTitle = () -> positions.setText("Block positions  ·  " + vm.positions().size()
                + "  (each is profiled for the latency table, paper Eq. 8)");
        vm.positions().addListener((ListChangeListener<PositionRow>) c -> posTitle.run());
        posTitle.run();
        return positions;
    }

    /** The size of the space and its costs, top right. */
    private Node summary() {
        HBox strip = new HBox(8);
        strip.getStyleClass().add("cost-strip");
        strip.setId("costStrip");
        strip.setAlignment(Pos.CENTER_RIGHT);
        Label timing = new Label();
        timing.setId("costsTiming");
        timing.getStyleClass().add("caption");
        Runnable rebuild = () -> {
            List<Fact> shown = new java.util.ArrayList<>();
            for (Fact f : vm.facts()) if (SUMMARY_FACTS.contains(f.label())) shown.add(f);
            shown.addAll(vm.costFacts());
            // tiles are kept and only their texts change: a new figure must not rebuild the header's nodes
            while (strip.getChildren().size() > shown.size()) strip.getChildren().remove(strip.getChildren().size() - 1);
            for (int i = 0; i < shown.size(); i++) {
                if (i < strip.getChildren().size()) update((VBox) strip.getChildren().get(i), shown.get(i));
                else strip.getChildren().add(tile(shown.get(i)));
            }
            boolean computing = vm.costsStateProperty().get() == CostsState.COMPUTING;
            strip.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("computing"), computing);
        };
        vm.facts().addListener((ListChangeListener<Fact>) c -> rebuild.run());
        vm.costFacts().addListener((ListChangeListener<Fact>) c -> rebuild.run());
        vm.costsStateProperty().addListener((o, a, b) -> rebuild.run());
        timing.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.costsStateProperty().get()) {
            case COMPUTING -> "Simulating the smallest and the largest architecture on MIDAP…";
            case INVALID -> "Costs need a valid supernet.";
            case FAILED -> vm.noticeProperty().get().startsWith("Costs could not be computed")
                    ? vm.noticeProperty().get() : "The costs could not be computed.";
            case READY -> Double.isNaN(vm.costsDelayMsProperty().get()) ? ""
                    : "the edit".equals(vm.costsCauseProperty().get())
                    ? String.format(Locale.ROOT, "Simulated on MIDAP in %.0f ms; shown %.0f ms after the edit.",
                    vm.costsComputeMsProperty().get(), vm.costsDelayMsProperty().get())
                    : String.format(Locale.ROOT, "Smallest and largest architecture simulated on MIDAP in %.0f ms.",
                    vm.costsComputeMsProperty().get());
        }, vm.costsStateProperty(), vm.costsDelayMsProperty(), vm.costsCauseProperty(), vm.costsComputeMsProperty(), vm.noticeProperty()));
        timing.setWrapText(true);
        rebuild.run();
        VBox box = new VBox(4, strip, timing);
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static Node tile(Fact f) {
        Label label = new Label();
        label.getStyleClass().add("fact-label");
        Label value = new Label();
        value.getStyleClass().add("fact-value");
        VBox tile = new VBox(label, value);
        tile.getStyleClass().addAll("card", "fact-tile");
        update(tile, f);
        return tile;
    }

    private static void update(VBox tile, Fact f) {
        Label label = (Label) tile.getChildren().get(0), value = (Label) tile.getChildren().get(1);
        if (!f.label().equals(label.getText())) label.setText(f.label());
        if (!f.value().equals(value.getText())) value.setText(f.value());
        value.getStyleClass().removeAll("bad", "good");
        if (f.value().startsWith("✗")) value.getStyleClass().add("bad");
        if (f.value().startsWith("✓")) value.getStyleClass().add("good");
        tile.setId("fact-" + f.label().split(" ")[0].toLowerCase(Locale.ROOT));
        Tooltip tip = (Tooltip) tile.getProperties().get("tip");
        if (f.hint() != null) {
            if (tip == null) {
                tip = new Tooltip();
                Tooltip.install(tile, tip);
                tile.getProperties().put("tip", tip);
            }
            tip.setText(f.hint());
        }
    }

    /** Name, input, stem and head: one line of small fields. */
    private Node networkForm() {
        FlowPane form = new FlowPane(18, 8);
        form.getStyleClass().addAll("card", "network-form");
        form.setId("networkForm");
        form.getChildren().addAll(
                group("Supernet", FieldBinding.of(vm.field("name"), 230)),
                group("Input", FieldBinding.of(vm.field("input.height"), 56), times(), FieldBinding.of(vm.field("input.width"), 56),
                        times(), FieldBinding.of(vm.field("input.channels"), 40)),
                group("Stem", FieldBinding.of(vm.field("stem.kernel"), 40), small("×k conv to"), FieldBinding.of(vm.field("stem.channels"), 52),
                        small("ch, stride"), stemStride(), activation("stem", () -> vm.getSupernet().stem().activation(), vm::setStemActivation)),
                group("Head", small("1×1 conv to"), FieldBinding.of(vm.field("head.featureChannels"), 60), small("→ FC to"),
                        FieldBinding.of(vm.field("head.classes"), 60), small("classes"),
                        activation("head", () -> vm.getSupernet().head().activation(), vm::setHeadActivation)));
        return form;
    }

    private static HBox group(String title, Node... nodes) {
        Label l = new Label(title);
        l.getStyleClass().add("form-label");
        HBox box = new HBox(6, l);
        box.getChildren().addAll(nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static Label times() { return small("×"); }

    private static Label small(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("caption");
        return l;
    }

    private Node stemStride() {
        ComboBox<Integer> box = new ComboBox<>();
        box.setId("choice-stem-stride");
        box.getItems().setAll(1, 2);
        box.getStyleClass().add("small-combo");
        boolean[] updating = {false};
        Runnable refresh = () -> {
            updating[0] = true;
            box.setValue(vm.getSupernet().stem().stride());
            updating[0] = false;
        };
        box.setOnAction(e -> {
            if (updating[0] || box.getValue() == null || box.getValue() == vm.getSupernet().stem().stride()) return;
            if (!vm.setStemStride(box.getValue())) refresh.run();
        });
        vm.supernetProperty().addListener((o, a, b) -> refresh.run());
        refresh.run();
        return box;
    }

    private Node activation(String where, java.util.function.Supplier<Activation> current,
                            java.util.function.Predicate<Activation> apply) {
        ComboBox<Activation> box = new ComboBox<>();
        box.setId("choice-" + where + "-activation");
        box.getItems().setAll(Activation.values());
        box.getStyleClass().add("small-combo");
        box.setConverter(new StringConverter<>() {
            @Override public String toString(Activation a) { return a == null ? "" : Formats.activation(a); }
            @Override public Activation fromString(String s) { return null; }
        });
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Activation a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : Formats.activation(a));
            }
        });
        boolean[] updating = {false};
        Runnable refresh = () -> {
            updating[0] = true;
            box.setValue(current.get());
            updating[0] = false;
        };
        box.setOnAction(e -> {
            if (updating[0] || box.getValue() == null || box.getValue() == current.get()) return;
            if (!apply.test(box.getValue())) refresh.run();
        });
        vm.supernetProperty().addListener((o, a, b) -> refresh.run());
        refresh.run();
        return box;
    }

    private Node legend() {
        HBox row = new HBox(14);
        row.getStyleClass().add("picture-legend");
        row.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("Network");
        title.getStyleClass().add("section-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        row.getChildren().add(title);
        for (int k : new int[]{3, 5, 7}) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("swatch", "k" + k);
            Label l = new Label(k + "×" + k, swatch);
            l.getStyleClass().add("caption");
            l.setMinWidth(Region.USE_PREF_SIZE);
            row.getChildren().add(l);
        }
        Pane grow = new Pane();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label how = new Label("height ∝ expansion · width ∝ channels · ⌒ residual · ∨ stride 2 · dotted: SE · ◥ own superkernels · ← → move");
        how.getStyleClass().add("caption");
        // in a narrow window the hint gives way (elided), not the colour key
        how.setMinWidth(0);
        row.getChildren().addAll(grow, how);
        return row;
    }

    /** The selected block: where it sits, and its own superkernels. */
    private Node blockInspector() {
        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.blockTitleProperty());
        Label detail = Views.paragraph("caption", null, vm.blockDetailProperty());
        Label source = Views.paragraph("block-source", "blockSource", null);
        BooleanBinding none = vm.selectedBlockProperty().lessThan(0);
        source.textProperty().bind(Bindings.when(none).then("")
                .otherwise(Bindings.when(vm.blockOverriddenProperty()).then("Own superkernels (overrides the stage)")
                        .otherwise("The stage's superkernels: editing gives the block its own")));

        TextField kernels = FieldBinding.of(vm.blockKernels(), 150);
        TextField expansions = FieldBinding.of(vm.blockExpansions(), 150);
        kernels.setPromptText("select a block");
        expansions.setPromptText("select a block");
        kernels.disableProperty().bind(none);
        expansions.disableProperty().bind(none);
        kernels.setMaxWidth(Double.MAX_VALUE);
        expansions.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, formLabel("Kernel sizes"), kernels);
        grid.addRow(1, formLabel("Expansions"), expansions);
        javafx.scene.layout.ColumnConstraints grow = new javafx.scene.layout.ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), grow);

        Button insert = button("Insert before", "block-insert", "A new block before this one (the stage gets one deeper)",
                () -> vm.insertBlock(vm.selectedStageProperty().get(), vm.selectedBlockProperty().get()));
        Button duplicate = button("Duplicate", "block-duplicate", "A copy of this block after it",
                () -> vm.duplicateBlock(vm.selectedStageProperty().get(), vm.selectedBlockProperty().get()));
        Button remove = button("Remove", "block-remove", "Remove this block (the stage gets one shallower)",
                () -> vm.removeBlock(vm.selectedStageProperty().get(), vm.selectedBlockProperty().get()));
        Button reset = button("Use stage's", "block-reset", "Drop this block's own superkernels",
                () -> vm.clearOverride(vm.selectedStageProperty().get(), vm.selectedBlockProperty().get()));
        Button toStage = button("Apply to stage", "block-apply-stage",
                "Make this block's candidates the stage's, for every block of the stage (clears the stage's overrides)",
                () -> vm.applyBlockToStage(vm.selectedStageProperty().get(), vm.selectedBlockProperty().get()));
        for (Button b : List.of(insert, duplicate, remove, toStage)) b.disableProperty().bind(none);
        reset.disableProperty().bind(none.or(vm.blockOverriddenProperty().not()));
        FlowPane buttons = new FlowPane(6, 6, insert, duplicate, remove, reset, toStage);

        VBox card = new VBox(8, title, detail, source, grid, buttons);
        card.getStyleClass().addAll("card", "inspector-card");
        card.setId("blockInspector");
        card.setPrefWidth(330);
        card.setMinWidth(330);
        card.setMaxWidth(330);
        return card;
    }

    private static Label formLabel(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("form-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** Stage commands and the helpers; they act on the selected stage. */
    private Node toolbar() {
        BooleanBinding noStage = vm.selectedStageProperty().lessThan(0);
        Button add = button("Add stage", "stage-add", "A new stage after the selected one (like it, 1 block, stride 1)", vm::addStage);
        Button dup = button("Duplicate", "stage-duplicate", "A copy of the selected stage after it",
                () -> vm.duplicateStage(vm.selectedStageProperty().get()));
        Button remove = button("Remove", "stage-remove", "Remove the selected stage", () -> vm.removeStage(vm.selectedStageProperty().get()));
        Button up = button("▲", "stage-up", "Move the selected stage up", () -> vm.moveStage(vm.selectedStageProperty().get(), -1));
        Button down = button("▼", "stage-down", "Move the selected stage down", () -> vm.moveStage(vm.selectedStageProperty().get(), 1));
        Button clear = button("Clear overrides", "stage-clear-overrides", "Every block of the selected stage uses the stage's superkernels",
                () -> vm.clearOverrides(vm.selectedStageProperty().get()));
        Button toAll = button("Candidates → all stages", "stage-apply-all",
                "The selected stage's block kind and candidates for every block of every stage (overrides cleared)",
                () -> vm.applyStageToAll(vm.selectedStageProperty().get()));
        for (Button b : List.of(dup, remove, up, down, clear, toAll)) b.disableProperty().bind(noStage);
        up.disableProperty().unbind();
        up.disableProperty().bind(vm.selectedStageProperty().lessThan(1));
        down.disableProperty().unbind();
        down.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedStageProperty().get() < 0
                || vm.selectedStageProperty().get() >= vm.stages().size() - 1, vm.selectedStageProperty(), vm.stages()));

        TextField total = new TextField();
        total.setId("depthTotal");
        total.textProperty().bindBidirectional(vm.depthTotalProperty());
        total.setPrefWidth(52);
        total.setMinWidth(52);
        Tooltip plan = new Tooltip();
        plan.textProperty().bind(vm.depthPlanProperty());
        total.setTooltip(plan);
        Button linear = button("Linear depth", "depth-linear",
                "Cumulative depth up to each stage proportional to its width (paper §4.1)", vm::distributeLinear);
        Button constant = button("Constant depth", "depth-constant", "Every stage the same depth", vm::distributeConstant);
        linear.tooltipProperty().get().textProperty().bind(Bindings.concat(
                "Cumulative depth up to each stage proportional to its width (paper §4.1). ", vm.depthPlanProperty()));
        Button mb = button("All MBConv", "kind-mbconv", "Convert every stage to MBConv blocks (one superkernel)",
                () -> vm.convertAll(BlockKind.MBCONV));
        Button mix = button("All MixConv", "kind-mixconv", "Convert every stage to MixConv blocks (parallel superkernels)",
                () -> vm.convertAll(BlockKind.MIXCONV));

        Label stages = new Label("Stages");
        stages.getStyleClass().add("section-title");
        HBox left = new HBox(6, stages, add, dup, remove, up, down, clear, toAll);
        left.setAlignment(Pos.CENTER_LEFT);
        Pane grow = new Pane();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox right = new HBox(6, formLabel("Blocks"), total, linear, constant, new Separator(javafx.geometry.Orientation.VERTICAL), mb, mix);
        right.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = new FlowPane(12, 6, left, right);
        bar.getStyleClass().add("editor-toolbar");
        bar.setId("editorToolbar");
        return bar;
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("small");
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private static Button button(String text, String id, String tip, BooleanSupplier action) {
        return button(text, id, tip, () -> { action.getAsBoolean(); });
    }

    /** The tooltip of a block in the picture. */
    static String describe(PictureBlock b) {
        StringBuilder sb = new StringBuilder("Stage " + (b.stage() + 1) + ", block " + (b.indexInStage() + 1)
                + " (network block " + (b.index() + 1) + ")\n");
        sb.append(b.inChannels()).append(" → ").append(b.outChannels()).append(" ch · stride ").append(b.stride())
                .append(b.residual() ? " · residual" : " · no residual").append('\n');
        for (int j = 0; j < b.slices().size(); j++) {
            NetworkLayout.Slice s = b.slices().get(j);
            sb.append("superkernel ").append(j + 1).append(": kernels ").append(Formats.ints(s.kernels()))
                    .append(", expansion up to ").append(s.expansion()).append(s.zeroable() ? " (may be zeroed)" : "").append('\n');
        }
        sb.append(b.se() ? "SE · " : "").append(Formats.activation(b.activation()));
        if (b.overridden()) sb.append(" · own superkernels");
        return sb.toString();
    }
}
