package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * What a search space costs on the NPU, for the supernet editor: how many architectures it holds, the parameter and
 * MAC range (smallest and largest architecture, {@link ModelCost}), the MIDAP latency of both ends (simulated), and
 * each stage's share of the largest architecture's latency. The smallest architecture takes every superkernel's
 * smallest kernel and expansion (skips where a residual allows them), the largest the opposite
 * ({@link Supernet#smallest()}, {@link Supernet#largest()}); every architecture of the space lies between them.
 *
 * @param log10Size         log10 of the number of architectures (the count itself overflows a double for deep spaces)
 * @param smallest          the smallest architecture's costs
 * @param largest           the largest architecture's costs, with per-block cycles
 * @param stageShares       per stage, its cycles in the largest architecture and their fraction of the total
 */
public record SpaceCosts(double log10Size, ArchitectureCosts smallest, ArchitectureCosts largest,
                         List<StageShare> stageShares) {
    public SpaceCosts {
        stageShares = List.copyOf(stageShares);
    }

    /** One stage's part of the largest architecture's latency. */
    public record StageShare(int stage, long cycles, double fraction) {}

    /**
     * The costs of one architecture: parameters, MACs, simulated latency, and the cycles of the stem, of every block
     * (indexed like {@link Architecture#blocks()}; 0 for a skip) and of the head, from one whole-network simulation:
     * a block's cycles are those of its layers ({@link LayerResult#block()}), stalls included.
     */
    public record ArchitectureCosts(long parameters, long macs, long totalCycles, double latencyMs,
                                    long stemCycles, long[] blockCycles, long headCycles) {
        public ArchitectureCosts {
            blockCycles = blockCycles.clone();
        }

        @Override
        public long[] blockCycles() { return blockCycles.clone(); }

        public long blockCycles(int block) { return blockCycles[block]; }

        public int blocks() { return blockCycles.length; }

        @Override
        public boolean equals(Object o) {
            return o instanceof ArchitectureCosts c && parameters == c.parameters && macs == c.macs
                    && totalCycles == c.totalCycles && latencyMs == c.latencyMs && stemCycles == c.stemCycles
                    && headCycles == c.headCycles && java.util.Arrays.equals(blockCycles, c.blockCycles);
        }

        @Override
        public int hashCode() { return java.util.Objects.hash(parameters, macs, totalCycles, java.util.Arrays.hashCode(blockCycles)); }

        @Override
        public String toString() {
            return "ArchitectureCosts[parameters=" + parameters + ", macs=" + macs + ", latencyMs=" + latencyMs + "]";
        }
    }

    /** Number of architectures (may be infinite as a double; {@link #log10Size()} never is). */
    public double size() { return Math.pow(10, log10Size); }

    public double smallestLatencyMs() { return smallest.latencyMs(); }

    public double largestLatencyMs() { return largest.latencyMs(); }

    /** A search can meet {@code targetMs} only if the smallest architecture does (the loss's latency penalty is zero only when the summed latency ΣL ≤ T). */
    public boolean reachable(double targetMs) { return targetMs >= smallest.latencyMs(); }

    /**
     * Computes the costs of a valid supernet. {@code cancelled} is polled between the steps; when it turns true
     * the computation stops with a {@link CancellationException}.
     */
    public static SpaceCosts compute(Supernet s, NpuConfig npu, BooleanSupplier cancelled) {
        double log10 = log10Size(s);
        check(cancelled);
        Architecture largest = s.largest();
        ArchitectureCosts big = of(largest, npu);
        check(cancelled);
        ArchitectureCosts small = of(s.smallest(), npu);
        check(cancelled);
        long[] perStage = new long[s.stages().size()];
        List<org.s3nas.workbench.model.Block> blocks = largest.blocks();
        for (int i = 0; i < blocks.size(); i++) perStage[blocks.get(i).stage()] += big.blockCycles(i);
        List<StageShare> shares = new ArrayList<>();
        for (int st = 0; st < perStage.length; st++) {
            shares.add(new StageShare(st, perStage[st], big.totalCycles() == 0 ? 0 : (double) perStage[st] / big.totalCycles()));
        }
        return new SpaceCosts(log10, small, big, shares);
    }

    /** Simulates an architecture on MIDAP (no timeline) and counts its parameters and MACs. */
    public static ArchitectureCosts of(Architecture a, NpuConfig npu) {
        SimulationResult r = new MidapSimulator(npu).simulate(Lowering.lower(a, npu), false);
        SimulationResult.Segments seg = r.segments(a.blocks().size());
        ModelCost.Totals t = ModelCost.totals(a);
        return new ArchitectureCosts(t.parameters(), t.macs(), r.totalCycles(), r.latencyMs(), seg.stem(), seg.blocks(), seg.head());
    }

    /** log10 of {@link Supernet#spaceSize()}, summed in logs so that it never overflows. */
    public static double log10Size(Supernet s) {
        double log = 0;
        for (BlockPosition p : s.blockPositions()) {
            for (int j = 0; j < p.superkernels().size(); j++) log += Math.log10(Supernet.choicesOf(p, j));
        }
        return log;
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled != null && cancelled.getAsBoolean()) throw new CancellationException("cost computation cancelled");
    }
}
