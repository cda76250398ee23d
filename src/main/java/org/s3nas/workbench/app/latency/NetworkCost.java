package org.s3nas.workbench.app.latency;

import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.npu.Layer;
import org.s3nas.workbench.npu.Network;
import org.s3nas.workbench.npu.Tensor;

/**
 * Parameters and MACs of a lowered network, with {@link ModelCost}'s conventions (no conv bias, two batch-norm
 * parameters per conv/depthwise output channel, biases on FCs; MACs of convolutions and FCs only). For networks that
 * exist only as layers (MobileNetV1 has no expand or projection conv, which an Architecture cannot express);
 * architectures go through ModelCost itself.
 */
public final class NetworkCost {
    private NetworkCost() {}

    public static ModelCost.Totals of(Network n) {
        long params = 0, macs = 0;
        for (Layer l : n.layers()) {
            Tensor out = n.tensor(l.output());
            long pixels = (long) out.height() * out.width();
            long k2 = (long) l.kernel() * l.kernel();
            switch (l.kind()) {
                case GEMM, CONV -> {
                    params += k2 * l.inChannels() * l.outChannels() + 2L * l.outChannels();
                    macs += k2 * l.inChannels() * l.outChannels() * pixels;
                }
                case DEPTHWISE -> {
                    params += k2 * l.outChannels() + 2L * l.outChannels();
                    macs += k2 * l.outChannels() * pixels;
                }
                case FC -> {
                    params += (long) l.inChannels() * l.outChannels() + l.outChannels();
                    macs += (long) l.inChannels() * l.outChannels();
                }
                case SUM, MUL -> { }
            }
        }
        return new ModelCost.Totals(params, macs);
    }
}
