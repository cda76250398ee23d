package org.s3nas.workbench.engine;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The native ops of both networks, thin helpers over ND4J: every op writes into a preallocated output (a fresh native
 * buffer per op is costly), bulk copies between heap arrays and native buffers, GEMM column sums.
 */
public final class Nd {
    private Nd() {}

    static {
        OpenMpWait.passive(); // before the first ND4J call loads the natives (and libgomp)
    }

    private static final Map<Long, INDArray> ONES = new HashMap<>();

    public static INDArray zeros(long... shape) { return Nd4j.create(DataType.FLOAT, shape); }

    /** A [rows, cols] view of the first rows*cols values of a flat buffer (no copy). */
    public static INDArray view(INDArray flat, long rows, long cols) {
        return flat.get(NDArrayIndex.interval(0, rows * cols)).reshape('c', rows, cols);
    }

    public static INDArray view4(INDArray flat, long n, long h, long w, long c) {
        return flat.get(NDArrayIndex.interval(0, n * h * w * c)).reshape('c', n, h, w, c);
    }

    /** C = alpha * op(A) op(B) + beta * C. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        Nd4j.gemm(a, b, c, ta, tb, alpha, beta);
    }

    /** out = x w + b (b a [cols] vector). */
    public static void gemmBias(INDArray x, INDArray w, INDArray b, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("xw_plus_b").addInputs(x, w, b).addOutputs(out).build());
    }

    /** Conv NHWC with weights [k, k, inC, outC], symmetric padding, plus a bias [outC]. */
    public static void conv2dBias(INDArray x, INDArray w, INDArray b, INDArray out, int k, int stride, int pad) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(out)
                .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, 1, 0).build());
    }

    /** Depthwise conv NHWC plus a per-channel bias [c]. */
    public static void depthwiseBias(INDArray x, INDArray w, INDArray b, INDArray out, int k, int stride, int pad) {
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(x, w, b).addOutputs(out)
                .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, 1).build());
    }

    /** A [1, m] row of ones, shared per m (column sums as one GEMM are far faster than ND4J's dim-0 reductions). */
    public static synchronized INDArray ones(long m) {
        return ONES.computeIfAbsent(m, k -> Nd4j.ones(DataType.FLOAT, 1, k));
    }

    /** Column sums of x [m, c] into out [1, c]. */
    public static void colSum(INDArray x, INDArray out) {
        gemm(ones(x.size(0)), x, out, false, false, 1.0, 0.0);
    }

    /** out = x * row (row broadcast over the rows of x). */
    public static void mulRow(INDArray x, INDArray row, INDArray out) {
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, row, out, 1));
    }

    public static void addRow(INDArray x, INDArray row, INDArray out) {
        Nd4j.getExecutioner().exec(new BroadcastAddOp(x, row, out, 1));
    }

    /** out = a * b elementwise. */
    public static void mul(INDArray a, INDArray b, INDArray out) {
        Nd4j.getExecutioner().exec(new MulOp(a, b, out));
    }

    public static void reluInPlace(INDArray x) {
        Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(x).addOutputs(x).addFloatingPointArguments(0.0).build());
    }

    public static void relu6InPlace(INDArray x) {
        Nd4j.exec(DynamicCustomOp.builder("relu6").addInputs(x).addOutputs(x).addFloatingPointArguments(0.0).build());
    }

    /** gradIn = gradOut where y > 0 (y is the ReLU output), else 0. gradIn may be gradOut. */
    public static void reluBackward(INDArray y, INDArray gradOut, INDArray gradIn) {
        Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(y, gradOut).addOutputs(gradIn).addFloatingPointArguments(0.0).build());
    }

    public static void relu6Backward(INDArray y, INDArray gradOut, INDArray gradIn) {
        Nd4j.exec(DynamicCustomOp.builder("relu6_bp").addInputs(y, gradOut).addOutputs(gradIn).addFloatingPointArguments(0.0).build());
    }

    /** Depthwise conv NHWC, weights [k, k, c, 1], explicit symmetric padding (same geometry as PyTorch padding=k/2). */
    public static void depthwise(INDArray x, INDArray w, INDArray out, int k, int stride, int pad) {
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(x, w).addOutputs(out)
                .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, 1).build());
    }

    /** Depthwise conv NHWC with a kh x kw kernel [kh, kw, c, 1], explicit padding. */
    public static void depthwise(INDArray x, INDArray w, INDArray out, int kh, int kw, int stride, int padH, int padW) {
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(x, w).addOutputs(out)
                .addIntegerArguments(kh, kw, stride, stride, padH, padW, 1, 1, 0, 1).build());
    }

    /** Copies of at least this many values are split in two halves, one on {@link #COPIER}. */
    private static final int SPLIT_COPY = 1 << 20;
    /**
     * One thread for the second half of a large copy: a 12.8 MB copy took 0.50-0.66 ms on one thread and 0.36-0.43 ms
     * on two (quiet machine; one core does not saturate the memory).
     */
    private static final java.util.concurrent.ExecutorService COPIER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "s3nas-copy");
        t.setDaemon(true);
        return t;
    });

    /** Bulk copy heap -> native (the array must be contiguous, c-order). */
    public static void upload(float[] src, int off, INDArray dst, long len) {
        Profile.push(Profile.Part.COPY);
        long base = dst.offset();
        org.bytedeco.javacpp.Pointer address = dst.data().addressPointer();
        split((int) len, (from, to) -> new FloatPointer(address).position(base + from).put(src, off + from, to - from));
        Profile.pop();
    }

    private interface Range { void copy(int from, int to); }

    private static void split(int len, Range r) {
        if (len < SPLIT_COPY) {
            r.copy(0, len);
            return;
        }
        int half = len / 2;
        java.util.concurrent.Future<?> f = COPIER.submit(() -> r.copy(half, len));
        r.copy(0, half);
        try {
            f.get();
        } catch (Exception e) {
            throw new IllegalStateException("copy failed", e);
        }
    }

    public static void upload(float[] src, INDArray dst) { upload(src, 0, dst, dst.length()); }

    /** Bulk copy native -> heap. */
    public static void download(INDArray src, float[] dst, int off, long len) {
        Profile.push(Profile.Part.COPY);
        long base = src.offset();
        org.bytedeco.javacpp.Pointer address = src.data().addressPointer();
        split((int) len, (from, to) -> new FloatPointer(address).position(base + from).get(dst, off + from, to - from));
        Profile.pop();
    }

    public static float[] download(INDArray src) {
        float[] out = new float[(int) src.length()];
        download(src, out, 0, out.length);
        return out;
    }
}
