package org.s3nas.workbench.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.post.CompoundScaling;
import org.s3nas.workbench.post.SeTransforms;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.SearchEvent;
import org.s3nas.workbench.search.SearchListener;
import org.s3nas.workbench.search.SearchRun;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainEvent;
import org.s3nas.workbench.train.TrainListener;
import org.s3nas.workbench.train.TrainResult;
import org.s3nas.workbench.train.TrainRun;

/**
 * Small-scale versions of the paper's comparisons (paper §5) on a project's proxy data: linear vs constant depth
 * (Table 4), MixConv vs MBConv blocks (Table 5), S3NAS vs random search at equal latency (Table 6), compound scaling
 * vs direct search on a loose target (Table 7), SE and h-swish (Table 8). Every architecture is found by a real search
 * and trained from scratch; accuracies are on the dataset's test split, latencies by simulation on the project's NPU.
 *
 * <p>Work folder: one sub-folder per search and training. A report started again on the same folder with the same
 * budget reuses what finished and resumes what did not.
 *
 * <p>Each comparison is made on its own: one that fails carries its error ({@link Comparison#error()}) and the others
 * are still made. The S3NAS search of the project's supernet is the base of every table, so when it fails they all
 * say so.
 */
public final class ReproductionReport {
    private ReproductionReport() {}

    /** What the report needs from the engines; the command line wires the real ones (tests may wire others). */
    public interface Engines {
        /** The search's differentiable latency (Eq. 7/8) over the supernet's profiled table. */
        LatencyModel searchLatency(Supernet supernet);

        /** The latency estimator (table lookup) of the supernet's space, for the random-search sampling. */
        ToDoubleFunction<Architecture> estimator(Supernet supernet);

        /** Latency of any architecture by simulation on the project's NPU (the figure every row reports). */
        ToDoubleFunction<Architecture> simulator();
    }

    /**
     * One measured network beside the paper's figure for the same role.
     *
     * @param accuracy       test accuracy (EMA weights), fraction
     * @param latencyMs      simulated latency
     * @param how            how the network was obtained (search target, scaling, sampling), with its budget
     * @param paperAccuracy  the paper's top-1 (fraction), NaN where the paper gives none for this row
     */
    public record Row(String variant, String architecture, double accuracy, double latencyMs, int trainImages, int trainEpochs,
                      int testImages, String how, double paperAccuracy, double paperLatencyMs, String runDirectory) {}

    /**
     * One of the paper's tables at small scale: rows, which won and by how much, and what the paper found.
     *
     * @param error why the comparison could not be made (its rows are then empty, its verdict says it failed); null
     *              when it was made. Reports written before this field existed read it as null.
     */
    public record Comparison(String id, String title, List<Row> rows, String verdict, String paperVerdict, List<String> notes,
                             String error) {
        public Comparison {
            rows = rows == null ? List.of() : List.copyOf(rows);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    public record Report(String project, String supernet, double targetMs, Budget budget, List<Comparison> comparisons,
                         List<String> notes, double seconds) {}

    /** A comparison before it is made: the paper table it stands for and what the paper found. */
    public record Planned(String id, String title, String paperVerdict) {}

    /**
     * What a caller hears while a report runs, on the report's thread (hand values to your own thread). Every method
     * has an empty default.
     */
    public interface Listener {
        /** A line for a log: what starts, what it found. */
        default void say(String line) {}

        /** A comparison starts. */
        default void started(Planned comparison) {}

        /** Progress of the comparison being made: its id, the fraction of its work done (0..1) and what runs now. */
        default void progress(String id, double fraction, String what) {}

        /** A comparison was made or failed ({@link Comparison#error()}); {@code soFar} holds it and those before it. */
        default void finished(Comparison comparison, Report soFar) {}

        /** A training's progress report (the command line prints some). */
        default void training(TrainEvent event) {}
    }

    /**
     * Stops a running report: the search or training under way checkpoints and stops, and {@link #run} throws a
     * {@link CancellationException}. Started again on the same folder, the report resumes where it stopped.
     */
    public static final class Cancel {
        private volatile boolean cancelled;
        private volatile Runnable current;

        public void cancel() {
            cancelled = true;
            Runnable r = current;
            if (r != null) r.run();
        }

        public boolean isCancelled() { return cancelled; }

        void check() {
            if (cancelled) throw new CancellationException("report cancelled");
        }

        /** The run under way; cancelled at once when the report already is. */
        void attach(Runnable stop) {
            current = stop;
            if (cancelled) stop.run();
        }

        void detach() { current = null; }
    }

    static final String T4 = "Table 4: linear-depth vs constant-depth supernet",
            P4 = "paper: linear depth won by 1.24 points (77.09 % vs 75.85 %) and was faster (1.24 vs 1.28 ms)",
            T5 = "Table 5: MixConv vs MBConv (DWConv) blocks",
            P5 = "paper: MixConv won by 0.73 points (76.58 % vs 75.85 %)",
            T6 = "Table 6: S3NAS vs random search at equal latency",
            P6 = "paper: S3NAS (ours-M) won by 0.42 points (79.35 % vs 78.93 %) at 2.47 ms; EfficientNet-B1 78.8 %",
            P7 = "paper: direct search was 0.09 points better (81.87 % vs 81.78 %), i.e. about equal, at a far higher search cost",
            T8 = "Table 8: SE and h-swish (paper 4.3.2)",
            P8 = "paper: SE and h-swish added about 1 point of accuracy (at some latency)";

    /** The five comparisons in the order {@link #run} makes them, with their titles for this project and budget. */
    public static List<Planned> plan(Project p, Budget b) { return plan(p.search().targetLatencyMs(), b); }

    /** The same for a search target (a report read back from its JSON knows its target, not its project). */
    public static List<Planned> plan(double target, Budget b) {
        double loose = target * b.looseTargetFactor();
        String t7 = String.format(Locale.ROOT, "Table 7: compound scaling vs direct search on a loose target (%s ms = %.2f x %s ms)",
                fmt(loose), b.looseTargetFactor(), fmt(target));
        return List.of(new Planned("table4", T4, P4), new Planned("table5", T5, P5), new Planned("table6", T6, P6),
                new Planned("table7", t7, P7), new Planned("table8", T8, P8));
    }

    /**
     * Runs every comparison. {@code update} receives the report after each comparison (to write partial results).
     */
    public static Report run(Project p, Path projectDir, Path workDir, Budget b, Engines engines, Consumer<String> say,
                             Consumer<Report> update, TrainListener trainListener) throws IOException {
        return run(p, projectDir, workDir, b, engines, new Listener() {
            @Override public void say(String line) { if (say != null) say.accept(line); }

            @Override public void finished(Comparison c, Report soFar) { if (update != null) update.accept(soFar); }

            @Override public void training(TrainEvent e) { if (trainListener != null) trainListener.onProgress(e); }
        }, null);
    }

    /**
     * Runs every comparison, each on its own (a failure becomes that comparison's error), reporting to {@code listener}
     * (may be null) and stopping with a {@link CancellationException} when {@code cancel} (may be null) is cancelled.
     */
    public static Report run(Project p, Path projectDir, Path workDir, Budget b, Engines engines, Listener listener, Cancel cancel) {
        long t0 = System.nanoTime();
        Listener l = listener == null ? new Listener() {} : listener;
        Cancel stop = cancel == null ? new Cancel() : cancel;
        Context cx = new Context(p, projectDir, workDir, b, engines, l, stop, new Meter(l));
        double target = p.search().targetLatencyMs();
        List<Comparison> done = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add(b.describe());
        notes.add("Accuracy: top-1 on the dataset's test split with the EMA weights; latency: simulated on the project's NPU ("
                + "the searches use the latency table profiled at the supernet's input shape).");
        notes.add("Differences smaller than two standard errors of the difference are within the noise of the test-set size; "
                + "the verdicts say so. At this scale the searches and trainings are far shorter than the paper's.");
        Supernet linear = p.supernet();
        if (!isLinearDepth(linear)) notes.add("The project's supernet '" + linear.name() + "' is not linear depth (cumulative depth "
                + "proportional to width); Table 4 still compares it with its constant-depth version.");
        Base base = new Base(cx, linear, target);
        for (Planned pl : plan(p, b)) {
            stop.check();
            l.started(pl);
            Comparison c;
            try {
                c = switch (pl.id()) {
                    case "table4" -> table4(cx, base, pl);
                    case "table5" -> table5(cx, base, pl);
                    case "table6" -> table6(cx, base, pl);
                    case "table7" -> table7(cx, base, pl);
                    case "table8" -> table8(cx, base, pl);
                    default -> throw new IllegalStateException("no comparison '" + pl.id() + "'");
                };
            } catch (CancellationException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (stop.isCancelled()) throw new CancellationException("report cancelled");
                c = failed(pl, e);
                cx.say.accept(pl.title() + ": failed: " + c.error());
            }
            done.add(c);
            l.finished(c, new Report(p.name(), linear.name(), target, b, List.copyOf(done), withReuse(notes, cx.reused),
                    (System.nanoTime() - t0) / 1e9));
        }
        return new Report(p.name(), linear.name(), target, b, List.copyOf(done), withReuse(notes, cx.reused), (System.nanoTime() - t0) / 1e9);
    }

    /** The notes, and when finished runs were reused, a line saying so (the report's time counts only this run). */
    static List<String> withReuse(List<String> notes, int reused) {
        if (reused == 0) return List.copyOf(notes);
        List<String> all = new ArrayList<>(notes);
        all.add(reused + (reused == 1 ? " search or training was" : " searches and trainings were") + " found finished in the work folder "
                + "(an earlier run of this report) and reused; the report's time counts only this run.");
        return List.copyOf(all);
    }

    static Comparison failed(Planned pl, Exception e) {
        String m = message(e);
        return new Comparison(pl.id(), pl.title(), List.of(), "failed: " + m, pl.paperVerdict(), List.of(), m);
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * The S3NAS search (and training) of the project's supernet at its target, made once: Table 4's first row and
     * the network every other table starts from. Its failure is remembered so that each later table names it.
     */
    private static final class Base {
        private final Context cx;
        private final Supernet supernet;
        private final double target;
        private Searched value;
        private RuntimeException failure;

        Base(Context cx, Supernet supernet, double target) {
            this.cx = cx;
            this.supernet = supernet;
            this.target = target;
        }

        /** In Table 4: runs it (its steps 0 and 1), throwing what it failed with. */
        Searched run() throws IOException {
            if (value != null) return value;
            if (failure != null) throw failure;
            try {
                value = cx.searchAndTrain("linear", supernet, target, 0);
                return value;
            } catch (CancellationException e) {
                throw e;
            } catch (IOException e) {
                failure = new IllegalStateException(message(e), e);
                throw failure;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        /** In a later table: the base network, or an error that names the failed search. */
        Searched need() throws IOException {
            if (value == null && failure == null) return run();
            if (failure != null) {
                throw new IllegalStateException("needs the S3NAS search of '" + supernet.name() + "' (Table 4), which failed: "
                        + message(failure), failure);
            }
            return value;
        }
    }

    // ---------------------------------------------------------------- the five comparisons

    /** Table 4 (and the base network of every other table): linear vs constant depth at the same target. */
    private static Comparison table4(Context cx, Base base, Planned pl) throws IOException {
        Supernet linear = cx.p.supernet(), constant = constantDepth(linear);
        cx.meter.begin(pl.id(), cx.searchCost(), cx.trainCost(), cx.searchCost(), cx.trainCost());
        Searched lin = base.run();
        Searched con = cx.searchAndTrain("constant", constant, cx.p.search().targetLatencyMs(), 2);
        return comparison(pl, List.of(lin.row("linear depth " + depths(linear), 0.7709, 1.24),
                con.row("constant depth " + depths(constant), 0.7585, 1.28)), landings(lin.landing("linear-depth"), con.landing("constant-depth")));
    }

    /** Table 5: MixConv vs MBConv (DWConv) blocks. */
    private static Comparison table5(Context cx, Base base, Planned pl) throws IOException {
        cx.meter.begin(pl.id(), cx.searchCost(), cx.trainCost());
        Searched lin = base.need();
        Searched mbs = cx.searchAndTrain("mbconv", mbconv(cx.p.supernet()), cx.p.search().targetLatencyMs(), 0);
        return comparison(pl, List.of(lin.row("MixConv blocks", 0.7658, Double.NaN),
                mbs.row("MBConv blocks (one superkernel k{3,5} e{0,2,4,6})", 0.7585, Double.NaN)), landings(lin.landing("MixConv"), mbs.landing("MBConv")));
    }

    /** Table 6: S3NAS vs random search at the S3NAS network's latency. */
    private static Comparison table6(Context cx, Base base, Planned pl) throws IOException {
        Budget b = cx.b;
        double[] w = new double[b.randomSamples() + 1];
        java.util.Arrays.fill(w, (double) b.trainImages() * b.randomEpochs());
        w[b.randomSamples()] = cx.trainCost();
        cx.meter.begin(pl.id(), w);
        Searched lin = base.need();
        Supernet linear = cx.p.supernet();
        double randomTarget = lin.latencyMs;
        RandomSearch.Options ro = new RandomSearch.Options(randomTarget, 0.05, b.randomSamples(), 200_000, cx.p.search().seed());
        cx.say.accept(String.format(Locale.ROOT, "random search: %d samples within 5 %% of %.4f ms", b.randomSamples(), randomTarget));
        cx.meter.step(0, "random search: sampling within 5 % of " + fmt(randomTarget) + " ms");
        Row randomRow;
        List<String> t6notes = new ArrayList<>();
        int[] trained = {0};
        Consumer<String> say = line -> {
            // RandomSearch says one line per finished candidate, then "best: ..." before the full training
            if (line.startsWith("candidate ")) cx.meter.step(Math.min(++trained[0], b.randomSamples()), "random search: short training "
                    + (trained[0] + 1) + " of " + b.randomSamples());
            else if (line.startsWith("best:")) cx.meter.step(b.randomSamples(), "random search: full training of the best");
            cx.say.accept(line);
        };
        try {
            cx.meter.step(0, "random search: short training 1 of " + b.randomSamples());
            RandomSearch.Result rr = RandomSearch.run(linear, cx.engines.estimator(linear), ro, cx.trainConfig().withEpochs(b.randomEpochs()),
                    cx.trainConfig(), cx.projectDir, cx.workDir.resolve("random"), say, cx.cancellingListener());
            cx.reused += rr.reusedTrainings();
            double rLat = cx.engines.simulator().applyAsDouble(rr.best().architecture());
            randomRow = new Row("random search (best of " + rr.candidates().size() + " by validation)", rr.best().architecture().name(),
                    rr.full().testAccuracy(), rLat, rr.full().trainImages(), rr.full().epochs(), rr.full().testImages(),
                    String.format(Locale.ROOT, "%d uniform samples within 5 %% of %.4f ms (%d drawn), %d-epoch short trainings, best fully trained",
                            rr.candidates().size(), randomTarget, rr.sampling().draws(), b.randomEpochs()),
                    0.7893, 2.47, rr.full().runDirectory().toString());
        } catch (IllegalArgumentException e) {
            // the search may land where uniform sampling never goes (e.g. far below the target): say so, keep the report
            randomRow = new Row("random search", "-", Double.NaN, Double.NaN, 0, 0, 0, e.getMessage(), 0.7893, 2.47, null);
            t6notes.add("Random search could not be run at the S3NAS network's latency: " + e.getMessage());
        }
        return comparison(pl, List.of(lin.row("S3NAS search", 0.7935, 2.47), randomRow), t6notes);
    }

    /** Table 7: compound scaling of the tight-target network vs a direct search at the loose target. */
    private static Comparison table7(Context cx, Base base, Planned pl) throws IOException {
        cx.meter.begin(pl.id(), cx.trainCost(), cx.searchCost(), cx.trainCost());
        Searched lin = base.need();
        double target = cx.p.search().targetLatencyMs(), loose = target * cx.b.looseTargetFactor();
        cx.meter.step(0, "compound scaling to " + fmt(loose) + " ms");
        CompoundScaling.Result scaled = new CompoundScaling().search(lin.architecture, loose, a -> {
            cx.stop.check();
            return cx.engines.simulator().applyAsDouble(a);
        });
        Row scaledRow;
        List<String> t7notes = new ArrayList<>();
        if (scaled.hasChoice()) {
            Architecture sa = scaled.chosen().architecture().withName(lin.architecture.name() + " scaled to " + fmt(loose) + " ms");
            TrainResult st = cx.train("scaled", sa, 0);
            scaledRow = row("compound scaling of the search at " + fmt(target) + " ms", sa, st, cx.engines.simulator().applyAsDouble(sa),
                    String.format(Locale.ROOT, "search at %s ms, scaled c = %.3f, r = %.3f (input %dx%d)", fmt(target),
                            scaled.chosen().depthWidthCoefficient(), scaled.chosen().resolutionCoefficient(), sa.input().height(), sa.input().width()),
                    0.8178, Double.NaN);
        } else {
            scaledRow = new Row("compound scaling of the search at " + fmt(target) + " ms", "-", Double.NaN, Double.NaN, 0, 0, 0,
                    "no scaled candidate meets " + fmt(loose) + " ms: " + scaled.note(), 0.8178, Double.NaN, null);
            t7notes.add(scaled.note());
        }
        Searched direct = cx.searchAndTrain("loose", cx.p.supernet(), loose, 1);
        t7notes.addAll(landings(direct.landing("direct")));
        return comparison(pl, List.of(scaledRow, direct.row("direct search at " + fmt(loose) + " ms", 0.8187, Double.NaN)), t7notes);
    }

    /** Table 8: SE and h-swish on the searched network. */
    private static Comparison table8(Context cx, Base base, Planned pl) throws IOException {
        cx.meter.begin(pl.id(), cx.trainCost());
        Searched lin = base.need();
        Architecture se = SeTransforms.withSeAndHswish(lin.architecture);
        TrainResult set = cx.train("se-hswish", se, 0);
        return comparison(pl, List.of(lin.row("searched network (ReLU, no SE)", Double.NaN, Double.NaN),
                row("+ SE (ratio 0.25) + h-swish", se, set, cx.engines.simulator().applyAsDouble(se), "the searched network, SE on every block, "
                        + "h-swish for ReLU", Double.NaN, Double.NaN)), List.of());
    }

    // ---------------------------------------------------------------- variants of the search space

    /** The same stages with every stage the same depth (the total kept; the first stages take the remainder). */
    public static Supernet constantDepth(Supernet s) {
        int n = s.totalBlocks(), k = s.stages().size();
        List<Stage> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int d = n / k + (i < n % k ? 1 : 0);
            Stage st = s.stages().get(i);
            Map<Integer, List<Superkernel>> ov = new java.util.HashMap<>(st.overrides());
            ov.keySet().removeIf(idx -> idx >= d);
            out.add(st.withDepth(Math.max(1, d)).withOverrides(ov));
        }
        return s.withStages(out).withName(s.name() + " (constant depth)");
    }

    /** The same stages with MBConv blocks: one superkernel, kernels {3, 5}, expansions {0, 2, 4, 6} (the paper's MBConv space). */
    public static Supernet mbconv(Supernet s) {
        List<Superkernel> one = List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), true));
        List<Stage> out = s.stages().stream().map(st -> st.withKind(BlockKind.MBCONV).withSuperkernels(one).withOverrides(Map.of())).toList();
        return s.withStages(out).withName(s.name() + " (MBConv)");
    }

    /**
     * Cumulative depth proportional to width (paper §4.1: linear depth): the least-squares line through the origin predicts
     * every stage's cumulative depth within 25 % (the paper's own space, cumulative 3, 7, 14, 18, 29 for widths 32 .. 256,
     * deviates by up to 20 %).
     */
    public static boolean isLinearDepth(Supernet s) {
        double swc = 0, sww = 0;
        int cum = 0;
        for (Stage st : s.stages()) {
            cum += st.depth();
            swc += (double) st.width() * cum;
            sww += (double) st.width() * st.width();
        }
        double slope = swc / sww;
        cum = 0;
        for (Stage st : s.stages()) {
            cum += st.depth();
            if (Math.abs(slope * st.width() - cum) > 0.25 * cum) return false;
        }
        return true;
    }

    static List<Integer> depths(Supernet s) { return s.stages().stream().map(Stage::depth).toList(); }

    // ---------------------------------------------------------------- verdicts

    static Comparison comparison(Planned pl, List<Row> rows, List<String> notes) {
        return new Comparison(pl.id(), pl.title(), rows, verdict(rows.get(0), rows.get(1)), pl.paperVerdict(), notes, null);
    }

    /** Which row won on accuracy and by how much, the latencies, and whether the difference is beyond the test-set noise. */
    static String verdict(Row a, Row b) {
        if (Double.isNaN(a.accuracy()) || Double.isNaN(b.accuracy())) return "not measured: " + (Double.isNaN(a.accuracy()) ? a.how() : b.how());
        Row win = a.accuracy() >= b.accuracy() ? a : b, lose = win == a ? b : a;
        double diff = 100 * (win.accuracy() - lose.accuracy());
        double se = 100 * Math.sqrt(win.accuracy() * (1 - win.accuracy()) / Math.max(1, win.testImages())
                + lose.accuracy() * (1 - lose.accuracy()) / Math.max(1, lose.testImages()));
        String latency = String.format(Locale.ROOT, "%.4f ms vs %.4f ms (%+.1f %%)", win.latencyMs(), lose.latencyMs(),
                100 * (win.latencyMs() - lose.latencyMs()) / lose.latencyMs());
        if (diff == 0) {
            return String.format(Locale.ROOT, "a tie at %.2f %% (%s)", 100 * win.accuracy(), latency);
        }
        return String.format(Locale.ROOT, "%s won by %.2f points (%.2f %% vs %.2f %%) at %s; %s (two standard errors of the difference "
                        + "on %d / %d test images: %.2f points)", win.variant(), diff, 100 * win.accuracy(), 100 * lose.accuracy(), latency,
                diff > 2 * se ? "beyond the noise" : "within the noise", win.testImages(), lose.testImages(), 2 * se);
    }

    static Row row(String variant, Architecture a, TrainResult t, double latencyMs, String how, double paperAcc, double paperMs) {
        return new Row(variant, a.name(), t.testAccuracy(), latencyMs, t.trainImages(), t.epochs(), t.testImages(), how, paperAcc, paperMs,
                t.runDirectory().toString());
    }

    static String fmt(double ms) { return String.format(Locale.ROOT, "%.4g", ms); }

    // ---------------------------------------------------------------- runs

    /** A searched and trained network. */
    record Searched(Architecture architecture, TrainResult trained, double latencyMs, double targetMs, double lowerMs, String how) {
        Row row(String variant, double paperAcc, double paperMs) {
            return ReproductionReport.row(variant, architecture, trained, latencyMs, how, paperAcc, paperMs);
        }

        /**
         * A note for the table when the search's network (simulated) ended outside its target band [lower, T] (a
         * search with the paper's loss, or one that missed): its row then does not stand at the latency the comparison
         * means. Null inside the band.
         */
        String landing(String variant) {
            if (latencyMs >= lowerMs && latencyMs <= targetMs) return null;
            return String.format(Locale.ROOT, "The %s search ended at %.4f ms, %.0f %% of its %s ms target (outside its band %.4f-%s ms), "
                            + "so this row is not at the latency the comparison means.",
                    variant, latencyMs, 100 * latencyMs / targetMs, fmt(targetMs), lowerMs, fmt(targetMs));
        }
    }

    /** The searches' landing notes that are not null (see {@link Searched#landing}), in order. */
    static List<String> landings(String... notes) {
        return java.util.Arrays.stream(notes).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Progress within one comparison: its work as weighted steps (a search weighs its images x epochs, a training its
     * own), the step under way and that run's own fraction done.
     */
    private static final class Meter {
        private final Listener listener;
        private String id = "";
        private double[] weights = {1};
        private int step;
        private String what = "";

        Meter(Listener listener) { this.listener = listener; }

        void begin(String id, double... weights) {
            this.id = id;
            this.weights = weights.clone();
            step = 0;
            what = "";
            listener.progress(id, 0, "starting");
        }

        void step(int i, String what) {
            step = Math.max(0, Math.min(i, weights.length - 1));
            this.what = what;
            fraction(0);
        }

        /** The current step's run is {@code f} done. */
        void fraction(double f) {
            double total = 0, before = 0;
            for (int i = 0; i < weights.length; i++) {
                total += weights[i];
                if (i < step) before += weights[i];
            }
            double x = total <= 0 ? 0 : (before + weights[step] * Math.max(0, Math.min(1, f))) / total;
            listener.progress(id, x, what);
        }
    }

    private static final class Context {
        final Project p;
        final Path projectDir, workDir;
        final Budget b;
        final Engines engines;
        final Consumer<String> say;
        final Listener listener;
        final Cancel stop;
        final Meter meter;
        /** Searches and trainings found finished in the work folder (an earlier run of the report) and not run again. */
        int reused;

        Context(Project p, Path projectDir, Path workDir, Budget b, Engines engines, Listener listener, Cancel stop, Meter meter) {
            this.p = p;
            this.projectDir = projectDir;
            this.workDir = workDir;
            this.b = b;
            this.engines = engines;
            this.listener = listener;
            this.say = listener::say;
            this.stop = stop;
            this.meter = meter;
        }

        double searchCost() { return (double) b.searchImages() * (b.phase1Epochs() + b.phase2Epochs()); }

        double trainCost() { return (double) b.trainImages() * b.trainEpochs(); }

        /** Trainings that RandomSearch starts itself: progress to the meter, and a cancel stops them at their next report. */
        TrainListener cancellingListener() {
            return new TrainListener() {
                @Override
                public void onProgress(TrainEvent e) {
                    // the run catches this, stops and completes with it; the checkpoint of the last epoch or interval stays
                    stop.check();
                    meter.fraction(e.progress());
                    listener.training(e);
                }
            };
        }

        SearchConfig searchConfig(double target) {
            return p.search().withLimitImages(b.searchImages()).withEpochs(b.phase1Epochs(), b.phase2Epochs()).withTargetLatencyMs(target)
                    .withBatchSize(b.batchSize());
        }

        TrainConfig trainConfig() {
            return TrainConfig.from(p.search(), b.trainEpochs()).withImages(b.trainImages(), b.testImages()).withBatchSize(b.batchSize());
        }

        /** A search (meter step {@code step}) and the training of what it found (step {@code step + 1}). */
        Searched searchAndTrain(String id, Supernet s, double target, int step) throws IOException {
            stop.check();
            SearchConfig cfg = searchConfig(target);
            meter.step(step, "search '" + s.name() + "' at " + fmt(target) + " ms");
            Path dir = workDir.resolve("search-" + id);
            say.accept(String.format(Locale.ROOT, "search '%s' at %s ms on %d images (%d + %d epochs) -> %s", s.name(), fmt(target),
                    b.searchImages(), b.phase1Epochs(), b.phase2Epochs(), dir));
            Architecture a = search(s, cfg, dir);
            double ms = engines.simulator().applyAsDouble(a);
            say.accept(String.format(Locale.ROOT, "  found %d blocks, simulated %.4f ms (target %s ms)", a.blocks().size(), ms, fmt(target)));
            TrainResult t = train(id, a, step + 1);
            return new Searched(a, t, ms, target, cfg.targetLowerMs(), String.format(Locale.ROOT, "search of '%s' at %s ms on %d images, %d + %d epochs", s.name(),
                    fmt(target), b.searchImages(), b.phase1Epochs(), b.phase2Epochs()));
        }

        Architecture search(Supernet s, SearchConfig cfg, Path dir) throws IOException {
            Optional<Architecture> done = finishedSearch(cfg, dir);
            if (done.isPresent()) {
                reused++;
                return done.get();
            }
            LatencyModel latency = engines.searchLatency(s);
            boolean resumable = sameSearch(cfg, dir) && Files.exists(dir.resolve(SearchRun.CHECKPOINT_FILE));
            SearchRun run = resumable ? SearchRun.resume(s, projectDir, dir, latency) : new SearchRun(s, cfg, projectDir, dir, latency);
            run.addListener(new SearchListener() {
                @Override
                public void onProgress(SearchEvent e) { meter.fraction(e.phaseProgress()); }
            });
            return runHere(run, "search '" + s.name() + "'").architecture();
        }

        /** A final training from scratch (meter step {@code step}). */
        TrainResult train(String id, Architecture a, int step) {
            stop.check();
            meter.step(step, "training '" + a.name() + "'");
            TrainConfig c = trainConfig();
            Path dir = workDir.resolve("train-" + id);
            Optional<TrainResult> done = TrainRun.finished(a, c, dir);
            if (done.isPresent()) {
                say.accept("  training " + dir + ": already done");
                reused++;
                return done.get();
            }
            say.accept(String.format(Locale.ROOT, "  training '%s' on %d images x %d epochs -> %s", a.name(), b.trainImages(), b.trainEpochs(), dir));
            TrainRun run = TrainRun.freshOrResumed(a, c, projectDir, dir);
            run.putResultField("simulatedLatencyMs", engines.simulator().applyAsDouble(a));
            run.addListener(new TrainListener() {
                @Override
                public void onProgress(TrainEvent e) {
                    meter.fraction(e.progress());
                    listener.training(e);
                }
            });
            TrainResult t = runHere(run, "training of '" + a.name() + "'");
            say.accept(String.format(Locale.ROOT, "  test accuracy %.4f on %d images", t.testAccuracy(), t.testImages()));
            return t;
        }

        /** Runs {@code run} on this thread, cancelled with the report; a failure names {@code what} and the cause. */
        private <R> R runHere(BackgroundRun<?, R, ?> run, String what) {
            stop.attach(run::cancel);
            try {
                return run.runHere();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException(what + " failed: " + message(e.getCause() == null ? e : e.getCause()), e);
            } finally {
                stop.detach();
            }
        }

        private static boolean sameSearch(SearchConfig cfg, Path dir) {
            try {
                Path f = dir.resolve(SearchRun.CONFIG_FILE);
                return Files.exists(f) && ReportJson.mapper().readValue(f.toFile(), SearchConfig.class).equals(cfg);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        private static Optional<Architecture> finishedSearch(SearchConfig cfg, Path dir) {
            if (!sameSearch(cfg, dir) || !Files.exists(dir.resolve(SearchRun.RESULT_FILE))) return Optional.empty();
            try {
                return Optional.of(TrainRun.readArchitecture(dir));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
