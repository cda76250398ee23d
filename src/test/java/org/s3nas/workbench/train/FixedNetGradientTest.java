package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;

/** The hand-written backward of the fixed network against central differences, for every kind of parameter. */
class FixedNetGradientTest {
    static final int BATCH = 4;

    static float[] images(Architecture a, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[BATCH * a.input().height() * a.input().width() * a.input().channels()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** L = sum_i r_i * logit_i with fixed random r; stochastic depth masks redrawn identically from a fixed seed. */
    static double loss(FixedNet net, float[] x, float[] r) {
        float[] logits = net.forward(x, true, new Rng(99));
        double l = 0;
        for (int i = 0; i < r.length; i++) l += (double) r[i] * logits[i];
        return l;
    }

    static double numeric(FixedNet net, Param p, int i, double rel, float[] x, float[] r) {
        float old = p.value[i];
        double eps = rel * Math.max(0.1, Math.abs(old));
        p.value[i] = (float) (old + eps);
        net.uploadParameters();
        double up = loss(net, x, r);
        p.value[i] = (float) (old - eps);
        net.uploadParameters();
        double down = loss(net, x, r);
        p.value[i] = old;
        net.uploadParameters();
        return (up - down) / (2 * eps);
    }

    static void check(Architecture a, double dropConnect) {
        try (FixedNet net = new FixedNet(a, BATCH, 0, dropConnect, 3)) {
            float[] x = images(a, 5);
            float[] r = new float[BATCH * a.head().classes()];
            Rng rr = new Rng(7);
            for (int i = 0; i < r.length; i++) r[i] = (float) rr.nextGaussian();
            net.zeroGradients();
            loss(net, x, r);
            net.backward(r);
            Rng pick = new Rng(11);
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (Param p : net.params) {
                for (int t = 0; t < 1; t++) {
                    int i = pick.nextInt(p.size());
                    double analytic = p.grad[i];
                    checked++;
                    // h-swish and ReLU have kinks: a difference across one is off by chance, and a smaller step avoids it,
                    // whereas a wrong gradient stays wrong at every step
                    String failure = null;
                    for (double rel : new double[]{1e-2, 1e-3}) {
                        double numeric = numeric(net, p, i, rel, x, r);
                        if (Math.abs(numeric - analytic) <= 3e-3 + 0.05 * Math.abs(numeric)) {
                            failure = null;
                            break;
                        }
                        failure = p.name + "[" + i + "]: analytic " + analytic + " numeric " + numeric + " (step " + rel + ")";
                    }
                    if (failure != null) failures.add(failure);
                }
            }
            assertTrue(checked > 40, "checked " + checked);
            assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " gradients off:\n" + String.join("\n", failures));
        }
    }

    @Test
    void everyParameterGradientMatchesCentralDifferencesWithSeAndSwish() {
        check(TrainNets.mixed(Activation.SWISH, 0.5), 0);
    }

    @Test
    void stride2LargeKernelsOnMapsOfTwoAndOnePixelHaveTheRightGradients() {
        check(TrainNets.tinyMaps(), 0);
    }

    @Test
    void hswishAndStochasticDepthGradientsMatch() {
        check(TrainNets.mixed(Activation.HSWISH, 0.25), 0.3);
    }

    @Test
    void theSkipBlockAndEveryBranchGetTheirOwnParameters() {
        try (FixedNet net = new FixedNet(TrainNets.mixed(Activation.RELU, 0.5), BATCH, 0, 0, 1)) {
            // block 0 merges its two k3 branches: one k3 and one k5 branch
            assertTrue(net.params.stream().anyMatch(p -> p.name.equals("b0.k3.depthwise.w") && p.size() == 9 * 8));
            assertTrue(net.params.stream().anyMatch(p -> p.name.equals("b0.k5.depthwise.w") && p.size() == 25 * 4));
            assertTrue(net.params.stream().noneMatch(p -> p.name.startsWith("b3.")), "the skip block has no parameters");
            assertTrue(net.params.stream().noneMatch(p -> p.name.equals("b2.k3.expand.w")), "expansion 1: no expand conv");
            assertEquals(2, (int) net.params.stream().filter(p -> p.name.startsWith("b0.se.") && p.name.endsWith(".w")).count());
        }
    }
}
