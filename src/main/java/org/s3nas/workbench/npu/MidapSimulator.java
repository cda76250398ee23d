package org.s3nas.workbench.npu;

import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.NpuConfig;

/**
 * The MIDAP NPU simulator every latency in the workbench comes from (docs/midap.md). Deterministic and cheap: use
 * {@link #cycles(Architecture)} in loops (no timeline is recorded), {@link #simulate(Architecture)} for the full
 * per-layer result and timeline. Instances are immutable and thread-safe.
 */
public final class MidapSimulator {
    private final NpuConfig npu;

    public MidapSimulator(NpuConfig npu) {
        this.npu = java.util.Objects.requireNonNull(npu, "npu");
    }

    public NpuConfig npu() { return npu; }

    /** Lowers and simulates an architecture, recording the timeline. */
    public SimulationResult simulate(Architecture architecture) {
        return simulate(Lowering.lower(architecture, npu));
    }

    /** Simulates a lowered network (input image in DRAM, result written to DRAM), recording the timeline. */
    public SimulationResult simulate(Network network) {
        return new Engine(npu, true).run(network, false);
    }

    /** Same as {@link #simulate(Network)} with the timeline recording switched on or off. */
    public SimulationResult simulate(Network network, boolean recordTimeline) {
        return new Engine(npu, recordTimeline).run(network, false);
    }

    /**
     * One block alone as the paper profiles it for its latency model (docs/midap.md §7): its input already in FMEM, the first layer's weights
     * already loaded, its output left in FMEM. Returns the block's layers, timeline and cycles.
     */
    public SimulationResult simulateBlock(Block block, int inputHeight, int inputWidth) {
        return new Engine(npu, true).run(blockNetwork(block, inputHeight, inputWidth), true);
    }

    /**
     * Several blocks run back to back as one piece (e.g. the {@code repeat} blocks of a block string): the first
     * block's input already in FMEM and its weights loaded, the last block's output left in FMEM. Skip blocks are
     * left out.
     */
    public SimulationResult simulateBlocks(java.util.List<Block> blocks, int inputHeight, int inputWidth) {
        if (blocks.isEmpty()) throw new IllegalArgumentException("no blocks to simulate");
        if (inputHeight < 1 || inputWidth < 1) {
            throw new IllegalArgumentException("block input must be at least 1x1, was " + inputHeight + "x" + inputWidth);
        }
        NetworkBuilder b = new NetworkBuilder("blocks", npu);
        int x = b.input(inputHeight, inputWidth, blocks.get(0).inChannels());
        int n = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block blk = blocks.get(i);
            if (blk.isSkip()) continue;
            if (blk.inChannels() != b.channels(x)) {
                throw new IllegalArgumentException("block " + i + " takes " + blk.inChannels() + " channels but receives " + b.channels(x));
            }
            b.at(Segment.BLOCK, blk.stage(), i);
            x = Lowering.block(b, x, blk);
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("every block is a skip: nothing to simulate");
        return new Engine(npu, true).run(b.build(), true);
    }

    /** Cycles of a block alone (see {@link #simulateBlock}), without recording. */
    public long blockCycles(Block block, int inputHeight, int inputWidth) {
        if (block.isSkip()) return 0;
        return new Engine(npu, false).run(blockNetwork(block, inputHeight, inputWidth), true).totalCycles();
    }

    /** Total cycles of an architecture, without recording a timeline (the fast path for estimators and editors). */
    public long cycles(Architecture architecture) {
        return cycles(Lowering.lower(architecture, npu));
    }

    public long cycles(Network network) {
        return new Engine(npu, false).run(network, false).totalCycles();
    }

    /** Latency in milliseconds at the configured clock. */
    public double latencyMs(Architecture architecture) {
        return npu.cyclesToMs(cycles(architecture));
    }

    private Network blockNetwork(Block block, int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException("block input must be at least 1x1, was " + h + "x" + w);
        if (block.isSkip()) throw new IllegalArgumentException("a skip block has no layers to simulate");
        NetworkBuilder b = new NetworkBuilder("block", npu);
        int in = b.input(h, w, block.inChannels());
        b.at(Segment.BLOCK, block.stage(), 0);
        Lowering.block(b, in, block);
        return b.build();
    }
}
