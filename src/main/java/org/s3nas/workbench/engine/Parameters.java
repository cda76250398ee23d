package org.s3nas.workbench.engine;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.model.Activation;

/**
 * The trainable tensors of one network, in the order they are created (the order of its checkpoints), and its batch
 * norms, which share one set of work buffers. The supernet and the final training's fixed network both build theirs
 * here, with the same initialisers.
 */
public final class Parameters {
    public final List<Param> all = new ArrayList<>();
    public final List<BatchNorm> norms = new ArrayList<>();
    private final BatchNorm.Work work;
    private final boolean keepEma;

    /** @param keepEma every tensor keeps an exponential moving average of its value (the final training's) */
    public Parameters(BatchNorm.Work work, boolean keepEma) {
        this.work = work;
        this.keepEma = keepEma;
    }

    /** A zero tensor; {@code decay}: weight decay applies; {@code device}: its native copy (may be null). */
    public Param add(String name, int size, boolean decay, INDArray device) {
        Param p = new Param(name, size, decay, device, keepEma);
        all.add(p);
        return p;
    }

    /** A conv weight, He normal with fan-out (EfficientNet's conv initialiser). */
    public Param conv(String name, int size, int fanOut, INDArray device, Rng rng) {
        Param p = add(name, size, true, device);
        double std = Math.sqrt(2.0 / fanOut);
        for (int i = 0; i < p.value.length; i++) p.value[i] = (float) (rng.nextGaussian() * std);
        return p;
    }

    /** A fully connected weight [in, out], uniform in +-1/sqrt(in): logits start small whatever the head's width. */
    public Param fc(String name, int in, int out, INDArray device, Rng rng) {
        Param p = add(name, in * out, true, device);
        double range = 1 / Math.sqrt(in);
        for (int i = 0; i < p.value.length; i++) p.value[i] = (float) ((rng.nextDouble() * 2 - 1) * range);
        return p;
    }

    /** A batch norm fused with {@code act} (null for none); its gamma and beta join the tensors. */
    public BatchNorm bn(String name, int c, Activation act) {
        BatchNorm b = new BatchNorm(name, c, act, work, keepEma);
        norms.add(b);
        all.add(b.gamma);
        all.add(b.beta);
        return b;
    }

    /** Uploads what the native side reads (after an optimiser step, a checkpoint restore or an EMA swap). */
    public void upload() {
        for (Param p : all) p.upload();
    }

    public void zeroGradients() {
        for (Param p : all) java.util.Arrays.fill(p.grad, 0f);
    }
}
