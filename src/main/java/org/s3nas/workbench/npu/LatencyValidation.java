package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * The estimator against the simulator (paper Fig. 9): random architectures of the space, each estimated from the
 * latency table and simulated as a whole network. Errors are (estimate - simulation) / simulation.
 *
 * @param pairs             one per architecture, in sampling order
 * @param mapePercent       mean absolute percentage error
 * @param maxErrorPercent   largest absolute percentage error
 * @param within1Percent    share (0..1) of architectures whose error is within ±1 %
 * @param within5Percent    share (0..1) within ±5 %
 * @param rmseMs            root mean square error in ms
 * @param meanErrorPercent  mean signed error (bias)
 */
public record LatencyValidation(List<Pair> pairs, double mapePercent, double maxErrorPercent, double within1Percent,
                                double within5Percent, double rmseMs, double meanErrorPercent) {
    public LatencyValidation {
        pairs = List.copyOf(pairs);
    }

    /** One architecture: estimated and simulated latency. */
    public record Pair(int index, Architecture architecture, long estimatedCycles, long simulatedCycles,
                       double estimatedMs, double simulatedMs) {
        public double errorPercent() { return 100.0 * (estimatedCycles - simulatedCycles) / simulatedCycles; }
    }

    /** Summary statistics of pairs. */
    public static LatencyValidation of(List<Pair> pairs) {
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
        return new LatencyValidation(pairs, abs / n, max, (double) w1 / n, (double) w5 / n, Math.sqrt(sq / n), signed / n);
    }

    /**
     * Samples {@code n} architectures uniformly ({@link ArchitectureSampler}, seeded) and compares the estimate with
     * {@code simulateCycles} of each whole network, on all cores.
     */
    public static LatencyValidation run(LatencyEstimator estimator, ToLongFunction<Architecture> simulateCycles, int n, long seed,
                                        Profiler.Progress progress, BooleanSupplier cancelled) {
        if (n < 1) throw new IllegalArgumentException("the number of random architectures must be at least 1, was " + n);
        Supernet s = estimator.table().supernet();
        NpuConfig npu = estimator.table().npu();
        Random r = new Random(seed);
        List<Architecture> archs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) archs.add(ArchitectureSampler.sample(s, r, s.name() + " random " + (i + 1)));
        Profiler.Progress prog = progress == null ? Profiler.Progress.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        Pair[] out = new Pair[n];
        AtomicInteger done = new AtomicInteger();
        Object lock = new Object();
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
                if (stop.getAsBoolean()) throw new CancellationException("validation cancelled");
                Architecture a = archs.get(i);
                long est = estimator.latencyCycles(a);
                long sim = simulateCycles.applyAsLong(a);
                out[i] = new Pair(i, a, est, sim, npu.cyclesToMs(est), npu.cyclesToMs(sim));
                synchronized (lock) {
                    prog.update(done.incrementAndGet(), n);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("validation interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof RuntimeException && c.getCause() instanceof CancellationException) c = c.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException("validation failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        return of(List.of(out));
    }
}
