package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.model.Activation;

/** Single layers against finite differences in double-checked float32: BN (+ReLU) and depthwise (both strides). */
class LayerGradientTest {

    static double dot(INDArray a, float[] r) {
        float[] v = Nd.download(a);
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (double) v[i] * r[i];
        return s;
    }

    static float[] random(int n, long seed) {
        Rng g = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) g.nextGaussian();
        return x;
    }

    /** Without activation, ReLU and ReLU6 (gamma up to 2.5: some outputs pass 6, so both ReLU6 kinks are exercised). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"NONE", "RELU", "RELU6"})
    void batchNormBackwardMatchesFiniteDifferences(String activation) {
        int m = 2000, c = 3; // more rows than one parallel chunk
        Activation act = activation.equals("NONE") ? null : Activation.valueOf(activation);
        boolean relu = act != null;
        java.util.concurrent.ExecutorService pool = Parallel.newPool(2);
        BatchNorm bn = new BatchNorm("bn", c, act, new BatchNorm.Work(new Parallel(pool, 2), c));
        for (int k = 0; k < c; k++) { bn.gamma.value[k] = 0.5f + k; bn.beta.value[k] = 0.1f * k; }
        if (act == Activation.RELU6) {
            INDArray xs = Nd.zeros(m, c), ys = Nd.zeros(m, c);
            Nd.upload(random(m * c, 1), xs);
            bn.forward(xs, ys, true);
            float[] yv = Nd.download(ys);
            int six = 0;
            for (float v : yv) if (v >= 6f) six++;
            org.junit.jupiter.api.Assertions.assertTrue(six > 10, "some outputs must reach 6 (" + six + ")");
        }
        float[] xv = random(m * c, 1), r = random(m * c, 2);
        INDArray x = Nd.zeros(m, c), y = Nd.zeros(m, c), scratch = Nd.zeros(m, c), dy = Nd.zeros(m, c), dx = Nd.zeros(m, c);
        Nd.upload(xv, x);
        bn.forward(x, y, true);
        Nd.upload(r, dy);
        bn.backward(x, y, dy, dx);
        float[] g = Nd.download(dx), y0 = Nd.download(y);
        for (int i = 0; i < m * c; i += 97) {
            float keep = xv[i];
            xv[i] = keep + 1e-2f; Nd.upload(xv, x); bn.forward(x, y, true); double up = dot(y, r);
            xv[i] = keep - 1e-2f; Nd.upload(xv, x); bn.forward(x, y, true); double down = dot(y, r);
            xv[i] = keep; Nd.upload(xv, x);
            if (relu && (Math.abs(y0[i]) < 0.05 || Math.abs(y0[i] - 6) < 0.05)) continue; // too close to a kink for a finite difference
            assertEquals((up - down) / 2e-2, g[i], 2e-3, "dBN/dx " + i);
        }
        for (int k = 0; k < c; k++) {
            float keep = bn.gamma.value[k];
            bn.gamma.value[k] = keep + 1e-2f; bn.forward(x, y, true); double up = dot(y, r);
            bn.gamma.value[k] = keep - 1e-2f; bn.forward(x, y, true); double down = dot(y, r);
            bn.gamma.value[k] = keep;
            assertEquals((up - down) / 2e-2, bn.gamma.grad[k], (relu ? 1e-2 : 2e-3) * Math.max(1, Math.abs(bn.gamma.grad[k])), "dBN/dgamma " + k);
        }
        pool.shutdownNow();
    }

    /**
     * A BN on few rows (one parallel part) right after a BN on many rows (two parts) sharing the same work buffers,
     * as the last stage of a small-resolution search: its output is normalised by its own batch statistics (the
     * idle part once added the previous layer's sums, and an 8-px search diverged at its first step).
     */
    @Test
    void batchNormOnFewRowsAfterManyRowsUsesOnlyItsOwnStatistics() {
        int c = 4;
        java.util.concurrent.ExecutorService pool = Parallel.newPool(2);
        try {
            BatchNorm.Work work = new BatchNorm.Work(new Parallel(pool, 2), c);
            BatchNorm big = new BatchNorm("big", c, null, work), small = new BatchNorm("small", c, null, work);
            int mBig = 4096, mSmall = 32;
            INDArray xb = Nd.zeros(mBig, c), yb = Nd.zeros(mBig, c);
            float[] vb = random(mBig * c, 3);
            for (int i = 0; i < vb.length; i++) vb[i] = 50 + 10 * vb[i];
            Nd.upload(vb, xb);
            big.forward(xb, yb, true);
            INDArray xs = Nd.zeros(mSmall, c), ys = Nd.zeros(mSmall, c);
            float[] vs = random(mSmall * c, 4);
            for (int i = 0; i < vs.length; i++) vs[i] = -500 + 100 * vs[i];
            Nd.upload(vs, xs);
            small.forward(xs, ys, true);
            float[] y = Nd.download(ys);
            for (int k = 0; k < c; k++) {
                double mean = 0, sq = 0, xm = 0, xs2 = 0;
                for (int r = 0; r < mSmall; r++) { mean += y[r * c + k]; sq += (double) y[r * c + k] * y[r * c + k]; xm += vs[r * c + k]; }
                xm /= mSmall;
                for (int r = 0; r < mSmall; r++) xs2 += (vs[r * c + k] - xm) * (vs[r * c + k] - xm);
                double var = xs2 / mSmall;
                mean /= mSmall;
                assertEquals(0, mean, 1e-4, "channel " + k + " mean after BN");
                assertEquals(var / (var + BatchNorm.EPS), sq / mSmall - mean * mean, 1e-3, "channel " + k + " variance after BN");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reluBackwardMasksByOutput() {
        INDArray y = Nd.zeros(1, 4), g = Nd.zeros(1, 4);
        Nd.upload(new float[]{0f, 2f, 0f, 0.5f}, y);
        Nd.upload(new float[]{1f, 1f, 1f, 1f}, g);
        Nd.reluBackward(y, g, g);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[]{0f, 1f, 0f, 1f}, Nd.download(g));
    }
}
