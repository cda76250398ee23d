package org.s3nas.workbench.model;

import java.util.List;

/**
 * Where a searchable block sits in a supernet: its stage, index within the stage, index in the network, input
 * feature map size, in/out width, stride, whether it has a residual, and the superkernels it searches over.
 * This is the key of a latency-table entry (paper Eq. 8: P is profiled per position).
 */
public record BlockPosition(int stage, int indexInStage, int index, int inputHeight, int inputWidth,
                            int inChannels, int outChannels, int stride, boolean residual,
                            List<Superkernel> superkernels, BlockKind kind, double seRatio, Activation activation) {
    public BlockPosition {
        superkernels = List.copyOf(superkernels);
    }

    public int outputHeight() { return Architecture.outSize(inputHeight, stride); }

    public int outputWidth() { return Architecture.outSize(inputWidth, stride); }

    /** Candidate expansions of superkernel j at this position (0 only where it applies). */
    public List<Integer> expansionsOf(int j) { return superkernels.get(j).expansionsFor(residual); }

    /** The block for one choice per superkernel. */
    public Block block(List<Branch> branches) {
        return new Block(stage, inChannels, outChannels, stride, residual, branches, seRatio, activation);
    }
}
