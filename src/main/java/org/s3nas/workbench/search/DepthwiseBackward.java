package org.s3nas.workbench.search;

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
 * <li>weight gradient, stride 2: {@link DepthwiseGrad} (the dilated kernel this would need is refused by oneDNN).
 * </ul>
 */
final class DepthwiseBackward {
    private final DepthwiseGrad javaGrad;
    private INDArray nIn = Nd.zeros(1), nK = Nd.zeros(1), nOut = Nd.zeros(1);
    private float[] hA = new float[0], hB = new float[0], hOut = new float[0];

    DepthwiseBackward(DepthwiseGrad javaGrad) {
        this.javaGrad = javaGrad;
    }

    private static INDArray grow(INDArray flat, long len) { return flat.length() >= len ? flat : Nd.zeros(len); }

    private static float[] grow(float[] a, long len) { return a.length >= len ? a : new float[(int) len]; }

    /**
     * dx [n,h,w,c] and dW [k*k*c] (both overwritten) from the forward's input x [n,h,w,c] and the output gradient
     * dy [n,ho,wo,c] (heap, from index 0); wFlip is the kernel flipped in both axes, [k, k, c, 1] (native).
     */
    void run(float[] x, float[] dy, int n, int h, int w, int ho, int wo, int c, int k, int stride, INDArray wFlip, float[] dx, float[] dW) {
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
            java.util.Arrays.fill(hA, 0, len, 0f);
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        System.arraycopy(dy, ((b * ho + i) * wo + j) * c, hA, ((b * hz + pad + stride * i) * wz + pad + stride * j) * c, c);
                    }
                }
            }
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
            int nc = n * c;
            hA = grow(hA, in);
            hB = grow(hB, in);
            batchNextToChannels(x, hA, n, h, w, c);
            batchNextToChannels(dy, hB, n, h, w, c);
            nIn = grow(nIn, in);
            nK = grow(nK, in);
            long outLen = (long) k * k * nc;
            nOut = grow(nOut, outLen);
            Nd.upload(hA, 0, nIn, in);
            Nd.upload(hB, 0, nK, in);
            INDArray o = Nd.view4(nOut, 1, k, k, nc);
            Nd.depthwise(Nd.view4(nIn, 1, h, w, nc), Nd.view4(nK, h, w, nc, 1), o, h, w, 1, pad, pad);
            hOut = grow(hOut, outLen);
            Nd.download(nOut, hOut, 0, outLen);
            java.util.Arrays.fill(dW, 0, k * k * c, 0f);
            for (int tap = 0; tap < k * k; tap++) {
                int o0 = tap * c;
                for (int b = 0; b < n; b++) {
                    int base = (tap * n + b) * c;
                    for (int ch = 0; ch < c; ch++) dW[o0 + ch] += hOut[base + ch];
                }
            }
        } else {
            javaGrad.weights(x, dy, n, h, w, ho, wo, c, k, stride, pad, dW);
        }
        Profile.pop();
    }

    /** [n, h, w, c] to [h, w, n, c]. */
    private static void batchNextToChannels(float[] src, float[] dst, int n, int h, int w, int c) {
        int hw = h * w;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < hw; p++) System.arraycopy(src, (b * hw + p) * c, dst, (p * n + b) * c, c);
        }
    }
}
