package org.s3nas.workbench.model;

import java.util.List;

/**
 * A concrete network: stem -> blocks -> head. Blocks that are skips may appear (they cost nothing and are dropped
 * by {@link #withoutSkips()}).
 */
public record Architecture(String name, InputShape input, Stem stem, List<Block> blocks, Head head) {
    public Architecture {
        blocks = List.copyOf(blocks);
    }

    public Architecture withoutSkips() {
        return new Architecture(name, input, stem, blocks.stream().filter(b -> !(b.isSkip() && b.residual())).toList(), head);
    }

    public Architecture withName(String n) { return new Architecture(n, input, stem, blocks, head); }

    public Architecture withBlocks(List<Block> b) { return new Architecture(name, input, stem, b, head); }

    public Architecture withInput(InputShape s) { return new Architecture(name, s, stem, blocks, head); }

    /** Output spatial size of a conv with SAME padding. */
    public static int outSize(int in, int stride) { return (in + stride - 1) / stride; }
}
