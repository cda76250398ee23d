package org.s3nas.workbench.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor kept on the Java heap (value, gradient, RMSProp state) so that the optimiser, clipping and
 * checkpoints are plain loops; {@code device} is the native copy the GEMMs read (null when the engine derives its
 * own native copy, e.g. masked depthwise weights, or when only heap loops use the tensor). The search's supernet and
 * the final training's fixed network (package train) both hold their weights in these.
 */
public final class Param {
    public final String name;
    /** RMSProp state: {@code ms} the mean square, {@code mom} the momentum. */
    public final float[] value, grad, ms, mom;
    /** The exponential moving average of the value that evaluation uses (final training); null when not kept (search). */
    public final float[] ema;
    /** Weight decay applies (conv and FC weights; not BN, not biases). */
    public final boolean decay;
    public final INDArray device;

    /** A tensor without a moving average (the search's). */
    public Param(String name, int size, boolean decay, INDArray device) {
        this(name, size, decay, device, false);
    }

    public Param(String name, int size, boolean decay, INDArray device, boolean keepEma) {
        this.name = name;
        this.value = new float[size];
        this.grad = new float[size];
        this.ms = new float[size];
        this.mom = new float[size];
        this.ema = keepEma ? new float[size] : null;
        this.decay = decay;
        this.device = device;
        if (device != null && device.length() != size) throw new IllegalArgumentException(name + ": device size mismatch");
    }

    /** Copies the value to the native side (after an optimiser step, a restore or an EMA swap). */
    public void upload() {
        if (device != null) Nd.upload(value, device);
    }

    public int size() { return value.length; }
}
