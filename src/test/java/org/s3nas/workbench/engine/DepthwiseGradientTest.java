package org.s3nas.workbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The depthwise backward (flipped-kernel input gradient; weight gradient as a batch-in-channels conv, stride 2 by phases) against finite differences. */
class DepthwiseGradientTest {

    /**
     * Also maps smaller than the kernel (an 8-px search ends its last stage at 1x1 with 5x5 and 7x7 superkernels) and
     * maps of more than 14 rows (the stride-1 weight gradient splits them into blocks of 14 output rows; 15, 29 and 30
     * leave a partial last block).
     */
    @ParameterizedTest(name = "k={0} stride={1} map {2}x{3}")
    @CsvSource({"3,1,7,6", "3,2,7,6", "5,1,7,6", "5,2,7,6", "7,1,7,6", "7,2,7,6",
            "3,1,1,1", "5,1,1,1", "7,1,1,1", "5,1,2,2", "7,1,2,2", "5,2,2,2", "7,2,2,2", "7,2,1,1", "7,1,3,1",
            "3,1,15,3", "5,1,29,3", "7,1,30,2", "7,2,15,5"})
    void depthwiseBackwardMatchesFiniteDifferences(int k, int s, int h, int w) {
        int n = 2, c = 3, pad = (k - 1) / 2;
        int ho = (h + s - 1) / s, wo = (w + s - 1) / s;
        float[] xv = LayerGradientTest.random(n * h * w * c, 1), wv = LayerGradientTest.random(k * k * c, 2);
        float[] r = LayerGradientTest.random(n * ho * wo * c, 3);
        INDArray x = Nd.zeros(n, h, w, c), wt = Nd.zeros(k, k, c, 1), wf = Nd.zeros(k, k, c, 1), y = Nd.zeros(n, ho, wo, c);
        float[] flip = new float[wv.length];
        for (int tap = 0; tap < k * k; tap++) {
            System.arraycopy(wv, tap * c, flip, ((k - 1 - tap / k) * k + (k - 1 - tap % k)) * c, c);
        }
        Nd.upload(xv, x);
        Nd.upload(wv, wt);
        Nd.upload(flip, wf);
        float[] dW = new float[k * k * c], gx = new float[n * h * w * c];
        java.util.concurrent.ExecutorService pool = Parallel.newPool(2);
        try {
            // minimum rows 1: the test's small maps still split over two threads
            new DepthwiseBackward(new Parallel(pool, 2, 1)).run(xv.clone(), r, n, h, w, ho, wo, c, k, s, wf, gx, dW);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < xv.length; i += 7) {
            float keep = xv[i];
            xv[i] = keep + 1e-2f; Nd.upload(xv, x); Nd.depthwise(x, wt, y, k, s, pad); double up = LayerGradientTest.dot(y, r);
            xv[i] = keep - 1e-2f; Nd.upload(xv, x); Nd.depthwise(x, wt, y, k, s, pad); double down = LayerGradientTest.dot(y, r);
            xv[i] = keep; Nd.upload(xv, x);
            assertEquals((up - down) / 2e-2, gx[i], 2e-3, "dX " + i);
        }
        for (int i = 0; i < wv.length; i += 2) {
            float keep = wv[i];
            wv[i] = keep + 1e-2f; Nd.upload(wv, wt); Nd.depthwise(x, wt, y, k, s, pad); double up = LayerGradientTest.dot(y, r);
            wv[i] = keep - 1e-2f; Nd.upload(wv, wt); Nd.depthwise(x, wt, y, k, s, pad); double down = LayerGradientTest.dot(y, r);
            wv[i] = keep; Nd.upload(wv, wt);
            assertEquals((up - down) / 2e-2, dW[i], 3e-3, "dW " + i);
        }
    }
}
