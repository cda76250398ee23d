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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void batchNormBackwardMatchesFiniteDifferences(boolean relu) {
        int m = 2000, c = 3; // more rows than one parallel chunk
        java.util.concurrent.ExecutorService pool = DepthwiseGrad.newPool(2);
        BatchNorm bn = new BatchNorm("bn", c, relu ? Activation.RELU : null, new BatchNorm.Work(new Parallel(pool, 2), c));
        for (int k = 0; k < c; k++) { bn.gamma.value[k] = 0.5f + k; bn.beta.value[k] = 0.1f * k; }
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
            if (relu && Math.abs(y0[i]) < 0.05) continue; // too close to the kink for a finite difference
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

    @Test
    void reluBackwardMasksByOutput() {
        INDArray y = Nd.zeros(1, 4), g = Nd.zeros(1, 4);
        Nd.upload(new float[]{0f, 2f, 0f, 0.5f}, y);
        Nd.upload(new float[]{1f, 1f, 1f, 1f}, g);
        Nd.reluBackward(y, g, g);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[]{0f, 1f, 0f, 1f}, Nd.download(g));
    }
}
