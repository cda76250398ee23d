package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The target controller on constructed latencies and a constructed split geometry (no network). */
class TargetControllerTest {
    /** A one-kernel-split-per-superkernel geometry: latency = base + sum of the costs of the rings that are on. */
    static SplitGeometry rings(double[] energies, double[] costs, double base) {
        int n = energies.length;
        SplitGeometry.Unit[] units = new SplitGeometry.Unit[n];
        for (int i = 0; i < n; i++) {
            units[i] = new SplitGeometry.Unit(i, 0, new double[]{0, energies[i]}, new double[1][2], new int[]{-1, i}, new int[]{-1},
                    new int[]{-1, i}, new int[]{-1});
        }
        LatencyModel model = new LatencyModel() {
            @Override public int kernelIndicator(int position, int superkernel, int i) { return position; }
            @Override public int expansionIndicator(int position, int superkernel, int d) { throw new IllegalArgumentException(); }
            @Override public int count() { return n; }
            @Override
            public double latencyMs(double[] u, double[] gradient) {
                double l = base;
                for (int i = 0; i < n; i++) l += costs[i] * u[i];
                return l;
            }
        };
        return new SplitGeometry(units, n, model);
    }

    @Test
    void theGainGrowsByTheDistanceOutsideTheBandAndRelaxesInsideIt() {
        TargetController c = new TargetController(1.0, 0.03);
        double[] curve = {2.0, 1.5, 1.1, 0.99, 0.99, 0.97, 0.5, 0.5, 0.5};
        double f = 1 + (1 - 0.5 / 0.97); // 0.5 is 48 % below the band's lower edge 0.97
        double[] expected = {2, 3, 3.3, 1.65, 1, 1, f, f * f, f * f * f};
        double[] gains = new double[curve.length];
        for (int i = 0; i < curve.length; i++) {
            c.update(curve[i]);
            gains[i] = c.gain();
        }
        assertArrayEquals(expected, gains, 1e-12);
        for (int i = 0; i < 20; i++) c.update(100);
        assertEquals(TargetController.MAX_GAIN, c.gain(), "the gain is bounded");
    }

    @Test
    void theTermIsEquationNineAboveTheBandItsMirrorBelowAndZeroInside() {
        TargetController c = new TargetController(0.08, 0.03);
        assertArrayEquals(new double[]{0, 0}, c.term(0.079, 15, 100));
        assertArrayEquals(new double[]{0, 0}, c.term(0.08 * 0.97, 15, 100));
        assertArrayEquals(Losses.s3nas(0.1, 0.08, 15, 100), c.term(0.1, 15, 100), 1e-15);
        double[] below = c.term(0.05, 15, 100);
        assertEquals(15 * Math.log1p(100 * (0.0776 - 0.05)), below[0], 1e-12);
        assertTrue(below[1] < 0, "below the band the term pulls the latency up");
    }

    @Test
    void theGuardNeverLetsAStepJumpOverTheBandOrLeaveIt() {
        TargetController c = new TargetController(2.0, 0.03);
        assertTrue(c.accepts(3.0, 1.95) && c.accepts(3.0, 2.5) && !c.accepts(3.0, 1.9));
        assertTrue(c.accepts(1.0, 2.0) && !c.accepts(1.0, 2.1));
        assertTrue(c.accepts(1.99, 1.95) && !c.accepts(1.99, 2.01) && !c.accepts(1.99, 1.9));
    }

    @Test
    void aStepThatWouldCrossEverySplitIsTakenSplitBySplitClosestFirstAndLandsInTheBand() {
        // five rings, energies 1.0 .. 1.4: a threshold step from 0 to 2 would switch all of them off (latency 3.85 -> 1.0)
        SplitGeometry g = rings(new double[]{1.0, 1.1, 1.2, 1.3, 1.4}, new double[]{1.0, 1.0, 0.5, 0.3, 0.05}, 1.0);
        double[] before = new double[5], after = {2, 2, 2, 2, 2};
        assertEquals(3.85, g.latencyMs(before), 1e-12);
        assertEquals(1.0, g.latencyMs(after), 1e-12, "unguarded, the step ends at half the target");
        TargetController c = new TargetController(2.0, 0.03);
        TargetController.Guarded step = c.guard(g, before, after);
        // 1.0 crosses (2.85), 1.1 would fall to 1.85 below the band: held back 10 % of its margin short; 1.2, 1.3, 1.4 cross
        assertEquals(4, step.crossed());
        assertEquals(1, step.heldBack());
        assertEquals(2.0, g.latencyMs(step.thresholds()), 1e-12);
        assertTrue(c.inBand(g.latencyMs(step.thresholds())));
        assertEquals(0.9 * 1.1, step.thresholds()[1], 1e-12);
        assertArrayEquals(new double[]{2, 0.99, 2, 2, 2}, step.thresholds(), 1e-12);
    }

    @Test
    void insideTheBandAStepKeepsOnlyTheCrossingsThatStayInIt() {
        SplitGeometry g = rings(new double[]{1.0, 1.1}, new double[]{0.05, 1.0}, 1.0);
        TargetController c = new TargetController(2.05, 0.03); // band [1.9885, 2.05]; now 2.05
        double[] before = {0, 0}, after = {2, 2};
        TargetController.Guarded step = c.guard(g, before, after);
        assertEquals(1, step.crossed());
        assertEquals(2.0, g.latencyMs(step.thresholds()), 1e-12);
        assertFalse(step.thresholds()[1] > 1.1, "the ring whose crossing would leave the band stays on");
    }
}
