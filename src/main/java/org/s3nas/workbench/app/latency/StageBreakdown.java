package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.SimulationResult;

/**
 * Where an architecture's latency goes, stage by stage, as in the paper's Fig. 5: per stage the cycles of its 1x1
 * convolutions (expand and project), of its depthwise convolutions, and of everything else in its blocks (residual
 * Sum, SE FCs and Mul), from the simulator's per-layer results. The stem and the head are kept apart.
 *
 * <p>Identity (MIDAP runs layers strictly one after another, so layer cycles add up to the total):
 * {@code stem + Σ_stages (conv1x1 + depthwise + other) + head = total}.
 *
 * @param architecture name of the simulated architecture
 * @param stages       one bar per stage that has computing blocks, in network order
 * @param stemCycles   cycles of the stem layers
 * @param headCycles   cycles of the head (1x1 feature-mix conv with the fused pool, and the classifier FC)
 * @param totalCycles  the simulated total
 */
public record StageBreakdown(String architecture, List<Stage> stages, long stemCycles, long headCycles, long totalCycles,
                             NpuConfig npu) {
    public StageBreakdown {
        stages = List.copyOf(stages);
    }

    /** One stage's bar: cycles by kind of layer, and how many blocks compute (skips cost nothing). */
    public record Stage(int stage, int blocks, long conv1x1Cycles, long depthwiseCycles, long otherCycles) {
        public long cycles() { return conv1x1Cycles + depthwiseCycles + otherCycles; }

        public String label() { return "Stage " + (stage + 1); }
    }

    /** Layer kinds as the bars split them. */
    public enum Part {
        CONV_1X1("1×1 conv"), DEPTHWISE("Depthwise conv"), OTHER("Other (Sum, SE)");

        private final String title;

        Part(String title) { this.title = title; }

        public String title() { return title; }
    }

    public static StageBreakdown of(SimulationResult r, NpuConfig npu) {
        long stem = 0, head = 0;
        TreeMap<Integer, long[]> byStage = new TreeMap<>();   // conv, dw, other, blocks
        TreeMap<Integer, java.util.Set<Integer>> blocks = new TreeMap<>();
        for (LayerResult l : r.layers()) {
            switch (l.segment()) {
                case STEM -> stem += l.cycles();
                case HEAD -> head += l.cycles();
                case BLOCK -> {
                    long[] s = byStage.computeIfAbsent(l.stage(), k -> new long[3]);
                    s[part(l).ordinal()] += l.cycles();
                    blocks.computeIfAbsent(l.stage(), k -> new java.util.TreeSet<>()).add(l.block());
                }
            }
        }
        List<Stage> out = new ArrayList<>();
        byStage.forEach((st, c) -> out.add(new Stage(st, blocks.get(st).size(), c[0], c[1], c[2])));
        return new StageBreakdown(r.network(), out, stem, head, r.totalCycles(), npu);
    }

    /** Which bar segment a block layer belongs to. Block convolutions are the 1x1 expand and project (Lowering). */
    static Part part(LayerResult l) {
        return switch (l.kind()) {
            case CONV, GEMM -> Part.CONV_1X1;
            case DEPTHWISE -> Part.DEPTHWISE;
            case FC, SUM, MUL -> Part.OTHER;
        };
    }

    public long cycles(Stage s, Part p) {
        return switch (p) {
            case CONV_1X1 -> s.conv1x1Cycles();
            case DEPTHWISE -> s.depthwiseCycles();
            case OTHER -> s.otherCycles();
        };
    }

    /** Σ over the stage bars. */
    public long stageCycles() { return stages.stream().mapToLong(Stage::cycles).sum(); }

    public long partCycles(Part p) { return stages.stream().mapToLong(s -> cycles(s, p)).sum(); }

    public double ms(long cycles) { return npu.cyclesToMs(cycles); }

    public double totalMs() { return ms(totalCycles); }
}
