package org.s3nas.workbench.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A [rows, cols] activation (NHWC rows = n*h*w) kept both on the Java heap (element-wise passes: BN, activations, SE)
 * and in a native buffer (ND4J's GEMM and oneDNN's depthwise). Each side knows whether it is current, so a copy happens
 * only when the other side is read after a write (one bulk memcpy).
 */
public final class Buf {
    public final int rows, cols;
    public final float[] h;
    public final INDArray d;
    private boolean heapFresh = true, devFresh = true;

    public Buf(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.h = new float[Math.multiplyExact(rows, cols)];
        this.d = Nd.zeros(rows, cols);
    }

    public int size() { return h.length; }

    /** The heap values, current. */
    public float[] read() {
        if (!heapFresh) {
            Nd.download(d, h, 0, h.length);
            heapFresh = true;
        }
        return h;
    }

    /** The heap array for the caller to overwrite (the native side becomes stale). */
    public float[] write() {
        heapFresh = true;
        devFresh = false;
        return h;
    }

    /** The heap array for the caller to modify in place (read, then written). */
    public float[] update() {
        read();
        devFresh = false;
        return h;
    }

    /** The native array, current. */
    public INDArray dev() {
        if (!devFresh) {
            Nd.upload(h, 0, d, h.length);
            devFresh = true;
        }
        return d;
    }

    /** The native array for a native op to overwrite (the heap side becomes stale). */
    public INDArray devOut() {
        devFresh = true;
        heapFresh = false;
        return d;
    }

    /** The native array, current, for a native op to modify in place (the heap side becomes stale). */
    public INDArray devUpdate() {
        dev();
        heapFresh = false;
        return d;
    }

    /** A 4-d NHWC view of the native array (no copy). */
    public INDArray dev4(int n, int hh, int ww) { return dev().reshape('c', n, hh, ww, cols); }

    public INDArray devOut4(int n, int hh, int ww) { return devOut().reshape('c', n, hh, ww, cols); }
}
