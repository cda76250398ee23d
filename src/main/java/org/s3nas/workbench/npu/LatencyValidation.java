package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * The estimator against the simulator (paper Fig. 9): random architectures of the space, each estimated from the
 * latency table and simulated as a whole network. Errors are (estimate - simulation) / simulation. Because layers run
 * one after another, a whole-network simulation splits exactly into stem, blocks and head; the mean error of each part
 * shows where the estimate differs.
 *
 * @param pairs                one per architecture, in sampling order
 * @param mapePercent          mean absolute percentage error
 * @param maxErrorPercent      largest absolute percentage error
 * @param within1Percent       share (0..1) of architectures whose error is within ±1 %
 * @param within5Percent       share (0..1) within ±5 %
 * @param rmseMs               root mean square error in ms
 * @param meanErrorPercent     mean signed error (bias)
 * @param blockMeanErrorCycles per block position, mean of (table P - simulated cycles of that block's layers); NaN
 *                             when the simulations carried no per-layer results
 * @param stemMeanErrorCycles  the same for the stem
 * @param headMeanErrorCycles  the same for the head
 */
public record LatencyValidation(List<Pair> pairs, double mapePercent, double maxErrorPercent, double within1Percent,
                                double within5Percent, double rmseMs, double meanErrorPercent,
                                double[] blockMeanErrorCycles, double stemMeanErrorCycles, double headMeanErrorCycles) {
    public LatencyValidation {
        pairs = List.copyOf(pairs);
        blockMeanErrorCycles = blockMeanErrorCycles.clone();
    }

    /** One architecture: estimated and simulated latency, and per position the estimate minus the simulated block. */
    public record Pair(int index, Architecture architecture, long estimatedCycles, long simulatedCycles,
                       double estimatedMs, double simulatedMs) {
        public double errorPercent() { return 100.0 * (estimatedCycles - simulatedCycles) / simulatedCycles; }
    }

    @Override
    public double[] blockMeanErrorCycles() { return blockMeanErrorCycles.clone(); }

    /** Summary statistics of pairs, without a per-part breakdown. */
    public static LatencyValidation of(List<Pair> pairs) {
        return of(pairs, new double[0], Double.NaN, Double.NaN);
    }

    static LatencyValidation of(List<Pair> pairs, double[] blockErr, double stemErr, double headErr) {
        if (pairs.isEmpty()) throw new IllegalArgumentException("no architectures to compare");
        double abs = 0, max = 0, sq = 0, signed = 0;
        int w1 = 0, w5 = 0;
        for (Pair p : pairs) {
            double e = p.errorPercent();
            abs += Math.abs(e);
            signed += e;
            max = Math.max(max, Math.abs(e));
            if (Math.abs(e) <= 1) w1++;
            if (Math.abs(e) <= 5) w5++;
            double d = p.estimatedMs() - p.simulatedMs();
            sq += d * d;
        }
        int n = pairs.size();
        return new LatencyValidation(pairs, abs / n, max, (double) w1 / n, (double) w5 / n, Math.sqrt(sq / n), signed / n,
                blockErr, stemErr, headErr);
    }

    /** {@link #run(LatencyEstimator, Function, int, long, Profiler.Progress, BooleanSupplier)} on the MIDAP simulator. */
    public static LatencyValidation run(LatencyEstimator estimator, int n, long seed, Profiler.Progress progress,
                                        BooleanSupplier cancelled) {
        MidapSimulator sim = new MidapSimulator(estimator.table().npu());
        return run(estimator, a -> sim.simulate(Lowering.lower(a, sim.npu()), false), n, seed, progress, cancelled);
    }

    /**
     * Samples {@code n} architectures uniformly ({@link ArchitectureSampler}, seeded; every position listed, skips
     * included) and compares the estimate with {@code simulate} of each whole network, on all cores.
     */
    public static LatencyValidation run(LatencyEstimator estimator, Function<Architecture, SimulationResult> simulate, int n,
                                        long seed, Profiler.Progress progress, BooleanSupplier cancelled) {
        if (n < 1) throw new IllegalArgumentException("the number of random architectures must be at least 1, was " + n);
        LatencyTable table = estimator.table();
        Supernet s = table.supernet();
        NpuConfig npu = table.npu();
        Random r = new Random(seed);
        List<Architecture> archs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) archs.add(ArchitectureSampler.sample(s, r, s.name() + " random " + (i + 1)));
        Profiler.Progress prog = progress == null ? Profiler.Progress.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        int positions = table.positionCount();
        Pair[] out = new Pair[n];
        double[][] blockErr = new double[n][];
        double[] stemErr = new double[n], headErr = new double[n];
        boolean[] layered = new boolean[n];
        AtomicInteger done = new AtomicInteger();
        Object lock = new Object();
        Profiler.runOnPool(Runtime.getRuntime().availableProcessors(), "validation", () -> IntStream.range(0, n).parallel().forEach(i -> {
            if (stop.getAsBoolean()) throw new CancellationException("validation cancelled");
            Architecture a = archs.get(i);
            long est = estimator.latencyCycles(a);
            SimulationResult res = simulate.apply(a);
            long sim = res.totalCycles();
            out[i] = new Pair(i, a, est, sim, npu.cyclesToMs(est), npu.cyclesToMs(sim));
            if (!res.layers().isEmpty()) {
                // Lowering tags a block's layers with its index in the architecture, which lists every position.
                SimulationResult.Segments simulated = res.segments(positions);
                long[] est2 = estimator.blockCycles(a);
                blockErr[i] = new double[positions];
                for (int p = 0; p < positions; p++) blockErr[i][p] = est2[p] - simulated.blocks()[p];
                stemErr[i] = table.stemCycles() - simulated.stem();
                headErr[i] = table.headCycles() - simulated.head();
                layered[i] = true;
            }
            synchronized (lock) {
                prog.update(done.incrementAndGet(), n);
            }
        }));
        double[] meanBlock = new double[positions];
        double meanStem = Double.NaN, meanHead = Double.NaN;
        boolean all = true;
        for (boolean b : layered) all &= b;
        if (all) {
            meanStem = Arrays.stream(stemErr).average().orElse(0);
            meanHead = Arrays.stream(headErr).average().orElse(0);
            for (int p = 0; p < positions; p++) {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += blockErr[i][p];
                meanBlock[p] = sum / n;
            }
        } else {
            Arrays.fill(meanBlock, Double.NaN);
        }
        return of(List.of(out), meanBlock, meanStem, meanHead);
    }
}
