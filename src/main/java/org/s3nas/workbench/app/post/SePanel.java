package org.s3nas.workbench.app.post;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
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
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
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

    SePanel(SeViewModel vm) {
        this.vm = vm;
        getStyleClass().add("post-panel");
        setId("sePanel");

        // ---- inputs ----
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
        PostView.TaskControls task = PostView.taskControls("Analyse", "seAnalyse", "seCancel", vm.runningProperty(), vm::analyse, vm::cancel);
        FlowPane inputs = new FlowPane(ScalingPanel.labelled("Architecture", arch), ScalingPanel.bottom(se),
                ScalingPanel.labelled("Images", images), ScalingPanel.bottom(task.start()), ScalingPanel.bottom(task.cancel()),
                ScalingPanel.bottom(task.spinner()));
        inputs.getStyleClass().add("post-inputs");

        Label summary = new Label();
        summary.setId("seSummary");
        summary.getStyleClass().add("strong");
        summary.textProperty().bind(vm.summaryProperty());
        summary.visibleProperty().bind(summary.textProperty().isNotEmpty());
        summary.managedProperty().bind(summary.visibleProperty());

        // ---- left: what each SE costs ----
        TableView<CostRow> costs = Views.table(vm.costs(), "Choose an architecture and Analyse: each SE block's latency cost "
                + "(latency with it minus without it) is simulated on the project's NPU. No training needed.");
        costs.setId("seCostTable");
        SortedList<CostRow> sortedCosts = new SortedList<>(vm.costs());
        costs.setItems(sortedCosts);
        sortedCosts.comparatorProperty().bind(costs.comparatorProperty());
        costs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        costs.getColumns().addAll(List.of(
                PostView.column("Block", CostRow::blockIndex, String::valueOf, 60, true),
                PostView.column("Stage", (CostRow r) -> r.stage() + 1, String::valueOf, 60, true),
                PostView.column("Channels", CostRow::channels, String::valueOf, 80, true),
                PostView.column("Squeeze", CostRow::squeeze, String::valueOf, 75, true),
                PostView.column("SE cost ms", CostRow::costMs, v -> PostView.fixed(v, 5), 95, true),
                PostView.column("% of latency", CostRow::shareOfLatency, v -> PostView.fixed(100 * v, 2) + " %", 95, true)));
        CategoryAxis cx = new CategoryAxis();
        cx.setLabel("block");
        NumberAxis cy = new NumberAxis();
        cy.setLabel("SE cost (ms)");
        costChart = new BarChart<>(cx, cy);
        costChart.setId("seCostChart");
        costChart.setAnimated(false);
        costChart.setLegendVisible(false);
        costChart.setCategoryGap(2);
        costChart.setTitle("What each SE costs alone");
        costChart.setPrefHeight(300);
        costChart.setMinHeight(240);
        costChart.visibleProperty().bind(Bindings.isNotEmpty(vm.costs()));
        costChart.managedProperty().bind(costChart.visibleProperty());
        vm.costs().addListener((ListChangeListener<CostRow>) c -> redrawCosts());
        VBox left = Views.section("SE latency costs", vm.costs(), costs);

        // ---- right: the ranking, or why there is none ----
        Label headline = new Label();
        headline.getStyleClass().add("strong");
        headline.setId("seRankingHeadline");
        headline.textProperty().bind(vm.rankingHeadlineProperty());
        Label detail = new Label();
        detail.setId("seRankingMessage");
        detail.setWrapText(true);
        detail.textProperty().bind(vm.rankingDetailProperty());
        VBox message = new VBox(4, headline, detail);
        message.visibleProperty().bind(vm.rankingMessageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("ranking-message");
        message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("missing"), true);
        vm.rankedProperty().addListener((obs, o, r) -> message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("missing"), !r));

        TableView<RankRow> rank = Views.table(vm.ranking(), "No ranking.");
        rank.setId("seRankingTable");
        SortedList<RankRow> sortedRank = new SortedList<>(vm.ranking());
        rank.setItems(sortedRank);
        sortedRank.comparatorProperty().bind(rank.comparatorProperty());
        rank.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        rank.getColumns().addAll(List.of(
                PostView.column("#", RankRow::rank, String::valueOf, 40, true),
                PostView.column("Block", RankRow::blockIndex, String::valueOf, 60, true),
                PostView.column("Stage", (RankRow r) -> r.stage() + 1, String::valueOf, 60, true),
                PostView.column("Metric", RankRow::metric, v -> PostView.fixed(v, 4), 70, true),
                PostView.column("SE cost", RankRow::costMs, v -> PostView.fixed(v, 5), 75, true),
                PostView.column("Saved", RankRow::latencySavedMs, v -> PostView.fixed(v, 4), 70, true),
                PostView.column("After", RankRow::latencyAfterMs, v -> PostView.fixed(v, 4), 70, true)));
        Label rankCaption = new Label( // the columns' meaning, as the table's tooltip
"Block: index in the architecture from 0 (as in the CSV, the command line and the PyTorch "
                + "module). SE cost: latency of this SE alone. Saved / After: latency saved by, and left after, removing the SE "
                + "of this block and every block above it (ms).");
        rank.setTooltip(new Tooltip(rankCaption.getText()));
        Views.fitRows(rank, 4, 10);

        NumberAxis kx = new NumberAxis();
        kx.setLabel("SE blocks removed (lowest metric first)");
        NumberAxis ky = new NumberAxis();
        ky.setLabel("latency (ms)");
        ky.setForceZeroInRange(false);
        curveChart = new LineChart<>(kx, ky);
        curveChart.setId("seRemovalCurve");
        curveChart.getStyleClass().add("removal-chart");
        curveChart.setAnimated(false);
        curveChart.setTitle("Removal curve");
        curveChart.setPrefHeight(340);
        curveChart.setMinHeight(220);
        vm.removalCurve().addListener((ListChangeListener<SeRanking.Step>) c -> redrawCurve());
        vm.removeCountProperty().addListener((obs, o, n) -> redrawCurve());

        ComboBox<Integer> pickA = blockPicker("seHistogramA", vm.histogramAProperty());
        ComboBox<Integer> pickB = blockPicker("seHistogramB", vm.histogramBProperty());
        histA = histogramChart("seHistogramChartA");
        histB = histogramChart("seHistogramChartB");
        vm.histogramAProperty().addListener((obs, o, n) -> redrawHistogram(histA, n));
        vm.histogramBProperty().addListener((obs, o, n) -> redrawHistogram(histB, n));
        vm.ranking().addListener((ListChangeListener<RankRow>) c -> {
            redrawHistogram(histA, vm.histogramAProperty().get());
            redrawHistogram(histB, vm.histogramBProperty().get());
        });
        HBox.setHgrow(histA, Priority.ALWAYS);
        HBox.setHgrow(histB, Priority.ALWAYS);
        histA.setPrefWidth(300);
        histB.setPrefWidth(300);
        Label histTitle = new Label("Excitations over channels, first 3 images (paper Fig. 11):");
        histTitle.getStyleClass().add("strong");
        histTitle.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox pickers = new HBox(12, histTitle, pickA, pickB);
        pickers.setAlignment(Pos.CENTER_LEFT);
        HBox hists = new HBox(12, histA, histB);
        for (var n : hists.getChildren()) HBox.setHgrow(n, Priority.ALWAYS);

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
        csv.setOnAction(e -> PostView.chooseSaveFile(this, "Export SE ranking", "se-ranking.csv", "CSV files (*.csv)", "*.csv")
                .ifPresent(vm::exportRanking));
        FlowPane remove = new FlowPane(8, 8, fixed(new Label("Remove SE from the")), k, fixed(new Label("lowest")), fixed(after),
                fixed(new Label("and save as")), name, save, csv);
        remove.setAlignment(Pos.CENTER_LEFT);
        remove.getStyleClass().add("removal-row");

        VBox rankingBox = Views.section("Ranking by the excitation metric", vm.ranking(), rank);
        rankingBox.setMinWidth(380);
        rankingBox.setPrefWidth(470);
        curveChart.setMinWidth(280);
        HBox.setHgrow(curveChart, Priority.ALWAYS);
        HBox rankingRow = new HBox(12, rankingBox, curveChart);
        VBox rankedContent = new VBox(10, rankingRow,
                pickers, hists, remove);
        rankedContent.visibleProperty().bind(vm.rankedProperty());
        rankedContent.managedProperty().bind(rankedContent.visibleProperty());
        Label placeholder = new Label("The ranking needs a trained network; Analyse first to see what each SE costs.");
        placeholder.getStyleClass().add("empty-text");
        placeholder.setWrapText(true);
        placeholder.visibleProperty().bind(vm.rankingMessageProperty().isEmpty());
        placeholder.managedProperty().bind(placeholder.visibleProperty());
        VBox right = new VBox(12, message, placeholder, rankedContent, costChart);
        right.getStyleClass().add("ranking-side");
        ScrollPane scroll = new ScrollPane(right);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("post-scroll");

        SplitPane split = new SplitPane(left, scroll);
        split.setDividerPositions(0.36);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(inputs, PostView.banner(vm.errorProperty(), "seError"), summary, split);
    }

    /** A label that keeps its text whole (a flow wraps instead of eliding it). */
    private static Label fixed(Label l) {
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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
                setText(empty || item == null ? null : "SE of block " + item + (h == null ? "" : " · metric " + PostView.fixed(h.metric(), 4)));
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
            chart.setTitle("SE of block " + h.blockIndex() + " · metric " + PostView.fixed(h.metric(), 4));
        } else {
            chart.setTitle(null);
        }
        chart.getData().setAll(all);
    }
}
