package org.s3nas.workbench.app.latency;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.ArchitectureSampler;
import org.s3nas.workbench.npu.LatencyEstimator;

/**
 * The latency range of a search space: many random architectures ({@link ArchitectureSampler}, uniform over every
 * superkernel's choices) priced by the latency estimator, whose error against the simulator the Fig. 9 scatter shows;
 * the smallest and largest architectures come from full simulations.
 *
 * @param sampledMs    estimated latencies of the random architectures, sorted ascending
 * @param smallestMs   simulated latency of the smallest architecture of the space
 * @param largestMs    simulated latency of the largest architecture
 * @param seed         sampling seed
 */
public record SpaceDistribution(double[] sampledMs, double smallestMs, double largestMs, long seed) {
    /** Enough samples for a smooth histogram; one estimate is a table lookup per block. */
    public static final int DEFAULT_SAMPLES = 20_000;

    public SpaceDistribution {
        sampledMs = sampledMs.clone();
        Arrays.sort(sampledMs);
    }

    @Override
    public double[] sampledMs() { return sampledMs.clone(); }

    public int samples() { return sampledMs.length; }

    /** Share (0..1) of the sampled architectures whose latency is at most {@code targetMs}. */
    public double shareBelow(double targetMs) {
        int lo = 0, hi = sampledMs.length;
        while (lo < hi) {   // first index with a value > target
            int mid = (lo + hi) >>> 1;
            if (sampledMs[mid] <= targetMs) lo = mid + 1;
            else hi = mid;
        }
        return sampledMs.length == 0 ? Double.NaN : (double) lo / sampledMs.length;
    }

    public double median() { return quantile(0.5); }

    public double quantile(double q) {
        if (sampledMs.length == 0) return Double.NaN;
        return sampledMs[(int) Math.min(sampledMs.length - 1, Math.floor(q * sampledMs.length))];
    }

    /** Samples {@code n} architectures and estimates each; polls {@code cancelled} every thousand. */
    public static SpaceDistribution sample(LatencyEstimator estimator, int n, long seed, double smallestMs, double largestMs,
                                           BooleanSupplier cancelled) {
        Supernet s = estimator.table().supernet();
        Random r = new Random(seed);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            if (i % 1000 == 0 && cancelled != null && cancelled.getAsBoolean()) throw new CancellationException("sampling cancelled");
            ms[i] = estimator.latencyMs(ArchitectureSampler.sample(s, r, "sample"));
        }
        return new SpaceDistribution(ms, smallestMs, largestMs, seed);
    }
}
