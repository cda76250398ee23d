package org.s3nas.workbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** The search space: input shape, stem, stages of searchable blocks, head (paper Fig. 3). */
public record Supernet(String name, InputShape input, Stem stem, List<Stage> stages, Head head) {
    public Supernet {
        stages = List.copyOf(stages);
    }

    public Supernet withStages(List<Stage> s) { return new Supernet(name, input, stem, s, head); }

    public Supernet withInput(InputShape i) { return new Supernet(name, i, stem, stages, head); }

    public Supernet withStem(Stem s) { return new Supernet(name, input, s, stages, head); }

    public Supernet withHead(Head h) { return new Supernet(name, input, stem, stages, h); }

    public Supernet withName(String n) { return new Supernet(n, input, stem, stages, head); }

    public Supernet withStage(int index, Stage s) {
        List<Stage> copy = new ArrayList<>(stages);
        copy.set(index, s);
        return withStages(copy);
    }

    public int totalBlocks() { return stages.stream().mapToInt(Stage::depth).sum(); }

    /**
     * Every block position in network order. Assumes a valid supernet (positive sizes); feature maps shrink with
     * SAME padding, {@code ceil(size / stride)}.
     */
    public List<BlockPosition> blockPositions() {
        List<BlockPosition> out = new ArrayList<>();
        int h = Architecture.outSize(input.height(), Math.max(1, stem.stride()));
        int w = Architecture.outSize(input.width(), Math.max(1, stem.stride()));
        int c = stem.channels();
        int index = 0;
        for (int s = 0; s < stages.size(); s++) {
            Stage st = stages.get(s);
            for (int b = 0; b < st.depth(); b++) {
                int stride = b == 0 ? Math.max(1, st.stride()) : 1;
                boolean residual = st.residual() && stride == 1 && c == st.width();
                out.add(new BlockPosition(s, b, index++, h, w, c, st.width(), stride, residual,
                        st.superkernelsOf(b), st.kind(), st.seRatio(), st.activation()));
                h = Architecture.outSize(h, stride);
                w = Architecture.outSize(w, stride);
                c = st.width();
            }
        }
        return out;
    }

    /** Architecture built by choosing, for every position and superkernel j, a branch. */
    public Architecture architecture(String archName, BiFunction<BlockPosition, Integer, Branch> choice) {
        List<Block> blocks = new ArrayList<>();
        for (BlockPosition p : blockPositions()) {
            List<Branch> branches = new ArrayList<>();
            for (int j = 0; j < p.superkernels().size(); j++) branches.add(choice.apply(p, j));
            blocks.add(p.block(branches));
        }
        return new Architecture(archName, input, stem, blocks, head);
    }

    /** Every superkernel at its largest kernel and expansion: the full supernet as one network. */
    public Architecture largest() {
        return architecture(name + " (largest)", (p, j) -> {
            Superkernel sk = p.superkernels().get(j);
            List<Integer> es = p.expansionsOf(j);
            return new Branch(sk.largestKernel(), es.get(es.size() - 1));
        });
    }

    /** Every superkernel at its smallest kernel and expansion (0 where allowed: skips where possible). */
    public Architecture smallest() {
        return architecture(name + " (smallest)", (p, j) -> {
            Superkernel sk = p.superkernels().get(j);
            return new Branch(sk.kernelSizes().get(0), p.expansionsOf(j).get(0));
        });
    }

    /** Number of architectures in the space (product over positions and superkernels of the choices); may be huge. */
    public double spaceSize() {
        double log = 0;
        for (BlockPosition p : blockPositions()) {
            for (int j = 0; j < p.superkernels().size(); j++) {
                log += Math.log(choicesOf(p, j));
            }
        }
        return Math.exp(log);
    }

    /**
     * Choices of superkernel j at a position: a zeroed superkernel is one choice whatever its kernel
     * (so kernels x non-zero expansions, + 1 when 0 is allowed).
     */
    public static int choicesOf(BlockPosition p, int j) {
        List<Integer> es = p.expansionsOf(j);
        int nonZero = (int) es.stream().filter(e -> e != 0).count();
        return p.superkernels().get(j).kernelSizes().size() * nonZero + (es.contains(0) ? 1 : 0);
    }
}
