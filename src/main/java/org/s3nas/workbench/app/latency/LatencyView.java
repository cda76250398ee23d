package org.s3nas.workbench.app.latency;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.control.SegmentedButton;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.latency.LatencyViewModel.ArchitectureRow;
import org.s3nas.workbench.app.latency.LatencyViewModel.Extreme;
import org.s3nas.workbench.app.latency.LatencyViewModel.Job;
import org.s3nas.workbench.app.latency.LatencyViewModel.Validation;
import org.s3nas.workbench.app.latency.ModelComparison.Row;

/**
 * The Latency view: the project's latency table and what it says about the search space, as cards on a scrolling
 * page — the estimator against the simulator (paper Fig. 9), the space's latency range against the target, the
 * per-stage breakdown of its largest and smallest members (Fig. 5), the table P of a block position as a heat-table,
 * and the compare-models table (Table 6) with its Pareto chart. Binds to its {@link LatencyViewModel} only.
 */
public final class LatencyView extends VBox {
    private final LatencyViewModel vm;
    private final ScatterPlot scatter = new ScatterPlot();
    private final HistogramPlot errorHistogram = new HistogramPlot("Relative error of the estimate (%)", "%");
    private final HistogramPlot spaceHistogram = new HistogramPlot("Latency (ms)", "ms");
    private final StageBarsPlot stageBars = new StageBarsPlot();
    private final ParetoPlot pareto = new ParetoPlot();
    private final HeatmapGrid heatmap = new HeatmapGrid();
    private final TableView<Row> compareTable;

    public LatencyView(LatencyViewModel vm) {
        this.vm = vm;
        Views.styleView(this, "latencyView", LatencyView.class.getResource("latency.css"), "latency-view");

        compareTable = buildCompareTable();
        ScrollPane scroll = Views.pageScroll(cards());
        scroll.setId("latencyScroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(Views.header("Latency", vm.projectName(), vm.summaryProperty()), Views.factStrip(vm.facts()), tableBar(), scroll);

        vm.themeProperty().addListener((o, old, t) -> applyPalette());
        applyPalette();
        vm.start();
    }

    /** The compare-models table (for tests). */
    public TableView<Row> compareTable() { return compareTable; }

    LatencyViewModel viewModel() { return vm; }

    private void applyPalette() {
        Palette p = Palette.of(vm.themeProperty().get());
        for (ChartCanvas c : List.of(scatter, errorHistogram, spaceHistogram, stageBars, pareto)) c.setPalette(p);
    }

    /** The latency table's state, and Profile again. */
    private HBox tableBar() {
        Label tableStatus = status(vm.tableJob());
        tableStatus.setId("tableStatus");
        Button reprofile = new Button("Profile again");
        reprofile.setId("reprofile");
        reprofile.getStyleClass().add("small");
        reprofile.setTooltip(new Tooltip("Simulate every block configuration again and rewrite the sidecar table"));
        reprofile.disableProperty().bind(vm.tableJob().runningProperty());
        reprofile.setOnAction(e -> vm.reprofile());
        HBox tableBar = new HBox(10, Views.bold("Latency table"), tableStatus, Views.spacer(), reprofile);
        tableBar.getStyleClass().addAll("card", "latency-table-bar");
        tableBar.setAlignment(Pos.CENTER_LEFT);
        return tableBar;
    }

    // ---- cards -------------------------------------------------------------------------------------------------

    /** Two columns of cards; the comparison and the project's own take the whole width. */
    private GridPane cards() {
        GridPane cards = new GridPane();
        cards.getStyleClass().add("latency-cards");
        cards.setHgap(14);
        cards.setVgap(14);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setFillWidth(true);
            cards.getColumnConstraints().add(c);
        }
        cards.add(validationCard(), 0, 0);
        cards.add(spaceCard(), 1, 0);
        cards.add(breakdownCard(), 0, 1);
        cards.add(heatmapCard(), 1, 1);
        cards.add(compareCard(), 0, 2, 2, 1);
        cards.add(projectCard(), 0, 3, 2, 1);
        return cards;
    }

    /** The estimator against the simulator on random architectures: what to sample, the error figures, the two plots. */
    private Node validationCard() {
        return card("Estimator vs simulator", "Fig. 9 · table estimate against whole-network simulation of random architectures",
                validationTools(), status(vm.validationJob()), validationStats(), validationCharts());
    }

    /** How many random architectures, their seed, and Run. */
    private HBox validationTools() {
        Spinner<Integer> samples = validationSamples();
        Button run = new Button("Run");
        run.setId("runValidation");
        run.getStyleClass().add("small");
        run.disableProperty().bind(vm.validationJob().runningProperty().or(vm.tableProperty().isNull()));
        run.setOnAction(e -> {
            samples.increment(0);   // commits a typed value
            vm.runValidation();
        });
        HBox tools = new HBox(6, Views.caption("N"), samples, Views.caption("seed"), validationSeed(), run);
        tools.setAlignment(Pos.CENTER_LEFT);
        for (Node n : tools.getChildren()) ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        return tools;
    }

    private Spinner<Integer> validationSamples() {
        Spinner<Integer> samples = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1,
                LatencyViewModel.MAX_VALIDATION_SAMPLES, vm.validationSamplesProperty().get(), 10));
        samples.setId("validationSamples");
        samples.setEditable(true);
        samples.setPrefWidth(90);
        samples.valueProperty().addListener((o, old, v) -> { if (v != null) vm.validationSamplesProperty().set(v); });
        return samples;
    }

    private TextField validationSeed() {
        TextField seed = new TextField(Long.toString(vm.validationSeedProperty().get()));
        seed.setId("validationSeed");
        seed.setPrefColumnCount(5);
        seed.setTextFormatter(new TextFormatter<>(c -> c.getControlNewText().matches("-?\\d{0,18}") ? c : null));
        seed.textProperty().addListener((o, old, t) -> {
            try {
                vm.validationSeedProperty().set(Long.parseLong(t));
            } catch (NumberFormatException ignored) {
                // "" or "-" while typing: keep the last seed
            }
        });
        return seed;
    }

    /** The error figures as tiles; each validation fills them and the plots. */
    private HBox validationStats() {
        Label mape = stat("stat-mape"), max = stat("stat-max"), w1 = stat("stat-within1"), w5 = stat("stat-within5"),
                rmse = stat("stat-rmse"), bias = stat("stat-bias");
        HBox stats = new HBox(8, tile("MAPE", mape, "Mean absolute percentage error (paper: about 0.16 %)"),
                tile("Max error", max, "Largest absolute percentage error"),
                tile("Within ±1 %", w1, "Share of architectures whose estimate is within 1 % of the simulation"),
                tile("Within ±5 %", w5, "Share within 5 %"),
                tile("RMSE", rmse, "Root mean square error of the estimate"),
                tile("Mean error", bias, "Mean signed error: the estimate's bias"));
        stats.getStyleClass().add("stat-row");
        errorHistogram.setValueFormat(v -> LatencyViewModel.percent(v).replace(" %", ""));
        errorHistogram.setEmptyText("Waiting for the validation…");
        vm.validationProperty().addListener((o, old, v) -> showValidation(v, mape, max, w1, w5, rmse, bias));
        showValidation(vm.validationProperty().get(), mape, max, w1, w5, rmse, bias);
        return stats;
    }

    /** The estimate against the simulation per architecture, and the histogram of its errors. */
    private HBox validationCharts() {
        HBox charts = new HBox(12, scatter, errorHistogram);
        HBox.setHgrow(scatter, Priority.ALWAYS);
        HBox.setHgrow(errorHistogram, Priority.ALWAYS);
        scatter.setPrefSize(340, 300);
        errorHistogram.setPrefSize(300, 300);
        VBox.setVgrow(charts, Priority.ALWAYS);
        return charts;
    }

    private void showValidation(Validation v, Label... labels) {
        scatter.setPoints(v == null ? null : v.points());
        errorHistogram.setData(v == null ? null : v.errors(), List.of(new HistogramPlot.Marker(0, "0", false)), Double.NaN);
        if (v == null) {
            for (Label l : labels) l.setText("—");
            return;
        }
        var r = v.result();
        labels[0].setText(LatencyViewModel.percent(r.mapePercent()));
        labels[1].setText(LatencyViewModel.percent(r.maxErrorPercent()));
        labels[2].setText(String.format(Locale.ROOT, "%.1f %%", 100 * r.within1Percent()));
        labels[3].setText(String.format(Locale.ROOT, "%.1f %%", 100 * r.within5Percent()));
        labels[4].setText(r.rmseMs() < 0.001 ? String.format(Locale.ROOT, "%.2f µs", r.rmseMs() * 1000)
                : String.format(Locale.ROOT, "%.4f ms", r.rmseMs()));
        labels[5].setText((r.meanErrorPercent() > 0 ? "+" : "") + LatencyViewModel.percent(r.meanErrorPercent()));
    }

    private Node spaceCard() {
        spaceHistogram.setEmptyText("Waiting for the latency table…");
        Label share = Views.paragraph("caption", "spaceSummary", null);
        Runnable update = () -> {
            SpaceDistribution d = vm.spaceProperty().get();
            double t = vm.targetMsBinding().get();
            if (d == null) {
                spaceHistogram.setData(null, null, Double.NaN);
                share.setText("");
                return;
            }
            List<HistogramPlot.Marker> m = HistogramPlot.markers(
                    new HistogramPlot.Marker(d.smallestMs(), String.format(Locale.ROOT, "smallest %.3f", d.smallestMs()), false),
                    new HistogramPlot.Marker(d.largestMs(), String.format(Locale.ROOT, "largest %.3f", d.largestMs()), false));
            if (!Double.isNaN(t)) m.add(new HistogramPlot.Marker(t, "T = " + org.s3nas.workbench.app.Formats.number(t) + " ms", true));
            spaceHistogram.setData(Histogram.spanning(d.sampledMs(), 40), m, t);
            share.setText(String.format(Locale.ROOT, "%s of %,d random architectures are at or below T · median %.3f ms · "
                            + "5–95 %%: %.3f – %.3f ms · the histogram is estimated from the table, the ends are simulated",
                    Double.isNaN(t) ? "—" : org.s3nas.workbench.app.Formats.percent(d.shareBelow(t)), d.samples(), d.median(),
                    d.quantile(0.05), d.quantile(0.95)));
        };
        vm.spaceProperty().addListener((o, old, d) -> update.run());
        vm.targetMsBinding().addListener((o, old, t) -> update.run());
        update.run();
        spaceHistogram.setPrefSize(400, 330);
        VBox.setVgrow(spaceHistogram, Priority.ALWAYS);
        return card("Latency range of the space", "Random architectures, uniform over every superkernel's choices, against the target T",
                null, status(vm.extremesJob()), spaceHistogram, share);
    }

    private Node breakdownCard() {
        ToggleButton big = new ToggleButton("Largest"), small = new ToggleButton("Smallest");
        big.setId("showLargest");
        small.setId("showSmallest");
        SegmentedButton which = new SegmentedButton(big, small);
        which.getStyleClass().add("latency-segments");
        ToggleGroup group = which.getToggleGroup();
        big.setSelected(vm.breakdownChoiceProperty().get() == Extreme.LARGEST);
        small.setSelected(vm.breakdownChoiceProperty().get() == Extreme.SMALLEST);
        group.selectedToggleProperty().addListener((o, old, t) -> {
            if (t == null) old.setSelected(true);   // one is always chosen
            else vm.breakdownChoiceProperty().set(t == small ? Extreme.SMALLEST : Extreme.LARGEST);
        });
        Label identity = Views.paragraph("caption", "breakdownIdentity", null);
        Runnable update = () -> {
            StageBreakdown b = vm.breakdownProperty().get();
            stageBars.setData(b);
            identity.setText(b == null ? "" : String.format(Locale.ROOT,
                    "stem %.3f + stages %.3f + head %.3f = %.3f ms, the whole-network simulation of the %s architecture · "
                            + "1×1 conv %.0f %%, depthwise %.0f %%, other %.0f %% of the stages",
                    b.ms(b.stemCycles()), b.ms(b.stageCycles()), b.ms(b.headCycles()), b.totalMs(),
                    vm.breakdownChoiceProperty().get() == Extreme.SMALLEST ? "smallest" : "largest",
                    share(b, StageBreakdown.Part.CONV_1X1), share(b, StageBreakdown.Part.DEPTHWISE), share(b, StageBreakdown.Part.OTHER)));
        };
        vm.breakdownProperty().addListener((o, old, b) -> update.run());
        update.run();
        stageBars.setPrefSize(400, 320);
        VBox.setVgrow(stageBars, Priority.ALWAYS);
        return card("Latency per stage", "Fig. 5 · simulated layers grouped by stage and kind", which,
                null, stageBars, identity);
    }

    private static double share(StageBreakdown b, StageBreakdown.Part p) {
        return b.stageCycles() == 0 ? 0 : 100.0 * b.partCycles(p) / b.stageCycles();
    }

    private Node heatmapCard() {
        ComboBox<LatencyViewModel.PositionItem> positions = new ComboBox<>(vm.positions());
        positions.setId("positionChoice");
        positions.setVisibleRowCount(14);
        positions.setPrefWidth(360);
        positions.valueProperty().bindBidirectional(vm.selectedPositionProperty());
        heatmap.setId("heatmap");
        vm.heatmapProperty().addListener((o, old, h) -> heatmap.show(h));
        heatmap.show(vm.heatmapProperty().get());
        Label note = Views.caption("Rows: the kernel sizes of the merged configuration (Fig. 8); columns: its total expansion. "
                + "A cell with several tiles splits that total differently among the kernels (e.g. 2+4). Values in ms; hover for cycles.");
        note.setWrapText(true);
        VBox.setVgrow(heatmap, Priority.ALWAYS);
        return card("Latency table P", "Eq. 8 · the profiled latency of every configuration at one block position", null,
                positions, heatmap, note);
    }

    private Node compareCard() {
        Button again = new Button("Simulate again");
        again.setId("runComparison");
        again.getStyleClass().add("small");
        again.disableProperty().bind(vm.comparisonJob().runningProperty());
        again.setOnAction(e -> vm.runComparison());
        Runnable update = () -> pareto.setData(vm.models(), vm.paretoFrontProperty().get());
        vm.paretoFrontProperty().addListener((o, old, f) -> update.run());
        vm.models().addListener((ListChangeListener<Row>) c -> update.run());
        update.run();
        HBox body = new HBox(12, compareTable, pareto);
        HBox.setHgrow(compareTable, Priority.ALWAYS);
        pareto.setPrefSize(460, 400);
        pareto.setMinWidth(360);
        compareTable.setPrefWidth(820);
        Label note = Views.caption("Latency: whole-network MIDAP simulation on this project's NPU; \"Paper\" is the MIDAP latency of "
                + "S3NAS Table 6. Published accuracies are the original papers' ImageNet top-1; measured ones are the project's. "
                + "Click a header to sort.");
        note.setWrapText(true);
        return card("Compare models", "Table 6 · reference networks, saved architectures and the supernet's extremes", again,
                status(vm.comparisonJob()), body, note);
    }

    private TableView<Row> buildCompareTable() {
        TableView<Row> t = Views.sortedTable(vm.models(), "Simulating the reference networks…");
        t.setId("compareTable");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(Views.column("Model", Row::name, 160));
        t.getColumns().add(Views.column("Origin", Row::origin, 80));
        t.getColumns().add(number("MIDAP ms", Row::latencyMs, v -> String.format(Locale.ROOT, "%.3f", v), 90));
        t.getColumns().add(number("Paper ms", Row::paperLatencyMs, v -> String.format(Locale.ROOT, "%.2f", v), 80));
        t.getColumns().add(number("Params", r -> r.parameters() == 0 ? Double.NaN : r.parameters(),
                v -> String.format(Locale.ROOT, "%.2f M", v / 1e6), 80));
        t.getColumns().add(number("MACs", r -> r.macs() == 0 ? Double.NaN : r.macs(),
                v -> v >= 1e9 ? String.format(Locale.ROOT, "%.2f G", v / 1e9) : String.format(Locale.ROOT, "%.0f M", v / 1e6), 80));
        t.getColumns().add(number("Top-1", Row::accuracy, v -> String.format(Locale.ROOT, "%.1f %%", v * 100), 70));
        TableColumn<Row, String> note = Views.column("Accuracy", Row::accuracyNote, 90);
        note.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                Row r = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : s);
                setTooltip(r == null || r.accuracySource().isEmpty() ? null : new Tooltip(r.accuracySource()));
            }
        });
        t.getColumns().add(note);
        TableColumn<Row, String> front = Views.column("Pareto", r -> vm.paretoFrontProperty().get().contains(r) ? "● front" : "", 70);
        t.getColumns().add(front);
        // an unsimulatable saved architecture shows why in a tooltip on its row
        t.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(Row r, boolean empty) {
                super.updateItem(r, empty);
                setTooltip(r == null || r.problem() == null ? null : new Tooltip("Not simulated: " + r.problem()));
            }
        });
        vm.paretoFrontProperty().addListener((o, old, f) -> t.refresh());
        t.getSortOrder().add(t.getColumns().get(2));
        Views.fitRows(t, 6, 20);
        return t;
    }

    private Node projectCard() {
        TableView<ArchitectureRow> table = Views.table(vm.architectures(),
                "This project has no saved architectures yet. Architectures found by a search, scaled or entered by hand are listed here.");
        table.setId("savedArchitectureTable");
        table.getColumns().add(Views.column("Name", ArchitectureRow::name, 200));
        table.getColumns().add(Views.column("Source", ArchitectureRow::source, 120));
        table.getColumns().add(Views.column("Input", ArchitectureRow::input, 110));
        table.getColumns().add(Views.numberColumn("Blocks", ArchitectureRow::blocks, 70));
        table.getColumns().add(Views.column("Accuracy", ArchitectureRow::accuracy, 90));
        table.setPrefHeight(260);
        PropertySheet sheet = Views.readOnlySheet(vm.npu());
        sheet.setId("npuSheet");
        sheet.setPrefHeight(260);
        HBox body = new HBox(12, Views.section("Saved architectures", vm.architectures(), table), Views.section("NPU configuration", sheet));
        HBox.setHgrow(body.getChildren().get(0), Priority.ALWAYS);
        HBox.setHgrow(body.getChildren().get(1), Priority.ALWAYS);
        ((Region) body.getChildren().get(0)).setPrefWidth(600);
        ((Region) body.getChildren().get(1)).setPrefWidth(600);
        return card("Project", "The architectures the project keeps and the NPU every latency here is measured on", null, null, body);
    }

    // ---- building blocks ---------------------------------------------------------------------------------------

    private static TableColumn<Row, Double> number(String title, Function<Row, Double> value, DoubleFunction<String> format, double width) {
        TableColumn<Row, Double> c = Views.numberColumn(title, value, v -> Double.isNaN(v) ? "—" : format.apply(v), width);
        // unknown values (NaN) sort after every number in ascending order
        c.setComparator((a, b) -> {
            boolean na = a == null || Double.isNaN(a), nb = b == null || Double.isNaN(b);
            if (na || nb) return na == nb ? 0 : na ? 1 : -1;
            return Double.compare(a, b);
        });
        return c;
    }

    private static VBox card(String title, String subtitle, Node tools, Node status, Node... content) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        Label s = new Label(subtitle);
        s.getStyleClass().add("caption");
        VBox titles = new VBox(1, t, s);
        HBox top = new HBox(12, titles, Views.spacer());
        top.setAlignment(Pos.CENTER_LEFT);
        titles.setMinWidth(120);
        if (tools != null) {
            if (tools instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
            top.getChildren().add(tools);
        }
        VBox box = new VBox(10, top);
        if (status != null) box.getChildren().add(status);
        box.getChildren().addAll(content);
        box.getStyleClass().addAll("card", "latency-card");
        return box;
    }

    private static Label status(Job job) {
        Label l = Views.paragraph("job-status", null, job.statusProperty());
        l.setMinHeight(Region.USE_PREF_SIZE);
        job.runningProperty().addListener((o, old, r) -> l.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("running"), r));
        l.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("running"), job.runningProperty().get());
        return l;
    }

    private static Label stat(String id) {
        Label l = new Label("—");
        l.setId(id);
        l.getStyleClass().add("stat-value");
        return l;
    }

    private static Node tile(String name, Label value, String hint) {
        Label n = new Label(name);
        n.getStyleClass().add("stat-label");
        VBox b = new VBox(1, n, value);
        b.getStyleClass().add("stat-tile");
        Tooltip.install(b, new Tooltip(hint));
        HBox.setHgrow(b, Priority.ALWAYS);
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }

}
