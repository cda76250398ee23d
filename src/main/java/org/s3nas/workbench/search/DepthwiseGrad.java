package org.s3nas.workbench.search;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;

/**
 * The weight gradient of a depthwise conv (NHWC, symmetric padding) on heap arrays. ND4J's depthwise_conv2d_bp
 * falls back to a generic kernel for k > 3 (310-450 ms on 128x28x28x96, k=7, versus 9 ms for the oneDNN forward);
 * this loop accumulates whole output rows at once (long contiguous multiply-adds the JIT vectorises) and splits the
 * batch over threads, each with its own accumulator, summed in a fixed order (deterministic).
 */
public final class DepthwiseGrad {
    private final ExecutorService pool;
    private final int threads;
    private float[][] acc = new float[0][];

    public DepthwiseGrad(ExecutorService pool, int threads) {
        this.pool = pool;
        this.threads = threads;
    }

    public static ExecutorService newPool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "s3nas-depthwise-grad");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * dW[(ky*k+kx)*c + ch] = sum over n, oy, ox of dy[n,oy,ox,ch] * x[n, oy*s+ky-p, ox*s+kx-p, ch].
     */
    public void weights(float[] x, float[] dy, int n, int h, int w, int ho, int wo, int c, int k, int stride, int pad, float[] dW) {
        int rowLen = wo * c;
        int accLen = k * k * rowLen;
        if (acc.length != threads || acc[0].length < accLen) {
            acc = new float[threads][];
            for (int t = 0; t < threads; t++) acc[t] = new float[accLen];
        }
        Future<?>[] fs = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            final int tt = t;
            Runnable job = () -> accumulate(x, dy, tt, threads, n, h, w, ho, wo, c, k, stride, pad, acc[tt]);
            fs[t] = threads == 1 ? null : pool.submit(job);
            if (threads == 1) job.run();
        }
        try {
            for (Future<?> f : fs) if (f != null) f.get();
        } catch (Exception e) {
            throw new IllegalStateException("depthwise gradient failed", e);
        }
        java.util.Arrays.fill(dW, 0, k * k * c, 0f);
        for (int t = 0; t < threads; t++) {
            float[] a = acc[t];
            for (int tap = 0; tap < k * k; tap++) {
                int base = tap * rowLen, o = tap * c;
                for (int ox = 0; ox < wo; ox++) {
                    int b = base + ox * c;
                    for (int ch = 0; ch < c; ch++) dW[o + ch] += a[b + ch];
                }
            }
        }
    }

    private static void accumulate(float[] x, float[] dy, int t, int threads, int n, int h, int w, int ho, int wo, int c, int k,
                                   int stride, int pad, float[] a) {
        int rowLen = wo * c;
        java.util.Arrays.fill(a, 0, k * k * rowLen, 0f);
        for (int img = t; img < n; img += threads) {
            for (int oy = 0; oy < ho; oy++) {
                int dyRow = ((img * ho) + oy) * rowLen;
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * stride + ky - pad;
                    if (iy < 0 || iy >= h) continue;
                    int xRow = ((img * h) + iy) * w * c;
                    for (int kx = 0; kx < k; kx++) {
                        int accRow = (ky * k + kx) * rowLen;
                        if (stride == 1) {
                            int ox0 = Math.max(0, pad - kx), ox1 = Math.min(wo, w + pad - kx);
                            if (ox1 <= ox0) continue;
                            int from = ox0 * c, to = ox1 * c, shift = xRow + (kx - pad) * c;
                            for (int i = from; i < to; i++) a[accRow + i] += dy[dyRow + i] * x[shift + i];
                        } else {
                            for (int ox = 0; ox < wo; ox++) {
                                int ix = ox * stride + kx - pad;
                                if (ix < 0 || ix >= w) continue;
                                int ai = accRow + ox * c, di = dyRow + ox * c, xi = xRow + ix * c;
                                for (int ch = 0; ch < c; ch++) a[ai + ch] += dy[di + ch] * x[xi + ch];
                            }
                        }
                    }
                }
            }
        }
    }
}
