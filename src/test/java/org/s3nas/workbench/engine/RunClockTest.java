package org.s3nas.workbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The run's clock stands still while stopped (a pause), continues from a stored value, and keeps an unknown time unknown. */
class RunClockTest {
    @Test
    void aStoppedClockStandsStillAndContinuesFromWhereItStood() throws Exception {
        RunClock c = new RunClock();
        assertEquals(0, c.seconds());
        c.start();
        Thread.sleep(5);
        c.stop();
        double paused = c.seconds();
        assertTrue(paused > 0);
        Thread.sleep(20);
        assertEquals(paused, c.seconds(), "the clock moved while stopped");
        c.start();
        c.start(); // already running: keeps its start
        Thread.sleep(5);
        assertTrue(c.seconds() > paused);
    }

    @Test
    void aResumedClockContinuesFromTheStoredTimeAndAnUnknownTimeStaysUnknown() throws Exception {
        RunClock c = new RunClock();
        c.set(100);
        assertEquals(100, c.seconds());
        c.start();
        Thread.sleep(2);
        assertTrue(c.seconds() > 100);
        c.set(Double.NaN);
        assertFalse(c.known());
        c.start();
        Thread.sleep(2);
        assertTrue(Double.isNaN(c.seconds()));
    }
}
