package org.s3nas.workbench.model.edit;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;

import static org.junit.jupiter.api.Assertions.*;

class DepthDistributionTest {
    private static final List<Integer> PAPER_WIDTHS = List.of(32, 64, 128, 160, 256);

    @Test
    void linearDepthOnThePaperWidthsHasCumulativeDepthProportionalToWidth() {
        int[] d = DepthDistribution.linear(PAPER_WIDTHS, 29);
        int[] c = DepthDistribution.cumulative(d);
        assertEquals(29, c[4]);
        double[] t = DepthDistribution.linearTargets(PAPER_WIDTHS, 29);
        assertArrayEquals(new double[]{3.625, 7.25, 14.5, 18.125, 29}, t, 1e-12);
        for (int s = 0; s < 5; s++) assertTrue(Math.abs(c[s] - t[s]) <= 0.5, "stage " + (s + 1) + ": " + c[s] + " vs " + t[s]);
        // nearest integers, the tie at 14.5 going to the smaller
        assertArrayEquals(new int[]{4, 7, 14, 18, 29}, c);
        assertArrayEquals(new int[]{4, 3, 7, 4, 11}, d);
        // the paper's 3, 4, 7, 4, 11 (cumulative 3, 7, 14, 18, 29) is one block off at stage 1: 3 vs 3.625
        assertTrue(error(new int[]{3, 4, 7, 4, 11}, t) > error(d, t));
    }

    @Test
    void linearDepthIsTheClosestDistributionWithTheExactTotal() {
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(4);
            Integer[] w = new Integer[n];
            for (int i = 0; i < n; i++) w[i] = 8 + r.nextInt(300); // also widths that shrink
            int total = n + r.nextInt(14);
            List<Integer> widths = List.of(w);
            int[] d = DepthDistribution.linear(widths, total);
            assertEquals(total, java.util.Arrays.stream(d).sum());
            for (int x : d) assertTrue(x >= 1);
            double best = bruteForceBest(DepthDistribution.linearTargets(widths, total), n, total);
            assertEquals(best, error(d, DepthDistribution.linearTargets(widths, total)), 1e-9, widths + " total " + total);
        }
    }

    private static double error(int[] depths, double[] targets) {
        int[] c = DepthDistribution.cumulative(depths);
        double e = 0;
        for (int i = 0; i < c.length; i++) e += (c[i] - targets[i]) * (c[i] - targets[i]);
        return e;
    }

    /** Every composition of total into n positive parts. */
    private static double bruteForceBest(double[] t, int n, int total) {
        return best(t, new int[n], 0, total);
    }

    private static double best(double[] t, int[] d, int i, int left) {
        if (i == d.length - 1) {
            if (left < 1) return Double.POSITIVE_INFINITY;
            d[i] = left;
            return error(d, t);
        }
        double b = Double.POSITIVE_INFINITY;
        for (int x = 1; x <= left - (d.length - 1 - i); x++) {
            d[i] = x;
            b = Math.min(b, best(t, d, i + 1, left - x));
        }
        return b;
    }

    @Test
    void constantDepthGivesTheRemainderToTheFirstStages() {
        assertArrayEquals(new int[]{6, 6, 6, 6, 5}, DepthDistribution.constant(5, 29));
        assertArrayEquals(new int[]{4, 4, 4, 4, 4}, DepthDistribution.constant(5, 20));
        assertArrayEquals(new int[]{3}, DepthDistribution.constant(1, 3));
    }

    @Test
    void impossibleTotalsAndWidthsSayWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> DepthDistribution.linear(PAPER_WIDTHS, 4));
        assertEquals("4 blocks cannot fill 5 stages: every stage needs at least one block", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DepthDistribution.linear(List.of(32, 0, 64), 9));
        assertEquals("stage 2 has width 0: linear depth needs positive widths", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DepthDistribution.constant(3, 1001));
        assertEquals("1001 blocks are too many: at most 1000", e.getMessage());
    }

    @Test
    void newDepthsDropTheOverridesOfBlocksThatNoLongerExist() {
        Supernet s = TestSpaces.paper();
        Stage st = s.stages().get(4).withOverrides(Map.of(1, TestSpaces.mb(), 9, TestSpaces.mb()));
        s = s.withStage(4, st);
        Supernet linear = DepthDistribution.linear(s, 20);
        int depth = linear.stages().get(4).depth();
        assertTrue(depth < 10, "depth " + depth);
        assertEquals(Map.of(1, TestSpaces.mb()), linear.stages().get(4).overrides());
        assertEquals(20, linear.totalBlocks());
        assertTrue(TestSpaces.valid(linear));
    }
}
