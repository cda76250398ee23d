package org.s3nas.workbench.search.train;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The few native ops the fixed network needs: GEMM and oneDNN's depthwise conv (NHWC, weights [k, k, c, 1]). */
final class Nn {
    static {
        // a process that only trains loads ND4J here first: OpenMP's idle threads must sleep for it too
        org.s3nas.workbench.search.OpenMpWait.passive();
    }

    private Nn() {}

    static INDArray zeros(long... shape) { return Nd4j.create(DataType.FLOAT, shape); }

    /** C = alpha * op(A) op(B) + beta * C. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        Nd4j.gemm(a, b, c, ta, tb, alpha, beta);
    }

    /** Depthwise conv, symmetric padding (k-1)/2, so the output is ceil(size / stride) as in the MIDAP lowering. */
    static void depthwise(INDArray x, INDArray w, INDArray out, int k, int stride, int pad) {
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(x, w).addOutputs(out)
                .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, 1).build());
    }

    /** oneDNN's depthwise backward: fast for 3x3 only (search/DepthwiseGrad explains why larger kernels go elsewhere). */
    static void depthwiseBackward(INDArray x, INDArray w, INDArray gradOut, INDArray gradIn, INDArray gradW, int k, int stride, int pad) {
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d_bp").addInputs(x, w, gradOut).addOutputs(gradIn, gradW)
                .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, 1).build());
    }

    static void upload(float[] src, INDArray dst) {
        FloatPointer p = new FloatPointer(dst.data().addressPointer());
        p.position(dst.offset()).put(src, 0, (int) dst.length());
    }

    static void download(INDArray src, float[] dst) {
        FloatPointer p = new FloatPointer(src.data().addressPointer());
        p.position(src.offset()).get(dst, 0, (int) src.length());
    }
}
