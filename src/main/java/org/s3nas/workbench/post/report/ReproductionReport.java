package org.s3nas.workbench.post.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
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
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;
import org.s3nas.workbench.search.train.RandomSearch;
import org.s3nas.workbench.search.train.TrainConfig;
import org.s3nas.workbench.search.train.TrainListener;
import org.s3nas.workbench.search.train.TrainResult;
import org.s3nas.workbench.search.train.TrainRun;

/**
 * Small-scale versions of the paper's comparisons (SPEC §5) on a project's proxy data: linear vs constant depth
 * (Table 4), MixConv vs MBConv blocks (Table 5), S3NAS vs random search at equal latency (Table 6), compound scaling
 * vs direct search on a loose target (Table 7), SE and h-swish (Table 8). Every architecture is found by a real search
 * and trained from scratch; accuracies are on the dataset's test split, latencies by simulation on the project's NPU.
 *
 * <p>Work folder: one sub-folder per search and training. A report started again on the same folder with the same
 * budget reuses what finished and resumes what did not.
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

    /** One of the paper's tables at small scale: rows, which won and by how much, and what the paper found. */
    public record Comparison(String id, String title, List<Row> rows, String verdict, String paperVerdict, List<String> notes) {}

    public record Report(String project, String supernet, double targetMs, Budget budget, List<Comparison> comparisons,
                         List<String> notes, double seconds) {}

    /**
     * Runs every comparison. {@code update} receives the report after each comparison (to write partial results).
     */
    public static Report run(Project p, Path projectDir, Path workDir, Budget b, Engines engines, Consumer<String> say,
                             Consumer<Report> update, TrainListener trainListener) throws IOException {
        long t0 = System.nanoTime();
        Context cx = new Context(p, projectDir, workDir, b, engines, say == null ? s -> {} : say, trainListener);
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
        Consumer<Comparison> add = c -> {
            done.add(c);
            if (update != null) update.accept(new Report(p.name(), linear.name(), target, b, List.copyOf(done), notes, (System.nanoTime() - t0) / 1e9));
        };

        // Table 4 (and the base network of every other table): linear vs constant depth at the same target
        Searched lin = cx.searchAndTrain("linear", linear, target);
        Supernet constant = constantDepth(linear);
        Searched con = cx.searchAndTrain("constant", constant, target);
        add.accept(comparison("table4", "Table 4: linear-depth vs constant-depth supernet",
                List.of(lin.row("linear depth " + depths(linear), 0.7709, 1.24), con.row("constant depth " + depths(constant), 0.7585, 1.28)),
                "paper: linear depth won by 1.24 points (77.09 % vs 75.85 %) and was faster (1.24 vs 1.28 ms)", List.of()));

        // Table 5: MixConv vs MBConv (DWConv) blocks
        Supernet mb = mbconv(linear);
        Searched mbs = cx.searchAndTrain("mbconv", mb, target);
        add.accept(comparison("table5", "Table 5: MixConv vs MBConv (DWConv) blocks",
                List.of(lin.row("MixConv blocks", 0.7658, Double.NaN), mbs.row("MBConv blocks (one superkernel k{3,5} e{0,2,4,6})", 0.7585, Double.NaN)),
                "paper: MixConv won by 0.73 points (76.58 % vs 75.85 %)", List.of()));

        // Table 6: S3NAS vs random search at equal latency
        double randomTarget = lin.latencyMs;
        RandomSearch.Options ro = new RandomSearch.Options(randomTarget, 0.05, b.randomSamples(), 200_000, p.search().seed());
        cx.say.accept(String.format(Locale.ROOT, "random search: %d samples within 5 %% of %.4f ms", b.randomSamples(), randomTarget));
        RandomSearch.Result rr = RandomSearch.run(linear, engines.estimator(linear), ro, cx.trainConfig().withEpochs(b.randomEpochs()),
                cx.trainConfig(), projectDir, workDir.resolve("random"), cx.say, trainListener);
        double rLat = engines.simulator().applyAsDouble(rr.best().architecture());
        Row randomRow = new Row("random search (best of " + rr.candidates().size() + " by validation)", rr.best().architecture().name(),
                rr.full().testAccuracy(), rLat, rr.full().trainImages(), rr.full().epochs(), rr.full().testImages(),
                String.format(Locale.ROOT, "%d uniform samples within 5 %% of %.4f ms (%d drawn), %d-epoch short trainings, best fully trained",
                        rr.candidates().size(), randomTarget, rr.sampling().draws(), b.randomEpochs()),
                0.7893, 2.47, rr.full().runDirectory().toString());
        add.accept(comparison("table6", "Table 6: S3NAS vs random search at equal latency",
                List.of(lin.row("S3NAS search", 0.7935, 2.47), randomRow),
                "paper: S3NAS (ours-M) won by 0.42 points (79.35 % vs 78.93 %) at 2.47 ms; EfficientNet-B1 78.8 %", List.of()));

        // Table 7: compound scaling of the tight-target network vs a direct search at the loose target
        double loose = target * b.looseTargetFactor();
        CompoundScaling.Result scaled = new CompoundScaling().search(lin.architecture, loose, engines.simulator());
        Row scaledRow;
        List<String> t7notes = new ArrayList<>();
        if (scaled.hasChoice()) {
            Architecture sa = scaled.chosen().architecture().withName(lin.architecture.name() + " scaled to " + fmt(loose) + " ms");
            TrainResult st = cx.train("scaled", sa);
            scaledRow = row("compound scaling of the search at " + fmt(target) + " ms", sa, st, engines.simulator().applyAsDouble(sa),
                    String.format(Locale.ROOT, "search at %s ms, scaled c = %.3f, r = %.3f (input %dx%d)", fmt(target),
                            scaled.chosen().depthWidthCoefficient(), scaled.chosen().resolutionCoefficient(), sa.input().height(), sa.input().width()),
                    0.8178, Double.NaN);
        } else {
            scaledRow = new Row("compound scaling of the search at " + fmt(target) + " ms", "-", Double.NaN, Double.NaN, 0, 0, 0,
                    "no scaled candidate meets " + fmt(loose) + " ms: " + scaled.note(), 0.8178, Double.NaN, null);
            t7notes.add(scaled.note());
        }
        Searched direct = cx.searchAndTrain("loose", linear, loose);
        add.accept(comparison("table7", String.format(Locale.ROOT, "Table 7: compound scaling vs direct search on a loose target (%s ms = %.2f x %s ms)",
                        fmt(loose), b.looseTargetFactor(), fmt(target)),
                List.of(scaledRow, direct.row("direct search at " + fmt(loose) + " ms", 0.8187, Double.NaN)),
                "paper: direct search was 0.09 points better (81.87 % vs 81.78 %), i.e. about equal, at a far higher search cost", t7notes));

        // Table 8: SE and h-swish
        Architecture se = SeTransforms.withSeAndHswish(lin.architecture);
        TrainResult set = cx.train("se-hswish", se);
        add.accept(comparison("table8", "Table 8: SE and h-swish (paper 4.3.2)",
                List.of(lin.row("searched network (ReLU, no SE)", Double.NaN, Double.NaN),
                        row("+ SE (ratio 0.25) + h-swish", se, set, engines.simulator().applyAsDouble(se), "the searched network, SE on every block, "
                                + "h-swish for ReLU", Double.NaN, Double.NaN)),
                "paper: SE and h-swish added about 1 point of accuracy (at some latency)", List.of()));
        return new Report(p.name(), linear.name(), target, b, List.copyOf(done), notes, (System.nanoTime() - t0) / 1e9);
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

    /** The same stages with MBConv blocks: one superkernel, kernels {3, 5}, expansions {0, 2, 4, 6} (SPEC 2.5). */
    public static Supernet mbconv(Supernet s) {
        List<Superkernel> one = List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), true));
        List<Stage> out = s.stages().stream().map(st -> st.withKind(BlockKind.MBCONV).withSuperkernels(one).withOverrides(Map.of())).toList();
        return s.withStages(out).withName(s.name() + " (MBConv)");
    }

    /**
     * Cumulative depth proportional to width (SPEC 1: linear depth): the least-squares line through the origin predicts
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

    static Comparison comparison(String id, String title, List<Row> rows, String paper, List<String> notes) {
        return new Comparison(id, title, rows, verdict(rows.get(0), rows.get(1)), paper, notes);
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
    record Searched(Architecture architecture, TrainResult trained, double latencyMs, String how) {
        Row row(String variant, double paperAcc, double paperMs) {
            return ReproductionReport.row(variant, architecture, trained, latencyMs, how, paperAcc, paperMs);
        }
    }

    private record Context(Project p, Path projectDir, Path workDir, Budget b, Engines engines, Consumer<String> say, TrainListener listener) {
        SearchConfig searchConfig(double target) {
            SearchConfig s = p.search().withLimitImages(b.searchImages()).withEpochs(b.phase1Epochs(), b.phase2Epochs()).withTargetLatencyMs(target);
            return new SearchConfig(s.dataset(), s.trainingResolution(), s.targetLatencyMs(), s.loss(), s.lambda1(), s.lambda2(),
                    s.phase1Epochs(), s.phase2Epochs(), b.batchSize(), s.learningRate(), s.lrDecay(), s.lrDecayEpochs(), s.weightDecay(),
                    s.labelSmoothing(), s.gradientClip(), s.rmsDecay(), s.rmsMomentum(), s.rmsEpsilon(), s.seed(), s.limitImages(),
                    s.checkpointEverySteps());
        }

        TrainConfig trainConfig() {
            return TrainConfig.from(p.search(), b.trainEpochs()).withImages(b.trainImages(), b.testImages()).withBatchSize(b.batchSize());
        }

        Searched searchAndTrain(String id, Supernet s, double target) throws IOException {
            SearchConfig cfg = searchConfig(target);
            Path dir = workDir.resolve("search-" + id);
            say.accept(String.format(Locale.ROOT, "search '%s' at %s ms on %d images (%d + %d epochs) -> %s", s.name(), fmt(target),
                    b.searchImages(), b.phase1Epochs(), b.phase2Epochs(), dir));
            Architecture a = search(s, cfg, dir);
            double ms = engines.simulator().applyAsDouble(a);
            say.accept(String.format(Locale.ROOT, "  found %d blocks, simulated %.4f ms (target %s ms)", a.blocks().size(), ms, fmt(target)));
            TrainResult t = train(id, a);
            return new Searched(a, t, ms, String.format(Locale.ROOT, "search of '%s' at %s ms on %d images, %d + %d epochs", s.name(),
                    fmt(target), b.searchImages(), b.phase1Epochs(), b.phase2Epochs()));
        }

        Architecture search(Supernet s, SearchConfig cfg, Path dir) throws IOException {
            Optional<Architecture> done = finishedSearch(cfg, dir);
            if (done.isPresent()) return done.get();
            LatencyModel latency = engines.searchLatency(s);
            boolean resumable = sameSearch(cfg, dir) && Files.exists(dir.resolve(SearchRun.CHECKPOINT_FILE));
            SearchRun run = resumable ? SearchRun.resume(s, projectDir, dir, latency) : new SearchRun(s, cfg, projectDir, dir, latency);
            SearchResult r;
            try {
                r = run.runHere();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("search '" + s.name() + "' failed: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
            return r.architecture();
        }

        TrainResult train(String id, Architecture a) {
            TrainConfig c = trainConfig();
            Path dir = workDir.resolve("train-" + id);
            Optional<TrainResult> done = TrainRun.finished(a, c, dir);
            if (done.isPresent()) {
                say.accept("  training " + dir + ": already done");
                return done.get();
            }
            say.accept(String.format(Locale.ROOT, "  training '%s' on %d images x %d epochs -> %s", a.name(), b.trainImages(), b.trainEpochs(), dir));
            TrainRun run = TrainRun.freshOrResumed(a, c, projectDir, dir);
            run.putResultField("simulatedLatencyMs", engines.simulator().applyAsDouble(a));
            if (listener != null) run.addListener(listener);
            TrainResult t;
            try {
                t = run.runHere();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("training of '" + a.name() + "' failed: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
            say.accept(String.format(Locale.ROOT, "  test accuracy %.4f on %d images", t.testAccuracy(), t.testImages()));
            return t;
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
