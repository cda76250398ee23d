package org.s3nas.workbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.model.Activation;

/** Single layers against finite differences in double-checked float32: BN (+ every activation) and depthwise (both strides). */
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

    /**
     * Without activation and with each of the six activations; gamma up to 2.5 so that the pre-activations span
     * about -7..7 and every kink is exercised (ReLU6 at 6, h-swish and h-sigmoid at -3 and 3).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"NONE", "RELU", "RELU6", "HSWISH", "HSIGMOID", "SWISH", "SIGMOID"})
    void batchNormBackwardMatchesFiniteDifferences(String activation) {
        int m = 2000, c = 3; // more rows than one parallel chunk
        Activation act = activation.equals("NONE") ? null : Activation.valueOf(activation);
        boolean kinked = act == Activation.RELU || act == Activation.RELU6 || act == Activation.HSWISH || act == Activation.HSIGMOID;
        java.util.concurrent.ExecutorService pool = Parallel.newPool(2);
        BatchNorm bn = new BatchNorm("bn", c, act, new BatchNorm.Work(new Parallel(pool, 2), c));
        for (int k = 0; k < c; k++) { bn.gamma.value[k] = 0.5f + k; bn.beta.value[k] = 0.1f * k; }
        float[] xv = random(m * c, 1), r = random(m * c, 2);
        INDArray x = Nd.zeros(m, c), y = Nd.zeros(m, c), dy = Nd.zeros(m, c), dx = Nd.zeros(m, c);
        Nd.upload(xv, x);
        bn.forward(x, y, true);
        float[] y0 = Nd.download(y);
        // the pre-activation z of the forward, to check the outputs and to stay clear of the kinks
        float[] z = new float[m * c];
        double[] mean = new double[c], var = new double[c];
        for (int i = 0; i < m * c; i++) mean[i % c] += xv[i] / m;
        for (int i = 0; i < m * c; i++) var[i % c] += (xv[i] - mean[i % c]) * (xv[i] - mean[i % c]) / m;
        int aboveSix = 0, belowMinusThree = 0;
        for (int i = 0; i < m * c; i++) {
            int k = i % c;
            z[i] = (float) ((xv[i] - mean[k]) / Math.sqrt(var[k] + BatchNorm.EPS) * bn.gamma.value[k] + bn.beta.value[k]);
            assertEquals(Acts.f(act, z[i]), y0[i], 1e-4 * Math.max(1, Math.abs(y0[i])), "output " + i);
            if (z[i] > 6.2) aboveSix++;
            if (z[i] < -3.2) belowMinusThree++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(aboveSix > 10 && belowMinusThree > 10, "the kinks must be exercised");
        Nd.upload(r, dy);
        bn.backward(x, y, dy, dx);
        float[] g = Nd.download(dx);
        int checked = 0;
        for (int i = 0; i < m * c; i += 97) {
            float keep = xv[i];
            xv[i] = keep + 1e-2f; Nd.upload(xv, x); bn.forward(x, y, true); double up = dot(y, r);
            xv[i] = keep - 1e-2f; Nd.upload(xv, x); bn.forward(x, y, true); double down = dot(y, r);
            xv[i] = keep; Nd.upload(xv, x);
            boolean nearKink = Math.abs(z[i]) < 0.05 || Math.abs(z[i] - 6) < 0.05 || Math.abs(Math.abs(z[i]) - 3) < 0.05;
            if (kinked && nearKink) continue; // too close to a kink for a finite difference
            assertEquals((up - down) / 2e-2, g[i], 2e-3, "dBN/dx " + i);
            checked++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked > 50, checked + " points checked");
        // a step in gamma moves z by up to 3.5 steps, and the h-kinks at +-3 sit where it moves z most: the points that
        // straddle a kink bias the difference in proportion to the step, so kinked activations take a smaller one
        float h = kinked ? 2e-3f : 1e-2f;
        for (int k = 0; k < c; k++) {
            float keep = bn.gamma.value[k];
            bn.gamma.value[k] = keep + h; bn.forward(x, y, true); double up = dot(y, r);
            bn.gamma.value[k] = keep - h; bn.forward(x, y, true); double down = dot(y, r);
            bn.gamma.value[k] = keep;
            assertEquals((up - down) / (2 * h), bn.gamma.grad[k], (kinked ? 1e-2 : 2e-3) * Math.max(1, Math.abs(bn.gamma.grad[k])), "dBN/dgamma " + k);
        }
        pool.shutdownNow();
    }

    /** During a calibration the running statistics are the plain average of the calibration batches' statistics. */
    @Test
    void batchNormCalibrationAveragesTheBatchStatistics() {
        int m = 64, c = 2;
        java.util.concurrent.ExecutorService pool = Parallel.newPool(2);
        try {
            BatchNorm bn = new BatchNorm("bn", c, Activation.HSWISH, new BatchNorm.Work(new Parallel(pool, 2), c), true);
            float[] y = new float[m * c];
            float[][] batches = {random(m * c, 5), random(m * c, 6), random(m * c, 7)};
            for (int i = 0; i < batches[1].length; i++) batches[1][i] = 3 + 2 * batches[1][i];
            bn.forward(batches[0], y, null, m, true); // before the calibration: a moving average that must be forgotten
            bn.startCalibration();
            bn.forward(batches[1], y, null, m, true);
            bn.forward(batches[2], y, null, m, true);
            bn.endCalibration();
            for (int k = 0; k < c; k++) {
                double mean = 0, var = 0;
                for (int b = 1; b <= 2; b++) {
                    double mu = 0, sq = 0;
                    for (int r = 0; r < m; r++) mu += batches[b][r * c + k] / (double) m;
                    for (int r = 0; r < m; r++) sq += Math.pow(batches[b][r * c + k] - mu, 2) / m;
                    mean += mu / 2;
                    var += sq / 2;
                }
                assertEquals(mean, bn.runMean[k], 1e-5, "running mean " + k);
                assertEquals(var, bn.runVar[k], 1e-4, "running variance " + k);
            }
            org.junit.jupiter.api.Assertions.assertNotNull(bn.gamma.ema, "a final training's BN keeps an EMA of gamma");
        } finally {
            pool.shutdownNow();
        }
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
