package org.s3nas.workbench.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.ArchitectureSampler;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainListener;
import org.s3nas.workbench.train.TrainResult;
import org.s3nas.workbench.train.TrainRun;

/**
 * The random-search baseline (paper §5.4.1): sample architectures uniformly from the supernet's space
 * ({@link ArchitectureSampler}), keep those whose latency is within a tolerance of the target, short-train each,
 * pick the best by validation accuracy (never by test accuracy), and train that one fully from scratch.
 *
 * <p>Run folder: {@code candidate-<i>/} (a {@link TrainRun} folder per short training), {@code final/} (the full
 * training of the best), {@code random-search.json} (every candidate, its latency and accuracies, the choice).
 */
public final class RandomSearch {
    public static final String RESULT_FILE = "random-search.json";

    /**
     * @param targetMs  latency target T
     * @param tolerance relative window: a sample is kept when |L - T| &lt;= tolerance * T
     * @param samples   architectures to keep (K)
     * @param maxDraws  samples drawn at most while looking for K within the window
     */
    public record Options(double targetMs, double tolerance, int samples, int maxDraws, long seed) {
        public Options {
            if (!(targetMs > 0)) throw new IllegalArgumentException("target latency must be positive, was " + targetMs);
            if (!(tolerance > 0 && tolerance < 1)) throw new IllegalArgumentException("tolerance must be in (0, 1), was " + tolerance);
            if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, was " + samples);
            if (maxDraws < samples) throw new IllegalArgumentException("maxDraws (" + maxDraws + ") must be at least samples (" + samples + ")");
        }

        public boolean accepts(double latencyMs) { return Math.abs(latencyMs - targetMs) <= tolerance * targetMs; }
    }

    /** One sampled architecture within the window, with its short-training figures once trained (NaN before). */
    public record Candidate(int index, Architecture architecture, double latencyMs, double validationAccuracy, double testAccuracy,
                            Path runDirectory) {
        Candidate trained(TrainResult r) {
            return new Candidate(index, architecture, latencyMs, r.validationAccuracy(), r.testAccuracy(), r.runDirectory());
        }
    }

    /** Candidates within the window and how many samples it took. */
    public record Sampling(List<Candidate> candidates, int draws, double minLatencyMs, double maxLatencyMs) {}

    /** @param reusedTrainings trainings found finished in the run folder (an earlier run) and not run again */
    public record Result(Options options, Sampling sampling, List<Candidate> candidates, Candidate best, TrainResult full,
                         double fullLatencyMs, int reusedTrainings) {}

    private RandomSearch() {}

    /**
     * Draws up to {@code maxDraws} uniform samples and keeps the first {@code samples} distinct ones within the window
     * (skip blocks removed). Deterministic for a seed. Fewer than K when the window is hard to hit.
     */
    public static Sampling sample(Supernet supernet, ToDoubleFunction<Architecture> latencyMs, Options o) {
        Random random = new Random(o.seed());
        List<Candidate> out = new ArrayList<>();
        Set<List<?>> seen = new HashSet<>();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int draws = 0;
        while (out.size() < o.samples() && draws < o.maxDraws()) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("random search cancelled");
            draws++;
            Architecture a = ArchitectureSampler.sample(supernet, random, "random-" + draws).withoutSkips();
            double l = latencyMs.applyAsDouble(a);
            min = Math.min(min, l);
            max = Math.max(max, l);
            if (!o.accepts(l) || !seen.add(a.blocks())) continue;
            out.add(new Candidate(out.size(), a.withName(String.format(Locale.ROOT, "random-%d (%.4f ms)", out.size(), l)), l,
                    Double.NaN, Double.NaN, null));
        }
        return new Sampling(List.copyOf(out), draws, min, max);
    }

    /**
     * The whole baseline: sampling, short trainings ({@code shortTrain}), the full training of the best ({@code fullTrain}).
     *
     * @param progress receives one line per stage (may be null)
     * @param listener receives every training's progress (may be null)
     */
    public static Result run(Supernet supernet, ToDoubleFunction<Architecture> latencyMs, Options o, TrainConfig shortTrain,
                             TrainConfig fullTrain, Path dataBaseDir, Path runDir, Consumer<String> progress,
                             TrainListener listener) throws IOException {
        Consumer<String> say = progress == null ? s -> {} : progress;
        Sampling s = sample(supernet, latencyMs, o);
        say.accept(String.format(Locale.ROOT, "%d of %d samples within %.4f ms +- %.1f %% (sampled latencies %.4f .. %.4f ms)",
                s.candidates().size(), s.draws(), o.targetMs(), 100 * o.tolerance(), s.minLatencyMs(), s.maxLatencyMs()));
        if (s.candidates().isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no architecture of '%s' within %.1f %% of %.4f ms in %d samples "
                    + "(sampled latencies span %.4f .. %.4f ms): widen the tolerance or move the target", supernet.name(),
                    100 * o.tolerance(), o.targetMs(), s.draws(), s.minLatencyMs(), s.maxLatencyMs()));
        }
        List<Candidate> trained = new ArrayList<>();
        int reused = 0;
        for (Candidate c : s.candidates()) {
            Path dir = runDir.resolve("candidate-" + c.index());
            java.util.Optional<TrainResult> done = TrainRun.finished(c.architecture(), shortTrain, dir);
            if (done.isPresent()) reused++;
            TrainResult r = done.isPresent() ? done.get() : train(c.architecture(), shortTrain, dataBaseDir, dir, c.latencyMs(), listener);
            trained.add(c.trained(r));
            say.accept(String.format(Locale.ROOT, "candidate %d: %.4f ms, validation accuracy %.4f (%d epochs on %d images)", c.index(),
                    c.latencyMs(), r.validationAccuracy(), r.epochs(), r.trainImages()));
            writeSummary(runDir, o, s, trained, null, null, Double.NaN);
        }
        Candidate best = trained.get(0);
        for (Candidate c : trained) if (c.validationAccuracy() > best.validationAccuracy()) best = c;
        say.accept(String.format(Locale.ROOT, "best: candidate %d (validation accuracy %.4f); full training", best.index(), best.validationAccuracy()));
        java.util.Optional<TrainResult> fullDone = TrainRun.finished(best.architecture(), fullTrain, runDir.resolve("final"));
        if (fullDone.isPresent()) reused++;
        TrainResult fr = fullDone.isPresent() ? fullDone.get()
                : train(best.architecture(), fullTrain, dataBaseDir, runDir.resolve("final"), best.latencyMs(), listener);
        writeSummary(runDir, o, s, trained, best, fr, best.latencyMs());
        return new Result(o, s, List.copyOf(trained), best, fr, best.latencyMs(), reused);
    }

    /** A training, resumed when the folder holds it unfinished (the caller reuses a finished one). */
    private static TrainResult train(Architecture a, TrainConfig c, Path dataBaseDir, Path dir, double latencyMs, TrainListener listener) {
        TrainRun run = TrainRun.freshOrResumed(a, c, dataBaseDir, dir);
        run.putResultField("estimatedLatencyMs", latencyMs);
        if (listener != null) run.addListener(listener);
        return join(run);
    }

    private static TrainResult join(TrainRun run) {
        try {
            return run.runHere();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c.getMessage(), c);
        }
    }

    private static void writeSummary(Path runDir, Options o, Sampling s, List<Candidate> trained, Candidate best, TrainResult full,
                                     double fullLatency) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("targetMs", o.targetMs());
        m.put("tolerance", o.tolerance());
        m.put("samplesWanted", o.samples());
        m.put("draws", s.draws());
        m.put("sampledLatencyMinMs", s.minLatencyMs());
        m.put("sampledLatencyMaxMs", s.maxLatencyMs());
        m.put("seed", o.seed());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Candidate c : trained) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", c.index());
            x.put("name", c.architecture().name());
            x.put("latencyMs", c.latencyMs());
            x.put("validationAccuracy", c.validationAccuracy());
            x.put("shortTestAccuracy", c.testAccuracy());
            x.put("runDirectory", c.runDirectory() == null ? null : c.runDirectory().toString());
            cs.add(x);
        }
        m.put("candidates", cs);
        if (best != null) m.put("best", best.index());
        if (full != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("latencyMs", fullLatency);
            f.put("testAccuracy", full.testAccuracy());
            f.put("testAccuracyRaw", full.testAccuracyRaw());
            f.put("validationAccuracy", full.validationAccuracy());
            f.put("trainImages", full.trainImages());
            f.put("testImages", full.testImages());
            f.put("epochs", full.epochs());
            f.put("runDirectory", full.runDirectory().toString());
            m.put("final", f);
        }
        java.nio.file.Files.createDirectories(runDir);
        BackgroundRun.writeAtomically(runDir.resolve(RESULT_FILE), BackgroundRun.mapper().writeValueAsString(m));
    }
}
