package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;

/** A lowered network: tensors and layers in processing order (layers run strictly one after another). */
public record Network(String name, List<Tensor> tensors, List<Layer> layers) {
    public Network {
        tensors = List.copyOf(tensors);
        layers = List.copyOf(layers);
    }

    public Tensor tensor(int id) { return tensors.get(id); }

    /** Layers reading {@code tensor} as main input, in processing order. */
    public List<Layer> readersOf(int tensor) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) if (l.input() == tensor) out.add(l);
        return out;
    }

    public Network withName(String n) { return new Network(n, tensors, layers); }

    /**
     * Trainable parameters, counted as PyTorch does for these networks: a batch norm (scale and shift) after every
     * conv and depthwise conv, which have no bias; a bias on every FC (SE FCs included). Max pools, sums and SE
     * multiplies have none. (The depthwise branches of a MixConv block share one batch norm, which this counts per
     * branch; the model's cost of an architecture counts it once.)
     */
    public long parameters() {
        long p = 0;
        for (Layer l : layers) {
            long k2 = (long) l.kernel() * l.kernel();
            switch (l.kind()) {
                case GEMM, CONV -> p += k2 * l.inChannels() * l.outChannels() + 2L * l.outChannels();
                case DEPTHWISE -> {
                    if (!l.maxPool()) p += k2 * l.outChannels() + 2L * l.outChannels();
                }
                case FC -> p += (long) l.inChannels() * l.outChannels() + l.outChannels();
                default -> { }
            }
        }
        return p;
    }
}
