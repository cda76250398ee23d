package org.s3nas.workbench.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward of a depthwise conv (NHWC, symmetric padding (k-1)/2, stride 1 or 2) from heap activations, with
 * oneDNN doing the arithmetic wherever it can. ND4J's depthwise_conv2d_bp is slow (52 ms for 3x3 and 170 ms for 7x7
 * on 128x28x28x32, one thread, against 2 and 4 ms for the oneDNN forward), so both gradients are depthwise
 * forwards:
 * <ul>
 * <li>input gradient: the output gradient (stride 2: zero-inserted) convolved with the flipped kernel;
 * <li>weight gradient, stride 1: dW[ky,kx,c] = sum over n, oy, ox of dy[n,oy,ox,c] x[n,oy+ky-p,ox+kx-p,c] is, per
 * pair (n, c), a correlation of the image x with the "kernel" dy. With the batch moved next to the channels
 * ([h, w, n*c]) it is one depthwise conv of n*c channels with a kernel of the map's size and a k x k output, summed
 * over n afterwards: 18-31 ms (5x5, 7x7, 128x28x28x32, one thread) against 51-96 ms for the Java loop;
 * <li>weight gradient, stride 2: the same with the image split into its four phases (even/odd rows x even/odd
 * columns): with ky - p = 2 qy + ry, x[2 oy + ky - p] = x_ry[oy + qy], so each phase is a stride-1 correlation with
 * dy over the shifts q in [-P, P], P = ceil(p / 2); the phases go next to the batch in the channels (dy repeated
 * for each): 7-11 ms (5x5, 7x7, 128x28x28x32 to 14x14, one thread) against 20-37 ms for the Java loop it replaced
 * (oneDNN refuses the dilated kernel that would express stride 2 directly).
 * </ul>
 */
public final class DepthwiseBackward {
    /** Output rows per block of the stride-1 weight gradient. */
    private static final int ROWS = 14;
    private final Parallel par;
    private INDArray nIn = Nd.zeros(1), nK = Nd.zeros(1), nOut = Nd.zeros(1);
    private float[] hA = new float[0], hB = new float[0], hOut = new float[0];

    /** par splits the heap rearrangements (over images x rows). */
    public DepthwiseBackward(Parallel par) {
        this.par = par;
    }

    private static INDArray grow(INDArray flat, long len) { return flat.length() >= len ? flat : Nd.zeros(len); }

    private static float[] grow(float[] a, long len) { return a.length >= len ? a : new float[(int) len]; }

    /**
     * dx [n,h,w,c] and dW [k*k*c] (both overwritten) from the forward's input x [n,h,w,c] and the output gradient
     * dy [n,ho,wo,c] (heap, from index 0); wFlip is the kernel flipped in both axes, [k, k, c, 1] (native).
     */
    public void run(float[] x, float[] dy, int n, int h, int w, int ho, int wo, int c, int k, int stride, INDArray wFlip, float[] dx, float[] dW) {
        if (stride != 1 && stride != 2) throw new IllegalArgumentException("depthwise stride " + stride + ": only 1 and 2 are supported");
        int pad = (k - 1) / 2;
        long in = (long) n * h * w * c, out = (long) n * ho * wo * c;
        Profile.push(Profile.Part.DW_BWD_INPUT);
        INDArray dx4;
        if (stride == 1) {
            nIn = grow(nIn, out);
            nOut = grow(nOut, in);
            Nd.upload(dy, 0, nIn, out);
            dx4 = Nd.view4(nOut, n, h, w, c);
            Nd.depthwise(Nd.view4(nIn, n, ho, wo, c), wFlip, dx4, k, 1, pad);
        } else {
            // zero-inserted output gradient, built on the heap: output pixel (i, j) sits at (pad + s*i, pad + s*j).
            // (ND4J strided interval views collapse a length-1 interval, which broke maps of 1 or 2 pixels.)
            int hz = h + k - 1, wz = w + k - 1;
            int len = n * hz * wz * c;
            hA = grow(hA, len);
            float[] z = hA;
            par.rows(n, (from, to, part) -> {
                java.util.Arrays.fill(z, from * hz * wz * c, to * hz * wz * c, 0f);
                for (int b = from; b < to; b++) {
                    for (int i = 0; i < ho; i++) {
                        for (int j = 0; j < wo; j++) {
                            System.arraycopy(dy, ((b * ho + i) * wo + j) * c, z, ((b * hz + pad + stride * i) * wz + pad + stride * j) * c, c);
                        }
                    }
                }
            }, 8);
            nIn = grow(nIn, len);
            nOut = grow(nOut, in);
            Nd.upload(hA, 0, nIn, len);
            dx4 = Nd.view4(nOut, n, h, w, c);
            Nd.depthwise(Nd.view4(nIn, n, hz, wz, c), wFlip, dx4, k, 1, 0);
        }
        Nd.download(nOut, dx, 0, in);
        Profile.pop();
        Profile.push(Profile.Part.DW_BWD_WEIGHT);
        if (stride == 1) {
            // blocks of 14 output rows (with their k-1 halo input rows) go next to the batch too: a 14-row kernel
            // runs faster than a 28-row one (128x28x28x32, one thread: 5x5 10-15 against 17-18 ms, 7x7 15-25
            // against 27-28 ms; 7 rows were no faster)
            int rows = Math.min(ho, ROWS), blocks = (ho + rows - 1) / rows, hin = rows + k - 1;
            int bnc = blocks * n * c;
            long inLen = (long) hin * w * bnc, kLen = (long) rows * wo * bnc, outLen = (long) k * k * bnc;
            hA = grow(hA, inLen);
            hB = grow(hB, kLen);
            rowBlocks(x, hA, n, h, w, c, rows, blocks, hin, -pad);
            rowBlocks(dy, hB, n, ho, wo, c, rows, blocks, rows, 0);
            nIn = grow(nIn, inLen);
            nK = grow(nK, kLen);
            nOut = grow(nOut, outLen);
            Nd.upload(hA, 0, nIn, inLen);
            Nd.upload(hB, 0, nK, kLen);
            INDArray o = Nd.view4(nOut, 1, k, k, bnc);
            Nd.depthwise(Nd.view4(nIn, 1, hin, w, bnc), Nd.view4(nK, rows, wo, bnc, 1), o, rows, wo, 1, 0, pad);
            hOut = grow(hOut, outLen);
            Nd.download(nOut, hOut, 0, outLen);
            java.util.Arrays.fill(dW, 0, k * k * c, 0f);
            int nb = blocks * n;
            for (int tap = 0; tap < k * k; tap++) {
                int o0 = tap * c;
                for (int b = 0; b < nb; b++) {
                    int base = (tap * nb + b) * c;
                    for (int ch = 0; ch < c; ch++) dW[o0 + ch] += hOut[base + ch];
                }
            }
        } else {
            int big = (pad + 1) / 2, o = 2 * big + 1, pc = 4 * n * c;
            long len = (long) ho * wo * pc, outLen = (long) o * o * pc;
            hA = grow(hA, len);
            hB = grow(hB, len);
            phases(x, hA, n, h, w, ho, wo, c);
            // dy repeated for each phase, in the same [ho, wo, phase, n, c] order
            int nc = n * c;
            float[] rep = hB;
            par.rows(n * ho, (from, to, part) -> {
                for (int bi = from; bi < to; bi++) {
                    int b = bi / ho, i0 = (bi % ho) * wo;
                    for (int i = i0; i < i0 + wo; i++) {
                        int src = (b * ho * wo + i) * c;
                        for (int ph = 0; ph < 4; ph++) System.arraycopy(dy, src, rep, (i * 4 + ph) * nc + b * c, c);
                    }
                }
            }, 256);
            nIn = grow(nIn, len);
            nK = grow(nK, len);
            nOut = grow(nOut, outLen);
            Nd.upload(hA, 0, nIn, len);
            Nd.upload(hB, 0, nK, len);
            Nd.depthwise(Nd.view4(nIn, 1, ho, wo, pc), Nd.view4(nK, ho, wo, pc, 1), Nd.view4(nOut, 1, o, o, pc), ho, wo, 1, big, big);
            hOut = grow(hOut, outLen);
            Nd.download(nOut, hOut, 0, outLen);
            java.util.Arrays.fill(dW, 0, k * k * c, 0f);
            for (int ky = 0; ky < k; ky++) {
                int qy = Math.floorDiv(ky - pad, 2), ry = ky - pad - 2 * qy;
                for (int kx = 0; kx < k; kx++) {
                    int qx = Math.floorDiv(kx - pad, 2), rx = kx - pad - 2 * qx;
                    int base = (((qy + big) * o + qx + big) * 4 + ry * 2 + rx) * nc, o0 = (ky * k + kx) * c;
                    for (int b = 0; b < n; b++) {
                        int bb = base + b * c;
                        for (int ch = 0; ch < c; ch++) dW[o0 + ch] += hOut[bb + ch];
                    }
                }
            }
        }
        Profile.pop();
    }

    /**
     * x [n, h, w, c] to its four phases [ho, wo, ry*2+rx, n, c] (phase (ry, rx) at (i, j) = x[2i+ry, 2j+rx]; zero past
     * an odd edge).
     */
    private void phases(float[] x, float[] dst, int n, int h, int w, int ho, int wo, int c) {
        int nc = n * c;
        if (h % 2 == 1 || w % 2 == 1) java.util.Arrays.fill(dst, 0, ho * wo * 4 * nc, 0f);
        par.rows(n * h, (from, to, part) -> {
            for (int by = from; by < to; by++) {
                int b = by / h, y = by % h, i = y >> 1, ry = y & 1;
                for (int xx = 0; xx < w; xx++) {
                    int j = xx >> 1, rx = xx & 1;
                    System.arraycopy(x, ((b * h + y) * w + xx) * c, dst, ((i * wo + j) * 4 + ry * 2 + rx) * nc + b * c, c);
                }
            }
        }, 256);
    }

    /**
     * Splits the rows of v [n, h, w, c] into blocks that go next to the batch: dst [hin, w, block, n, c] holds, for
     * block B, rows B*rows + first + r (r &lt; hin) of v, zero outside 0..h-1.
     */
    private void rowBlocks(float[] v, float[] dst, int n, int h, int w, int c, int rows, int blocks, int hin, int first) {
        int bnc = blocks * n * c;
        for (int bl = 0; bl < blocks; bl++) {
            for (int r = 0; r < hin; r++) {
                int y = bl * rows + first + r;
                if (y >= 0 && y < h) continue;
                for (int xx = 0; xx < w; xx++) {
                    int d = (r * w + xx) * bnc + bl * n * c;
                    java.util.Arrays.fill(dst, d, d + n * c, 0f);
                }
            }
        }
        par.rows(n * h, (from, to, part) -> {
            for (int by = from; by < to; by++) {
                int b = by / h, y = by % h;
                // a row belongs to every block whose window [bl*rows + first, + hin) holds it
                int lo = Math.max(0, Math.floorDiv(y - first - hin, rows) + 1), hi = Math.min(blocks - 1, Math.floorDiv(y - first, rows));
                for (int bl = lo; bl <= hi; bl++) {
                    int r = y - bl * rows - first;
                    int src = (b * h + y) * w * c, d = r * w * bnc + (bl * n + b) * c;
                    for (int xx = 0; xx < w; xx++) System.arraycopy(v, src + xx * c, dst, d + xx * bnc, c);
                }
            }
        }, 256);
    }
}
