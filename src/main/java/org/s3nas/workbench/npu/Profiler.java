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
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * Profiles a supernet into a {@link LatencyTable}: simulates every distinct merged configuration of every block
 * position once, and the stem and head. Runs on all cores, reports progress and can be cancelled between
 * configurations.
 *
 * <p>A block is simulated in its context: after its predecessor (the stem, or the previous position's block at its
 * largest configuration) and before its successor (the next position's block at its largest configuration, or the
 * head), and only its own layers are counted. In a whole network a block's first weights are prefetched during the
 * previous layer; when that layer is a short residual Sum the prefetch cannot hide the DRAM latency and the block
 * starts with a weight stall, which a block simulated with its first weights already loaded misses (up to 0.5 % of a
 * late-stage block). Positions with the same shape and the same neighbours share their simulations.
 */
public final class Profiler {
    /** Names the profiling method; part of the table fingerprint so that a table made another way is profiled again. */
    public static final String METHOD = "block-in-context/1";

    /** The paper's plain method, kept as a diagnostic: each block alone, its input in FMEM, first weights loaded. */
    public static final String METHOD_ALONE = "block-alone/1";

    /** Progress of a profile: {@code done} of {@code total} simulations finished. Called from worker threads, in order. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        Progress NONE = (d, t) -> { };
    }

    /**
     * Where a block is profiled: its position, its predecessor position (null: the stem) and its successor position
     * (null: the head).
     */
    record Context(Supernet supernet, BlockPosition previous, BlockPosition position, BlockPosition next) {}

    /** What profiling measures; the MIDAP simulator in production, a stand-in in tests. */
    interface Measurements {
        long blockCycles(Context context, BlockConfiguration configuration);

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

    /** A neighbour as simulated: its shape at its largest configuration, or the stem / head (null shape). */
    private record Neighbour(Shape shape, BlockConfiguration configuration) {
        static Neighbour of(BlockPosition p) {
            return p == null ? new Neighbour(null, null) : new Neighbour(Shape.of(p), largest(p));
        }
    }

    private record Key(Neighbour previous, Shape shape, Neighbour next, BlockConfiguration configuration) {}

    private record Job(Context context, Key key) {}

    /** Every superkernel at its largest kernel and expansion, merged. */
    static BlockConfiguration largest(BlockPosition p) {
        List<Branch> br = new ArrayList<>();
        for (int j = 0; j < p.superkernels().size(); j++) {
            List<Integer> es = p.expansionsOf(j);
            br.add(new Branch(p.superkernels().get(j).largestKernel(), es.get(es.size() - 1)));
        }
        return BlockConfiguration.merge(br);
    }

    private final NpuConfig npu;
    private final Measurements measurements;
    private final boolean alone;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private volatile int lastSimulations;

    /** A profiler on the MIDAP simulator. */
    public Profiler(NpuConfig npu) {
        this(npu, new Midap(npu, false), false);
    }

    Profiler(NpuConfig npu, Measurements measurements) {
        this(npu, measurements, false);
    }

    private Profiler(NpuConfig npu, Measurements measurements, boolean alone) {
        this.npu = npu;
        this.measurements = measurements;
        this.alone = alone;
    }

    /**
     * A diagnostic profiler that simulates each block alone ({@link MidapSimulator#blockCycles}: input in FMEM, first
     * weights loaded, no neighbours), to measure what the block context is worth. Its tables are never
     * {@link LatencyTable#isFor} a project.
     */
    public static Profiler blockAlone(NpuConfig npu) {
        return new Profiler(npu, new Midap(npu, true), true);
    }

    /** Threads to use (default: every core). */
    public Profiler parallelism(int threads) {
        if (threads < 1) throw new IllegalArgumentException("parallelism must be at least 1, was " + threads);
        this.parallelism = threads;
        return this;
    }

    /** Number of simulations the last profile ran (distinct contexts x configurations, plus stem and head). */
    public int lastSimulations() { return lastSimulations; }

    private Key key(List<BlockPosition> positions, int p, BlockConfiguration c) {
        if (alone) return new Key(null, Shape.of(positions.get(p)), null, c);
        BlockPosition prev = p > 0 ? positions.get(p - 1) : null;
        BlockPosition next = p + 1 < positions.size() ? positions.get(p + 1) : null;
        return new Key(Neighbour.of(prev), Shape.of(positions.get(p)), Neighbour.of(next), c);
    }

    /**
     * Profiles the supernet. {@code progress} may be null; {@code cancelled} is polled between simulations and, once
     * true, stops the profile with a {@link CancellationException}.
     */
    public LatencyTable profile(Supernet supernet, Progress progress, BooleanSupplier cancelled) {
        Progress prog = progress == null ? Progress.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        List<BlockPosition> positions = supernet.blockPositions();
        Map<Key, Job> unique = new LinkedHashMap<>();
        for (int i = 0; i < positions.size(); i++) {
            BlockPosition p = positions.get(i);
            BlockChoices bc = BlockChoices.of(p);
            for (BlockConfiguration c : bc.configurations()) {
                if (c.isSkip()) {
                    if (!p.residual()) {
                        throw new IllegalArgumentException("block " + p.index() + " (stage " + p.stage() + ") may become a skip but has no residual");
                    }
                    continue;
                }
                Key k = key(positions, i, c);
                if (!unique.containsKey(k)) {
                    unique.put(k, new Job(new Context(supernet, i > 0 ? positions.get(i - 1) : null, p,
                            i + 1 < positions.size() ? positions.get(i + 1) : null), k));
                }
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
        Map<Key, Long> results = new HashMap<>();
        long[] stemHead = new long[2];
        runOnPool(parallelism, "profiling", () -> {
            List<Runnable> work = new ArrayList<>();
            work.add(() -> stemHead[0] = measurements.stemCycles(supernet));
            work.add(() -> stemHead[1] = measurements.headCycles(supernet));
            for (Job j : jobs) {
                work.add(() -> {
                    long cyc = measurements.blockCycles(j.context(), j.key().configuration());
                    synchronized (results) {
                        results.put(j.key(), cyc);
                    }
                });
            }
            work.parallelStream().forEach(r -> {
                if (stop.getAsBoolean()) throw new CancellationException("profiling cancelled");
                r.run();
                tick.run();
            });
        });
        List<Map<BlockConfiguration, Long>> blockCycles = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            Map<BlockConfiguration, Long> m = new HashMap<>();
            for (BlockConfiguration c : BlockChoices.of(positions.get(i)).configurations()) {
                m.put(c, c.isSkip() ? 0L : results.get(key(positions, i, c)));
            }
            blockCycles.add(m);
        }
        return new LatencyTable(supernet, npu, stemHead[0], stemHead[1], blockCycles, alone ? METHOD_ALONE : METHOD);
    }

    /**
     * Runs {@code work} (which spreads itself with parallel streams) on a pool of {@code threads} threads and waits for
     * it. A cancellation or failure inside comes out as it was thrown; {@code what} names the work in the messages.
     */
    static void runOnPool(int threads, String what, Runnable work) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(what + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof RuntimeException && cause.getCause() instanceof CancellationException) cause = cause.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(what + " failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Measurements on the MIDAP simulator. */
    private static final class Midap implements Measurements {
        private static final int PREVIOUS = 0, PROFILED = 1, NEXT = 2;
        private final NpuConfig npu;
        private final MidapSimulator sim;
        private final boolean alone;
        private volatile SimulationResult largest;

        Midap(NpuConfig npu, boolean alone) {
            this.npu = npu;
            this.sim = new MidapSimulator(npu);
            this.alone = alone;
        }

        /**
         * predecessor -> block -> successor; a block predecessor starts as a block alone (input in FMEM, first weights
         * loaded), the stem starts from the image in DRAM as in the whole network.
         */
        @Override
        public long blockCycles(Context ctx, BlockConfiguration c) {
            BlockPosition p = ctx.position();
            if (alone) return sim.blockCycles(p.block(c.branches()), p.inputHeight(), p.inputWidth());
            Supernet s = ctx.supernet();
            NetworkBuilder b = new NetworkBuilder("profile block " + p.index() + " " + c.key(), npu);
            int x;
            boolean blockMode;
            if (ctx.previous() == null) {
                x = b.input(s.input().height(), s.input().width(), s.input().channels());
                b.at(Segment.STEM, -1, -1);
                x = b.stem(x, s.stem().channels(), s.stem().kernel(), s.stem().stride());
                blockMode = false;
            } else {
                BlockPosition q = ctx.previous();
                x = b.input(q.inputHeight(), q.inputWidth(), q.inChannels());
                b.at(Segment.BLOCK, q.stage(), PREVIOUS);
                x = Lowering.block(b, x, q.block(largest(q).branches()));
                blockMode = true;
            }
            b.at(Segment.BLOCK, p.stage(), PROFILED);
            x = Lowering.block(b, x, p.block(c.branches()));
            if (ctx.next() == null) {
                b.at(Segment.HEAD, -1, -1);
                x = b.conv(x, s.head().featureChannels(), 1, 1, "head");
                b.fc(b.globalPool(x), s.head().classes(), "classifier");
            } else {
                BlockPosition n = ctx.next();
                b.at(Segment.BLOCK, n.stage(), NEXT);
                Lowering.block(b, x, n.block(largest(n).branches()));
            }
            SimulationResult r = new Engine(npu, false).run(b.build(), blockMode);
            long sum = 0;
            for (LayerResult l : r.layers()) if (l.segment() == Segment.BLOCK && l.block() == PROFILED) sum += l.cycles();
            return sum;
        }

        @Override
        public long stemCycles(Supernet s) { return segmentCycles(s, Segment.STEM); }

        @Override
        public long headCycles(Supernet s) { return segmentCycles(s, Segment.HEAD); }

        /** Stem and head as they run in the largest architecture of the space (the head after its last block). */
        private long segmentCycles(Supernet s, Segment seg) {
            SimulationResult r = largest;
            if (r == null) {
                synchronized (this) {
                    if (largest == null) largest = sim.simulate(Lowering.lower(s.largest(), npu), false);
                    r = largest;
                }
            }
            long sum = 0;
            for (LayerResult l : r.layers()) if (l.segment() == seg) sum += l.cycles();
            return sum;
        }
    }
}
