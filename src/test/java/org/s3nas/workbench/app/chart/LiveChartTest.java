package org.s3nas.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A standalone live chart as the dashboards build it: a latency series (y = 2·step ms over steps 0..100) and a noisy
 * loss on a second chart, hovered, zoomed, fed new points, reset, smoothed and put on the wall clock.
 */
@ExtendWith(ApplicationExtension.class)
class LiveChartTest {
    private LiveChart latency, loss;
    private DoubleDataSet latencyData, lossData;
    private ChartOptions options;
    private ChartLines latencyLines, lossLines;
    private final StepClock clock = new StepClock();

    private static XYChart chart(String y, String unit) {
        DefaultNumericAxis xAxis = new DefaultNumericAxis("step");
        xAxis.setAutoRanging(false);
        xAxis.setAutoRangeRounding(false);
        DefaultNumericAxis yAxis = new DefaultNumericAxis(y);
        yAxis.setUnit(unit);
        yAxis.setAutoRanging(true);
        yAxis.setAutoRangeRounding(false);
        XYChart c = new XYChart(xAxis, yAxis);
        c.setAnimated(false);
        c.setLegendVisible(false);
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setDrawMarker(false);
        r.setErrorStyle(ErrorStyle.NONE);
        c.getRenderers().setAll(r);
        return c;
    }

    @Start
    void start(Stage stage) {
        latencyData = new DoubleDataSet("estimated latency", 128);
        lossData = new DoubleDataSet("loss", 128);
        for (int s = 0; s <= 100; s++) {
            latencyData.add(s, 2 * s);
            lossData.add(s, s % 2 == 0 ? 1 : 3);
            clock.record(s, 3.0 * s); // three seconds a step
        }
        latencyData.setStyle("-fx-line-color: #3a5ccc; -fx-line-width: 2;");
        lossData.setStyle("-fx-line-color: #e07b39; -fx-line-width: 2;");
        options = new ChartOptions();
        latency = new LiveChart(chart("latency", "ms"));
        loss = new LiveChart(chart("loss", null));
        latencyLines = new ChartLines(latency, options);
        lossLines = new ChartLines(loss, options);
        latencyLines.add(renderer(latency), latencyData, false);
        lossLines.add(renderer(loss), lossData, true);
        for (ChartLines l : List.of(latencyLines, lossLines)) {
            l.setClock(clock);
            l.refresh();
            l.chart().followSteps(0, 100);
        }
        VBox root = new VBox(ChartControls.bar(options), latency, loss);
        VBox.setVgrow(latency, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(loss, javafx.scene.layout.Priority.ALWAYS);
        stage.setScene(new Scene(root, 900, 700));
        stage.show();
    }

    private static ErrorDataSetRenderer renderer(LiveChart c) { return (ErrorDataSetRenderer) c.chart().getRenderers().get(0); }

    private static DefaultNumericAxis xAxis(LiveChart c) { return (DefaultNumericAxis) c.chart().getXAxis(); }

    /** The screen point of data (x, y) on the chart. */
    private static Point2D screen(LiveChart c, double x, double y) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(); // laid out
        return fx(() -> c.chart().getCanvas().localToScreen(c.chart().getXAxis().getDisplayPosition(x), c.chart().getYAxis().getDisplayPosition(y)));
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    /** Appends latency points up to {@code toStep} and follows the run to there, as a dashboard does once per frame. */
    private void grow(FxRobot robot, int fromStep, int toStep) {
        robot.interact(() -> {
            latencyData.lock().writeLockGuard(() -> { for (int s = fromStep; s <= toStep; s++) latencyData.add(s, 2 * s); });
            latencyLines.refresh();
            latency.followSteps(0, toStep);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void noEmptyToolBarSlidesOverThePlotWhenTheMouseNearsItsTop(FxRobot robot) throws Exception {
        // chart-fx shows its plugin tool bar near the chart's top edge: with no plugin in it, a grey band over the plot
        javafx.geometry.Bounds b = fx(() -> latency.localToScreen(latency.getBoundsInLocal()));
        robot.moveTo(new Point2D(b.getCenterX(), b.getMinY() + 3));
        Thread.sleep(800);
        robot.moveTo(new Point2D(b.getCenterX() + 4, b.getMinY() + 2));
        Thread.sleep(800);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.FlowPane bar = fx(() -> latency.chart().getToolBar());
        assertFalse(fx(() -> bar.isVisible() && bar.getScene() != null && bar.getOpacity() > 0 && bar.getHeight() > 0),
                "the chart's empty tool bar is shown");
    }

    @Test
    void hoveringAPointShowsTheCrosshairAndEverySeriesValueWithItsUnit(FxRobot robot) throws Exception {
        robot.moveTo(screen(latency, 50, 100));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> lines = fx(latency::readoutLines);
        assertEquals("step 50", lines.get(0), lines.toString());
        assertEquals("estimated latency  100 ms", lines.get(1));
        assertTrue(robot.from(latency).lookup(".crosshair").queryAll().stream().allMatch(javafx.scene.Node::isVisible));
        // leaving the plot hides it
        robot.moveTo(robot.lookup("#chartControls").queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(latency::readoutLines).isEmpty());
    }

    @Test
    void aZoomedViewStaysPutWhilePointsArriveAndResetFollowsTheRunAgain(FxRobot robot) throws Exception {
        Point2D from = screen(latency, 20, 150), to = screen(latency, 40, 30);
        robot.moveTo(from).press(MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(latency.isZoomed());
        DefaultNumericAxis x = xAxis(latency), y = (DefaultNumericAxis) latency.chart().getYAxis();
        assertEquals(20, x.getMin(), 0.5);
        assertEquals(40, x.getMax(), 0.5);
        assertEquals(30, y.getMin(), 1.5);
        assertEquals(150, y.getMax(), 1.5);
        double[] zoomed = {x.getMin(), x.getMax(), y.getMin(), y.getMax()};

        grow(robot, 101, 300);
        assertEquals(zoomed[0], x.getMin());
        assertEquals(zoomed[1], x.getMax());
        assertEquals(zoomed[2], y.getMin());
        assertEquals(zoomed[3], y.getMax(), "the y axis does not auto-range while zoomed");
        assertTrue(robot.lookup(".reset-view").queryAs(javafx.scene.control.Button.class).isVisible());

        robot.doubleClickOn(screen(latency, 30, 90), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(latency.isZoomed());
        assertEquals(0, x.getMin());
        assertEquals(300, x.getMax());
        assertTrue(y.isAutoRanging());
        grow(robot, 301, 400);
        assertEquals(400, x.getMax(), "following the run again");
    }

    @Test
    void scrollZoomsAroundTheMouseAndTheButtonResets(FxRobot robot) throws Exception {
        Point2D at = screen(latency, 30, 100);
        // (the glass robot's wheel direction differs between platforms: both directions are checked)
        for (var direction : javafx.geometry.VerticalDirection.values()) {
            robot.moveTo(at).scroll(3, direction);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(latency.isZoomed());
            DefaultNumericAxis x = xAxis(latency);
            assertTrue(Math.abs(x.getMax() - x.getMin() - 100) > 5, direction + ": range " + x.getMin() + " .. " + x.getMax());
            assertEquals(at.getX(), screen(latency, 30, 100).getX(), 1.0, "the step under the mouse stays under it");
            robot.clickOn(".reset-view");
        }
        DefaultNumericAxis x = xAxis(latency);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(latency.isZoomed());
        assertEquals(0, x.getMin());
        assertEquals(100, x.getMax());
    }

    @Test
    void shiftDragPansTheView(FxRobot robot) throws Exception {
        Point2D a = screen(latency, 50, 100), b = screen(latency, 40, 100);
        robot.press(KeyCode.SHIFT).moveTo(a).press(MouseButton.PRIMARY).moveTo(b).release(MouseButton.PRIMARY).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        DefaultNumericAxis x = xAxis(latency);
        assertTrue(latency.isZoomed());
        assertEquals(10, x.getMin(), 0.6, "dragged 10 steps to the left: the view moved 10 steps right");
        assertEquals(110, x.getMax(), 0.6);
    }

    @Test
    void theSliderSmoothsLossOverItsFaintRawValues(FxRobot robot) throws Exception {
        assertSame(lossData, renderer(loss).getDatasets().get(0), "unsmoothed on the step axis: the run's own data set");
        Slider slider = robot.lookup("#smoothingSlider").queryAs(Slider.class);
        robot.clickOn(slider);
        robot.interact(() -> slider.setValue(0)); // the click may have moved it; start from 0
        robot.type(KeyCode.RIGHT, 12); // 12 × 0.05
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.6, options.smoothing(), 1e-9);
        List<DataSet> drawn = renderer(loss).getDatasets();
        assertEquals(2, drawn.size(), "smoothed line and its raw values");
        DataSet smoothed = drawn.get(0), raw = drawn.get(1);
        assertNotSame(lossData, smoothed);
        double[] expected = EmaSmoothing.smooth(lossData.getYValues(), 0.6);
        for (int i = 0; i <= 100; i += 25) assertEquals(expected[i], smoothed.get(DataSet.DIM_Y, i), 1e-12);
        assertEquals(3, raw.get(DataSet.DIM_Y, 1));
        assertTrue(raw.getStyle().contains("#e07b3947"), raw.getStyle());
        assertSame(latencyData, renderer(latency).getDatasets().get(0), "latency is not smoothed");

        robot.moveTo(screen(loss, 51, 2));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> lines = fx(loss::readoutLines);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("loss  " + ReadoutFormat.value(expected[51], null) + "  (raw 3)", lines.get(1));

        robot.interact(() -> slider.setValue(0));
        assertSame(lossData, renderer(loss).getDatasets().get(0));
        assertEquals(1, renderer(loss).getDatasets().size());
    }

    @Test
    void theWallClockAxisDrawsEachStepAtItsElapsedTime(FxRobot robot) throws Exception {
        robot.clickOn("#xAxisWallClock");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(XAxisMode.WALL_CLOCK, options.xAxisProperty().get());
        DataSet drawn = renderer(latency).getDatasets().get(0);
        assertEquals(150, drawn.get(DataSet.DIM_X, 50)); // step 50 at 3 s a step
        assertEquals(100, drawn.get(DataSet.DIM_Y, 50));
        assertEquals("elapsed (h:mm:ss)", xAxis(latency).getName());
        assertEquals(300, xAxis(latency).getMax(), "the run's range, mapped to the new axis without waiting for new points");
        robot.moveTo(screen(latency, 150, 100));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("elapsed 2:30 · step 50", fx(latency::readoutLines).get(0));

        // a run without times: the choice is disabled and the charts stay on the step
        robot.interact(() -> {
            StepClock none = new StepClock(); // a history written before times were kept
            for (ChartLines l : List.of(latencyLines, lossLines)) l.setClock(none);
            options.shownClocks(List.of(none));
        });
        assertFalse(options.wallClockAvailableProperty().get());
        assertTrue(robot.lookup("#xAxisWallClock").queryAs(javafx.scene.control.ToggleButton.class).isDisabled());
        assertSame(latencyData, renderer(latency).getDatasets().get(0));
        assertEquals("step", xAxis(latency).getName());
    }
}
