package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The learning-rate schedule (warm-up then staircase decay) and the EMA arithmetic. */
class ScheduleAndEmaTest {
    @Test
    void warmUpRisesLinearlyToTheBaseRateThenDecaysByStairs() {
        // lr 0.1, 2 warm-up epochs of 10 steps, x0.5 every 3 epochs
        double[] lr = new double[60];
        for (int s = 0; s < 60; s++) lr[s] = Schedule.learningRate(0.1, 2, 0.5, 3, s, 10);
        for (int s = 0; s < 20; s++) assertEquals(0.1 * (s + 1) / 20, lr[s], 1e-12, "warm-up step " + s);
        assertEquals(0.1, lr[20], 1e-12);
        assertEquals(0.1, lr[29], 1e-12);
        assertEquals(0.05, lr[30], 1e-12, "epoch 3: first decay");
        assertEquals(0.05, lr[59], 1e-12);
        assertEquals(0.025, Schedule.learningRate(0.1, 2, 0.5, 3, 60, 10), 1e-12);
        // no warm-up: the paper's staircase from step 0
        assertEquals(0.016, Schedule.learningRate(0.016, 0, 0.97, 2.4, 0, 100), 1e-15);
        assertEquals(0.016 * 0.97, Schedule.learningRate(0.016, 0, 0.97, 2.4, 240, 100), 1e-15);
        assertEquals(0.016, Schedule.learningRate(0.016, 0, 0.97, 2.4, 239, 100), 1e-15);
    }

    @Test
    void emaDecayFollowsTheNumberOfUpdatesUntilItsCeiling() {
        assertEquals(0.1, Ema.decayAt(0.9999, 0), 1e-12);
        assertEquals(11.0 / 20, Ema.decayAt(0.9999, 10), 1e-12);
        assertEquals(0.9, Ema.decayAt(0.9, 1000), 1e-12);
        assertEquals(0.9999, Ema.decayAt(0.9999, 10_000_000), 1e-12);
    }

    @Test
    void emaIsTheExponentiallyWeightedAverage() {
        float[] shadow = {0f, 10f};
        Ema.update(shadow, new float[]{1f, 0f}, 0.75);
        assertArrayEquals(new float[]{0.25f, 7.5f}, shadow, 1e-6f);
        Ema.update(shadow, new float[]{1f, 0f}, 0.75);
        assertArrayEquals(new float[]{0.4375f, 5.625f}, shadow, 1e-6f);
        // a constant signal is a fixed point
        float[] c = {3f};
        for (int i = 0; i < 10; i++) Ema.update(c, new float[]{3f}, Ema.decayAt(0.99, i));
        assertEquals(3f, c[0], 1e-6f);
        float[] x = {1f, 2f}, y = {3f, 4f};
        Ema.swap(x, y);
        assertArrayEquals(new float[]{3f, 4f}, x);
        assertArrayEquals(new float[]{1f, 2f}, y);
    }
}
