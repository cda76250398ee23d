package org.s3nas.workbench.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.ModelCost;

class SeRankingTest {

    @Test
    void constantExcitationsScoreZero() {
        double[][] x = new double[50][8];
        for (double[] row : x) java.util.Arrays.fill(row, 0.73);
        assertEquals(0, SeRanking.metric(x), 1e-15);
    }

    @Test
    void knownStandardDeviations() {
        // channel 0: {0, 1} -> population std 0.5; channel 1: constant -> 0; channel 2: {0.2, 0.8} -> 0.3
        double[][] x = {{0, 0.4, 0.2}, {1, 0.4, 0.8}};
        assertEquals((0.5 + 0 + 0.3) / 3, SeRanking.metric(x), 1e-15);
        // {1, 2, 3, 4}: population std sqrt(1.25) (the sample std would be sqrt(5/3))
        double[][] y = {{1}, {2}, {3}, {4}};
        assertEquals(Math.sqrt(1.25), SeRanking.metric(y), 1e-15);
        // a single image has no spread
        assertEquals(0, SeRanking.metric(new double[][]{{0.1, 0.9}}), 0);
    }

    @Test
    void streamingMatchesTheMatrixFormulaAndIsStableForLargeOffsets() {
        Random r = new Random(7);
        int n = 1000, c = 24;
        double[][] x = new double[n][c];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) x[i][j] = 1e6 + r.nextGaussian() * (0.01 + j * 0.01);
        double expected = 0;
        for (int j = 0; j < c; j++) {
            double mean = 0;
            for (double[] row : x) mean += row[j];
            mean /= n;
            double v = 0;
            for (double[] row : x) v += (row[j] - mean) * (row[j] - mean);
            expected += Math.sqrt(v / n);
        }
        expected /= c;
        ExcitationStatistics s = new ExcitationStatistics(c);
        for (int start = 0; start < n; start += 128) s.addAll(java.util.Arrays.copyOfRange(x, start, Math.min(n, start + 128)));
        assertEquals(n, s.count());
        assertEquals(expected, s.metric(), 1e-9 * expected);
        assertEquals(expected, SeRanking.metric(x), 1e-9 * expected);
    }

    /** Four SE blocks; excitations built with known per-channel spreads. */
    private static Architecture withSe() {
        return SeTransforms.withSeAndHswish(TestNets.searchedLike(TestNets.paperSupernet()));
    }

    /** excitations[image][channel] = 0.5 + spread * (+1 / -1 alternating over images): population std = spread exactly. */
    private static double[][] spread(int images, int channels, double spread) {
        double[][] x = new double[images][channels];
        for (int i = 0; i < images; i++) for (int j = 0; j < channels; j++) x[i][j] = 0.5 + (i % 2 == 0 ? spread : -spread);
        return x;
    }

    @Test
    void ranksAscendingAndRemovesTheLowest() {
        Architecture a = withSe();
        List<Integer> se = SeTransforms.seBlocks(a);
        assertEquals(a.blocks().size(), se.size());
        Map<Integer, double[][]> ex = new HashMap<>();
        for (int i : se) {
            // paper Fig. 11's two values for the first two blocks, a growing spread elsewhere
            double s = i == 0 ? 0.118 : i == 1 ? 0.021 : 0.03 + 0.002 * i; // at most 0.03 + 0.002 * 40 < 0.118
            ex.put(i, spread(10, a.blocks().get(i).expandedChannels(), s));
        }
        List<SeRanking.Score> ranking = SeRanking.rank(a, ex);
        assertEquals(se.size(), ranking.size());
        assertEquals(1, ranking.get(0).blockIndex());
        assertEquals(0.021, ranking.get(0).metric(), 1e-12);
        assertEquals(10, ranking.get(0).images());
        for (int k = 1; k < ranking.size(); k++) assertTrue(ranking.get(k).metric() >= ranking.get(k - 1).metric());
        assertEquals(0, ranking.get(ranking.size() - 1).blockIndex(), "0.118 is the largest");

        SeRanking.Removal rm = SeRanking.removeLowest(a, ranking, 3, TestNets.ANALYTIC_MS);
        assertEquals(List.of(1, 2, 3), rm.removedBlocks());
        for (int i = 0; i < a.blocks().size(); i++) {
            assertEquals(rm.removedBlocks().contains(i) ? 0 : a.blocks().get(i).seChannels(), rm.architecture().blocks().get(i).seChannels());
        }
        assertEquals(TestNets.ANALYTIC_MS.applyAsDouble(a) - TestNets.ANALYTIC_MS.applyAsDouble(rm.architecture()), rm.savedMs(), 1e-15);
        assertTrue(rm.savedMs() > 0);
        assertTrue(rm.parametersAfter() < rm.parametersBefore());

        List<SeRanking.Step> curve = SeRanking.removalCurve(a, ranking, TestNets.ANALYTIC_MS);
        assertEquals(ranking.size() + 1, curve.size());
        assertEquals(rm.latencyAfterMs(), curve.get(3).latencyMs(), 1e-15);
        for (int k = 1; k < curve.size(); k++) assertTrue(curve.get(k).latencyMs() < curve.get(k - 1).latencyMs());
        Architecture none = SeTransforms.removeSe(a, se);
        assertEquals(TestNets.ANALYTIC_MS.applyAsDouble(none), curve.get(curve.size() - 1).latencyMs(), 1e-15);
    }

    @Test
    void streamingSourceRanksLikeTheMatrices() {
        Architecture a = withSe();
        ExcitationSource src = new ExcitationSource() {
            @Override public Architecture architecture() { return a; }

            @Override public void collect(int maxImages, Sink sink) {
                for (int start = 0; start < maxImages; start += 4) {
                    int n = Math.min(4, maxImages - start);
                    for (int i : SeTransforms.seBlocks(a)) {
                        double[][] batch = new double[n][];
                        double[][] all = spread(maxImages, a.blocks().get(i).expandedChannels(), 0.01 * ((i * 5) % 7));
                        System.arraycopy(all, start, batch, 0, n);
                        sink.accept(i, batch);
                    }
                }
            }
        };
        List<SeRanking.Score> streamed = SeRanking.rank(src, 10);
        Map<Integer, double[][]> ex = new HashMap<>();
        for (int i : SeTransforms.seBlocks(a)) ex.put(i, spread(10, a.blocks().get(i).expandedChannels(), 0.01 * ((i * 5) % 7)));
        List<SeRanking.Score> full = SeRanking.rank(a, ex);
        assertEquals(full.stream().map(SeRanking.Score::blockIndex).toList(), streamed.stream().map(SeRanking.Score::blockIndex).toList());
        for (int k = 0; k < full.size(); k++) assertEquals(full.get(k).metric(), streamed.get(k).metric(), 1e-12);
        // equal metrics keep network order
        assertEquals(0, streamed.get(0).metric(), 1e-15);
        assertTrue(streamed.get(0).blockIndex() < streamed.get(1).blockIndex() || streamed.get(1).metric() > 0);
    }

    @Test
    void badExcitationsAreNamed() {
        Architecture a = withSe();
        Map<Integer, double[][]> ex = new HashMap<>();
        for (int i : SeTransforms.seBlocks(a)) ex.put(i, spread(3, a.blocks().get(i).expandedChannels(), 0.1));
        ex.put(4, spread(3, 7, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeRanking.rank(a, ex));
        assertTrue(e.getMessage().startsWith("blocks[4] SE excitations: image 0 of the batch: expected "), e.getMessage());
        ex.remove(4);
        e = assertThrows(IllegalArgumentException.class, () -> SeRanking.rank(a, ex));
        assertTrue(e.getMessage().contains("no excitations for the SE of blocks [4]"), e.getMessage());
        Architecture partial = SeTransforms.removeSe(a, List.of(4));
        ex.put(4, spread(3, a.blocks().get(4).expandedChannels(), 0.1));
        e = assertThrows(IllegalArgumentException.class, () -> SeRanking.rank(partial, ex));
        assertTrue(e.getMessage().contains("blocks[4], which has no SE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeRanking.metric(new double[][]{{0.1, Double.NaN}}));
        assertTrue(e.getMessage().contains("channel 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeTransforms.removeSe(partial, List.of(4)));
        assertTrue(e.getMessage().contains("blocks[4]") && e.getMessage().contains("no SE"), e.getMessage());
        Architecture plain = TestNets.searchedLike(TestNets.paperSupernet());
        e = assertThrows(IllegalArgumentException.class, () -> SeRanking.rank(plain, Map.of()));
        assertTrue(e.getMessage().contains("no SE block"), e.getMessage());
    }

    @Test
    void seAndHswishTransforms() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        Architecture p = SeTransforms.withSeAndHswish(a);
        assertEquals(Activation.HSWISH, p.stem().activation());
        assertEquals(Activation.HSWISH, p.head().activation());
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = p.blocks().get(i);
            assertEquals(Activation.HSWISH, b.activation());
            assertEquals(a.blocks().get(i).inChannels() / 4, b.seChannels());
            assertEquals(a.blocks().get(i).branches(), b.branches());
        }
        Architecture sw = SeTransforms.reluToHswish(a.withBlocks(a.blocks().stream().map(b -> b.withActivation(Activation.SWISH)).toList()));
        assertTrue(sw.blocks().stream().allMatch(b -> b.activation() == Activation.SWISH), "only ReLU/ReLU6 are replaced");
        // SE is not free: parameters and (analytic) latency grow, and removing all of it gives the h-swish network back
        assertTrue(ModelCost.parameters(p) > ModelCost.parameters(a));
        assertEquals(SeTransforms.reluToHswish(a).blocks(), SeTransforms.removeSe(p, SeTransforms.seBlocks(p)).blocks());
        Map<Integer, Double> costs = SeRanking.seLatencyCosts(p, TestNets.ANALYTIC_MS);
        assertEquals(p.blocks().size(), costs.size());
        assertTrue(costs.values().stream().allMatch(v -> v > 0));
    }
}
