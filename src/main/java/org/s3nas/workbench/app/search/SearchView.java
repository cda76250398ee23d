package org.s3nas.workbench.app.search;

import org.s3nas.workbench.app.run.RunCharts;
import org.s3nas.workbench.app.run.DashboardFrame;
import org.s3nas.workbench.app.run.LogPanel;
import org.s3nas.workbench.app.run.ConfigSheet;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBoxTreeItem;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.controlsfx.control.CheckTreeView;
import org.controlsfx.control.TaskProgressView;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.chart.ChartControls;
import org.s3nas.workbench.app.chart.ChartLines;
import org.s3nas.workbench.app.chart.ChartOptions;
import org.s3nas.workbench.app.chart.LiveChart;
import org.s3nas.workbench.app.chart.ReadoutFormat;
import org.s3nas.workbench.app.chart.XAxisMode;
import org.s3nas.workbench.app.search.SearchViewModel.RunRow;
import static org.s3nas.workbench.app.run.RunCharts.*;

/**
 * The Search dashboard: the editable configuration and the runs in progress on the left; live charts of the shown
 * run (loss and cross-entropy, accuracies, estimated latency against the target T, every threshold, each block's
 * choice over time) with the project's finished runs below. Binds to the {@link SearchViewModel} only.
 * <p>
 * The charts are chart-fx XYCharts without markers or animation; the run's data sets are written once per frame by
 * the view-model, and the view only re-ranges the x axes and redraws the heatmap when the run's revision changes.
 */
public final class SearchView extends VBox {
    private final SearchViewModel vm;
    private final XYChart lossChart = logY(chart("loss", null));
    private final XYChart accuracyChart = unitRange(chart("accuracy", null));
    private final XYChart latencyChart = chart("latency", "ms");
    private final ErrorDataSetRenderer crossingRenderer = addPointRenderer(latencyChart);
    private final XYChart gainChart = logY(chart("gain", null));
    private final XYChart thresholdChart = chart("threshold t", null);
    private final ErrorDataSetRenderer thresholdRenderer = (ErrorDataSetRenderer) thresholdChart.getRenderers().get(0);
    private final LiveChart liveLoss = new LiveChart(lossChart), liveAccuracy = new LiveChart(accuracyChart),
            liveLatency = new LiveChart(latencyChart), liveGain = new LiveChart(gainChart), liveThresholds = new LiveChart(thresholdChart);
    private final List<LiveChart> liveCharts = List.of(liveLoss, liveAccuracy, liveLatency, liveGain, liveThresholds);
    private final ChartLines lossLines, accuracyLines, latencyLines, gainLines, thresholdLines;
    private final Label thresholdsNote = new Label("Thresholds are shown for one run: select a single run in Finished runs to see them.");
    private final CheckTreeView<String> thresholdTree = new CheckTreeView<>(new CheckBoxTreeItem<>("All thresholds"));
    private final Map<TreeItem<String>, Integer> thresholdOfItem = new HashMap<>();
    private final ChoiceHeatmap heatmap = new ChoiceHeatmap();
    private final Label caption = new Label();
    private final HBox runLegend = RunCharts.runLegend("overlayLegend");
    private final LogPanel log = new LogPanel("searchLog");
    private GridPane grid;
    private final List<XValueIndicator> phaseMarkers = new ArrayList<>();
    private final ChangeListener<Number> onRevision = (obs, o, n) -> refresh();
    private final ChangeListener<List<String>> onThresholdNames = (obs, o, n) -> rebuildThresholds();
    private final ListChangeListener<TreeItem<String>> onChecked = c -> applyThresholdVisibility();
    private SearchSeries shown;
    private static final String LOSS = "#3a5ccc", CE = "#e07b39", TRAIN = "#8fb0ea", VALIDATION = "#2f9e5b", LATENCY = "#3a5ccc",
            TARGET = "#d1453b", SIMULATED = "#2f9e5b", BAND = "#e8a09a", CROSSINGS = "#9a3bd1", GAIN = "#b07a1f";

    public SearchView(SearchViewModel vm) {
        this.vm = vm;
        ChartOptions options = vm.chartOptions();
        lossLines = new ChartLines(liveLoss, options);
        accuracyLines = new ChartLines(liveAccuracy, options);
        latencyLines = new ChartLines(liveLatency, options);
        gainLines = new ChartLines(liveGain, options);
        thresholdLines = new ChartLines(liveThresholds, options);
        liveAccuracy.setValueFormat(ReadoutFormat::percent);
        // the x range and the phase-2 markers move with the x axis
        options.xAxisProperty().addListener((obs, o, n) -> render());
        options.wallClockAvailableProperty().addListener((obs, o, n) -> { if (shown != null) refresh(); });
        Views.styleView(this, "searchView", RunCharts.stylesheet(), "search-view");
        DashboardFrame.fill(this, Views.header("Search", vm.projectName(), vm.summaryProperty()), startNote(), startButton(), leftColumn(),
                centre(), 0.24);
        showTheSelectedRuns();
        showNotices();
    }

    // ---- top: why a search cannot start, and Start ---------------------------------------------------------------

    private Button startButton() { return DashboardFrame.startButton("Start search", "startSearch", vm.canStartProperty(), vm::start); }

    private Label startNote() { return DashboardFrame.startNote(vm.startProblemProperty(), 360); }

    /** The charts show the overlaid runs when several are selected, else the run selected or started. */
    private void showTheSelectedRuns() {
        vm.displayedProperty().addListener((obs, o, s) -> render());
        vm.overlaid().addListener((ListChangeListener<SearchSeries>) c -> render());
        render();
    }

    private void showNotices() { RunCharts.notifyEach(this, vm.notices()); }

    // ---- left: configuration and active runs -----------------------------------------------------------------

    private Node leftColumn() {
        VBox config = ConfigSheet.section(vm.configFields(), SearchViewModel.CATEGORIES, "searchConfigSheet", "configProblem");

        TaskProgressView<SearchJob> tasks = RunCharts.activeRuns(vm.activeRuns(), vm::select);
        tasks.setId("activeRuns");
        tasks.setPrefHeight(210);
        tasks.setMinHeight(130);
        VBox runs = Views.section("Active runs", vm.activeRuns(), tasks);

        VBox left = new VBox(12, config, runs);
        VBox.setVgrow(runs, Priority.ALWAYS);
        left.getStyleClass().add("dashboard-left");
        left.setMinWidth(300);
        return left;
    }

    // ---- centre: charts over finished runs -------------------------------------------------------------------

    private Node centre() {
        caption.setId("shownRun");
        caption.getStyleClass().add("shown-run");
        HBox head = DashboardFrame.captionRow(caption, ChartControls.bar(vm.chartOptions()));
        head.getChildren().add(1, runLegend);
        return DashboardFrame.centre(head, chartGrid(), finishedRuns(), log, 0.8);
    }

    /** Loss and accuracy; latency with the controller's gain and the thresholds; the block choices across. */
    private GridPane chartGrid() {
        // the block choices get a row per block, each labelled; the latency card holds the controller's gain too
        grid = DashboardFrame.chartGrid(26, 35, 39);
        grid.add(card("Loss", liveLoss, "lossCard", legendEntry("loss (Eq. 9)", LOSS, false), legendEntry("cross-entropy", CE, false)), 0, 0);
        grid.add(card("Accuracy", liveAccuracy, "accuracyCard", legendEntry("training batch", TRAIN, false),
                legendEntry("validation", VALIDATION, false)), 1, 0);
        grid.add(card("Latency", latencyAndGain(), "latencyCard", legendEntry("Eq. 7/8", LATENCY, false),
                legendEntry("simulated", SIMULATED, false), legendEntry("band", TARGET, true),
                legendEntry("≥3 crossed", CROSSINGS, false), legendEntry("gain", GAIN, false)), 0, 1);
        grid.add(card("Thresholds", thresholdsWithTree(), "thresholdCard", caption("a split is ON while ||w||² > t")), 1, 1);
        grid.add(card("Block choices over time", heatmap, "heatmapCard", heatmap.controls()), 0, 2, 2, 1);
        return grid;
    }

    /** The target controller under the latency it steers: its gain on the thresholds' rate, same steps. */
    private Node latencyAndGain() {
        liveGain.setMinHeight(0);
        liveGain.setPrefHeight(48);
        latencyChart.getXAxis().setName(null); // the gain chart below names the shared step axis
        liveLatency.setMinHeight(0);
        VBox latencyAndGain = new VBox(liveLatency, liveGain);
        VBox.setVgrow(liveLatency, Priority.ALWAYS);
        latencyAndGain.setMinHeight(0);
        return latencyAndGain;
    }

    /** The thresholds' chart with the tree that picks which of them it draws. */
    private Node thresholdsWithTree() {
        thresholdTree.setId("thresholdTree");
        thresholdTree.setShowRoot(true);
        thresholdTree.setPrefWidth(196);
        thresholdTree.setMinWidth(150);
        // the tree scrolls: it must not ask for the height of all its rows, or the chart beside it grows out of its card
        thresholdTree.setMinHeight(0);
        thresholdTree.setPrefHeight(40);
        // while runs are overlaid the card is empty: say why
        thresholdsNote.setId("thresholdsNote");
        thresholdsNote.getStyleClass().add("empty-text");
        thresholdsNote.setWrapText(true);
        thresholdsNote.setMouseTransparent(true);
        thresholdsNote.setVisible(false);
        javafx.scene.layout.BorderPane thresholds = new javafx.scene.layout.BorderPane(new StackPane(liveThresholds, thresholdsNote));
        thresholds.setRight(thresholdTree);
        javafx.scene.layout.BorderPane.setMargin(thresholdTree, new javafx.geometry.Insets(4, 0, 4, 8));
        thresholds.setMinHeight(0);
        thresholds.setPrefHeight(60);
        return thresholds;
    }

    /** The thresholds card shows one run's thresholds, or (runs overlaid) says why it is empty. */
    private void thresholdsOfOneRun(boolean one) {
        thresholdsNote.setVisible(!one);
        thresholdTree.setVisible(one);
        thresholdTree.setManaged(one);
    }

    /** The project's finished runs: one selected is shown, several are overlaid; follow, import, resume. */
    private Node finishedRuns() {
        TableView<RunRow> table = runTable();
        VBox box = Views.section("Finished runs", vm.runs(), table);
        Label title = (Label) box.getChildren().remove(0);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(title, gap, runTools(table));
        head.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().add(0, head);
        box.setMinHeight(120);
        return box;
    }

    private TableView<RunRow> runTable() {
        TableView<RunRow> table = Views.table(vm.runs(),
                "No finished runs yet: a search that ends is listed here with what it found, its latency and validation "
                        + "accuracy; select one to see its charts.");
        table.setId("runTable");
        table.getColumns().add(Views.column("Run", RunRow::id, 176));
        table.getColumns().add(Views.column("Status", RunRow::status, 92));
        table.getColumns().add(numberColumn("Target", RunRow::target, 78));
        table.getColumns().add(Views.column("Architecture", RunRow::architecture, 200));
        table.getColumns().add(numberColumn("Estimated", RunRow::estimatedLatency, 96));
        table.getColumns().add(numberColumn("Simulated", RunRow::simulatedLatency, 96));
        table.getColumns().add(numberColumn("Val. accuracy", RunRow::validationAccuracy, 110));
        table.getColumns().add(Views.column("Ended", RunRow::ended, 136));
        DashboardFrame.showOnSelect(table, r -> "Run folder: " + r.directory() + "\nStarted " + r.started(), vm::select);
        DashboardFrame.overlayOnMultiSelect(table, vm::overlay);
        return table;
    }

    /** Follow a run folder another process writes, import its architecture when it ends; resume the selected run. */
    private HBox runTools(TableView<RunRow> table) {
        Button resume = new Button("Resume run");
        resume.setId("resumeRun");
        resume.getStyleClass().add("small");
        resume.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !vm.canResume(table.getSelectionModel().getSelectedItem()),
                table.getSelectionModel().selectedItemProperty(), vm.activeRuns()));
        resume.setOnAction(e -> vm.resume(table.getSelectionModel().getSelectedItem()));
        Label hint = new Label("Select a run to show its metrics, several (Ctrl+click) to overlay them.");
        hint.getStyleClass().add("caption");
        Button follow = DashboardFrame.followButton("followRunFolder", vm::followRunFolder);
        Button importFollowed = new Button("Import its architecture");
        importFollowed.setId("importFollowed");
        importFollowed.getStyleClass().add("small");
        // the selected run when it is a finished search the project does not record yet (command line, PyTorch), else
        // the followed run folder once its run has finished
        importFollowed.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !vm.canImport(table.getSelectionModel().getSelectedItem()) && !vm.followedFinishedProperty().get(),
                table.getSelectionModel().selectedItemProperty(), vm.followedFinishedProperty(), vm.runs()));
        importFollowed.setOnAction(e -> {
            if (vm.canImport(table.getSelectionModel().getSelectedItem())) vm.importRun(table.getSelectionModel().getSelectedItem());
            else vm.importFollowed();
        });
        Button reload = DashboardFrame.reloadButton("reloadRuns", vm.scanningProperty(), vm::refresh);
        HBox tools = new HBox(10, hint, follow, importFollowed, resume, reload);
        tools.setAlignment(Pos.CENTER_RIGHT);
        return tools;
    }

    // ---- charts ----------------------------------------------------------------------------------------------

    /** The overlaid runs when several are selected, else the one run shown. */
    private void render() {
        if (vm.overlaid().isEmpty()) show(vm.displayedProperty().get());
        else overlay(vm.overlaid());
    }

    private void clearCharts(SearchSeries next) {
        if (shown != null) {
            shown.revisionProperty().removeListener(onRevision);
            shown.thresholdNamesProperty().removeListener(onThresholdNames);
        }
        shown = next;
        for (ChartLines l : List.of(lossLines, accuracyLines, latencyLines, gainLines, thresholdLines)) l.clear();
    }

    /**
     * Several finished runs on the same charts, one colour per run and a legend naming them: loss, validation
     * accuracy and estimated latency (thresholds and block choices belong to one run: select it alone to see them).
     */
    private void overlay(List<SearchSeries> runs) {
        clearCharts(null);
        log.show(null);
        removePhaseMarkers();
        heatmap.showOverlay();
        rebuildThresholds();
        thresholdsOfOneRun(false);
        double xMax = 1, elapsedMax = 1;
        List<DataSet> losses = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            SearchSeries s = runs.get(i);
            String colour = RunCharts.runColour(i);
            lossLines.add(renderer(lossChart), styled(s.loss(), colour, 1.8, false), true, s.clock(), s.runId());
            accuracyLines.add(renderer(accuracyChart), styled(s.validationAccuracy(), colour, 2.0, false), false, s.clock(), s.runId());
            latencyLines.add(renderer(latencyChart), styled(s.latency(), colour, 1.6, false), false, s.clock(), s.runId());
            losses.add(s.loss());
            xMax = Math.max(xMax, s.xMax());
            elapsedMax = Math.max(elapsedMax, s.clock().lastElapsed());
        }
        vm.chartOptions().shownClocks(runs.stream().map(SearchSeries::clock).toList());
        for (ChartLines l : List.of(lossLines, accuracyLines, latencyLines)) l.refresh();
        // each run on its own clock: the axis spans the longest
        if (vm.chartOptions().effectiveXAxis() == XAxisMode.WALL_CLOCK) for (LiveChart c : liveCharts) c.followX(0, elapsedMax);
        else RunCharts.follow(liveCharts, xMax);
        RunCharts.rangeLog2(liveLoss, losses);
        RunCharts.cardLegendsVisible(grid, false);
        RunCharts.runLegend(runLegend, runs.stream().map(SearchSeries::runId).toList());
        caption.setText("Overlaying " + runs.size() + " runs: loss, validation accuracy, estimated latency");
    }

    private void show(SearchSeries s) {
        clearCharts(s);
        log.show(s);
        thresholdsOfOneRun(true);
        RunCharts.cardLegendsVisible(grid, true);
        RunCharts.runLegend(runLegend, List.of());
        if (s == null) {
            caption.setText("No run shown yet: start a search (top right) or select a finished run below.");
            heatmap.show(null, 1);
            rebuildThresholds();
            return;
        }
        caption.setText("Showing " + vm.displayedCaptionProperty().get());
        // chart-fx draws the first data set on top: the thin line over the wide one (loss = CE in phase 1); the noisy
        // per-step series follow the smoothing slider, the validation accuracy (once per epoch) does not
        lossLines.add(renderer(lossChart), styled(s.crossEntropy(), CE, 1.2, false), true)
                .add(renderer(lossChart), styled(s.loss(), LOSS, 2.6, false), true);
        accuracyLines.add(renderer(accuracyChart), styled(s.validationAccuracy(), VALIDATION, 2.2, false), false)
                .add(renderer(accuracyChart), styled(s.trainAccuracy(), TRAIN, 1.0, false), true);
        latencyLines.add(renderer(latencyChart), styled(s.target(), TARGET, 1.6, true), false)
                .add(renderer(latencyChart), styled(s.bandLower(), BAND, 1.3, true), false)
                .add(renderer(latencyChart), styled(s.simulatedLatency(), SIMULATED, 1.0, false), false)
                .add(renderer(latencyChart), styled(s.latency(), LATENCY, 1.8, false), false)
                .add(crossingRenderer, styledPoints(s.manyCrossings(), CROSSINGS, 0.0), false);
        gainLines.add(renderer(gainChart), styled(s.controllerGain(), GAIN, 1.4, false), false);
        for (ChartLines l : List.of(lossLines, accuracyLines, latencyLines, gainLines, thresholdLines)) l.setClock(s.clock());
        heatmap.show(s, vm.maxTotalExpansion());
        s.revisionProperty().addListener(onRevision);
        s.thresholdNamesProperty().addListener(onThresholdNames);
        rebuildThresholds();
        refresh();
    }

    /** Per frame at most (the series' revision changes once per drained frame): x ranges, markers, heatmap. */
    private void refresh() {
        SearchSeries s = shown;
        if (s == null) return;
        vm.chartOptions().shownClocks(List.of(s.clock())); // a live run's clock fills as it steps
        for (ChartLines l : List.of(lossLines, accuracyLines, latencyLines, gainLines, thresholdLines)) l.refresh();
        RunCharts.follow(liveCharts, s.xMax());
        RunCharts.rangeLog2(liveLoss, List.of(s.loss(), s.crossEntropy()));
        RunCharts.rangeLog2(liveGain, List.of(s.controllerGain()));
        double p2 = liveLoss.xOf(s.phase2Start());
        if (!Double.isNaN(p2) && phaseMarkers.isEmpty()) {
            for (XYChart c : List.of(lossChart, accuracyChart, latencyChart, thresholdChart)) {
                XValueIndicator m = new XValueIndicator(c.getXAxis(), p2, "phase 2");
                m.setEditable(false);
                m.setLabelPosition(0.92);
                phaseMarkers.add(m);
                c.getPlugins().add(m);
            }
        } else if (Double.isNaN(p2) && !phaseMarkers.isEmpty()) {
            removePhaseMarkers();
        } else {
            for (XValueIndicator m : phaseMarkers) if (m.getValue() != p2) m.setValue(p2);
        }
        heatmap.refresh();
    }

    private void removePhaseMarkers() {
        for (XYChart c : List.of(lossChart, accuracyChart, latencyChart, thresholdChart)) c.getPlugins().removeAll(phaseMarkers);
        phaseMarkers.clear();
    }

    // ---- thresholds: one series each, grouped by block, toggled in the tree ------------------------------------

    private void rebuildThresholds() {
        removePhaseMarkers();
        SearchSeries s = shown;
        thresholdOfItem.clear();
        CheckBoxTreeItem<String> root = new CheckBoxTreeItem<>("All thresholds");
        root.setExpanded(true);
        List<String> names = s == null ? List.of() : s.thresholdNamesProperty().get();
        Map<String, CheckBoxTreeItem<String>> blocks = new LinkedHashMap<>();
        Map<String, Integer> blockIndex = new LinkedHashMap<>();
        for (String n : names) blockIndex.putIfAbsent(blockOf(n), blockIndex.size());
        List<DataSet> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String block = blockOf(n);
            int bi = blockIndex.get(block);
            CheckBoxTreeItem<String> parent = blocks.computeIfAbsent(block, b -> {
                CheckBoxTreeItem<String> it = new CheckBoxTreeItem<>(blockTitle(b, s));
                root.getChildren().add(it);
                return it;
            });
            int within = parent.getChildren().size();
            Color colour = thresholdColour(bi, blockIndex.size(), within);
            CheckBoxTreeItem<String> leaf = new CheckBoxTreeItem<>(leafTitle(n), swatch(colour));
            parent.getChildren().add(leaf);
            thresholdOfItem.put(leaf, i);
            all.add(styled(s.threshold(i), web(colour), 1.1, false));
        }
        thresholdTree.getCheckModel().getCheckedItems().removeListener(onChecked);
        thresholdTree.setRoot(root);
        thresholdTree.getCheckModel().checkAll();
        thresholdTree.getCheckModel().getCheckedItems().addListener(onChecked);
        showThresholds(all);
        if (s != null) refresh();
    }

    private void applyThresholdVisibility() {
        SearchSeries s = shown;
        if (s == null) return;
        List<DataSet> visible = new ArrayList<>();
        for (TreeItem<String> it : thresholdTree.getCheckModel().getCheckedItems()) {
            Integer i = thresholdOfItem.get(it);
            if (i != null) visible.add(s.threshold(i));
        }
        visible.sort(java.util.Comparator.comparingInt(ds -> indexOf(s, ds)));
        showThresholds(visible);
        thresholdLines.refresh();
    }

    private void showThresholds(List<DataSet> visible) {
        thresholdLines.clear();
        if (shown != null) thresholdLines.setClock(shown.clock());
        for (DataSet ds : visible) thresholdLines.add(thresholdRenderer, ds, false);
    }

    private static int indexOf(SearchSeries s, DataSet ds) {
        for (int i = 0; i < s.thresholdCount(); i++) if (s.threshold(i) == ds) return i;
        return -1;
    }

    /** Visible threshold series (for tests). */
    List<DataSet> visibleThresholds() { return List.copyOf(thresholdRenderer.getDatasets()); }

    CheckTreeView<String> thresholdTree() { return thresholdTree; }

    XYChart lossChart() { return lossChart; }

    /** "b3.sk2.kernel5" -> "b3". */
    private static String blockOf(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String blockTitle(String block, SearchSeries s) {
        if (block.startsWith("b")) {
            try {
                int i = Integer.parseInt(block.substring(1));
                if (s != null && i < s.blockLabels().size()) return s.blockLabels().get(i);
            } catch (NumberFormatException e) {
                // not the engine's naming: show it as it is
            }
        }
        return block;
    }

    /** "b3.sk2.kernel5" -> "superkernel 2 · kernel 5". */
    private static String leafTitle(String name) {
        String[] parts = name.split("\\.");
        if (parts.length < 3) return name;
        String sk = parts[1].startsWith("sk") ? "superkernel " + parts[1].substring(2) : parts[1];
        String what = parts[2].replaceAll("([a-z]+)(\\d+)", "$1 $2");
        return sk + " · " + what;
    }

    static Color thresholdColour(int block, int blocks, int within) {
        double hue = (block * 360.0 / Math.max(1, blocks)) * 0.92 + 210; // blocks walk round the wheel from blue
        double brightness = 0.78 - 0.09 * (within % 4);
        double saturation = 0.55 + 0.1 * (within % 3);
        return Color.hsb(hue % 360, saturation, brightness);
    }

    private static Region swatch(Color c) {
        Region r = new Region();
        r.getStyleClass().add("legend-swatch");
        r.setStyle("-fx-background-color: " + web(c) + ";");
        return r;
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }

    // ---- notifications -------------------------------------------------------------------------------------

}
