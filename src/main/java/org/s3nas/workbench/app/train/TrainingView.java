package org.s3nas.workbench.app.train;

import static org.s3nas.workbench.app.run.RunCharts.card;
import static org.s3nas.workbench.app.run.RunCharts.chart;
import static org.s3nas.workbench.app.run.RunCharts.legendEntry;
import static org.s3nas.workbench.app.run.RunCharts.numberColumn;
import static org.s3nas.workbench.app.run.RunCharts.renderer;
import static org.s3nas.workbench.app.run.RunCharts.styled;
import static org.s3nas.workbench.app.run.RunCharts.unitRange;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.controlsfx.control.TaskProgressView;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.chart.ChartControls;
import org.s3nas.workbench.app.chart.ChartLines;
import org.s3nas.workbench.app.chart.LiveChart;
import org.s3nas.workbench.app.chart.ReadoutFormat;
import org.s3nas.workbench.app.chart.XAxisMode;
import org.s3nas.workbench.app.post.ArchitectureChoice;
import org.s3nas.workbench.app.run.ConfigSheet;
import org.s3nas.workbench.app.run.DashboardFrame;
import org.s3nas.workbench.app.run.LogPanel;
import org.s3nas.workbench.app.run.RunCharts;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.app.train.TrainingViewModel.TrainingRow;
import org.s3nas.workbench.train.TrainEvent;

/**
 * The Training view: the architecture to train, its training configuration and the trainings in progress on the
 * left; live charts of the shown training (loss, training / validation / test accuracy, learning rate) and its result,
 * with the trainings found in the run folders below. Built of the Search dashboard's pieces ({@link RunCharts});
 * binds to the {@link TrainingViewModel} only.
 */
public final class TrainingView extends VBox {
    private static final String LOSS = "#3a5ccc", TRAIN = "#8fb0ea", VALIDATION = "#2f9e5b", TEST = "#d1453b", LR = "#8a5cc2";

    private final TrainingViewModel vm;
    private final XYChart lossChart = chart("loss", null);
    private final XYChart accuracyChart = unitRange(chart("accuracy", null));
    private final XYChart learningRateChart = chart("learning rate", null);
    private final ErrorDataSetRenderer validationPoints = RunCharts.addPointRenderer(accuracyChart);
    private final LiveChart liveLoss = new LiveChart(lossChart), liveAccuracy = new LiveChart(accuracyChart),
            liveLearningRate = new LiveChart(learningRateChart);
    private final ChartLines lossLines, accuracyLines, learningRateLines;
    private final Label caption = new Label();
    private final HBox runLegend = RunCharts.runLegend("trainingOverlayLegend");
    private final LogPanel log = new LogPanel("trainingLog");
    private GridPane grid;
    private final ChangeListener<Number> onRevision = (obs, o, n) -> refresh();
    private RunSeries<?> shown;

    public TrainingView(TrainingViewModel vm) {
        this.vm = vm;
        lossLines = new ChartLines(liveLoss, vm.chartOptions());
        accuracyLines = new ChartLines(liveAccuracy, vm.chartOptions());
        learningRateLines = new ChartLines(liveLearningRate, vm.chartOptions());
        liveAccuracy.setValueFormat(ReadoutFormat::percent);
        vm.chartOptions().xAxisProperty().addListener((obs, o, n) -> render()); // overlaid runs: the x range of the new axis
        Views.styleView(this, "trainingView", RunCharts.stylesheet(), "search-view", "training-view");
        DashboardFrame.fill(this, Views.header("Training", vm.projectName(), vm.summaryProperty()), startNote(), trainButton(), leftColumn(),
                centre(), 0.25);
        showTheSelectedTrainings();
        showNotices();
    }

    // ---- top: why a training cannot start (or what it would replace), and Train -----------------------------------

    private Button trainButton() { return DashboardFrame.startButton("Train", "startTraining", vm.canStartProperty(), vm::start); }

    private Label startNote() {
        Label note = DashboardFrame.startNote(
                Bindings.when(vm.startProblemProperty().isEmpty()).then(vm.startNoteProperty()).otherwise(vm.startProblemProperty()), 380);
        note.setId("trainProblem");
        return note;
    }

    /** The charts show the overlaid trainings when several are selected, else the training selected or started. */
    private void showTheSelectedTrainings() {
        vm.displayedProperty().addListener((obs, o, s) -> render());
        vm.overlaid().addListener((ListChangeListener<RunSeries<TrainEvent>>) c -> render());
        render();
    }

    private void showNotices() { RunCharts.notifyEach(this, vm.notices()); }

    // ---- left: architecture, configuration, trainings in progress --------------------------------------------

    private Node leftColumn() {
        VBox config = configuration();
        VBox left = new VBox(12, architecture(), config, trainingsInProgress());
        VBox.setVgrow(config, Priority.ALWAYS);
        left.getStyleClass().add("dashboard-left");
        left.setMinWidth(300);
        return left;
    }

    /** The architecture to train and what it is. */
    private VBox architecture() {
        ComboBox<ArchitectureChoice> choice = new ComboBox<>(vm.architectures());
        choice.setId("trainArchitecture");
        choice.setMaxWidth(Double.MAX_VALUE);
        choice.valueProperty().bindBidirectional(vm.architectureProperty());
        Label about = Views.paragraph("caption", "trainArchitectureSummary", vm.architectureSummaryProperty());
        about.setMinHeight(Region.USE_PREF_SIZE);
        return Views.section("Architecture", new VBox(6, choice, about));
    }

    /** The training configuration's sheet, with a way back to the project's recipe. */
    private VBox configuration() {
        VBox config = ConfigSheet.section(vm.configFields(), TrainingViewModel.CATEGORIES, "trainConfigSheet", "trainConfigProblem");
        Button reset = new Button("Project's recipe");
        reset.setId("resetTrainConfig");
        reset.getStyleClass().add("small");
        reset.setTooltip(new Tooltip("Back to the search configuration's optimiser settings and " + TrainingViewModel.DEFAULT_EPOCHS + " epochs"));
        reset.setOnAction(e -> vm.resetConfiguration());
        Label configTitle = (Label) config.getChildren().remove(0);
        config.getChildren().add(0, titleRow(configTitle, reset));
        return config;
    }

    private VBox trainingsInProgress() {
        TaskProgressView<TrainJob> tasks = RunCharts.activeRuns(vm.activeTrainings(), vm::select);
        tasks.setId("activeTrainings");
        tasks.setPrefHeight(150);
        tasks.setMinHeight(110);
        return Views.section("Trainings in progress", vm.activeTrainings(), tasks);
    }

    private static HBox titleRow(Label title, Node... tools) {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(10, title, gap);
        head.getChildren().addAll(tools);
        head.setAlignment(Pos.CENTER_LEFT);
        return head;
    }

    // ---- centre: charts over the trainings -------------------------------------------------------------------

    private Node centre() {
        caption.setId("shownTraining");
        caption.getStyleClass().add("shown-run");

        grid = DashboardFrame.chartGrid(58, 42);
        grid.add(card("Loss", liveLoss, "trainLossCard", legendEntry("cross-entropy (label smoothing)", LOSS, false)), 0, 0);
        grid.add(card("Accuracy", liveAccuracy, "trainAccuracyCard", legendEntry("training batch", TRAIN, false),
                legendEntry("validation (EMA)", VALIDATION, false), legendEntry("test (EMA)", TEST, true)), 1, 0);
        grid.add(card("Learning rate", liveLearningRate, "learningRateCard", legendEntry("warm-up, then decay", LR, false)), 0, 1);
        VBox result = new VBox(Views.factStrip(vm.shownFacts()));
        result.setId("trainResult");
        grid.add(card("Result", result, "trainResultCard"), 1, 1);
        HBox head = DashboardFrame.captionRow(caption, ChartControls.bar(vm.chartOptions()));
        head.getChildren().add(1, runLegend);
        return DashboardFrame.centre(head, grid, trainings(), log, 0.68);
    }

    private Node trainings() {
        TableView<TrainingRow> table = Views.table(vm.trainings(),
                "No trainings yet. Choose an architecture and press Train: each training runs in its own folder beside the project "
                        + "(runs/train-<architecture>) and is listed here with its test accuracy; an interrupted one can be resumed.");
        table.setId("trainingTable");
        table.getColumns().add(Views.column("Architecture", TrainingRow::architecture, 230));
        table.getColumns().add(Views.column("Status", TrainingRow::status, 96));
        table.getColumns().add(numberColumn("Test acc.", TrainingRow::testAccuracy, 90));
        table.getColumns().add(numberColumn("Validation", TrainingRow::validationAccuracy, 92));
        table.getColumns().add(numberColumn("Epochs", TrainingRow::epochs, 70));
        table.getColumns().add(numberColumn("Steps", TrainingRow::steps, 64));
        table.getColumns().add(numberColumn("Train / test", TrainingRow::images, 110));
        table.getColumns().add(numberColumn("Latency", TrainingRow::latency, 96));
        table.getColumns().add(numberColumn("Time", TrainingRow::time, 70));
        DashboardFrame.showOnSelect(table, r -> "Run folder: " + r.folder() + ", written " + r.ended()
                + "\nTest accuracy of the raw (last-step) weights: " + r.rawAccuracy()
                + (r.entry().problem().isEmpty() ? "" : "\n" + r.entry().problem()), vm::select);
        DashboardFrame.overlayOnMultiSelect(table, vm::overlay);

        Button resume = new Button("Resume");
        resume.setId("resumeTraining");
        resume.getStyleClass().add("small");
        resume.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canResume(table.getSelectionModel().getSelectedItem()),
                table.getSelectionModel().selectedItemProperty(), vm.activeTrainings(), vm.trainings()));
        resume.setOnAction(e -> vm.resume(table.getSelectionModel().getSelectedItem()));
        Button folder = new Button("Resume folder…");
        folder.setId("resumeTrainingFolder");
        folder.getStyleClass().add("small");
        folder.setTooltip(new Tooltip("Continue an interrupted training from any run folder (train-config.json, checkpoint.bin)"));
        folder.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Resume a training run folder");
            File root = vm.runsRoot().toFile();
            if (Files.isDirectory(vm.runsRoot())) chooser.setInitialDirectory(root);
            File dir = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir != null) vm.resumeFolder(dir.toPath());
        });
        Button reload = DashboardFrame.reloadButton("reloadTrainings", vm.scanningProperty(), vm::refresh);
        Label hint = new Label("Select a training to show its metrics, several (Ctrl+click) to overlay them.");
        hint.getStyleClass().add("caption");
        VBox box = Views.section("Trainings", vm.trainings(), table);
        Label title = (Label) box.getChildren().remove(0);
        Button follow = DashboardFrame.followButton("followTrainingFolder", vm::followRunFolder);
        box.getChildren().add(0, titleRow(title, hint, follow, resume, folder, reload));
        box.setMinHeight(120);
        return box;
    }

    // ---- charts ----------------------------------------------------------------------------------------------

    /** The overlaid trainings when several are selected, else the one shown. */
    private void render() {
        if (vm.overlaid().isEmpty()) show(vm.displayedProperty().get());
        else overlay(vm.overlaid());
    }

    private void clearCharts(RunSeries<?> next) {
        if (shown != null) shown.revisionProperty().removeListener(onRevision);
        shown = next;
        for (ChartLines l : lines()) l.clear();
    }

    /** Several trainings on the same charts, one colour per training and a legend naming them. */
    private void overlay(List<? extends RunSeries<?>> runs) {
        clearCharts(null);
        log.show(null);
        double xMax = 1, elapsedMax = 1;
        for (int i = 0; i < runs.size(); i++) {
            RunSeries<?> s = runs.get(i);
            String colour = RunCharts.runColour(i);
            lossLines.add(renderer(lossChart), styled(s.loss(), colour, 1.8, false), true, s.clock(), s.runId());
            accuracyLines.add(validationPoints, RunCharts.styledPoints(s.validationAccuracy(), colour, 2.0), false, s.clock(), s.runId());
            if (!Double.isNaN(s.testAccuracyValue())) accuracyLines.add(renderer(accuracyChart), styled(s.testAccuracy(), colour, 1.3, true), false, s.clock(), s.runId());
            learningRateLines.add(renderer(learningRateChart), styled(s.learningRate(), colour, 1.6, false), false, s.clock(), s.runId());
            xMax = Math.max(xMax, s.xMax());
            elapsedMax = Math.max(elapsedMax, s.clock().lastElapsed());
        }
        vm.chartOptions().shownClocks(runs.stream().map(RunSeries::clock).toList());
        for (ChartLines l : lines()) l.refresh();
        // each training on its own clock: the axis spans the longest
        if (vm.chartOptions().effectiveXAxis() == XAxisMode.WALL_CLOCK) for (LiveChart c : liveCharts()) c.followX(0, elapsedMax);
        else RunCharts.follow(liveCharts(), xMax);
        RunCharts.cardLegendsVisible(grid, false);
        RunCharts.runLegend(runLegend, runs.stream().map(RunSeries::runId).toList());
        caption.setText("Overlaying " + runs.size() + " trainings: loss, validation (points) and test (dashed) accuracy, learning rate");
    }

    private void show(RunSeries<?> s) {
        clearCharts(s);
        log.show(s);
        RunCharts.cardLegendsVisible(grid, true);
        RunCharts.runLegend(runLegend, List.of());
        if (s == null) {
            caption.setText("No training shown yet: choose an architecture and press Train (top right), or select a training below.");
            return;
        }
        caption.setText("Showing " + vm.displayedCaptionProperty().get());
        lossLines.add(renderer(lossChart), styled(s.loss(), LOSS, 1.8, false), true);
        // chart-fx draws the first data set on top: the test line over the noisy batch accuracy (which the smoothing
        // slider smooths); validation (one point per epoch) with markers on the second renderer, drawn last
        accuracyLines.add(renderer(accuracyChart), styled(s.testAccuracy(), TEST, 1.6, true), false)
                .add(renderer(accuracyChart), styled(s.trainAccuracy(), TRAIN, 1.0, false), true)
                .add(validationPoints, RunCharts.styledPoints(s.validationAccuracy(), VALIDATION, 2.2), false);
        learningRateLines.add(renderer(learningRateChart), styled(s.learningRate(), LR, 1.6, false), false);
        for (ChartLines l : lines()) l.setClock(s.clock());
        s.revisionProperty().addListener(onRevision);
        refresh();
    }

    /** Per frame at most (the series' revision changes once per drained frame): the x ranges. */
    private void refresh() {
        RunSeries<?> s = shown;
        if (s == null) return;
        vm.chartOptions().shownClocks(List.of(s.clock())); // a live run's clock fills as it steps
        for (ChartLines l : lines()) l.refresh();
        RunCharts.follow(liveCharts(), s.xMax());
        caption.setText("Showing " + vm.displayedCaptionProperty().get());
    }

    private List<ChartLines> lines() { return List.of(lossLines, accuracyLines, learningRateLines); }

    private List<LiveChart> liveCharts() { return List.of(liveLoss, liveAccuracy, liveLearningRate); }

    XYChart lossChart() { return lossChart; }
}
