package org.s3nas.workbench.engine;

/** The stem convolution's image-to-columns copy (NHWC images, one row per output pixel, zero padding), on the heap. */
public final class Im2col {
    private Im2col() {}

    /**
     * Writes, for each of {@code batch} images of {@code h x w x inC}, one row of {@code k*k*inC} values per output
     * pixel of the {@code outH x outW} map (stride {@code s}, padding {@code pad}); rows are {@code rowWidth} apart.
     */
    public static void stem(float[] images, float[] out, int batch, int h, int w, int inC, int outH, int outW, int k, int s, int pad,
                            int rowWidth) {
        int m = 0;
        for (int n = 0; n < batch; n++) {
            int ib = n * h * w * inC;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++, m++) {
                    int cb = m * rowWidth;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy * s + ky - pad;
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox * s + kx - pad;
                            int o = cb + (ky * k + kx) * inC;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                for (int c = 0; c < inC; c++) out[o + c] = 0f;
                            } else {
                                System.arraycopy(images, ib + (iy * w + ix) * inC, out, o, inC);
                            }
                        }
                    }
                }
            }
        }
    }
}
