package org.s3nas.workbench.app.chart;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.controlsfx.control.SegmentedButton;

/**
 * The bar above a dashboard's charts that sets its {@link ChartOptions}: the smoothing slider (TensorBoard's weight,
 * 0 .. 0.99) with its value, and Step | Wall clock for the x axis (disabled, with the reason, while the shown run has
 * no times). Zoom and pan need no control: the charts say how in their tooltip and show "Reset view" while zoomed.
 */
public final class ChartControls {
    private ChartControls() {}

    public static HBox bar(ChartOptions options) {
        Label smoothingName = new Label("Smoothing");
        smoothingName.getStyleClass().add("caption");
        Slider slider = new Slider(0, EmaSmoothing.MAX_WEIGHT, options.smoothing());
        slider.setId("smoothingSlider");
        slider.setBlockIncrement(0.05);
        slider.setPrefWidth(120);
        slider.valueProperty().bindBidirectional(options.smoothingProperty());
        slider.setTooltip(new Tooltip("Exponential moving average of loss and accuracy, debiased as in TensorBoard;\n"
                + "the raw values stay faint behind the smoothed line. 0 = off."));
        Label value = new Label();
        value.setId("smoothingValue");
        value.getStyleClass().add("caption");
        value.setMinWidth(34);
        value.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%.2f", options.smoothing()),
                options.smoothingProperty()));

        ToggleButton step = new ToggleButton(XAxisMode.STEP.label()), clock = new ToggleButton(XAxisMode.WALL_CLOCK.label());
        step.setId("xAxisStep");
        clock.setId("xAxisWallClock");
        step.setUserData(XAxisMode.STEP);
        clock.setUserData(XAxisMode.WALL_CLOCK);
        SegmentedButton axis = new SegmentedButton(step, clock);
        axis.getStyleClass().add("x-axis-choice");
        Runnable select = () -> (options.xAxisProperty().get() == XAxisMode.WALL_CLOCK ? clock : step).setSelected(true);
        select.run();
        options.xAxisProperty().addListener((obs, o, n) -> select.run());
        axis.getToggleGroup().selectedToggleProperty().addListener((obs, o, n) -> {
            if (n == null) select.run(); // a click on the selected one keeps it
            else options.xAxisProperty().set((XAxisMode) n.getUserData());
        });
        clock.disableProperty().bind(options.wallClockAvailableProperty().not());
        Tooltip clockTip = new Tooltip();
        clockTip.textProperty().bind(Bindings.when(options.wallClockAvailableProperty())
                .then("x = the run's training time since it started (pauses left out; a resumed run continues its clock)")
                .otherwise("This run has no recorded times: its history was written before they were kept."));
        clock.setTooltip(clockTip);
        Label axisName = new Label("x axis");
        axisName.getStyleClass().add("caption");

        Label hint = new Label("drag: zoom · Shift+drag: pan · scroll: zoom · double-click: reset");
        hint.setTooltip(new Tooltip("On a chart: drag a rectangle to zoom, scroll to zoom the steps (Ctrl+scroll: the values),\n"
                + "Shift+drag or right-drag to pan, double-click or Reset view to follow the run again."));
        hint.getStyleClass().add("caption");
        // the controls keep their size; the hint gives way first when the row is narrow
        for (var n : java.util.List.of(smoothingName, value, axisName, axis)) n.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        slider.setMinWidth(60); // then the slider gets shorter
        for (var t : java.util.List.of(step, clock)) t.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        HBox bar = new HBox(8, smoothingName, slider, value, axisName, axis, hint);
        HBox.setMargin(axisName, new javafx.geometry.Insets(0, 0, 0, 14));
        HBox.setMargin(hint, new javafx.geometry.Insets(0, 0, 0, 14));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setId("chartControls");
        bar.getStyleClass().add("chart-controls");
        return bar;
    }
}
