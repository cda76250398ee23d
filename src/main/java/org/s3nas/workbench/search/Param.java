package org.s3nas.workbench.search;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor kept on the Java heap (value, gradient, RMSProp state) so that the optimiser, clipping and
 * checkpoints are plain loops; {@code device} is the native copy the GEMMs read (null when the engine derives its
 * own native copy, e.g. masked depthwise weights).
 */
final class Param {
    final String name;
    final float[] value, grad, ms, mom;
    final boolean decay;
    final INDArray device;

    Param(String name, int size, boolean decay, INDArray device) {
        this.name = name;
        this.value = new float[size];
        this.grad = new float[size];
        this.ms = new float[size];
        this.mom = new float[size];
        this.decay = decay;
        this.device = device;
        if (device != null && device.length() != size) throw new IllegalArgumentException(name + ": device size mismatch");
    }

    void upload() {
        if (device != null) Nd.upload(value, device);
    }
}
