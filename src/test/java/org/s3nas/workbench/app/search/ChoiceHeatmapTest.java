package org.s3nas.workbench.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.RunFolder;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The block-choice heatmap reads and zooms like the live charts (issue #15: a readout on every live chart, zoom/pan
 * with reset): hovering names the step, the block and its choice; a drag zooms into steps, a double-click shows the
 * whole run again; the wheel zooms around the mouse; Shift-drag pans.
 */
@ExtendWith(ApplicationExtension.class)
class ChoiceHeatmapTest {
    static final int STEPS = 200, BLOCKS = 6;
    private ChoiceHeatmap heatmap;

    /** Steps 1..100: every block k3, expansion 6; from 101: blocks 0 and 3 skipped, the others k3+k5, expansion 3. */
    static int code(int step, int block) {
        if (step <= 100) return 1 << 1 << 16 | 6; // kernel k is bit (k - 1) / 2 of the kernel set
        return block % 3 == 0 ? 0 : (1 << 1 | 1 << 2) << 16 | 3;
    }

    @Start
    void start(Stage stage) {
        List<HistoryRow> rows = new ArrayList<>();
        for (int s = 1; s <= STEPS; s++) {
            int[] codes = new int[BLOCKS];
            for (int b = 0; b < BLOCKS; b++) codes[b] = code(s, b);
            rows.add(new HistoryRow(s, 0, s <= 100 ? 1 : 2, 1, 1, 0, 0.1, 0.5, Double.NaN, 0.01, new double[0], null, Double.NaN, codes));
        }
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < BLOCKS; b++) labels.add("b" + b + " · stage " + (b / 2 + 1));
        SearchSeries series = SearchSeries.fromHistory("run", new RunFolder.History(new String[0], rows), labels, 0.08);
        heatmap = new ChoiceHeatmap();
        heatmap.show(series, 6);
        TestShell.show(stage, heatmap, 900, 260, Theme.LIGHT);
    }

    private static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS); }

    /** The screen point of a step (x) in a block's row (y), in the whole-run view or the one shown. */
    private Point2D at(FxRobot robot, double step, int block) throws Exception {
        Canvas canvas = robot.from(heatmap).lookup((java.util.function.Predicate<javafx.scene.Node>) n -> n instanceof Canvas).queryAs(Canvas.class);
        return fx(() -> {
            Bounds b = canvas.localToScreen(canvas.getBoundsInLocal());
            double[] r = heatmap.shownSteps();
            double pw = canvas.getWidth() - ChoiceHeatmap.LEFT - ChoiceHeatmap.RIGHT, ph = canvas.getHeight() - ChoiceHeatmap.TOP - ChoiceHeatmap.BOTTOM;
            double x = ChoiceHeatmap.LEFT + (step - r[0]) / (r[1] - r[0]) * pw, y = ChoiceHeatmap.TOP + (block + 0.5) * ph / BLOCKS;
            return new Point2D(b.getMinX() + x, b.getMinY() + y);
        });
    }

    @Test
    void hoveringNamesTheStepTheBlockAndItsChoice(FxRobot robot) throws Exception {
        robot.moveTo(at(robot, 150.5, 3));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> lines = fx(heatmap::readoutLines);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("step 1(49|50|51)"), lines.toString());
        assertEquals("b3 · stage 2", lines.get(1));
        assertEquals("skip (total expansion 0)", lines.get(2));

        robot.moveTo(at(robot, 150.5, 4));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("total expansion 3 · kernels 3+5", fx(heatmap::readoutLines).get(2));
        robot.moveTo(at(robot, 40.5, 4));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("total expansion 6 · kernels 3", fx(heatmap::readoutLines).get(2));
    }

    @Test
    void aDragZoomsIntoStepsADoubleClickShowsTheWholeRunAgain(FxRobot robot) throws Exception {
        assertEquals(0, fx(heatmap::shownSteps)[0]);
        assertEquals(STEPS, fx(heatmap::shownSteps)[1]);
        Point2D from = at(robot, 90, 2), to = at(robot, 110, 2);
        robot.drag(from, MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double[] r = fx(heatmap::shownSteps);
        assertTrue(fx(() -> heatmap.zoomedProperty().get()));
        assertEquals(90, r[0], 1.0, "zoomed from");
        assertEquals(110, r[1], 1.0, "zoomed to");
        // at 20 steps across 786 px, one step is about 39 px wide: the readout names the step under the mouse
        robot.moveTo(at(robot, 104.5, 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("step 104", fx(heatmap::readoutLines).get(0));
        assertTrue(robot.lookup("#heatmapResetView").query().isVisible(), "Reset view is offered while zoomed");

        robot.doubleClickOn(at(robot, 100, 1), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> heatmap.zoomedProperty().get()));
        assertEquals(STEPS, fx(heatmap::shownSteps)[1]);
        assertFalse(robot.lookup("#heatmapResetView").query().isVisible());
    }

    @Test
    void theWheelZoomsAroundTheMouseAndShiftDragPans(FxRobot robot) throws Exception {
        // the glass robot's wheel direction differs between platforms; out of the whole run there is nothing to zoom
        // out to, so one direction leaves the view as it is and the other zooms in
        for (var direction : javafx.geometry.VerticalDirection.values()) {
            robot.moveTo(at(robot, 50, 2)).scroll(3, direction);
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(() -> heatmap.zoomedProperty().get())) break;
        }
        double[] r = fx(heatmap::shownSteps);
        assertTrue(r[1] - r[0] < STEPS - 5, "the wheel zoomed in: " + r[0] + " .. " + r[1]);
        assertTrue(r[0] < 50 && r[1] > 50, "around the mouse: " + r[0] + " .. " + r[1]);

        robot.interact(() -> heatmap.zoomTo(80, 120));
        r = fx(heatmap::shownSteps);
        double span = r[1] - r[0];
        robot.press(KeyCode.SHIFT);
        try {
            robot.drag(at(robot, r[0] + span * 0.6, 2), MouseButton.PRIMARY).moveTo(at(robot, r[0] + span * 0.4, 2)).release(MouseButton.PRIMARY);
        } finally {
            robot.release(KeyCode.SHIFT);
        }
        WaitForAsyncUtils.waitForFxEvents();
        double[] p = fx(heatmap::shownSteps);
        assertEquals(span, p[1] - p[0], 1e-6, "panning keeps the span");
        assertEquals(r[0] + span * 0.2, p[0], span * 0.03, "panned right by a fifth of the span");
        robot.clickOn("#heatmapResetView");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> heatmap.zoomedProperty().get()));
    }
}
