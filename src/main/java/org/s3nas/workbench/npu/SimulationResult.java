package org.s3nas.workbench.npu;

import java.util.List;

/**
 * A whole simulation (docs/midap.md): total cycles and latency, stalls, MACs and DRAM traffic, per layer and as a timeline
 * (empty when recording was switched off).
 */
public record SimulationResult(String network, long totalCycles, double latencyMs, long stallCycles, long macs,
                               long dramBytesRead, long dramBytesWritten, double macUtilisation,
                               List<LayerResult> layers, Timeline timeline) {
    public SimulationResult {
        layers = List.copyOf(layers);
    }

    public long dramBytes() { return dramBytesRead + dramBytesWritten; }

    /** Cycles of the stem, of each block (by its index in the architecture) and of the head. */
    public record Segments(long stem, long[] blocks, long head) {}

    /**
     * This run's cycles by segment, for an architecture of {@code blocks} block positions. MIDAP runs one layer after
     * the other: a block's cycles are the sum of its layers' (stalls included).
     */
    public Segments segments(int blocks) {
        long[] perBlock = new long[blocks];
        long stem = 0, head = 0;
        for (LayerResult l : layers) {
            switch (l.segment()) {
                case STEM -> stem += l.cycles();
                case HEAD -> head += l.cycles();
                case BLOCK -> perBlock[l.block()] += l.cycles();
            }
        }
        return new Segments(stem, perBlock, head);
    }

    /** The layer called {@code name}, or null. */
    public LayerResult layer(String name) {
        for (LayerResult l : layers) if (l.name().equals(name)) return l;
        return null;
    }
}
