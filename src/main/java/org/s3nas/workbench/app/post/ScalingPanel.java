package org.s3nas.workbench.app.post;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
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
        chart = latencyChart();
        redraw();
        getChildren().addAll(inputs(), Views.banner(vm.errorProperty(), "scaleError"), candidates(), new HBox(16, chart, side()));
    }

    /** What to scale and how: architecture, final target, α, γ, resolution multiple, SE; Run, Cancel, progress. */
    private FlowPane inputs() {
        ComboBox<ArchitectureChoice> arch = PostView.architectureBox("scaleArchitecture", vm.architectures(), vm.architectureProperty());
        TextField target = field("scaleTarget", vm.targetProperty(), 6, "Final latency target in ms on the project's NPU");
        TextField alpha = field("scaleAlpha", vm.alphaProperty(), 4, "Depth/width base: depth and width both scale by c = α^φ");
        TextField gamma = field("scaleGamma", vm.gammaProperty(), 4, "Resolution base, more than α: the input scales by r = γ^φ");
        TextField multiple = field("scaleResolutionMultiple", vm.resolutionMultipleProperty(), 3, "Input height and width are rounded to multiples of this");
        CheckBox se = new CheckBox("Add SE + h-swish");
        se.setId("scaleAddSe");
        se.selectedProperty().bindBidirectional(vm.addSeProperty());
        se.setTooltip(new Tooltip("SE (squeeze 1/4 of the block input) on every block and h-swish for ReLU before scaling (paper §4.3.2)"));
        Views.TaskControls task = Views.taskControls("Run scaling", "scaleRun", "scaleCancel", vm.runningProperty(), vm::run, vm::cancel);
        task.start().setDefaultButton(true);
        Label progress = Views.caption("");
        progress.setId("scaleProgress");
        progress.textProperty().bind(vm.progressProperty());

        FlowPane inputs = new FlowPane(Views.labelled("Architecture", arch), Views.labelled("Final target (ms)", target),
                Views.labelled("α", alpha), Views.labelled("γ", gamma), Views.labelled("Resolution multiple", multiple),
                Views.unlabelled(se), Views.unlabelled(task.start()), Views.unlabelled(task.cancel()),
                Views.unlabelled(task.spinner()), Views.unlabelled(progress));
        inputs.getStyleClass().add("post-inputs");
        return inputs;
    }

    /** Every simulated candidate, the chosen one highlighted and scrolled to; the selection is what Save takes. */
    private VBox candidates() {
        TableView<CandidateRow> table = Views.sortedTable(vm.candidates(),
                "Choose an architecture and a final latency target, then Run scaling. Every candidate is simulated on the "
                        + "project's NPU and listed here; the largest that meets the target is chosen.");
        table.setId("scalingTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().addAll(List.of(
                Views.column("Origin", CandidateRow::origin, 110),
                Views.numberColumn("φ", CandidateRow::phi, v -> Formats.fixed(v, 3), 60),
                Views.numberColumn("c depth/width", CandidateRow::depthWidthCoefficient, v -> Formats.fixed(v, 3), 95),
                Views.numberColumn("r resolution", CandidateRow::resolutionCoefficient, v -> Formats.fixed(v, 3), 90),
                inputColumn(),
                Views.column("Stage depths", CandidateRow::stageDepths, 120),
                Views.column("Stage widths", CandidateRow::stageWidths, 150),
                Views.numberColumn("Latency ms", CandidateRow::latencyMs, v -> Formats.fixed(v, 4), 90),
                Views.numberColumn("% of target", CandidateRow::ofTarget, v -> Formats.fixed(100 * v, 2) + " %", 90),
                Views.numberColumn("Parameters", CandidateRow::parameters, Formats::grouped, 105),
                Views.numberColumn("MACs", CandidateRow::macs, Formats::grouped, 120),
                Views.column("Meets", CandidateRow::meetsTarget, Formats::yesNo, 60)));
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
        return tableBox;
    }

    /** The input column sorts by the resolution and shows height × width (a non-square base keeps its aspect). */
    private static TableColumn<CandidateRow, Integer> inputColumn() {
        TableColumn<CandidateRow, Integer> input = Views.numberColumn("Input", CandidateRow::resolution, v -> v + " × " + v, 85);
        input.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                CandidateRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(r == null ? null : r.inputSize());
            }
        });
        return input;
    }

    /** Latency against φ: the candidates that meet the target, those that miss it, the chosen one, the target line. */
    private LineChart<Number, Number> latencyChart() {
        NumberAxis x = new NumberAxis();
        x.setLabel("φ");
        x.setForceZeroInRange(false);
        // the unit goes in the title: the axis' rotated title overlapped its tick labels ("0.25", "0.15")
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId("scalingChart");
        c.getStyleClass().add("scaling-chart");
        c.setAnimated(false);
        c.setVerticalZeroLineVisible(false);
        c.setHorizontalZeroLineVisible(false);
        c.setCreateSymbols(true);
        c.setLegendVisible(true);
        c.setPrefSize(520, 250);
        c.setMinHeight(220);
        c.setMinWidth(420);
        HBox.setHgrow(c, Priority.ALWAYS);
        vm.candidates().addListener((ListChangeListener<CandidateRow>) ch -> redraw());
        return c;
    }

    /** Beside the chart: the note on the result, the name to save as, Save / Export CSV / Export PyTorch. */
    private VBox side() {
        Label note = Views.paragraph("scale-note", "scaleNote", vm.noteProperty());
        note.setMinHeight(Region.USE_PREF_SIZE); // its lines, never cut short by the chart beside it

        TextField name = new TextField();
        name.setId("scaleSaveName");
        name.textProperty().bindBidirectional(vm.saveNameProperty());
        name.setPromptText("name of the saved architecture");
        name.setMaxWidth(Double.MAX_VALUE);
        // the name on a row of its own, as wide as the panel: "mixconv_super_3_4_7_4_11 (largest) scaled to 6 ms" was cut
        VBox saveRow = Views.labelled("Save as", name);
        Label explain = Views.caption("Saving and the PyTorch export take the row selected in the table, else the chosen one "
                + "(highlighted). The saved architecture appears in the Latency view and in the SE panel.");
        explain.setWrapText(true);
        VBox side = new VBox(10, Views.section("Note", note), saveRow, actions(), explain);
        side.getStyleClass().add("scale-side");
        side.setMinWidth(360);
        side.setPrefWidth(560);
        return side;
    }

    private HBox actions() {
        Button save = new Button();
        save.setId("scaleSave");
        save.textProperty().bind(Bindings.when(vm.selectedProperty().isNotNull()).then("Save selected to project").otherwise("Save chosen to project"));
        save.disableProperty().bind(Bindings.isEmpty(vm.candidates()).or(vm.runningProperty()));
        save.setOnAction(e -> vm.save());
        Button csv = new Button("Export CSV…");
        csv.setId("scaleExportCsv");
        csv.disableProperty().bind(vm.resultProperty().isNull());
        csv.setOnAction(e -> Views.chooseSaveFile(this, "Export scaling candidates", vm.suggestedFileName(".csv"), null,
                new FileChooser.ExtensionFilter("CSV files (*.csv)", "*.csv"), Views.allFiles()).ifPresent(vm::exportCsv));
        Button py = new Button("Export PyTorch…");
        py.setId("scaleExportPyTorch");
        py.disableProperty().bind(Bindings.isEmpty(vm.candidates()).or(vm.runningProperty()));
        py.setOnAction(e -> Views.chooseSaveFile(this, "Export PyTorch module", vm.suggestedFileName(".py"), null,
                new FileChooser.ExtensionFilter("Python files (*.py)", "*.py"), Views.allFiles()).ifPresent(vm::exportPyTorch));
        return new HBox(8, save, csv, py);
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
}
