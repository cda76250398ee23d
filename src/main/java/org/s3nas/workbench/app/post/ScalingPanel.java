package org.s3nas.workbench.app.post;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.post.ScalingViewModel.CandidateRow;

/** The compound scaling panel: inputs, the candidates table, latency against φ, the note, save and export. Binds only. */
final class ScalingPanel extends VBox {
    private final ScalingViewModel vm;
    private final LineChart<Number, Number> chart;

    ScalingPanel(ScalingViewModel vm) {
        this.vm = vm;
        getStyleClass().add("post-panel");
        setId("scalingPanel");
        vm.attachFrameClock();

        // ---- inputs ----
        ComboBox<ArchitectureChoice> arch = PostView.architectureBox("scaleArchitecture", vm.architectures(), vm.architectureProperty());
        TextField target = field("scaleTarget", vm.targetProperty(), 6, "Final latency target in ms on the project's NPU");
        TextField alpha = field("scaleAlpha", vm.alphaProperty(), 4, "Depth/width base: depth and width both scale by c = α^φ");
        TextField gamma = field("scaleGamma", vm.gammaProperty(), 4, "Resolution base, more than α: the input scales by r = γ^φ");
        TextField multiple = field("scaleResolutionMultiple", vm.resolutionMultipleProperty(), 3, "Input height and width are rounded to multiples of this");
        CheckBox se = new CheckBox("Add SE + h-swish");
        se.setId("scaleAddSe");
        se.selectedProperty().bindBidirectional(vm.addSeProperty());
        se.setTooltip(new Tooltip("SE (squeeze 1/4 of the block input) on every block and h-swish for ReLU before scaling (paper §4.3.2)"));
        PostView.TaskControls task = PostView.taskControls("Run scaling", "scaleRun", "scaleCancel", vm.runningProperty(), vm::run, vm::cancel);
        task.start().setDefaultButton(true);
        Label progress = new Label();
        progress.setId("scaleProgress");
        progress.getStyleClass().add("caption");
        progress.textProperty().bind(vm.progressProperty());

        FlowPane inputs = new FlowPane(labelled("Architecture", arch), labelled("Final target (ms)", target), labelled("α", alpha),
                labelled("γ", gamma), labelled("Resolution multiple", multiple), bottom(se), bottom(task.start()),
                bottom(task.cancel()), bottom(task.spinner()), bottom(progress));
        inputs.getStyleClass().add("post-inputs");

        // ---- candidates ----
        SortedList<CandidateRow> sorted = new SortedList<>(vm.candidates());
        TableView<CandidateRow> table = Views.table(vm.candidates(),
                "Choose an architecture and a final latency target, then Run scaling. Every candidate is simulated on the "
                        + "project's NPU and listed here; the largest that meets the target is chosen.");
        table.setItems(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("scalingTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().addAll(List.of(
                PostView.column("Origin", CandidateRow::origin, s -> s, 110, false),
                PostView.column("φ", CandidateRow::phi, v -> PostView.fixed(v, 3), 60, true),
                PostView.column("c depth/width", CandidateRow::depthWidthCoefficient, v -> PostView.fixed(v, 3), 95, true),
                PostView.column("r resolution", CandidateRow::resolutionCoefficient, v -> PostView.fixed(v, 3), 90, true),
                PostView.column("Input", CandidateRow::resolution, v -> v + " × " + v, 85, true),
                PostView.column("Stage depths", CandidateRow::stageDepths, s -> s, 120, false),
                PostView.column("Stage widths", CandidateRow::stageWidths, s -> s, 150, false),
                PostView.column("Latency ms", CandidateRow::latencyMs, v -> PostView.fixed(v, 4), 90, true),
                PostView.column("% of target", CandidateRow::ofTarget, v -> PostView.fixed(100 * v, 2) + " %", 90, true),
                PostView.column("Parameters", CandidateRow::parameters, PostView::grouped, 105, true),
                PostView.column("MACs", CandidateRow::macs, PostView::grouped, 120, true),
                PostView.column("Meets", CandidateRow::meetsTarget, Formats::yesNo, 60, false)));
        // the input column shows height × width from the row (a non-square base keeps its aspect)
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableColumn<CandidateRow, Integer> input = (javafx.scene.control.TableColumn<CandidateRow, Integer>) table.getColumns().get(4);
        input.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                CandidateRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(r == null ? null : r.inputSize());
            }
        });
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CandidateRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("chosen-row", "misses-row");
                if (!empty && item != null) {
                    if (item.chosen()) getStyleClass().add("chosen-row");
                    else if (!item.meetsTarget()) getStyleClass().add("misses-row");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> vm.selectedProperty().set(row));
        // show the chosen row when the result arrives
        vm.resultProperty().addListener((obs, old, r) -> {
            CandidateRow c = vm.chosenRow();
            if (c != null) table.scrollTo(c);
        });
        VBox tableBox = Views.section("Candidates", vm.candidates(), table);
        VBox.setVgrow(tableBox, Priority.ALWAYS);

        // ---- chart, note, actions ----
        NumberAxis x = new NumberAxis();
        x.setLabel("φ");
        x.setForceZeroInRange(false);
        // the unit goes in the title: the axis' rotated title overlapped its tick labels ("0.25", "0.15")
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        chart = new LineChart<>(x, y);
        chart.setId("scalingChart");
        chart.getStyleClass().add("scaling-chart");
        chart.setAnimated(false);
        chart.setVerticalZeroLineVisible(false);
        chart.setHorizontalZeroLineVisible(false);
        chart.setCreateSymbols(true);
        chart.setLegendVisible(true);
        chart.setPrefSize(520, 250);
        chart.setMinHeight(220);
        vm.candidates().addListener((ListChangeListener<CandidateRow>) c -> redraw());
        redraw();

        Label note = new Label();
        note.setId("scaleNote");
        note.setWrapText(true);
        note.getStyleClass().add("scale-note");
        note.textProperty().bind(vm.noteProperty());
        note.setMinHeight(Region.USE_PREF_SIZE); // its lines, never cut short by the chart beside it

        TextField name = new TextField();
        name.setId("scaleSaveName");
        name.textProperty().bindBidirectional(vm.saveNameProperty());
        name.setPromptText("name of the saved architecture");
        name.setMaxWidth(Double.MAX_VALUE);
        Button save = new Button();
        save.setId("scaleSave");
        save.textProperty().bind(Bindings.when(vm.selectedProperty().isNotNull()).then("Save selected to project").otherwise("Save chosen to project"));
        save.disableProperty().bind(Bindings.isEmpty(vm.candidates()).or(vm.runningProperty()));
        save.setOnAction(e -> vm.save());
        Button csv = new Button("Export CSV…");
        csv.setId("scaleExportCsv");
        csv.disableProperty().bind(vm.resultProperty().isNull());
        csv.setOnAction(e -> PostView.chooseSaveFile(this, "Export scaling candidates", vm.suggestedFileName(".csv"), "CSV files (*.csv)", "*.csv")
                .ifPresent(vm::exportCsv));
        Button py = new Button("Export PyTorch…");
        py.setId("scaleExportPyTorch");
        py.disableProperty().bind(Bindings.isEmpty(vm.candidates()).or(vm.runningProperty()));
        py.setOnAction(e -> PostView.chooseSaveFile(this, "Export PyTorch module", vm.suggestedFileName(".py"), "Python files (*.py)", "*.py")
                .ifPresent(vm::exportPyTorch));
        // the name on a row of its own, as wide as the panel: "mixconv_super_3_4_7_4_11 (largest) scaled to 6 ms" was cut
        Label saveLabel = new Label("Save as");
        saveLabel.getStyleClass().add("field-label");
        VBox saveRow = new VBox(4, saveLabel, name);
        HBox exportRow = new HBox(8, save, csv, py);
        Label explain = new Label("Saving and the PyTorch export take the row selected in the table, else the chosen one "
                + "(highlighted). The saved architecture appears in the Latency view and in the SE panel.");
        explain.setWrapText(true);
        explain.getStyleClass().add("caption");
        VBox side = new VBox(10, Views.section("Note", note), saveRow, exportRow, explain);
        side.getStyleClass().add("scale-side");
        side.setMinWidth(360);
        side.setPrefWidth(560);
        chart.setMinWidth(420);
        HBox.setHgrow(chart, Priority.ALWAYS);
        HBox lower = new HBox(16, chart, side);

        getChildren().addAll(inputs, PostView.banner(vm.errorProperty(), "scaleError"), tableBox, lower);
    }

    private void redraw() {
        List<XYChart.Data<Number, Number>> meets = new ArrayList<>(), misses = new ArrayList<>(), chosen = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, target = Double.NaN;
        for (CandidateRow r : vm.candidates()) {
            XYChart.Data<Number, Number> d = new XYChart.Data<>(r.phi(), r.latencyMs());
            (r.meetsTarget() ? meets : misses).add(d);
            if (r.chosen()) chosen.add(new XYChart.Data<>(r.phi(), r.latencyMs()));
            lo = Math.min(lo, r.phi());
            hi = Math.max(hi, r.phi());
            target = r.targetMs();
        }
        XYChart.Series<Number, Number> sMeets = series("meets target", meets);
        XYChart.Series<Number, Number> sMisses = series("misses target", misses);
        XYChart.Series<Number, Number> sChosen = series("chosen", chosen);
        XYChart.Series<Number, Number> sTarget = series("target", Double.isNaN(target) ? List.of()
                : List.of(new XYChart.Data<>(lo - 0.05, target), new XYChart.Data<>(hi + 0.05, target)));
        chart.getData().setAll(List.of(sMeets, sMisses, sChosen, sTarget));
        fitLatencyAxis(target);
        // only the target is a line: hide its symbols (the candidates are points, styled in post.css)
        for (XYChart.Data<Number, Number> d : sTarget.getData()) if (d.getNode() != null) d.getNode().setVisible(false);
        chart.setTitle(Double.isNaN(target) ? "Latency (ms) against φ" : "Latency (ms) against φ · target " + Formats.number(target) + " ms");
    }

    /** Room above the highest point and the target line (auto-ranging puts the top point on the frame). */
    private void fitLatencyAxis(double target) {
        NumberAxis y = (NumberAxis) chart.getYAxis();
        double lo = vm.candidates().stream().mapToDouble(CandidateRow::latencyMs).min().orElse(Double.NaN);
        double hi = Math.max(target, vm.candidates().stream().mapToDouble(CandidateRow::latencyMs).max().orElse(Double.NaN));
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            y.setAutoRanging(true);
            return;
        }
        lo = Math.min(lo, target);
        double span = Math.max(hi - lo, 1e-3 * hi);
        double step = niceStep(span / 5);
        y.setAutoRanging(false);
        y.setLowerBound(Math.max(0, Math.floor((lo - 0.08 * span) / step) * step));
        y.setUpperBound(Math.ceil((hi + 0.08 * span) / step) * step);
        y.setTickUnit(step);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    private static XYChart.Series<Number, Number> series(String name, List<XYChart.Data<Number, Number>> points) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().setAll(points);
        return s;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, int columns, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    static VBox labelled(String label, Region control) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        l.setLabelFor(control);
        return new VBox(3, l, control);
    }

    /** A control aligned with the fields' boxes (below their labels). */
    static VBox bottom(Region control) {
        VBox b = new VBox(control);
        b.setAlignment(Pos.BOTTOM_LEFT);
        b.setFillWidth(false);
        b.getStyleClass().add("post-input-tail");
        return b;
    }
}
