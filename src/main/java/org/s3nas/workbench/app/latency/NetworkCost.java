package org.s3nas.workbench.app.latency;

import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.npu.Layer;
import org.s3nas.workbench.npu.Network;
import org.s3nas.workbench.npu.Tensor;

/**
 * Parameters and MACs of a lowered network, with {@link ModelCost}'s conventions (no conv bias, two batch-norm
 * parameters per conv/depthwise output channel, biases on FCs; MACs of convolutions and FCs only). For networks that
 * exist only as layers (MobileNetV1, MobileNetV3-Large, ResNet-50); architectures go through ModelCost itself.
 * The parameters are {@link Network#parameters()}.
 */
public final class NetworkCost {
    private NetworkCost() {}

    public static ModelCost.Totals of(Network n) {
        long macs = 0;
        for (Layer l : n.layers()) {
            Tensor out = n.tensor(l.output());
            long pixels = (long) out.height() * out.width();
            long k2 = (long) l.kernel() * l.kernel();
            switch (l.kind()) {
                case GEMM, CONV -> macs += k2 * l.inChannels() * l.outChannels() * pixels;
                case DEPTHWISE -> {
                    if (!l.maxPool()) macs += k2 * l.outChannels() * pixels;
                }
                case FC -> macs += (long) l.inChannels() * l.outChannels();
                case SUM, MUL -> { }
            }
        }
        return new ModelCost.Totals(n.parameters(), macs);
    }
}
