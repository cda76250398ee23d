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

    /** The layer called {@code name}, or null. */
    public LayerResult layer(String name) {
        for (LayerResult l : layers) if (l.name().equals(name)) return l;
        return null;
    }
}
