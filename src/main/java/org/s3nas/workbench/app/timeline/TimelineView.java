package org.s3nas.workbench.app.timeline;

import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.SegmentedButton;
import org.s3nas.workbench.app.ArchitectureRows.BlockRow;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.timeline.TimelineViewModel.Candidate;
import org.s3nas.workbench.app.timeline.TimelineViewModel.DetailRow;
import org.s3nas.workbench.app.timeline.TimelineViewModel.LayerRow;

/**
 * The Timeline view: what to simulate, the Gantt chart of the MIDAP pipeline, the per-layer table and per-block bars
 * linked to it, the details of the selection and range, and the NPU configuration that re-simulates when edited.
 * It binds to its {@link TimelineViewModel} and forwards input; the only work it does itself is the PNG snapshot.
 */
public final class TimelineView extends VBox {
    private final TimelineViewModel vm;
    private final TimelineChart chart;
    private final VBox chartCard;
    private final TableView<LayerRow> table;
    private final TabPane side;
    private final Tab detailsTab;
    private final NpuSheet npuSheet;
    private final TextField find = new TextField();
    private boolean syncing;

    public TimelineView(TimelineViewModel vm) {
        this.vm = vm;
        Views.styleView(this, "timelineView", TimelineView.class.getResource("timeline.css"), "timeline-view");
        var subtitle = Bindings.createStringBinding(() -> {
            Candidate c = vm.selectedProperty().get();
            if (c == null) return "Choose a network to simulate";
            String s = vm.summaryProperty().get();
            return s.isEmpty() ? c.name() + " · " + c.origin() : s;
        }, vm.selectedProperty(), vm.summaryProperty());
        chart = new TimelineChart(vm);
        chartCard = card(chart);
        table = layerTable();
        detailsTab = new Tab("Details", detailsPane());
        npuSheet = new NpuSheet(vm);
        side = sideTabs();
        SplitPane left = new SplitPane(chartBox(), bottomPane());
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.62);
        SplitPane main = new SplitPane(left, side);
        main.setDividerPositions(0.78);
        SplitPane.setResizableWithParent(side, false);
        VBox.setVgrow(main, Priority.ALWAYS);
        getChildren().addAll(Views.header("Timeline", vm.projectName(), subtitle), toolbar(), main);
        followSelection();
    }

    /** A bordered card around a chart that fills it. */
    private static VBox card(Region content) {
        VBox card = new VBox(content);
        card.getStyleClass().add("timeline-card");
        VBox.setVgrow(content, Priority.ALWAYS);
        return card;
    }

    /** The Gantt chart, and below it the legend and the keys. */
    private VBox chartBox() {
        Label keys = Views.caption("W/S zoom · A/D pan · F focus");
        keys.setId("timelineKeys");
        keys.setMinWidth(0);
        keys.setTooltip(new Tooltip("""
                Wheel or W/S: zoom at the cursor (hold the key to keep zooming)
                Drag or A/D: pan; shift-wheel pans, ctrl-wheel scrolls the rows
                Shift-drag, or drag on the ruler: select a range and see its totals
                Click: details of a slice; double-click or F: focus on it (or on the range)
                Click a group's name to open or close it; Esc clears the selection"""));
        HBox legendBar = new HBox(10, legend(), Views.spacer(), keys);
        legendBar.setAlignment(Pos.CENTER_LEFT);
        VBox chartBox = new VBox(6, chartCard, legendBar);
        VBox.setVgrow(chartCard, Priority.ALWAYS);
        return chartBox;
    }

    /** Under the chart: the layers and the architecture as tabs, beside the per-block compute/stall bars. */
    private SplitPane bottomPane() {
        TabPane bottomTabs = new TabPane(new Tab("Layers", table), new Tab("Architecture", architectureTable()));
        bottomTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        bottomTabs.getStyleClass().add("inner-tabs");
        bottomTabs.setId("bottomTabs");
        Runnable countLayers = () -> bottomTabs.getTabs().get(0).setText("Layers · " + vm.layers().size());
        vm.layers().addListener((ListChangeListener<LayerRow>) c -> countLayers.run());
        countLayers.run();

        VBox barsBox = Views.section("Blocks: compute against stall", card(new BlockBarsChart(vm)));
        barsBox.getStyleClass().add("bars-section");
        SplitPane bottom = new SplitPane(bottomTabs, barsBox);
        bottom.setDividerPositions(0.65);
        return bottom;
    }

    /** Beside the chart: the details of the selection, and the NPU configuration. */
    private TabPane sideTabs() {
        Tab npuTab = new Tab("NPU configuration", npuSheet);
        npuTab.setId("npuTab");
        TabPane tabs = new TabPane(detailsTab, npuTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("inner-tabs");
        tabs.setId("sideTabs");
        tabs.setMinWidth(250);
        tabs.setPrefWidth(300);
        return tabs;
    }

    /** The table follows the selection, the details tab comes forward when something is selected; Ctrl+F finds a layer. */
    private void followSelection() {
        vm.chart().selectedLayerProperty().addListener((obs, o, n) -> showLayerInTable(n.intValue()));
        // (not when a re-simulation restores them: whoever is editing the NPU stays on its sheet)
        vm.chart().selectionProperty().addListener((obs, o, s) -> {
            if (s != null && !vm.chart().replacingDataProperty().get()) side.getSelectionModel().select(detailsTab);
        });
        vm.chart().rangeProperty().addListener((obs, o, r) -> {
            if (r != null && !vm.chart().replacingDataProperty().get()) side.getSelectionModel().select(detailsTab);
        });
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                find.requestFocus();
                find.selectAll();
                e.consume();
            }
        });
    }

    /** Network, find, Fit / Expand all / Collapse, the time unit, what is being simulated, PNG and trace export. */
    private Node toolbar() {
        find.setId("findLayer");
        find.setPromptText("Find layer (Ctrl+F)");
        find.setPrefColumnCount(11);
        find.setOnAction(e -> vm.find(find.getText()).ifPresent(name -> chart.requestFocus()));

        Button fit = new Button("Fit");
        fit.setId("fitButton");
        fit.setTooltip(new Tooltip("Zoom out to the whole network"));
        fit.setOnAction(e -> vm.chart().fit());
        Button expand = new Button("Expand all");
        expand.setOnAction(e -> vm.chart().expandAll(true));
        Button collapse = new Button("Collapse");
        collapse.setOnAction(e -> vm.chart().expandAll(false));

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.setMaxSize(16, 16);
        busy.visibleProperty().bind(vm.simulatingProperty());
        busy.managedProperty().bind(vm.simulatingProperty());
        Label message = new Label();
        message.setId("timelineMessage");
        message.getStyleClass().add("caption");
        message.textProperty().bind(vm.messageProperty());
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);

        Button png = new Button("Export PNG…");
        png.setId("exportPng");
        png.setOnAction(e -> choosePng());
        png.disableProperty().bind(vm.dataProperty().isNull());

        Button trace = new Button("Export trace…");
        trace.setId("exportTrace");
        trace.setTooltip(new Tooltip("Chrome Trace Event JSON: opens in ui.perfetto.dev and chrome://tracing"));
        trace.setOnAction(e -> chooseTrace());
        trace.disableProperty().bind(vm.dataProperty().isNull());

        HBox bar = new HBox(8, label("Network"), sourceChoice(), find, new Separator(Orientation.VERTICAL), fit, expand, collapse,
                unitChoice(), new Separator(Orientation.VERTICAL), busy, message, png, trace);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("timeline-toolbar");
        // controls keep their size; the message gives way when the window is narrow
        for (Node n : bar.getChildren()) if (n instanceof Region r && n != message) r.setMinWidth(Region.USE_PREF_SIZE);
        return bar;
    }

    /** The network to simulate: reference networks, the supernet's extremes, saved architectures. */
    private ComboBox<Candidate> sourceChoice() {
        ComboBox<Candidate> source = new ComboBox<>(vm.sources());
        source.setId("sourceChoice");
        source.setPrefWidth(230);
        source.setVisibleRowCount(16);
        source.setCellFactory(lv -> new ListCell<>() {
            private final Label name = new Label();
            private final Label origin = new Label();
            private final VBox box = new VBox(1, name, origin);
            {
                name.getStyleClass().add("strong");
                origin.getStyleClass().add("caption");
                origin.setMaxWidth(360);
            }

            @Override
            protected void updateItem(Candidate c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setGraphic(null);
                    setText(null);
                } else {
                    name.setText(c.name());
                    origin.setText(c.isReference() ? c.origin() : "project · " + c.origin());
                    setGraphic(box);
                }
            }
        });
        source.setButtonCell(new ListCell<>() {
            private final Label name = new Label();

            @Override
            protected void updateItem(Candidate c, boolean empty) {
                super.updateItem(c, empty);
                setText(null);
                name.setText(empty || c == null ? "" : c.name());
                setGraphic(empty || c == null ? null : name);
            }
        });
        source.getSelectionModel().select(vm.selectedProperty().get());
        source.valueProperty().addListener((obs, o, c) -> { if (c != null && !c.equals(vm.selectedProperty().get())) vm.select(c); });
        vm.selectedProperty().addListener((obs, o, c) -> source.setValue(c));
        // replacing the items (an NPU edit reloads the list) clears a ComboBox's value even when the selection stays
        vm.sources().addListener((ListChangeListener<Candidate>) ch -> source.setValue(vm.selectedProperty().get()));
        return source;
    }

    /** Cycles, µs or ms: the one unit every figure of the view is written in. */
    private SegmentedButton unitChoice() {
        SegmentedButton unitBox = new SegmentedButton();
        unitBox.setId("unitChoice");
        for (TimeUnit u : TimeUnit.values()) {
            ToggleButton b = new ToggleButton(u.title());
            b.setId("unit-" + u.name().toLowerCase(java.util.Locale.ROOT));
            b.setUserData(u);
            b.setSelected(vm.unitProperty().get() == u);
            unitBox.getButtons().add(b);
        }
        unitBox.getToggleGroup().selectedToggleProperty().addListener((obs, o, t) -> {
            if (t == null) o.setSelected(true); // one unit is always chosen
            else vm.unitProperty().set((TimeUnit) t.getUserData());
        });
        return unitBox;
    }

    /** The colours of the chart, in the chart's order: layer kinds, then DRAM traffic, then stalls. */
    private Node legend() {
        TimelinePainter.Palette p = TimelinePainter.Palette.of(vm.dark());
        HBox box = new HBox(10);
        box.setId("timelineLegend");
        box.setAlignment(Pos.CENTER_LEFT);
        Object[][] entries = {
                {"Conv", Styles.kind(org.s3nas.workbench.npu.LayerKind.CONV)}, {"GEMM", Styles.kind(org.s3nas.workbench.npu.LayerKind.GEMM)},
                {"Depthwise", Styles.kind(org.s3nas.workbench.npu.LayerKind.DEPTHWISE)}, {"FC", Styles.kind(org.s3nas.workbench.npu.LayerKind.FC)},
                {"Sum", Styles.kind(org.s3nas.workbench.npu.LayerKind.SUM)}, {"Mul", Styles.kind(org.s3nas.workbench.npu.LayerKind.MUL)},
                {"feature load", Styles.FEATURE_LOAD}, {"weight load", Styles.WEIGHT_LOAD}, {"write", Styles.WRITE},
                {"feature stall", Styles.stall(org.s3nas.workbench.npu.StallCause.FEATURE)},
                {"weight stall", Styles.stall(org.s3nas.workbench.npu.StallCause.WEIGHT)},
                {"bias stall", Styles.stall(org.s3nas.workbench.npu.StallCause.BIAS)}};
        for (Object[] e : entries) {
            Region swatch = new Region();
            swatch.setMinSize(9, 9);
            swatch.setMaxSize(9, 9);
            javafx.scene.paint.Color c = p.slices()[(Integer) e[1]];
            swatch.setStyle(String.format(java.util.Locale.ROOT, "-fx-background-color: rgb(%d,%d,%d); -fx-background-radius: 2;",
                    (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255), (int) Math.round(c.getBlue() * 255)));
            Label l = new Label((String) e[0], swatch);
            l.getStyleClass().add("legend-entry");
            l.setGraphicTextGap(4);
            l.setMinWidth(Region.USE_PREF_SIZE);
            box.getChildren().add(l);
        }
        return box;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("toolbar-label");
        return l;
    }

    private TableView<LayerRow> layerTable() {
        TableView<LayerRow> t = Views.sortedTable(vm.layers(), "Simulating…");
        t.setId("layerTable");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<LayerRow, String> name = Views.column("Layer", LayerRow::name, 86);
        name.setCellFactory(col -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                LayerRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (r == null) setTooltip(null);
                else {
                    tip.setText(r.name() + " · " + r.kind() + " · " + r.role());
                    setTooltip(tip);
                }
            }
        });
        t.getColumns().add(name);
        t.getColumns().add(Views.column("Kind", LayerRow::kind, 78));
        t.getColumns().add(Views.numberColumn("Stage", r -> r.stage(), v -> v.intValue() < 0 ? "—" : Figures.stage(v.intValue()), 56));
        t.getColumns().add(Views.numberColumn("Block", r -> r.block(), v -> v.intValue() < 0 ? "—" : v.toString(), 54));
        t.getColumns().add(Views.numberColumn("Start", LayerRow::start, v -> Figures.count(v.doubleValue()), 64));
        t.getColumns().add(Views.numberColumn("Cycles", LayerRow::cycles, v -> Figures.count(v.doubleValue()), 64));
        t.getColumns().add(Views.numberColumn("Stall", LayerRow::stallCycles, v -> Figures.count(v.doubleValue()), 58));
        t.getColumns().add(Views.numberColumn("MACs", LayerRow::macs, v -> Figures.count(v.doubleValue()), 68));
        t.getColumns().add(Views.numberColumn("DRAM", LayerRow::dramBytes, v -> Figures.bytes(v.doubleValue()), 78));
        t.getColumns().add(Views.numberColumn("Util", LayerRow::utilisation, v -> Figures.percent(v.doubleValue()), 56));
        t.getSelectionModel().selectedItemProperty().addListener((obs, o, row) -> {
            if (!syncing && row != null) vm.selectLayer(row.index());
        });
        return t;
    }

    private TableView<BlockRow> architectureTable() {
        TableView<BlockRow> blocks = Views.table(vm.blocks(), "MobileNetV1 exists only as lowered layers; its blocks are in the Layers tab.");
        blocks.setId("blockTable");
        blocks.getColumns().add(Views.numberColumn("#", BlockRow::index, 40));
        blocks.getColumns().add(Views.numberColumn("Stage", BlockRow::stage, 56));
        blocks.getColumns().add(Views.column("Channels", BlockRow::channels, 90));
        blocks.getColumns().add(Views.numberColumn("Stride", BlockRow::stride, 56));
        blocks.getColumns().add(Views.column("Branches", BlockRow::branches, 150));
        blocks.getColumns().add(Views.numberColumn("Expanded ch", BlockRow::expandedChannels, 96));
        blocks.getColumns().add(Views.column("SE", BlockRow::se, 64));
        blocks.getColumns().add(Views.column("Activation", BlockRow::activation, 84));
        blocks.getColumns().add(Views.column("Residual", BlockRow::residual, 70));
        return blocks;
    }

    private void showLayerInTable(int layer) {
        syncing = true;
        try {
            if (layer < 0) {
                table.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).index() == layer) {
                    table.getSelectionModel().clearAndSelect(i);
                    table.scrollTo(Math.max(0, i - 3));
                    return;
                }
            }
        } finally {
            syncing = false;
        }
    }

    private Node detailsPane() {
        Label title = Views.paragraph("details-title", "detailsTitle", vm.detailsTitleProperty());
        GridPane grid = new GridPane();
        grid.setId("detailsGrid");
        grid.getStyleClass().add("details-grid");
        Runnable rebuild = () -> {
            grid.getChildren().clear();
            int r = 0;
            for (DetailRow d : vm.details()) {
                if (d.heading()) {
                    Label h = new Label(d.label().toUpperCase(java.util.Locale.ROOT));
                    h.getStyleClass().add("details-heading");
                    grid.add(h, 0, r++, 2, 1);
                } else {
                    Label k = new Label(d.label().strip());
                    k.getStyleClass().add(d.label().startsWith("  ") ? "details-key-sub" : "details-key");
                    Label v = new Label(d.value());
                    v.getStyleClass().add("details-value");
                    v.setWrapText(true);
                    grid.add(k, 0, r);
                    grid.add(v, 1, r++);
                }
            }
        };
        vm.details().addListener((ListChangeListener<DetailRow>) c -> rebuild.run());
        rebuild.run();
        Label empty = new Label("Click a slice for its details; shift-drag (or drag the ruler) to total a range.");
        empty.getStyleClass().add("caption");
        empty.setWrapText(true);
        VBox box = new VBox(10, title, grid, empty);
        box.getStyleClass().add("details-pane");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("details-scroll");
        return scroll;
    }

    // ---- export ----------------------------------------------------------------------------------------------

    private void choosePng() {
        Views.chooseSaveFile(this, "Export timeline as PNG", "timeline-" + vm.dataProperty().get().network() + ".png", null,
                new FileChooser.ExtensionFilter("PNG image", "*.png")).ifPresent(file -> {
            try {
                exportPng(file);
                vm.status("Exported the timeline to " + file);
            } catch (IOException ex) {
                vm.status("Cannot export PNG: " + ex.getMessage());
            }
        });
    }

    private void chooseTrace() {
        Views.chooseSaveFile(this, "Export timeline as a Chrome trace", "timeline-" + vm.dataProperty().get().network() + ".json", null,
                new FileChooser.ExtensionFilter("Chrome Trace Event JSON", "*.json")).ifPresent(file -> vm.exportTrace(file, error -> { }));
    }

    /** Writes a snapshot of the chart (labels, ruler, lanes, selection) as a PNG. FX thread. */
    public void exportPng(Path file) throws IOException {
        chart.paintNow();
        Views.writePng(chartCard.snapshot(null, null), file);
    }

    // ---- for tests -------------------------------------------------------------------------------------------

    TimelineChart chart() { return chart; }

    TableView<LayerRow> table() { return table; }

    NpuSheet npuSheet() { return npuSheet; }

    TextField findField() { return find; }

    Region chartCard() { return chartCard; }
}
