package org.s3nas.workbench.search;

import java.nio.file.Path;
import org.s3nas.workbench.model.Architecture;

/**
 * What a finished search found: the decoded architecture (skips removed), its validation accuracy as a path of the
 * supernet (BN statistics recalibrated on that path), its latency by the Eq. 7/8 estimate and by simulation, the
 * target band it was meant to land in, the final thresholds, the run folder, and the final repair (null: none).
 */
public record SearchResult(Architecture architecture, double validationAccuracy, double estimatedLatencyMs,
                           double simulatedLatencyMs, double targetMs, double lowerMs, String[] thresholdNames,
                           double[] thresholds, long steps, Path runDirectory, RepairRecord repair) {
    /** The latency the status is judged by: simulated where known, else the estimate. */
    public double latencyMs() { return Double.isFinite(simulatedLatencyMs) ? simulatedLatencyMs : estimatedLatencyMs; }

    /** Whether the architecture landed in the band [lower, T]. */
    public boolean targetMet() { return latencyMs() >= lowerMs && latencyMs() <= targetMs; }

    /** "0.0781 ms, 98 % of the 0.08 ms target" (and "target missed" / "below the band" when outside). */
    public String latencySummary() {
        String s = String.format(java.util.Locale.ROOT, "%.4f ms, %.0f %% of the %.4g ms target", latencyMs(), 100 * latencyMs() / targetMs, targetMs);
        if (targetMet()) return s;
        return s + String.format(java.util.Locale.ROOT, " (band %.4f-%.4f ms)", lowerMs, targetMs);
    }
}
