package org.s3nas.workbench.npu;

import java.util.List;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Supernet;

/**
 * The latency estimator by table lookup: stem + Σ_blocks P(merged configuration) + head. Each position keeps an array
 * from choice-tuple code to cycles (see {@link BlockChoices}), so an estimate is one array read per block.
 */
public final class LatencyEstimator {
    private final LatencyTable table;
    private final Supernet supernet;
    private final BlockPosition[] positions;
    private final BlockChoices[] choices;
    private final long[][] tupleCycles;
    private final int[] skipTuple; // per position: the all-zero tuple, or -1 when the block cannot be a skip

    public LatencyEstimator(LatencyTable table) {
        this.table = table;
        this.supernet = table.supernet();
        int n = table.positionCount();
        positions = new BlockPosition[n];
        choices = new BlockChoices[n];
        skipTuple = new int[n];
        for (int p = 0; p < n; p++) {
            choices[p] = table.choices(p);
            positions[p] = choices[p].position();
            skipTuple[p] = skipTupleOf(choices[p]);
        }
        tupleCycles = table.tupleCyclesArrays();
    }

    private static int skipTupleOf(BlockChoices bc) {
        if (!bc.position().residual()) return -1;
        int[] c = new int[bc.superkernelCount()];
        int[] d = new int[bc.superkernelCount()];
        for (int j = 0; j < d.length; j++) {
            if (bc.expansion(j, 0) != 0) return -1;
        }
        return bc.tuple(c, d);
    }

    public LatencyTable table() { return table; }

    /** Estimated latency of an architecture of the table's supernet, in ms. */
    public double latencyMs(Architecture a) { return table.npu().cyclesToMs(latencyCycles(a)); }

    /** Estimated latency in cycles: stem + Σ P + head. */
    public long latencyCycles(Architecture a) { return latencyCycles(tuples(a)); }

    /** Estimated latency from one tuple code per position. */
    public long latencyCycles(int[] tuples) {
        long sum = table.stemCycles() + table.headCycles();
        for (int p = 0; p < tuples.length; p++) sum += tupleCycles[p][tuples[p]];
        return sum;
    }

    public double latencyMs(int[] tuples) { return table.npu().cyclesToMs(latencyCycles(tuples)); }

    /** Per-position latency in cycles of an architecture (skips are 0). */
    public long[] blockCycles(Architecture a) {
        int[] t = tuples(a);
        long[] out = new long[t.length];
        for (int p = 0; p < t.length; p++) out[p] = tupleCycles[p][t[p]];
        return out;
    }

    /**
     * The tuple code of every position for an architecture of this supernet. The architecture may list every
     * position (skips included) or leave out blocks that became skips ({@link Architecture#withoutSkips()}); blocks are
     * then matched to positions in order by stage and shape.
     */
    public int[] tuples(Architecture a) {
        if (!a.input().equals(supernet.input()) || !a.stem().equals(supernet.stem()) || !a.head().equals(supernet.head())) {
            throw new IllegalArgumentException("architecture '" + a.name() + "' does not belong to the latency table's supernet '"
                    + supernet.name() + "': input, stem or head differ (" + a.input() + " vs " + supernet.input() + ")");
        }
        List<Block> blocks = a.blocks();
        int n = positions.length;
        int[] out = new int[n];
        if (blocks.size() == n) {
            for (int p = 0; p < n; p++) {
                Block b = blocks.get(p);
                if (!fits(b, positions[p])) throw mismatch(a, p, p);
                out[p] = choices[p].tupleOf(b.branches());
            }
            return out;
        }
        int i = 0;
        for (int p = 0; p < n; p++) {
            if (i < blocks.size() && fits(blocks.get(i), positions[p])) {
                out[p] = choices[p].tupleOf(blocks.get(i).branches());
                i++;
            } else if (skipTuple[p] >= 0) {
                out[p] = skipTuple[p];
            } else {
                throw mismatch(a, Math.min(i, blocks.size() - 1), p);
            }
        }
        if (i != blocks.size()) {
            throw new IllegalArgumentException("architecture '" + a.name() + "': block " + i + " and after do not fit any block position of '"
                    + supernet.name() + "'");
        }
        return out;
    }

    private static boolean fits(Block b, BlockPosition p) {
        return b.stage() == p.stage() && b.inChannels() == p.inChannels() && b.outChannels() == p.outChannels()
                && b.stride() == p.stride();
    }

    private IllegalArgumentException mismatch(Architecture a, int block, int position) {
        BlockPosition p = positions[position];
        String got = block >= 0 && block < a.blocks().size() ? describe(a.blocks().get(block)) : "nothing";
        return new IllegalArgumentException("architecture '" + a.name() + "': block " + block + " (" + got
                + ") does not fit block position " + position + " of '" + supernet.name() + "' (stage " + p.stage() + ", "
                + p.inChannels() + "->" + p.outChannels() + ", stride " + p.stride() + ")");
    }

    private static String describe(Block b) {
        return "stage " + b.stage() + ", " + b.inChannels() + "->" + b.outChannels() + ", stride " + b.stride();
    }
}
