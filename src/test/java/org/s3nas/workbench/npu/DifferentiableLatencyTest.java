package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/** Eq. 7/8 and their gradient, on tables built from a stand-in simulator. */
class DifferentiableLatencyTest {
    private final NpuConfig npu = NpuConfig.midap();

    @Test
    void layoutIndexesEveryRingAndSlice() {
        Supernet s = LatencyFixtures.paperSupernet();
        IndicatorLayout l = new IndicatorLayout(s);
        // per residual block: (1 + 1) + (1 + 1) + (2 + 1) = 7; per stage-first block the 7-superkernel has E = 1: 6
        assertEquals(24 * 7 + 5 * 6, l.count());
        assertEquals(0, l.kernelIndicator(0, 0, 1));
        assertEquals(1, l.expansionIndicator(0, 0, 1));
        assertEquals(4, l.kernelIndicator(0, 2, 1));
        assertEquals(5, l.kernelIndicator(0, 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> l.expansionIndicator(0, 2, 1));
        assertEquals(6, l.kernelIndicator(1, 0, 1));
        assertEquals(12, l.expansionIndicator(1, 2, 1));
        assertEquals("block 1 superkernel 2 kernel 7\\5", l.describe(l.kernelIndicator(1, 2, 2)));
        assertEquals("block 1 superkernel 2 expansion 2\\0", l.describe(12));
    }

    @Test
    void hardIndicatorsGiveTheTableLatencyOfTheDecodedArchitecture() {
        for (Supernet s : new Supernet[]{LatencyFixtures.paperSupernet(), LatencyFixtures.mbconvSupernet()}) {
            LatencyTable t = LatencyFixtures.fakeTable(s, npu);
            IndicatorLayout l = new IndicatorLayout(s);
            DifferentiableLatency dl = new DifferentiableLatency(t, l);
            LatencyEstimator est = new LatencyEstimator(t);
            Random r = new Random(3);
            for (int i = 0; i < 200; i++) {
                double[] u = new double[l.count()];
                for (int k = 0; k < u.length; k++) u[k] = r.nextBoolean() ? 1 : 0;
                Architecture a = l.decode(u, "d" + i);
                assertEquals(est.latencyMs(a), dl.latencyMs(u), 1e-9);
                // encode picks the canonical indicators of the same architecture
                double[] back = l.encode(a);
                assertEquals(est.latencyMs(a), dl.latencyMs(back), 1e-9);
                assertEquals(est.latencyCycles(a), est.latencyCycles(l.decode(back, "again")));
            }
            // all ON = the largest network, all OFF = the smallest
            double[] ones = new double[l.count()];
            java.util.Arrays.fill(ones, 1);
            assertEquals(est.latencyMs(s.largest()), dl.latencyMs(ones), 1e-9);
            assertEquals(est.latencyMs(s.smallest()), dl.latencyMs(new double[l.count()]), 1e-9);
        }
    }

    @Test
    void softIndicatorsGiveTheExpectationOverIndependentSplits() {
        // With u read as independent ON-probabilities, Eq. 8 is the expected latency: check one block by enumeration.
        Supernet s = LatencyFixtures.mbconvSupernet();
        LatencyTable t = LatencyFixtures.fakeTable(s, npu);
        IndicatorLayout l = new IndicatorLayout(s);
        DifferentiableLatency dl = new DifferentiableLatency(t, l);
        double[] u = LatencyFixtures.softIndicators(l.count(), new Random(11));
        double expected = t.stemMs() + t.headMs();
        int n = l.count();
        for (int mask = 0; mask < (1 << n); mask++) {
            double prob = 1;
            double[] hard = new double[n];
            for (int i = 0; i < n; i++) {
                hard[i] = (mask >> i & 1);
                prob *= hard[i] == 1 ? u[i] : 1 - u[i];
            }
            expected += prob * (dl.latencyMs(hard) - t.stemMs() - t.headMs());
        }
        assertEquals(expected, dl.latencyMs(u), 1e-9);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (Supernet s : new Supernet[]{LatencyFixtures.paperSupernet(), LatencyFixtures.mbconvSupernet()}) {
            LatencyTable t = LatencyFixtures.fakeTable(s, npu);
            IndicatorLayout l = new IndicatorLayout(s);
            DifferentiableLatency dl = new DifferentiableLatency(t, l);
            Random r = new Random(5);
            for (int trial = 0; trial < 3; trial++) {
                double[] u = LatencyFixtures.softIndicators(l.count(), r);
                double[] g = new double[l.count()];
                double base = dl.latencyMs(u, g);
                assertEquals(dl.latencyMs(u), base, 1e-12);
                double h = 1e-5;
                double maxAbs = 0;
                for (int i = 0; i < u.length; i++) {
                    double keep = u[i];
                    u[i] = keep + h;
                    double up = dl.latencyMs(u);
                    u[i] = keep - h;
                    double down = dl.latencyMs(u);
                    u[i] = keep;
                    double fd = (up - down) / (2 * h);
                    assertEquals(fd, g[i], 1e-7 + 1e-6 * Math.abs(fd), "indicator " + i + " (" + l.describe(i) + ")");
                    maxAbs = Math.max(maxAbs, Math.abs(g[i]));
                }
                assertTrue(maxAbs > 1e-4, "the gradient is not trivially zero");
            }
        }
    }

    @Test
    void gradientAtHardIndicatorsIsTheMultilinearSlope() {
        // at 0/1 points the exact slope along u_i is L(u_i=1) - L(u_i=0)
        Supernet s = LatencyFixtures.paperSupernet();
        LatencyTable t = LatencyFixtures.fakeTable(s, npu);
        IndicatorLayout l = new IndicatorLayout(s);
        DifferentiableLatency dl = new DifferentiableLatency(t, l);
        Random r = new Random(9);
        double[] u = new double[l.count()];
        for (int k = 0; k < u.length; k++) u[k] = r.nextBoolean() ? 1 : 0;
        double[] g = new double[l.count()];
        dl.latencyMs(u, g);
        for (int i = 0; i < u.length; i++) {
            double keep = u[i];
            u[i] = 1;
            double on = dl.latencyMs(u);
            u[i] = 0;
            double off = dl.latencyMs(u);
            u[i] = keep;
            assertEquals(on - off, g[i], 1e-9, l.describe(i));
        }
    }

    @Test
    void layoutOfAnotherSupernetIsRejected() {
        LatencyTable t = LatencyFixtures.fakeTable(LatencyFixtures.paperSupernet(), npu);
        assertThrows(IllegalArgumentException.class,
                () -> new DifferentiableLatency(t, new IndicatorLayout(LatencyFixtures.mbconvSupernet())));
        DifferentiableLatency dl = new DifferentiableLatency(t, new IndicatorLayout(LatencyFixtures.paperSupernet()));
        assertThrows(IllegalArgumentException.class, () -> dl.latencyMs(new double[3]));
    }
}
