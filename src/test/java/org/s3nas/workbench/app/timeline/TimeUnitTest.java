package org.s3nas.workbench.app.timeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Ruler steps and time formats. Plain JUnit. */
class TimeUnitTest {
    @Test
    void tickStepIsOneTwoOrFiveTimesAPowerOfTenAndFarEnoughApart() {
        assertEquals(200_000, TimeUnit.tickStep(1_800_000, 1000, 96));
        assertEquals(0.5, TimeUnit.tickStep(4, 800, 96), 1e-12);
        assertEquals(1, TimeUnit.tickStep(10, 1000, 96), 1e-12);
        for (double span : new double[]{3, 77, 1234, 9e6}) {
            double step = TimeUnit.tickStep(span, 900, 96);
            assertTrue(step / span * 900 >= 96, "ticks at least 96 px apart");
            assertTrue(step / span * 900 < 96 * 2.5 + 1e-9, "and not much more");
        }
    }

    @Test
    void formatsCyclesAndMicroseconds() {
        assertEquals("75,273 cycles", TimeUnit.CYCLES.format(75_273, 1.0));
        assertEquals("75.27 µs", TimeUnit.MICROSECONDS.format(75_273, 1.0));
        assertEquals("1.795 ms", TimeUnit.MICROSECONDS.format(1_795_157, 1.0));
        assertEquals("37.64 µs", TimeUnit.MICROSECONDS.format(75_273, 2.0), "the clock converts");
        assertEquals("1.2M", TimeUnit.CYCLES.tick(1_200_000, 200_000));
        assertEquals("250k", TimeUnit.CYCLES.tick(250_000, 50_000));
        assertEquals("1.5 ms", TimeUnit.MICROSECONDS.tick(1500, 500));
        assertEquals(1000, TimeUnit.MICROSECONDS.cycles(1, 1.0));
    }
}
