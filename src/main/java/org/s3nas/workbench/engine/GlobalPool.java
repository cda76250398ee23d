package org.s3nas.workbench.engine;

import java.util.Arrays;

/** The head's global average pool over NHWC rows on the heap, and its backward. */
public final class GlobalPool {
    private GlobalPool() {}

    /** pooled[n, c] = mean over the hw positions of x[n, :, c]; x is [batch * hw, c]. */
    public static void forward(float[] x, float[] pooled, int batch, int hw, int c) {
        Arrays.fill(pooled, 0, batch * c, 0f);
        for (int n = 0; n < batch; n++) {
            int pb = n * c;
            for (int s = 0; s < hw; s++) {
                int xb = (n * hw + s) * c;
                for (int f = 0; f < c; f++) pooled[pb + f] += x[xb + f];
            }
            for (int f = 0; f < c; f++) pooled[pb + f] /= hw;
        }
    }

    /** dx[n, s, c] = dPooled[n, c] / hw for every position s. */
    public static void backward(float[] dPooled, float[] dx, int batch, int hw, int c) {
        for (int n = 0; n < batch; n++) {
            for (int s = 0; s < hw; s++) {
                int xb = (n * hw + s) * c;
                for (int f = 0; f < c; f++) dx[xb + f] = dPooled[n * c + f] / hw;
            }
        }
    }
}
