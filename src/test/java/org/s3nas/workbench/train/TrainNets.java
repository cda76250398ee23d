package org.s3nas.workbench.train;

import java.util.List;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.Stem;

/** Small fixed architectures for fast tests. */
final class TrainNets {
    private TrainNets() {}

    /**
     * 8x8x1 input, 3 classes; every kind of block the trainer must handle: a MixConv block with two merged kernels and
     * SE (residual), a stride-2 block with a 7x7 and a 5x5 branch, an expansion-1 block without expand conv, a skip.
     */
    static Architecture mixed(Activation act, double seRatio) {
        List<Block> blocks = List.of(
                new Block(0, 4, 4, 1, true, List.of(new Branch(3, 1), new Branch(5, 1), new Branch(3, 1)), seRatio, act),
                new Block(1, 4, 6, 2, true, List.of(new Branch(7, 1), new Branch(5, 2)), seRatio, act),
                new Block(1, 6, 6, 1, true, List.of(new Branch(3, 1)), seRatio, act),
                new Block(1, 6, 6, 1, true, List.of(new Branch(3, 0), new Branch(5, 0)), 0, act),
                new Block(2, 6, 8, 2, true, List.of(new Branch(3, 2)), seRatio, act));
        return new Architecture("mixed", InputShape.square(8, 1), new Stem(4, 3, 1, act), blocks, new Head(12, 3, act));
    }

    /** A plain small network for learning tests: 8x8x1, two MBConv blocks, ReLU, no SE. */
    static Architecture small(int classes) {
        List<Block> blocks = List.of(
                new Block(0, 8, 8, 1, true, List.of(new Branch(3, 2)), 0, Activation.RELU),
                new Block(1, 8, 12, 2, true, List.of(new Branch(3, 2), new Branch(5, 2)), 0, Activation.RELU));
        return new Architecture("small", InputShape.square(8, 1), new Stem(8, 3, 1, Activation.RELU), blocks,
                new Head(32, classes, Activation.RELU));
    }

    /** Stride-2 5x5 and 7x7 depthwise branches down to maps of 2 and 1 pixels (4x4x1 input), then a block at 1x1 with SE. */
    static Architecture tinyMaps() {
        List<Block> blocks = List.of(
                new Block(0, 4, 6, 2, true, List.of(new Branch(5, 1), new Branch(7, 1)), 0, Activation.RELU),
                new Block(1, 6, 8, 2, true, List.of(new Branch(7, 1), new Branch(5, 2)), 0, Activation.RELU),
                new Block(1, 8, 8, 1, true, List.of(new Branch(5, 1), new Branch(3, 1)), 0.5, Activation.RELU));
        return new Architecture("tiny maps", InputShape.square(4, 1), new Stem(4, 3, 1, Activation.RELU), blocks,
                new Head(12, 3, Activation.RELU));
    }
}
