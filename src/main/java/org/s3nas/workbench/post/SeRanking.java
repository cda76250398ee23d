package org.s3nas.workbench.post;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.ModelCost;

/**
 * Selective SE removal (paper §4.3.3). For each SE block, the excitation of every channel c is observed over N
 * images; sigma_c is its population standard deviation over the images; the block's metric is the mean of sigma_c
 * over channels. A small metric means the SE multiplies by nearly the same vector whatever the image, which the
 * following convolution could absorb: those SE blocks go first (paper Fig. 11: 0.021 vs 0.118).
 */
public final class SeRanking {
    private SeRanking() {}

    /**
     * One SE block's score.
     *
     * @param blockIndex index in the architecture's blocks
     * @param channels   channels of the SE (the block's expanded width)
     * @param images     images the metric was measured on
     * @param metric     mean over channels of the population standard deviation over images
     */
    public record Score(int blockIndex, int stage, int channels, long images, double metric) {}

    /** The metric of one SE block from its excitations {@code [image][channel]}. */
    public static double metric(double[][] excitations) {
        if (excitations == null || excitations.length == 0) throw new IllegalArgumentException("no images: the metric needs at least one");
        if (excitations[0] == null) throw new IllegalArgumentException("image 0 has no excitations");
        ExcitationStatistics s = new ExcitationStatistics(excitations[0].length);
        s.addAll(excitations);
        return s.metric();
    }

    /**
     * Scores every SE block of {@code a} from full excitation matrices (block index -> {@code [image][channel]}),
     * sorted ascending by metric (ties: network order).
     *
     * @throws IllegalArgumentException when an SE block has no excitations, a block without SE has some, or the
     *                                  channel count differs from the block's SE width
     */
    public static List<Score> rank(Architecture a, Map<Integer, double[][]> excitations) {
        Map<Integer, ExcitationStatistics> stats = statistics(a);
        for (Map.Entry<Integer, double[][]> e : excitations.entrySet()) {
            accept(a, stats, e.getKey(), e.getValue());
        }
        return scores(a, stats);
    }

    /**
     * Scores every SE block of the source's architecture over up to {@code maxImages} images, streaming (no matrix is
     * kept). An interrupted thread ends with a {@link CancellationException}.
     */
    public static List<Score> rank(ExcitationSource source, int maxImages) {
        if (maxImages < 1) throw new IllegalArgumentException("the metric needs at least one image, was " + maxImages);
        Architecture a = source.architecture();
        Map<Integer, ExcitationStatistics> stats = statistics(a);
        source.collect(maxImages, (block, batch) -> accept(a, stats, block, batch));
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("SE ranking cancelled");
        return scores(a, stats);
    }

    private static Map<Integer, ExcitationStatistics> statistics(Architecture a) {
        Map<Integer, ExcitationStatistics> stats = new LinkedHashMap<>();
        for (int i : SeTransforms.seBlocks(a)) stats.put(i, new ExcitationStatistics(a.blocks().get(i).expandedChannels()));
        if (stats.isEmpty()) throw new IllegalArgumentException("architecture '" + a.name() + "' has no SE block to rank");
        return stats;
    }

    private static void accept(Architecture a, Map<Integer, ExcitationStatistics> stats, int block, double[][] batch) {
        ExcitationStatistics s = stats.get(block);
        if (s == null) {
            throw new IllegalArgumentException(block < 0 || block >= a.blocks().size()
                    ? "excitations for block " + block + ", outside architecture '" + a.name() + "' (" + a.blocks().size() + " blocks)"
                    : "excitations for blocks[" + block + "], which has no SE");
        }
        try {
            s.addAll(batch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("blocks[" + block + "] SE excitations: " + e.getMessage()
                    + " (the SE acts on the block's " + s.channels() + " expanded channels)", e);
        }
    }

    private static List<Score> scores(Architecture a, Map<Integer, ExcitationStatistics> stats) {
        List<Integer> missing = stats.entrySet().stream().filter(e -> e.getValue().count() == 0).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) throw new IllegalArgumentException("no excitations for the SE of blocks " + missing);
        List<Score> out = new ArrayList<>();
        stats.forEach((i, s) -> out.add(new Score(i, a.blocks().get(i).stage(), s.channels(), s.count(), s.metric())));
        out.sort(Comparator.comparingDouble(Score::metric).thenComparingInt(Score::blockIndex));
        return List.copyOf(out);
    }

    /** SE removed from the {@code removed} blocks, with the latency before and after. */
    public record Removal(Architecture architecture, List<Integer> removedBlocks, double latencyBeforeMs, double latencyAfterMs,
                          long parametersBefore, long parametersAfter) {
        public Removal {
            removedBlocks = List.copyOf(removedBlocks);
        }

        public double savedMs() { return latencyBeforeMs - latencyAfterMs; }
    }

    /** Removes SE from the {@code k} lowest-ranked blocks and measures the latency saved. */
    public static Removal removeLowest(Architecture a, List<Score> ranking, int k, ToDoubleFunction<Architecture> latencyMs) {
        if (k < 0 || k > ranking.size()) {
            throw new IllegalArgumentException("can remove 0 to " + ranking.size() + " SE blocks, asked for " + k);
        }
        List<Integer> removed = new ArrayList<>(new TreeSet<>(ranking.subList(0, k).stream().map(Score::blockIndex).toList()));
        Architecture after = SeTransforms.removeSe(a, removed).withName(a.name() + (k == 0 ? "" : " -" + k + " SE"));
        double before = latencyMs.applyAsDouble(a);
        double afterMs = k == 0 ? before : latencyMs.applyAsDouble(after);
        return new Removal(after, removed, before, afterMs, ModelCost.parameters(a), ModelCost.parameters(after));
    }

    /**
     * One point of the removal curve: after removing the SE of the {@code removed} lowest-ranked blocks (the last
     * being {@code lastBlock} with {@code lastMetric}), the network takes {@code latencyMs}.
     */
    public record Step(int removed, int lastBlock, double lastMetric, double latencyMs, long parameters) {}

    /**
     * Latency and parameters after removing the SE of the 0, 1, ..., n lowest-ranked blocks: the trade-off the user
     * picks k from. n + 1 latency evaluations.
     */
    public static List<Step> removalCurve(Architecture a, List<Score> ranking, ToDoubleFunction<Architecture> latencyMs) {
        List<Step> out = new ArrayList<>();
        out.add(new Step(0, -1, Double.NaN, latencyMs.applyAsDouble(a), ModelCost.parameters(a)));
        List<Integer> removed = new ArrayList<>();
        for (int k = 1; k <= ranking.size(); k++) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("SE removal curve cancelled");
            Score s = ranking.get(k - 1);
            removed.add(s.blockIndex());
            Architecture x = SeTransforms.removeSe(a, removed);
            out.add(new Step(k, s.blockIndex(), s.metric(), latencyMs.applyAsDouble(x), ModelCost.parameters(x)));
        }
        return out;
    }

    /**
     * What each SE block costs on its own: latency of {@code a} minus latency with only that block's SE removed, in
     * network order. Needs no trained network (useful before the metric can be measured).
     */
    public static Map<Integer, Double> seLatencyCosts(Architecture a, ToDoubleFunction<Architecture> latencyMs) {
        double full = latencyMs.applyAsDouble(a);
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int i : SeTransforms.seBlocks(a)) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("SE cost measurement cancelled");
            out.put(i, full - latencyMs.applyAsDouble(SeTransforms.removeSe(a, List.of(i))));
        }
        return out;
    }
}
