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
}
