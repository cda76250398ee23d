package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * Profiles a supernet into a {@link LatencyTable}: simulates every distinct merged configuration of every block
 * position once (positions of the same shape share their simulations), and the stem and head. Runs on all cores,
 * reports progress and can be cancelled between configurations.
 */
public final class Profiler {
    /** Names the profiling method; part of the table fingerprint so that a table made another way is profiled again. */
    public static final String METHOD = "block-in-fmem/1";

    /** Progress of a profile: {@code done} of {@code total} simulations finished. Called from worker threads, in order. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        Progress NONE = (d, t) -> { };
    }

    /** What profiling measures; the MIDAP simulator in production, a stand-in in tests. */
    interface Measurements {
        long blockCycles(BlockPosition position, BlockConfiguration configuration);

        long stemCycles(Supernet supernet);

        long headCycles(Supernet supernet);
    }

    /** What a block's latency depends on besides its configuration: positions with equal keys share simulations. */
    private record Shape(int inputHeight, int inputWidth, int inChannels, int outChannels, int stride, boolean residual,
                         double seRatio, Activation activation) {
        static Shape of(BlockPosition p) {
            return new Shape(p.inputHeight(), p.inputWidth(), p.inChannels(), p.outChannels(), p.stride(), p.residual(),
                    p.seRatio(), p.activation());
        }
    }

    private record Job(BlockPosition position, Shape shape, BlockConfiguration configuration) {}

    private final NpuConfig npu;
    private final Measurements measurements;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private volatile int lastSimulations;

    Profiler(NpuConfig npu, Measurements measurements) {
        this.npu = npu;
        this.measurements = measurements;
    }

    /** Threads to use (default: every core). */
    public Profiler parallelism(int threads) {
        if (threads < 1) throw new IllegalArgumentException("parallelism must be at least 1, was " + threads);
        this.parallelism = threads;
        return this;
    }

    /** Number of simulations the last profile ran (distinct shapes x configurations, plus stem and head). */
    public int lastSimulations() { return lastSimulations; }

    /**
     * Profiles the supernet. {@code progress} may be null; {@code cancelled} is polled between simulations and, once
     * true, stops the profile with a {@link CancellationException}.
     */
    public LatencyTable profile(Supernet supernet, Progress progress, BooleanSupplier cancelled) {
        Progress prog = progress == null ? Progress.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        List<BlockPosition> positions = supernet.blockPositions();
        Map<Job, Job> unique = new LinkedHashMap<>();
        for (BlockPosition p : positions) {
            BlockChoices bc = BlockChoices.of(p);
            for (BlockConfiguration c : bc.configurations()) {
                if (c.isSkip()) {
                    if (!p.residual()) {
                        throw new IllegalArgumentException("block " + p.index() + " (stage " + p.stage() + ") may become a skip but has no residual");
                    }
                    continue;
                }
                Job key = new Job(null, Shape.of(p), c);
                unique.putIfAbsent(key, new Job(p, key.shape(), c));
            }
        }
        List<Job> jobs = new ArrayList<>(unique.values());
        int total = jobs.size() + 2;
        lastSimulations = total;
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        Runnable tick = () -> {
            synchronized (progressLock) {
                prog.update(done.incrementAndGet(), total);
            }
        };
        Map<Job, Long> results = new HashMap<>();
        long[] stemHead = new long[2];
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            pool.submit(() -> {
                List<Runnable> work = new ArrayList<>();
                work.add(() -> stemHead[0] = measurements.stemCycles(supernet));
                work.add(() -> stemHead[1] = measurements.headCycles(supernet));
                for (Job j : jobs) {
                    work.add(() -> {
                        long cyc = measurements.blockCycles(j.position(), j.configuration());
                        synchronized (results) {
                            results.put(new Job(null, j.shape(), j.configuration()), cyc);
                        }
                    });
                }
                work.parallelStream().forEach(r -> {
                    if (stop.getAsBoolean()) throw new CancellationException("profiling cancelled");
                    r.run();
                    tick.run();
                });
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("profiling interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof RuntimeException && cause.getCause() instanceof CancellationException) cause = cause.getCause();
            if (cause instanceof CancellationException ce) throw ce;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("profiling failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        List<Map<BlockConfiguration, Long>> blockCycles = new ArrayList<>(positions.size());
        for (BlockPosition p : positions) {
            Map<BlockConfiguration, Long> m = new HashMap<>();
            Shape s = Shape.of(p);
            for (BlockConfiguration c : BlockChoices.of(p).configurations()) {
                m.put(c, c.isSkip() ? 0L : results.get(new Job(null, s, c)));
            }
            blockCycles.add(m);
        }
        return new LatencyTable(supernet, npu, stemHead[0], stemHead[1], blockCycles);
    }
}
