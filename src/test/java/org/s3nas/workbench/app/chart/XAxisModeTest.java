package org.s3nas.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Step or wall clock: how a step maps to the x axis through the run's clock, and how the axis reads. */
class XAxisModeTest {
    private static StepClock clock() {
        StepClock c = new StepClock();
        c.record(10, 5);
        c.record(20, 15);
        c.record(40, 95); // a pause between steps 20 and 40 (or a resume): time jumps, the step does not
        return c;
    }

    @Test
    void theStepAxisIsTheStepItself() {
        assertEquals(17, XAxisMode.STEP.x(17, clock()));
        assertEquals(17, XAxisMode.STEP.x(17, new StepClock()));
        assertEquals(17, XAxisMode.STEP.step(17, clock()));
    }

    @Test
    void theWallClockAxisIsTheElapsedTimeOfTheStep() {
        StepClock c = clock();
        assertEquals(5, XAxisMode.WALL_CLOCK.x(10, c));
        assertEquals(10, XAxisMode.WALL_CLOCK.x(15, c)); // halfway between steps 10 and 20
        assertEquals(2.5, XAxisMode.WALL_CLOCK.x(5, c)); // from the run's start (step 0 at 0 s)
        assertEquals(0, XAxisMode.WALL_CLOCK.x(0, c));
        assertEquals(55, XAxisMode.WALL_CLOCK.x(30, c));
        assertEquals(95, XAxisMode.WALL_CLOCK.x(1000, c), "past the last step the time is held, not extrapolated");
    }

    @Test
    void andBack() {
        StepClock c = clock();
        assertEquals(15, XAxisMode.WALL_CLOCK.step(10, c));
        assertEquals(30, XAxisMode.WALL_CLOCK.step(55, c));
        assertEquals(40, XAxisMode.WALL_CLOCK.step(500, c));
    }

    @Test
    void aRunWithoutTimesHasNoWallClockPositions() {
        assertTrue(Double.isNaN(XAxisMode.WALL_CLOCK.x(10, new StepClock())));
        assertTrue(new StepClock().isEmpty());
    }

    @Test
    void stepsThatDoNotAdvanceAndUnknownTimesAreIgnored() {
        StepClock c = clock();
        c.record(20, 200); // a resumed run replaying step 20
        c.record(41, Double.NaN);
        c.record(42, 90); // time going backwards
        assertEquals(3, c.size());
        assertEquals(15, c.elapsedAt(20));
    }

    @Test
    void memoryIsBoundedAndTheLatestStepKept() {
        StepClock c = new StepClock();
        int n = StepClock.CAPACITY * 3 + 7;
        for (int i = 1; i <= n; i++) c.record(i, 2.0 * i);
        assertTrue(c.size() <= StepClock.CAPACITY, "size " + c.size());
        assertEquals(2.0 * n, c.elapsedAt(n));
        assertEquals(2.0 * 1001, c.elapsedAt(1001), 1e-9, "a linear clock stays exact between kept points");
    }

    @Test
    void ticksAndReadoutsRead() {
        assertEquals("1,200", XAxisMode.STEP.tick(1200));
        assertEquals("1:05", XAxisMode.WALL_CLOCK.tick(65));
        assertEquals("2:03:07", XAxisMode.WALL_CLOCK.tick(7387));
        assertEquals("0:00", XAxisMode.WALL_CLOCK.tick(0));
        assertEquals("step 1,234", XAxisMode.STEP.readout(1234, clock()));
        assertEquals("elapsed 0:10 · step 15", XAxisMode.WALL_CLOCK.readout(10, clock()));
        assertEquals("step", XAxisMode.STEP.axisName());
    }

    @Test
    void valuesReadWithFourFiguresAndTheirUnit() {
        assertEquals("2,500 ms", ReadoutFormat.value(2500, "ms"));
        assertEquals("0.8123", ReadoutFormat.value(0.81234, null));
        assertEquals("1.5", ReadoutFormat.value(1.5, ""));
        assertEquals("1.000e-05", ReadoutFormat.value(1e-5, null));
        assertEquals("—", ReadoutFormat.value(Double.NaN, "ms"));
        assertEquals("81.23 %", ReadoutFormat.percent(0.81234));
        assertEquals("#3a5ccc", ReadoutFormat.lineColour("-fx-line-color: #3a5ccc; -fx-line-width: 2;"));
    }
}
