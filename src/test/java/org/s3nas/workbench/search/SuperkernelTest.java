package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.engine.Nd;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Supernet;

/** Thresholds, indicators and masks of the superkernels (paper Eq. 1-3), and phase-1 sampling. */
class SuperkernelTest {

    @Test
    void thresholdGradientIsMinusTheSigmoidDerivativeTimesDLossDu() {
        Supernet s = TinyNets.tiny();
        LinearLatency lat = new LinearLatency(s, 1);
        try (SupernetNet net = new SupernetNet(s, 2, 8, 3)) {
            // put some x near 0 so that sigmoid' is not tiny
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            double[] x0 = net.indicatorInputs();
            for (int i = 0; i < x0.length; i++) net.thresholds.value[i] = x0[i] - 0.3 * (i % 3 == 0 ? -1 : 1);
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            double[] x = net.indicatorInputs();
            net.zeroGradients();
            net.forward(TinyNets.images(2, 8, 1, 1), true);
            net.backward(new float[2 * 3]); // no CE gradient: only the latency term acts
            double[] u = net.indicators(lat);
            double[] dLat = new double[u.length];
            lat.latencyMs(u, dLat);
            double coef = 2.5;
            net.finishGradients(SupernetNet.MaskMode.THRESHOLDS, lat, dLat, coef);
            int checked = 0;
            for (int bi = 0; bi < net.blocks.size(); bi++) {
                for (int j = 0; j < net.blocks.get(bi).units.size(); j++) {
                    SupernetNet.Unit un = net.blocks.get(bi).units.get(j);
                    for (int i = 1; i < un.nk; i++) {
                        int t = un.tk[i];
                        double expected = -coef * dLat[lat.kernelIndicator(bi, j, i)] * SupernetNet.sigmoidDerivative(x[t]);
                        assertEquals(expected, net.thresholds.grad[t], 1e-9 + 1e-6 * Math.abs(expected), net.thresholds.names[t]);
                        checked++;
                    }
                    for (int d = 1; d < un.es.length; d++) {
                        int t = un.te[d];
                        double expected = -coef * dLat[lat.expansionIndicator(bi, j, d)] * SupernetNet.sigmoidDerivative(x[t]);
                        assertEquals(expected, net.thresholds.grad[t], 1e-9 + 1e-6 * Math.abs(expected), net.thresholds.names[t]);
                        checked++;
                    }
                }
            }
            assertEquals(net.thresholds.count(), checked);
            // and sigmoid'(x) itself against a finite difference of the sigmoid
            for (double v : new double[]{-2, -0.1, 0, 0.7, 3}) {
                double h = 1e-6, fd = (1 / (1 + Math.exp(-(v + h))) - 1 / (1 + Math.exp(-(v - h)))) / (2 * h);
                assertEquals(fd, SupernetNet.sigmoidDerivative(v), 1e-8);
            }
        }
    }

    @Test
    void indicatorsSelectExactlyTheirRingsAndSlices() {
        Supernet s = TinyNets.tiny();
        try (SupernetNet net = new SupernetNet(s, 2, 8, 3)) {
            SupernetNet.Unit u = net.blocks.get(2).units.get(0); // MBConv k{3,5,7} e{2,3}, cin 4 -> 12 channels
            assertEquals(7, u.k);
            assertEquals(12, u.cj);
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            double[] x = net.indicatorInputs();
            // switch the 7x7 ring off (t above its mean square) and keep the 5x5 ring and the e3 slice on
            net.thresholds.value[u.tk[2]] = x[u.tk[2]] + 1e-3;
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            float[] weff = Nd.download(u.weff);
            float[] wpEff = Nd.download(u.wpEff);
            for (int tap = 0; tap < 49; tap++) {
                int ky = tap / 7 - 3, kx = tap % 7 - 3;
                int radius = Math.max(Math.abs(ky), Math.abs(kx));
                for (int c = 0; c < 12; c++) {
                    float w = weff[tap * 12 + c], raw = u.wd.value[tap * 12 + c];
                    assertEquals(radius == 3 ? 0f : raw, w, 0f, "tap (" + ky + "," + kx + ") channel " + c);
                }
            }
            for (float v : wpEff) assertTrue(v != 0f);
            assertEquals(5, net.decode("d").blocks().get(2).branches().get(0).kernel());
            assertEquals(3, net.decode("d").blocks().get(2).branches().get(0).expansion());
            // now the e3 slice (channels 8..11) off: those projection rows are zero, the others untouched
            x = net.indicatorInputs();
            net.thresholds.value[u.te[1]] += x[u.te[1]] + 1e-3;
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            wpEff = Nd.download(u.wpEff);
            int cout = 6;
            for (int c = 0; c < 12; c++) {
                for (int o = 0; o < cout; o++) {
                    assertEquals(c >= 8 ? 0f : u.wp.value[c * cout + o], wpEff[c * cout + o], 0f, "projection row " + c);
                }
            }
            Architecture a = net.decode("d");
            assertEquals(2, a.blocks().get(2).branches().get(0).expansion());
            // a 5x5 ring off switches the 7x7 ring off too (nesting), whatever its own threshold says
            net.thresholds.value[u.tk[2]] = -100;
            net.thresholds.value[u.tk[1]] = 100;
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            assertEquals(3, net.decode("d").blocks().get(2).branches().get(0).kernel());
            weff = Nd.download(u.weff);
            for (int tap = 0; tap < 49; tap++) {
                int radius = Math.max(Math.abs(tap / 7 - 3), Math.abs(tap % 7 - 3));
                if (radius >= 2) for (int c = 0; c < 12; c++) assertEquals(0f, weff[tap * 12 + c], 0f);
            }
        }
    }

    @Test
    void zeroingEverySuperkernelOfAResidualBlockMakesItASkip() {
        Supernet s = TinyNets.tiny();
        try (SupernetNet net = new SupernetNet(s, 2, 8, 3)) {
            int[][][] f = net.largestChoices();
            f[1][0] = new int[]{0, 0};
            f[1][1] = new int[]{0, 0};
            net.setMasks(SupernetNet.MaskMode.FIXED, null, f);
            assertTrue(net.blocks.get(1).skipped);
            assertFalse(net.blocks.get(0).skipped);
            assertEquals(s.totalBlocks() - 1, net.decode("d").withoutSkips().blocks().size());
        }
    }

    @Test
    void phaseOneSamplingIsUniformOverEachSuperkernelsChoices() {
        Supernet s = TinyNets.tiny();
        try (SupernetNet net = new SupernetNet(s, 2, 8, 3)) {
            Rng rng = new Rng(42);
            int draws = 6000;
            // block 0 superkernel 1: kernels {3,5,7} x expansions {1} + zero = 4 choices;
            // block 0 superkernel 0: kernels {3,5} x {1,2} + zero = 5 choices
            Map<String, Integer> c1 = new HashMap<>(), c0 = new HashMap<>();
            for (int t = 0; t < draws; t++) {
                net.setMasks(SupernetNet.MaskMode.SAMPLED, rng, null);
                int[][] ch = net.currentChoices()[0];
                String k1 = ch[1][1] == 0 ? "zero" : ch[1][0] + "/" + ch[1][1];
                String k0 = ch[0][1] == 0 ? "zero" : ch[0][0] + "/" + ch[0][1];
                c1.merge(k1, 1, Integer::sum);
                c0.merge(k0, 1, Integer::sum);
            }
            assertEquals(4, c1.size(), c1.toString());
            assertEquals(5, c0.size(), c0.toString());
            // chi-square against uniform; 99.9 % quantiles: 3 dof 16.27, 4 dof 18.47
            assertTrue(chiSquare(c1, draws) < 16.27, "chi2 " + chiSquare(c1, draws) + " " + c1);
            assertTrue(chiSquare(c0, draws) < 18.47, "chi2 " + chiSquare(c0, draws) + " " + c0);
        }
    }

    private static double chiSquare(Map<String, Integer> counts, int draws) {
        double expected = (double) draws / counts.size(), chi = 0;
        for (int c : counts.values()) chi += (c - expected) * (c - expected) / expected;
        return chi;
    }
}
