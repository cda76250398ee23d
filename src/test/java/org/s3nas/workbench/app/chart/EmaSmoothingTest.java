package org.s3nas.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TensorBoard's smoothing: last = last·w + (1 - w)·v from 0, shown as last / (1 - w^k), k = finite values so far. */
class EmaSmoothingTest {
    @Test
    void matchesTensorBoardsDebiasedAverageWorkedByHand() {
        // w = 0.6: last 0.4 -> 0.4 / 0.4 = 1; last 1.04 -> 1.04 / 0.64 = 1.625; last 1.824 -> 1.824 / 0.784
        double[] s = EmaSmoothing.smooth(new double[]{1, 2, 3}, 0.6);
        assertArrayEquals(new double[]{1, 1.625, 1.824 / 0.784}, s, 1e-12);
    }

    @Test
    void theFirstValueIsNotPulledTowardsZero() {
        for (double w : new double[]{0.1, 0.5, 0.9, 0.99}) assertEquals(7.5, EmaSmoothing.smooth(new double[]{7.5, 1}, w)[0], 1e-12);
    }

    @Test
    void nonFiniteValuesStayAndDoNotCount() {
        // w = 0.5: 0.5 / 0.5 = 1; NaN kept; last 0.25 + 1.5 = 1.75 over k = 2: 1.75 / 0.75
        double[] s = EmaSmoothing.smooth(new double[]{1, Double.NaN, 3}, 0.5);
        assertEquals(1, s[0], 1e-12);
        assertTrue(Double.isNaN(s[1]));
        assertEquals(1.75 / 0.75, s[2], 1e-12);
    }

    @Test
    void aConstantSeriesIsReturnedExactly() {
        double[] y = {0.1, 0.1, 0.1, 0.1};
        assertArrayEquals(y, EmaSmoothing.smooth(y, 0.9), 0.0);
    }

    @Test
    void weightZeroIsTheRawSeriesAndHighWeightsFlattenNoise() {
        double[] noisy = new double[200];
        for (int i = 0; i < noisy.length; i++) noisy[i] = i % 2 == 0 ? 0 : 1;
        assertArrayEquals(noisy, EmaSmoothing.smooth(noisy, 0), 0.0);
        double[] s = EmaSmoothing.smooth(noisy, 0.95);
        assertEquals(0.5, s[199], 0.03); // the average of 0 and 1
        assertEquals(0.5, s[198], 0.03);
    }

    @Test
    void smoothsInPlace() {
        double[] y = {1, 2, 3};
        EmaSmoothing.smooth(y, 3, 0.6, y);
        assertEquals(1.625, y[1], 1e-12);
    }

    @Test
    void aWeightOutsideZeroToOneIsRefusedWithItsValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> EmaSmoothing.smooth(new double[]{1}, 1.0));
        assertTrue(e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmaSmoothing.smooth(new double[]{1}, -0.1));
    }
}
