package org.s3nas.workbench.post;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.Stem;

/**
 * Compound scaling of a searched architecture to a final latency target (paper §4.3.1).
 *
 * <p>Depth and width share one coefficient {@code c = alpha^phi} so that the linear relation between a stage's
 * width and the cumulative depth up to it survives scaling; the input resolution is scaled more aggressively,
 * {@code r = gamma^phi} with {@code gamma > alpha}. Channel counts (stem, every block, head) are rounded to
 * multiples of 16, MIDAP's MAC grouping. Each stage gets {@code round(depth * c)} blocks; the extra blocks are
 * copies (stride 1, in = out) of the stage's blocks with the most parameters first, since a searched stage is
 * heterogeneous and "adding blocks" must say which kind.
 *
 * <p>Every candidate is checked with the latency function (the MIDAP simulator in the application). The search
 * steps phi on a grid until the target is crossed, bisects phi down to single-pixel changes, and, when the
 * discrete jump at the crossing (a whole block, a 16-channel step, a row of every feature map) leaves the best
 * candidate more than the tolerance below the target, searches the resolution alone on the geometries around the
 * crossing (depth/width untouched, resolution coefficient kept at least the depth/width one). The chosen candidate is the largest (by latency) that meets the target.
 */
public final class CompoundScaling {

    /**
     * @param alpha              depth/width base: {@code c = alpha^phi}
     * @param gamma              resolution base: {@code r = gamma^phi}; must exceed alpha (resolution scales harder)
     * @param phiStep            grid step of phi before the bisection
     * @param phiMin             lowest phi tried when the unscaled network misses the target (scaling down)
     * @param phiMax             highest phi tried
     * @param phiResolution      the bisection stops when the bracket is narrower than this
     * @param channelMultiple    channel counts are rounded to multiples of this (16: MIDAP's 16 CIMs)
     * @param resolutionMultiple input height and width are rounded to multiples of this
     * @param minResolution      smallest input height/width produced
     * @param tolerance          the chosen candidate should be within this fraction below the target (0.02)
     */
    public record Options(double alpha, double gamma, double phiStep, double phiMin, double phiMax, double phiResolution,
                          int channelMultiple, int resolutionMultiple, int minResolution, double tolerance) {
        public Options {
            if (!(alpha > 1)) throw new IllegalArgumentException("alpha (depth/width base) must be > 1, was " + alpha);
            if (!(gamma > alpha)) {
                throw new IllegalArgumentException("gamma (resolution base) must be > alpha (" + alpha + ") so that resolution "
                        + "scales more aggressively, was " + gamma);
            }
            if (!(phiStep > 0)) throw new IllegalArgumentException("phiStep must be positive, was " + phiStep);
            if (!(phiMin <= 0 && phiMax >= 0)) {
                throw new IllegalArgumentException("phi range must contain 0, was [" + phiMin + ", " + phiMax + "]");
            }
            if (!(phiResolution > 0)) throw new IllegalArgumentException("phiResolution must be positive, was " + phiResolution);
            if (channelMultiple < 1) throw new IllegalArgumentException("channelMultiple must be at least 1, was " + channelMultiple);
            if (resolutionMultiple < 1) throw new IllegalArgumentException("resolutionMultiple must be at least 1, was " + resolutionMultiple);
            if (minResolution < 1) throw new IllegalArgumentException("minResolution must be at least 1, was " + minResolution);
            if (!(tolerance >= 0 && tolerance < 1)) throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }

        /**
         * alpha 1.1, gamma 1.2: one unit of phi multiplies MACs by about alpha^3 gamma^2 = 1.92, the budget of
         * EfficientNet's alpha beta^2 gamma^2 = 2 with depth and width tied and resolution pushed harder.
         */
        public static Options defaults() {
            return new Options(1.1, 1.2, 0.25, -4, 8, 1e-3, 16, 1, 16, 0.02);
        }

        public Options withBases(double a, double g) {
            return new Options(a, g, phiStep, phiMin, phiMax, phiResolution, channelMultiple, resolutionMultiple, minResolution, tolerance);
        }

        public Options withResolutionMultiple(int m) {
            return new Options(alpha, gamma, phiStep, phiMin, phiMax, phiResolution, channelMultiple, m, minResolution, tolerance);
        }

        public Options withPhiRange(double min, double max) {
            return new Options(alpha, gamma, phiStep, min, max, phiResolution, channelMultiple, resolutionMultiple, minResolution, tolerance);
        }
    }

    /** How a candidate was produced. */
    public enum Origin {
        /** a point of the phi grid */
        GRID,
        /** a bisection point of phi between the last grid point meeting the target and the first missing it */
        BISECTION,
        /** a depth/width geometry near the crossing with its resolution searched alone */
        RESOLUTION_TRIM
    }

    /**
     * One scaled network checked by the latency function.
     *
     * @param phi                   the compound coefficient (for a resolution trim: log(c)/log(alpha) of its depth/width)
     * @param depthWidthCoefficient c, applied to every stage depth and every channel count
     * @param resolutionCoefficient input height / base input height, after rounding
     * @param stageDepths           blocks per stage, in stage order
     * @param stageWidths           output channels per stage, in stage order
     */
    public record Candidate(Origin origin, double phi, double depthWidthCoefficient, double resolutionCoefficient,
                            Architecture architecture, List<Integer> stageDepths, List<Integer> stageWidths,
                            double latencyMs, long parameters, long macs, boolean meetsTarget) {
        public Candidate {
            stageDepths = List.copyOf(stageDepths);
            stageWidths = List.copyOf(stageWidths);
        }

        public int resolution() { return architecture.input().height(); }
    }

    /**
     * The outcome: every candidate evaluated (sorted by depth/width coefficient, then resolution), the chosen one
     * (null when no candidate meets the target), whether it is within the tolerance below the target, and a note
     * explaining the choice in words.
     */
    public record Result(Architecture base, double targetMs, Options options, List<Candidate> candidates,
                         Candidate chosen, boolean withinTolerance, String note) {
        public Result {
            candidates = List.copyOf(candidates);
        }

        public boolean hasChoice() { return chosen != null; }
    }

    /** How many distinct depth/width geometries below the target get their resolution raised. */
    private static final int TRIM_GEOMETRIES = 3;
    /** How many larger depth/width geometries are tried at a lower resolution, at most. */
    private static final int SCAN_GEOMETRIES = 24;
    /** Relative step of c when looking for the next rounding change (pure arithmetic, no simulation). */
    private static final double SCAN_STEP = 2e-4;

    private final Options options;

    public CompoundScaling(Options options) { this.options = options; }

    public CompoundScaling() { this(Options.defaults()); }

    public Options options() { return options; }

    // ---------------------------------------------------------------------------------------------------------
    // geometry

    /** Nearest multiple of {@code multiple}, at least one multiple, never more than 10 % below {@code value}. */
    public static int roundChannels(double value, int multiple) {
        int r = Math.max(multiple, (int) Math.floor(value / multiple + 0.5) * multiple);
        if (r < 0.9 * value) r += multiple; // as EfficientNet's round_filters: do not lose more than 10 %
        return r;
    }

    /** Blocks of a stage after depth scaling: {@code round(depth * c)}, at least 1 (paper §4.3.1). */
    public static int scaledDepth(int depth, double c) {
        return Math.max(1, (int) Math.round(depth * c));
    }

    private int roundResolution(double value) {
        int m = options.resolutionMultiple;
        int r = (int) Math.round(value / m) * m;
        int min = ((options.minResolution + m - 1) / m) * m;
        return Math.max(min, r);
    }

    /** Input height of the base scaled by {@code r}, rounded as the options say. */
    public int scaledResolution(Architecture base, double r) { return roundResolution(base.input().height() * r); }

    /**
     * The base architecture with depth and width scaled by {@code c} and the input by {@code r}.
     *
     * @throws IllegalArgumentException when the blocks' stage indices are not in network order
     */
    public Architecture scale(Architecture base, double c, double r) {
        int h = roundResolution(base.input().height() * r);
        int w = roundResolution(base.input().width() * r);
        return scaleTo(base, c, h, w);
    }

    private Architecture scaleTo(Architecture base, double c, int height, int width) {
        if (!(c > 0)) throw new IllegalArgumentException("depth/width coefficient must be positive, was " + c);
        Architecture a = base.withoutSkips();
        List<List<Block>> stages = stages(a);
        int m = options.channelMultiple;
        int stem = roundChannels(a.stem().channels() * c, m);
        List<Block> out = new ArrayList<>();
        int in = stem;
        for (List<Block> stage : stages) {
            List<Block> deep = deepen(stage, scaledDepth(stage.size(), c));
            for (Block b : deep) {
                int o = roundChannels(b.outChannels() * c, m);
                out.add(b.withChannels(in, o));
                in = o;
            }
        }
        Head head = new Head(roundChannels(a.head().featureChannels() * c, m), a.head().classes(), a.head().activation());
        Stem st = new Stem(stem, a.stem().kernel(), a.stem().stride(), a.stem().activation());
        String name = String.format(Locale.ROOT, "%s (c=%.3f, %dx%d)", base.name(), c, height, width);
        return new Architecture(name, new InputShape(height, width, a.input().channels()), st, out, head);
    }

    /**
     * A stage with {@code target} blocks at the original widths. Extra blocks copy the stage's blocks in order of
     * decreasing parameter count (round robin when more extras than blocks), each copy right after its source,
     * with stride 1 and in = out. Fewer blocks drop the blocks with the fewest parameters, never the first (it
     * carries the stride and the width change).
     */
    static List<Block> deepen(List<Block> stage, int target) {
        int n = stage.size();
        if (target == n) return stage;
        List<Integer> byParams = new ArrayList<>();
        for (int i = 0; i < n; i++) byParams.add(i);
        long[] params = stage.stream().mapToLong(ModelCost::blockParameters).toArray();
        // most parameters first; ties keep network order so the result is deterministic
        byParams.sort(Comparator.<Integer>comparingLong(i -> -params[i]).thenComparingInt(i -> i));
        List<Block> out = new ArrayList<>();
        if (target > n) {
            int[] copies = new int[n];
            for (int e = 0; e < target - n; e++) copies[byParams.get(e % n)]++;
            boolean copyResidual = copyResidualAllowed(stage);
            for (int i = 0; i < n; i++) {
                Block b = stage.get(i);
                out.add(b);
                Block copy = new Block(b.stage(), b.outChannels(), b.outChannels(), 1,
                        isRepeat(b) ? b.residualAllowed() : copyResidual, b.branches(), b.seRatio(), b.activation());
                for (int k = 0; k < copies[i]; k++) out.add(copy);
            }
        } else {
            boolean[] drop = new boolean[n];
            int toDrop = n - target;
            for (int k = byParams.size() - 1; k >= 0 && toDrop > 0; k--) {
                int i = byParams.get(k);
                if (i == 0) continue;
                drop[i] = true;
                toDrop--;
            }
            for (int i = 0; i < n; i++) if (!drop[i]) out.add(stage.get(i));
        }
        return out;
    }

    private static boolean isRepeat(Block b) { return b.stride() == 1 && b.inChannels() == b.outChannels(); }

    /** A copy of a stage's first block gets a residual unless the stage's own repeats have it disabled (noskip). */
    private static boolean copyResidualAllowed(List<Block> stage) {
        for (Block b : stage) if (isRepeat(b)) return b.residualAllowed();
        return true;
    }

    /** The blocks grouped by stage, in network order. */
    static List<List<Block>> stages(Architecture a) {
        Map<Integer, List<Block>> byStage = new LinkedHashMap<>();
        int last = Integer.MIN_VALUE;
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            if (b.stage() < last) {
                throw new IllegalArgumentException("blocks[" + i + "].stage: stage " + b.stage() + " follows stage " + last
                        + " - blocks must be in network order to be scaled");
            }
            last = b.stage();
            byStage.computeIfAbsent(b.stage(), s -> new ArrayList<>()).add(b);
        }
        return new ArrayList<>(byStage.values());
    }

    /** Blocks per stage, in stage order. */
    public static List<Integer> stageDepths(Architecture a) {
        return stages(a.withoutSkips()).stream().map(List::size).toList();
    }

    /** Output channels of each stage (of its last block), in stage order. */
    public static List<Integer> stageWidths(Architecture a) {
        return stages(a.withoutSkips()).stream().map(s -> s.get(s.size() - 1).outChannels()).toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // search

    /** {@link #search(Architecture, double, ToDoubleFunction, Consumer)} without a listener. */
    public Result search(Architecture base, double targetMs, ToDoubleFunction<Architecture> latencyMs) {
        return search(base, targetMs, latencyMs, c -> {});
    }

    /**
     * Searches the scaling coefficients for a final target latency. Every candidate goes to {@code onCandidate} as it
     * is evaluated (on the calling thread). An interrupted thread stops the search with a
     * {@link CancellationException}.
     */
    public Result search(Architecture base, double targetMs, ToDoubleFunction<Architecture> latencyMs,
                         Consumer<Candidate> onCandidate) {
        if (!(targetMs > 0)) throw new IllegalArgumentException("target latency must be positive, was " + targetMs + " ms");
        if (base.blocks().isEmpty()) throw new IllegalArgumentException("architecture '" + base.name() + "' has no blocks to scale");
        stages(base); // order check before any simulation
        Search s = new Search(base, targetMs, latencyMs, onCandidate);
        return s.run();
    }

    private final class Search {
        final Architecture base;
        final double target;
        final ToDoubleFunction<Architecture> latency;
        final Consumer<Candidate> listener;
        final Map<Architecture, Candidate> byGeometry = new HashMap<>();
        final List<Candidate> all = new ArrayList<>();
        final StringBuilder note = new StringBuilder();

        Search(Architecture base, double target, ToDoubleFunction<Architecture> latency, Consumer<Candidate> listener) {
            this.base = base;
            this.target = target;
            this.latency = latency;
            this.listener = listener;
        }

        Candidate evalPhi(double phi, Origin origin) {
            double c = Math.pow(options.alpha, phi);
            return eval(origin, phi, c, scale(base, c, Math.pow(options.gamma, phi)));
        }

        Candidate eval(Origin origin, double phi, double c, Architecture a) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("compound scaling cancelled");
            Architecture key = a.withName("");
            Candidate known = byGeometry.get(key);
            if (known != null) return known;
            double ms = latency.applyAsDouble(a);
            ModelCost.Totals t = ModelCost.totals(a);
            Candidate cand = new Candidate(origin, phi, c, (double) a.input().height() / base.input().height(), a,
                    stageDepths(a), stageWidths(a), ms, t.parameters(), t.macs(), ms <= target);
            byGeometry.put(key, cand);
            all.add(cand);
            listener.accept(cand);
            return cand;
        }

        Result run() {
            Candidate zero = evalPhi(0, Origin.GRID);
            Candidate lo = null, hi = null;
            if (zero.meetsTarget()) {
                lo = zero;
                for (int i = 1; i * options.phiStep <= options.phiMax + 1e-12; i++) {
                    Candidate c = evalPhi(i * options.phiStep, Origin.GRID);
                    if (c.meetsTarget()) lo = c;
                    else { hi = c; break; }
                }
            } else {
                hi = zero;
                for (int i = 1; -i * options.phiStep >= options.phiMin - 1e-12; i++) {
                    Candidate c = evalPhi(-i * options.phiStep, Origin.GRID);
                    if (c.meetsTarget()) { lo = c; break; }
                    hi = c;
                }
            }
            if (lo == null) {
                note.append(String.format(Locale.ROOT, "No candidate meets %.4f ms: even phi = %.2f (c = %.3f, %dx%d) takes %.4f ms.",
                        target, hi.phi(), hi.depthWidthCoefficient(), hi.resolution(), hi.resolution(), hi.latencyMs()));
                return finish(null, hi);
            }
            if (hi == null) {
                note.append(String.format(Locale.ROOT, "Even phi = %.2f meets the target (%.4f ms of %.4f ms): raise phiMax to scale further. ",
                        lo.phi(), lo.latencyMs(), target));
                return finish(bestMeeting(), null);
            }
            // bisect phi: the geometry is a step function of phi, so narrow the bracket to single discrete steps
            double pl = lo.phi(), ph = hi.phi();
            while (ph - pl > options.phiResolution) {
                double mid = 0.5 * (pl + ph);
                Candidate c = evalPhi(mid, Origin.BISECTION);
                if (c.meetsTarget()) { pl = mid; lo = c; } else { ph = mid; hi = c; }
            }
            Candidate best = bestMeeting();
            if (best.latencyMs() < (1 - options.tolerance) * target) {
                trimResolution(lo);
                best = bestMeeting();
            }
            return finish(best, smallestMissing());
        }

        /**
         * Resolution alone, depth/width fixed. Feature maps shrink by ceil(size / stride), so latency is a step function
         * of the resolution with large steps (one pixel past a multiple of the network's total stride adds a row and
         * column at every level); several depth/width geometries give more steps to land in the band. First the
         * resolution is raised on the last few distinct geometries that meet the target; then larger geometries (each
         * next rounding step of c) are tried at a lower resolution, never below c times the base (so resolution still
         * scales at least as hard as depth and width), until one misses the target even at that floor.
         */
        void trimResolution(Candidate lo) {
            List<Candidate> geometries = new ArrayList<>();
            for (Candidate c : all.stream().filter(Candidate::meetsTarget)
                    .sorted(Comparator.comparingDouble(Candidate::depthWidthCoefficient).reversed()).toList()) {
                if (geometries.stream().noneMatch(g -> sameDepthWidth(g, c))) geometries.add(c);
                if (geometries.size() == TRIM_GEOMETRIES) break;
            }
            for (Candidate g : geometries) {
                Candidate top = all.stream().filter(c -> c.meetsTarget() && sameDepthWidth(c, g))
                        .max(Comparator.comparingInt(Candidate::resolution)).orElse(g);
                raise(top);
            }
            Architecture last = geometry(lo.depthWidthCoefficient());
            int tried = 0;
            for (double x = lo.depthWidthCoefficient(); tried < SCAN_GEOMETRIES && !within(bestMeeting()); x *= 1 + SCAN_STEP) {
                Architecture g = geometry(x);
                if (g.equals(last)) continue;
                last = g;
                tried++;
                int floor = roundResolution(base.input().height() * x);
                Candidate f = trim(x, floor);
                if (!f.meetsTarget()) break; // larger c is slower still at its own (higher) floor
                raise(f);
            }
        }

        /** The depth/width geometry of coefficient c, independent of the resolution. */
        Architecture geometry(double c) {
            return scaleTo(base, c, base.input().height(), base.input().width()).withName("");
        }

        boolean within(Candidate c) {
            return c != null && c.latencyMs() >= (1 - options.tolerance) * target;
        }

        /** Exponential steps up from a meeting resolution until it misses (at most doubling it), then binary search. */
        void raise(Candidate geometry) {
            int step = options.resolutionMultiple;
            int good = geometry.resolution();
            int limit = 2 * geometry.resolution();
            for (int d = step; good + d <= limit; d *= 2) {
                Candidate c = trim(geometry.depthWidthCoefficient(), good + d);
                if (c.meetsTarget()) {
                    good = good + d;
                } else {
                    binary(geometry.depthWidthCoefficient(), good, good + d);
                    return;
                }
            }
        }

        /** Binary search for the largest resolution in (good, bad) meeting the target; good meets, bad misses. */
        void binary(double c, int good, int bad) {
            int step = options.resolutionMultiple;
            while (bad - good > step) {
                int mid = good + ((bad - good) / (2 * step)) * step;
                if (mid <= good) mid = good + step;
                if (trim(c, mid).meetsTarget()) good = mid; else bad = mid;
            }
        }

        Candidate trim(double c, int resolution) {
            double ratio = (double) resolution / base.input().height();
            int w = roundResolution(base.input().width() * ratio);
            Architecture a = scaleTo(base, c, resolution, w);
            return eval(Origin.RESOLUTION_TRIM, Math.log(c) / Math.log(options.alpha), c, a);
        }

        boolean sameDepthWidth(Candidate a, Candidate b) {
            return a.stageDepths().equals(b.stageDepths()) && a.architecture().withInput(b.architecture().input())
                    .withName("").equals(b.architecture().withName(""));
        }

        Candidate bestMeeting() {
            return all.stream().filter(Candidate::meetsTarget)
                    .max(Comparator.comparingDouble(Candidate::latencyMs)
                            .thenComparingDouble(Candidate::depthWidthCoefficient)
                            .thenComparingInt(Candidate::resolution))
                    .orElse(null);
        }

        /** The cheapest candidate that misses the target. */
        Candidate smallestMissing() {
            return all.stream().filter(c -> !c.meetsTarget())
                    .min(Comparator.comparingDouble(Candidate::latencyMs)).orElse(null);
        }

        Result finish(Candidate chosen, Candidate nextMissing) {
            boolean within = chosen != null && chosen.latencyMs() >= (1 - options.tolerance) * target;
            if (chosen != null) {
                note.append(String.format(Locale.ROOT, "Chosen: c = %.3f (depth and width), %dx%d input (r = %.3f), %.4f ms = %.2f %% of the %.4f ms target.",
                        chosen.depthWidthCoefficient(), chosen.resolution(), chosen.architecture().input().width(),
                        chosen.resolutionCoefficient(), chosen.latencyMs(), 100 * chosen.latencyMs() / target, target));
                if (!within && nextMissing != null) {
                    note.append(String.format(Locale.ROOT, " Not within %.1f %% of the target: no candidate lands between %.4f and %.4f ms.",
                            100 * options.tolerance, (1 - options.tolerance) * target, target));
                    Candidate nextSize = all.stream().filter(c -> !c.meetsTarget() && sameDepthWidth(c, chosen) && c.resolution() > chosen.resolution())
                            .min(Comparator.comparingInt(Candidate::resolution)).orElse(null);
                    if (nextSize != null) {
                        note.append(String.format(Locale.ROOT, " On the chosen depth/width the next input size, %d, takes %.4f ms (+%.2f %%):"
                                        + " feature maps shrink by ceil(size / stride), so one pixel more can add a row and a column at every level.",
                                nextSize.resolution(), nextSize.latencyMs(), 100 * (nextSize.latencyMs() / chosen.latencyMs() - 1)));
                    }
                    Candidate larger = all.stream().filter(c -> c.depthWidthCoefficient() > chosen.depthWidthCoefficient() && !sameDepthWidth(c, chosen))
                            .filter(c -> c.meetsTarget()).max(Comparator.comparingDouble(Candidate::latencyMs)).orElse(null);
                    if (larger != null) {
                        note.append(String.format(Locale.ROOT, " Larger depth/width (%s) fits only at %dx%d and less (%.4f ms).",
                                describeStep(chosen, larger), larger.resolution(), larger.architecture().input().width(), larger.latencyMs()));
                    }
                    note.append(String.format(Locale.ROOT, " The cheapest candidate above the target (%s) takes %.4f ms.",
                            describeStep(chosen, nextMissing), nextMissing.latencyMs()));
                }
            }
            List<Candidate> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparingDouble(Candidate::depthWidthCoefficient).thenComparingInt(Candidate::resolution));
            return new Result(base, target, options, sorted, chosen, within, note.toString().trim());
        }

        String describeStep(Candidate from, Candidate to) {
            List<String> parts = new ArrayList<>();
            if (!from.stageDepths().equals(to.stageDepths())) parts.add("stage depths " + from.stageDepths() + " -> " + to.stageDepths());
            if (!from.stageWidths().equals(to.stageWidths())) parts.add("stage widths " + from.stageWidths() + " -> " + to.stageWidths());
            if (from.resolution() != to.resolution()) parts.add("input " + from.resolution() + " -> " + to.resolution());
            if (from.architecture().head().featureChannels() != to.architecture().head().featureChannels()) {
                parts.add("head " + from.architecture().head().featureChannels() + " -> " + to.architecture().head().featureChannels());
            }
            if (from.architecture().stem().channels() != to.architecture().stem().channels()) {
                parts.add("stem " + from.architecture().stem().channels() + " -> " + to.architecture().stem().channels());
            }
            return parts.isEmpty() ? "same geometry" : String.join(", ", parts);
        }
    }
}
