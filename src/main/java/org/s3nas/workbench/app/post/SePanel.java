package org.s3nas.workbench.app.post;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.post.SeViewModel.CostRow;
import org.s3nas.workbench.app.post.SeViewModel.RankRow;
import org.s3nas.workbench.post.SeRanking;

/**
 * The SE panel: each SE block's latency cost (always), and, with a trained network, the ranking by the excitation
 * metric, the removal curve, two blocks' excitation histograms (paper Fig. 11) and "remove SE from the k lowest".
 * Binds only.
 */
final class SePanel extends VBox {
    private final SeViewModel vm;
    private final BarChart<String, Number> costChart;
    private final LineChart<Number, Number> curveChart;
    private final AreaChart<Number, Number> histA;
    private final AreaChart<Number, Number> histB;
    private static final PseudoClass MISSING = PseudoClass.getPseudoClass("missing");

    SePanel(SeViewModel vm) {
        this.vm = vm;
        getStyleClass().add("post-panel");
        setId("sePanel");
        costChart = costChart();
        curveChart = removalCurve();
        histA = histogramChart("seHistogramChartA");
        histB = histogramChart("seHistogramChartB");
        SplitPane split = new SplitPane(costs(), Views.pageScroll(rankingSide()));
        split.setDividerPositions(0.36);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(inputs(), Views.banner(vm.errorProperty(), "seError"), summary(), split);
    }

    /** What to analyse: architecture, SE + h-swish, the images the metric is measured on; Analyse, Cancel. */
    private FlowPane inputs() {
        ComboBox<ArchitectureChoice> arch = PostView.architectureBox("seArchitecture", vm.architectures(), vm.architectureProperty());
        CheckBox se = new CheckBox("Add SE + h-swish");
        se.setId("seAddSe");
        se.selectedProperty().bindBidirectional(vm.addSeProperty());
        se.setTooltip(new Tooltip("SE (squeeze 1/4 of the block input) on every block and h-swish for ReLU first (paper §4.3.2)"));
        Spinner<Integer> images = new Spinner<>(1, 1_000_000, vm.imagesProperty().get(), 1000);
        images.setId("seImages");
        images.setEditable(true);
        images.setPrefWidth(110);
        images.getValueFactory().valueProperty().addListener((obs, o, n) -> { if (n != null) vm.imagesProperty().set(n); });
        images.setTooltip(new Tooltip("Images the excitation metric is measured on (the paper used 10,000); needs a trained network"));
        Views.TaskControls task = Views.taskControls("Analyse", "seAnalyse", "seCancel", vm.runningProperty(), vm::analyse, vm::cancel);
        FlowPane inputs = new FlowPane(Views.labelled("Architecture", arch), Views.unlabelled(se), Views.labelled("Images", images),
                Views.unlabelled(task.start()), Views.unlabelled(task.cancel()), Views.unlabelled(task.spinner()));
        inputs.getStyleClass().add("post-inputs");
        return inputs;
    }

    /** One line about the analysed architecture (hidden before the first analysis). */
    private Label summary() {
        Label summary = Views.bold(vm.summaryProperty(), "seSummary");
        Views.showWhen(summary, summary.textProperty().isNotEmpty());
        return summary;
    }

    /** The left side: what each SE costs, one row per SE block. No training needed. */
    private VBox costs() {
        TableView<CostRow> costs = Views.sortedTable(vm.costs(), "Choose an architecture and Analyse: each SE block's latency cost "
                + "(latency with it minus without it) is simulated on the project's NPU. No training needed.");
        costs.setId("seCostTable");
        costs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        costs.getColumns().addAll(List.of(
                Views.numberColumn("Block", CostRow::blockIndex, String::valueOf, 60),
                Views.numberColumn("Stage", (CostRow r) -> r.stage() + 1, String::valueOf, 60),
                Views.numberColumn("Channels", CostRow::channels, String::valueOf, 80),
                Views.numberColumn("Squeeze", CostRow::squeeze, String::valueOf, 75),
                Views.numberColumn("SE cost ms", CostRow::costMs, v -> Formats.fixed(v, 5), 95),
                Views.numberColumn("% of latency", CostRow::shareOfLatency, v -> Formats.fixed(100 * v, 2) + " %", 95)));
        return Views.section("SE latency costs", vm.costs(), costs);
    }

    /** The same costs as bars, below the ranking (hidden until there are costs). */
    private BarChart<String, Number> costChart() {
        CategoryAxis cx = new CategoryAxis();
        cx.setLabel("block");
        NumberAxis cy = new NumberAxis();
        cy.setLabel("SE cost (ms)");
        BarChart<String, Number> chart = new BarChart<>(cx, cy);
        chart.setId("seCostChart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(2);
        chart.setTitle("What each SE costs alone");
        chart.setPrefHeight(300);
        chart.setMinHeight(240);
        Views.showWhen(chart, Bindings.isNotEmpty(vm.costs()));
        vm.costs().addListener((ListChangeListener<CostRow>) c -> redrawCosts());
        return chart;
    }

    /** The right side: why there is no ranking, or the ranking with its curve, histograms and removal; the cost bars. */
    private VBox rankingSide() {
        Label placeholder = new Label("The ranking needs a trained network; Analyse first to see what each SE costs.");
        placeholder.getStyleClass().add("empty-text");
        placeholder.setWrapText(true);
        Views.showWhen(placeholder, vm.rankingMessageProperty().isEmpty());
        VBox rankedContent = new VBox(10, new HBox(12, ranking(), curveChart), histogramPickers(), histograms(), removal());
        Views.showWhen(rankedContent, vm.rankedProperty());
        VBox right = new VBox(12, rankingMessage(), placeholder, rankedContent, costChart);
        right.getStyleClass().add("ranking-side");
        return right;
    }

    /** Why there is no ranking (a warning), or what it was measured on. */
    private VBox rankingMessage() {
        Label headline = Views.bold(vm.rankingHeadlineProperty(), "seRankingHeadline");
        Label detail = Views.paragraph(null, "seRankingMessage", vm.rankingDetailProperty());
        VBox message = new VBox(4, headline, detail);
        Views.showWhen(message, vm.rankingMessageProperty().isNotEmpty());
        message.getStyleClass().add("ranking-message");
        message.pseudoClassStateChanged(MISSING, true);
        vm.rankedProperty().addListener((obs, o, r) -> message.pseudoClassStateChanged(MISSING, !r));
        return message;
    }

    /** The SE blocks by the excitation metric, lowest first. */
    private VBox ranking() {
        TableView<RankRow> rank = Views.sortedTable(vm.ranking(), "No ranking.");
        rank.setId("seRankingTable");
        rank.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        rank.getColumns().addAll(List.of(
                Views.numberColumn("#", RankRow::rank, String::valueOf, 40),
                Views.numberColumn("Block", RankRow::blockIndex, String::valueOf, 60),
                Views.numberColumn("Stage", (RankRow r) -> r.stage() + 1, String::valueOf, 60),
                Views.numberColumn("Metric", RankRow::metric, v -> Formats.fixed(v, 4), 70),
                Views.numberColumn("SE cost", RankRow::costMs, v -> Formats.fixed(v, 5), 75),
                Views.numberColumn("Saved", RankRow::latencySavedMs, v -> Formats.fixed(v, 4), 70),
                Views.numberColumn("After", RankRow::latencyAfterMs, v -> Formats.fixed(v, 4), 70)));
        // the columns' meaning, as the table's tooltip
        rank.setTooltip(new Tooltip("Block: index in the architecture from 0 (as in the CSV, the command line and the PyTorch "
                + "module). SE cost: latency of this SE alone. Saved / After: latency saved by, and left after, removing the SE "
                + "of this block and every block above it (ms)."));
        Views.fitRows(rank, 4, 10);
        VBox rankingBox = Views.section("Ranking by the excitation metric", vm.ranking(), rank);
        rankingBox.setMinWidth(380);
        rankingBox.setPrefWidth(470);
        return rankingBox;
    }

    /** Latency against the number of SE blocks removed, lowest metric first, with the chosen k marked. */
    private LineChart<Number, Number> removalCurve() {
        NumberAxis kx = new NumberAxis();
        kx.setLabel("SE blocks removed (lowest metric first)");
        NumberAxis ky = new NumberAxis();
        ky.setLabel("latency (ms)");
        ky.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(kx, ky);
        chart.setId("seRemovalCurve");
        chart.getStyleClass().add("removal-chart");
        chart.setAnimated(false);
        chart.setTitle("Removal curve");
        chart.setPrefHeight(340);
        chart.setMinHeight(220);
        chart.setMinWidth(280);
        HBox.setHgrow(chart, Priority.ALWAYS);
        vm.removalCurve().addListener((ListChangeListener<SeRanking.Step>) c -> redrawCurve());
        vm.removeCountProperty().addListener((obs, o, n) -> redrawCurve());
        return chart;
    }

    /** Which two blocks' excitation histograms to show (paper Fig. 11). */
    private HBox histogramPickers() {
        ComboBox<Integer> pickA = blockPicker("seHistogramA", vm.histogramAProperty());
        ComboBox<Integer> pickB = blockPicker("seHistogramB", vm.histogramBProperty());
        Label histTitle = Views.bold("Excitations over channels, first 3 images (paper Fig. 11):");
        histTitle.setMinWidth(Region.USE_PREF_SIZE);
        HBox pickers = new HBox(12, histTitle, pickA, pickB);
        pickers.setAlignment(Pos.CENTER_LEFT);
        return pickers;
    }

    private HBox histograms() {
        vm.histogramAProperty().addListener((obs, o, n) -> redrawHistogram(histA, n));
        vm.histogramBProperty().addListener((obs, o, n) -> redrawHistogram(histB, n));
        vm.ranking().addListener((ListChangeListener<RankRow>) c -> {
            redrawHistogram(histA, vm.histogramAProperty().get());
            redrawHistogram(histB, vm.histogramBProperty().get());
        });
        HBox hists = new HBox(12, histA, histB);
        for (var n : hists.getChildren()) HBox.setHgrow(n, Priority.ALWAYS);
        return hists;
    }

    /** "Remove SE from the k lowest → latency, and save as …", and the ranking's CSV export. */
    private FlowPane removal() {
        Spinner<Integer> k = new Spinner<>();
        k.setId("seRemoveCount");
        k.setEditable(true);
        k.setPrefWidth(90);
        SpinnerValueFactory.IntegerSpinnerValueFactory kf = new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 0, 0);
        k.setValueFactory(kf);
        vm.ranking().addListener((ListChangeListener<RankRow>) c -> kf.setMax(vm.ranking().size()));
        kf.valueProperty().addListener((obs, o, n) -> { if (n != null) vm.removeCountProperty().set(n); });
        vm.removeCountProperty().addListener((obs, o, n) -> kf.setValue(n.intValue()));
        Label after = new Label();
        after.setId("seRemovalLatency");
        after.textProperty().bind(Bindings.createStringBinding(() -> {
            double ms = vm.removalLatencyMs();
            if (Double.isNaN(ms)) return "";
            double full = vm.latencyProperty().get();
            return String.format(java.util.Locale.ROOT, "→ %.4f ms (saves %.4f ms)", ms, full - ms);
        }, vm.removeCountProperty(), vm.removalCurve(), vm.latencyProperty()));
        TextField name = new TextField();
        name.setId("seRemovalName");
        name.textProperty().bindBidirectional(vm.removalNameProperty());
        name.setPrefColumnCount(18);
        Button save = new Button("Save to project");
        save.setId("seSaveRemoval");
        save.setOnAction(e -> vm.saveRemoval());
        Button csv = new Button("Export ranking CSV…");
        csv.setId("seExportRanking");
        csv.setOnAction(e -> Views.chooseSaveFile(this, "Export SE ranking", "se-ranking.csv", null,
                new FileChooser.ExtensionFilter("CSV files (*.csv)", "*.csv"), Views.allFiles()).ifPresent(vm::exportRanking));
        FlowPane remove = new FlowPane(8, 8, fixed(new Label("Remove SE from the")), k, fixed(new Label("lowest")), fixed(after),
                fixed(new Label("and save as")), name, save, csv);
        remove.setAlignment(Pos.CENTER_LEFT);
        remove.getStyleClass().add("removal-row");
        return remove;
    }

    /** A label that keeps its text whole (a flow wraps instead of eliding it). */
    private static Label fixed(Label l) {
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private ComboBox<Integer> blockPicker(String id, javafx.beans.property.ObjectProperty<Integer> p) {
        ComboBox<Integer> c = new ComboBox<>(vm.rankedBlocks());
        c.setId(id);
        c.valueProperty().bindBidirectional(p);
        c.setCellFactory(l -> blockCell());
        c.setButtonCell(blockCell());
        return c;
    }

    private ListCell<Integer> blockCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                SeViewModel.Histogram h = empty || item == null ? null : vm.histogram(item);
                setText(empty || item == null ? null : "SE of block " + item + (h == null ? "" : " · metric " + Formats.fixed(h.metric(), 4)));
            }
        };
    }

    private static AreaChart<Number, Number> histogramChart(String id) {
        NumberAxis x = new NumberAxis(0, 1, 0.1);
        x.setLabel("excitation (SE activation value)");
        NumberAxis y = new NumberAxis();
        y.setLabel("channels");
        AreaChart<Number, Number> c = new AreaChart<>(x, y);
        c.setId(id);
        c.getStyleClass().add("histogram-chart");
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.setPrefHeight(190);
        c.setMinHeight(170);
        c.setMinWidth(200);
        c.setPrefWidth(300);
        HBox.setHgrow(c, Priority.ALWAYS);
        return c;
    }

    private void redrawCosts() {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        for (CostRow r : vm.costs()) s.getData().add(new XYChart.Data<>(String.valueOf(r.blockIndex()), r.costMs()));
        costChart.getData().setAll(List.of(s));
    }

    private void redrawCurve() {
        XYChart.Series<Number, Number> line = new XYChart.Series<>();
        line.setName("latency after removing k");
        for (SeRanking.Step st : vm.removalCurve()) line.getData().add(new XYChart.Data<>(st.removed(), st.latencyMs()));
        XYChart.Series<Number, Number> chosen = new XYChart.Series<>();
        chosen.setName("k to remove");
        int k = vm.removeCountProperty().get();
        if (k >= 0 && k < vm.removalCurve().size()) chosen.getData().add(new XYChart.Data<>(k, vm.removalCurve().get(k).latencyMs()));
        curveChart.getData().setAll(List.of(line, chosen));
    }

    private void redrawHistogram(AreaChart<Number, Number> chart, Integer block) {
        SeViewModel.Histogram h = vm.histogram(block);
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        if (h != null) {
            for (int i = 0; i < h.perImage().size(); i++) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName("image " + (i + 1));
                int[] counts = h.perImage().get(i);
                double w = 1.0 / counts.length;
                // a step outline: each bin drawn flat over its width
                for (int b = 0; b < counts.length; b++) {
                    s.getData().add(new XYChart.Data<>(b * w, counts[b]));
                    s.getData().add(new XYChart.Data<>((b + 1) * w, counts[b]));
                }
                all.add(s);
            }
            chart.setTitle("SE of block " + h.blockIndex() + " · metric " + Formats.fixed(h.metric(), 4));
        } else {
            chart.setTitle(null);
        }
        chart.getData().setAll(all);
    }
}
