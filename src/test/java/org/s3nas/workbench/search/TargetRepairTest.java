package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The final repair against brute force on small constructed spaces: nested kernel rings and channel slices (a slice's
 * energy depends on the rings that are on), several superkernels per block, a latency whose slice costs depend on the
 * kernel chosen (as the table's do), random thresholds and random bands.
 */
class TargetRepairTest {
    /** A random space: per block 1-2 superkernels of 2-3 kernels and 2-3 expansions. */
    record Space(SplitGeometry geometry, double[] thresholds) {}

    static Space randomSpace(Random rnd, int blocks) {
        List<SplitGeometry.Unit> units = new ArrayList<>();
        int thresholds = 0, indicators = 0;
        List<double[]> kernelCost = new ArrayList<>(), sliceCost = new ArrayList<>();
        for (int p = 0; p < blocks; p++) {
            int sks = 1 + rnd.nextInt(2);
            for (int j = 0; j < sks; j++) {
                int nk = 2 + rnd.nextInt(2), ne = 2 + rnd.nextInt(2);
                double[] ring = new double[nk];
                double[][] slice = new double[ne][nk];
                int[] tk = new int[nk], te = new int[ne], lk = new int[nk], le = new int[ne];
                double[] kc = new double[nk], sc = new double[ne];
                for (int i = 1; i < nk; i++) {
                    ring[i] = 0.2 + rnd.nextDouble();
                    tk[i] = thresholds++;
                    lk[i] = indicators++;
                    kc[i] = 0.01 + 0.1 * rnd.nextDouble();
                }
                for (int d = 1; d < ne; d++) {
                    for (int r = 0; r < nk; r++) slice[d][r] = 0.1 + 0.5 * rnd.nextDouble();
                    te[d] = thresholds++;
                    le[d] = indicators++;
                    sc[d] = 0.01 + 0.1 * rnd.nextDouble();
                }
                units.add(new SplitGeometry.Unit(p, j, ring, slice, tk, te, lk, le));
                kernelCost.add(kc);
                sliceCost.add(sc);
            }
        }
        int count = indicators;
        List<SplitGeometry.Unit> us = List.copyOf(units);
        LatencyModel model = new LatencyModel() {
            @Override public int kernelIndicator(int position, int superkernel, int i) { throw new UnsupportedOperationException(); }
            @Override public int expansionIndicator(int position, int superkernel, int d) { throw new UnsupportedOperationException(); }
            @Override public int count() { return count; }
            @Override
            public double latencyMs(double[] u, double[] gradient) {
                double l = 0.05;
                for (int k = 0; k < us.size(); k++) {
                    SplitGeometry.Unit un = us.get(k);
                    int kc = 0;
                    while (kc + 1 < un.kernels() && u[un.kernelIndicator()[kc + 1]] > 0) kc++;
                    for (int i = 1; i <= kc; i++) l += kernelCost.get(k)[i];
                    for (int d = 1; d < un.expansions() && u[un.expansionIndicator()[d]] > 0; d++) l += sliceCost.get(k)[d] * (1 + 0.5 * kc);
                }
                return l;
            }
        };
        double[] t = new double[thresholds];
        for (int i = 0; i < t.length; i++) t[i] = rnd.nextDouble() * 1.2 - 0.1;
        return new Space(new SplitGeometry(us.toArray(new SplitGeometry.Unit[0]), thresholds, model), t);
    }

    /** Every combination of every superkernel's choice: {latency, cost}. */
    static List<double[]> everyArchitecture(SplitGeometry g, double[] t) {
        List<double[]> out = new ArrayList<>();
        int n = g.unitCount();
        int[] kc = new int[n], ec = new int[n];
        while (true) {
            double[] u = new double[g.latencyModel().count()];
            double cost = 0;
            for (int i = 0; i < n; i++) {
                SplitGeometry.Unit un = g.unit(i);
                for (int k = 1; k < un.kernels(); k++) u[un.kernelIndicator()[k]] = k <= kc[i] ? 1 : 0;
                for (int d = 1; d < un.expansions(); d++) u[un.expansionIndicator()[d]] = d <= ec[i] ? 1 : 0;
                cost += TargetRepair.cost(un, kc[i], ec[i], t);
            }
            out.add(new double[]{g.latencyModel().latencyMs(u, null), cost});
            int i = 0;
            while (i < n) {
                if (++ec[i] < g.unit(i).expansions()) break;
                ec[i] = 0;
                if (++kc[i] < g.unit(i).kernels()) break;
                kc[i] = 0;
                i++;
            }
            if (i == n) return out;
        }
    }

    @Test
    void theRepairFindsTheNearestArchitectureInTheBandAsBruteForceDoes() {
        Random rnd = new Random(11);
        int inBand = 0;
        for (int trial = 0; trial < 150; trial++) {
            Space s = randomSpace(rnd, 2 + rnd.nextInt(2));
            SplitGeometry g = s.geometry();
            List<double[]> all = everyArchitecture(g, s.thresholds());
            double min = all.stream().mapToDouble(a -> a[0]).min().orElseThrow(), max = all.stream().mapToDouble(a -> a[0]).max().orElseThrow();
            double target = min + (max - min) * (0.05 + 0.9 * rnd.nextDouble()), lower = target * (1 - 0.03 - 0.1 * rnd.nextDouble());
            TargetRepair.Result r = TargetRepair.repair(g, s.thresholds(), lower, target);
            double best = all.stream().filter(a -> a[0] >= lower && a[0] <= target).mapToDouble(a -> a[1]).min().orElse(Double.NaN);
            double after = g.latencyMs(r.thresholds());
            assertEquals(r.afterMs(), after, 1e-12);
            if (!Double.isNaN(best)) {
                inBand++;
                assertTrue(after >= lower && after <= target, "trial " + trial + ": " + after + " outside [" + lower + ", " + target + "]");
                assertEquals(best, r.cost(), 1e-6, "trial " + trial + ": the repair's threshold movement against the least of brute force");
            } else {
                // nothing in the band: never above T when something at or below T exists, and then the slowest such
                double slowestUnder = all.stream().filter(a -> a[0] <= target).mapToDouble(a -> a[0]).max().orElse(Double.NaN);
                if (!Double.isNaN(slowestUnder)) {
                    assertTrue(after <= target, "trial " + trial + ": " + after + " above T = " + target);
                    assertEquals(slowestUnder, after, 1e-9);
                }
            }
        }
        assertTrue(inBand > 100, "most random bands contain an architecture: " + inBand);
    }

    @Test
    void aTargetBelowEverythingGivesTheFastestAndAnArchitectureAlreadyInTheBandIsLeftAlone() {
        Space s = randomSpace(new Random(3), 3);
        SplitGeometry g = s.geometry();
        List<double[]> all = everyArchitecture(g, s.thresholds());
        double min = all.stream().mapToDouble(a -> a[0]).min().orElseThrow();
        TargetRepair.Result r = TargetRepair.repair(g, s.thresholds(), min * 0.4, min * 0.5);
        assertEquals(min, r.afterMs(), 1e-12);
        double now = g.latencyMs(s.thresholds());
        TargetRepair.Result none = TargetRepair.repair(g, s.thresholds(), now * 0.98, now * 1.001);
        assertEquals(0, none.cost());
        assertTrue(none.changes().isEmpty());
        assertEquals(now, none.afterMs(), 0);
    }
}
