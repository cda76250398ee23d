package org.s3nas.workbench.search.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor on the Java heap: value, gradient, RMSProp state (mean square, momentum) and the exponential
 * moving average of the value that evaluation uses.
 */
final class Param {
    final String name;
    final float[] value, grad, ms, mom, ema;
    /** Weight decay applies (conv and FC weights; not BN, not biases). */
    final boolean decay;
    /** The native copy GEMMs read (null when only heap loops use the tensor). */
    final INDArray device;

    Param(String name, int size, boolean decay, INDArray device) {
        this.name = name;
        this.value = new float[size];
        this.grad = new float[size];
        this.ms = new float[size];
        this.mom = new float[size];
        this.ema = new float[size];
        this.decay = decay;
        this.device = device;
        if (device != null && device.length() != size) throw new IllegalArgumentException(name + ": device size mismatch");
    }

    /** Copies the value to the native side (after an optimiser step, a restore or an EMA swap). */
    void upload() {
        if (device != null) Nn.upload(value, device);
    }

    int size() { return value.length; }
}
