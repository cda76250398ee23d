package org.s3nas.workbench.app.post;

import org.s3nas.workbench.app.DirectTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.post.SeViewModel.CostRow;
import org.s3nas.workbench.app.post.SeViewModel.RankRow;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.ExcitationSource;
import org.s3nas.workbench.post.SeRanking;
import org.s3nas.workbench.post.SeTransforms;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SE panel's model on the fashion-mnist sample: latency costs from the simulator always, a ranking only from an
 * {@link ExcitationSource}. The source here is a test double with known excitations (legitimate test input: it
 * stands for a trained network whose excitation spreads are known in advance). Plain JUnit.
 */
class SeViewModelTest {
    private static final int IMAGES = 40; // even: alternating +s / -s has a population standard deviation of exactly s

    private Preferences prefs;
    private DirectTaskExecutor executor;
    private WorkbenchModel model;
    private ToDoubleFunction<Architecture> simulator;

    @BeforeEach
    void setUp() {
        prefs = PostFixtures.preferences();
        executor = new DirectTaskExecutor();
        Project p = PostFixtures.sample("fashion-mnist.json");
        model = PostFixtures.model(p, executor, prefs);
        simulator = new MidapSimulator(p.npu())::latencyMs;
    }


    /** The supernet's largest network with SE and h-swish: what the panel analyses by default. */
    private Architecture withSe() { return SeTransforms.withSeAndHswish(model.getProject().supernet().largest().withoutSkips()); }

    /** Known spreads: block i gets 0.01 * (1 + (7 * i) % n), a permutation of 0.01 .. 0.01 n, so the order is not network order. */
    private static Map<Integer, Double> spreads(Architecture a) {
        List<Integer> se = SeTransforms.seBlocks(a);
        Map<Integer, Double> s = new LinkedHashMap<>();
        for (int i : se) s.put(i, 0.01 * (1 + (7 * i) % se.size()));
        return s;
    }

    /**
     * A trained network stand-in: image m gives every channel of block i the excitation 0.5 + s_i (m even) or
     * 0.5 - s_i (m odd), in batches of 6 images, reusing its arrays as a real source may.
     */
    static ExcitationSource knownSource(Architecture a, Map<Integer, Double> spread, int images) {
        return new ExcitationSource() {
            @Override
            public Architecture architecture() { return a; }

            @Override
            public void collect(int maxImages, Sink sink) {
                int n = Math.min(maxImages, images);
                for (int start = 0; start < n; start += 6) {
                    int b = Math.min(6, n - start);
                    for (Map.Entry<Integer, Double> e : spread.entrySet()) {
                        double[][] x = new double[b][a.blocks().get(e.getKey()).expandedChannels()];
                        for (int m = 0; m < b; m++) java.util.Arrays.fill(x[m], 0.5 + ((start + m) % 2 == 0 ? e.getValue() : -e.getValue()));
                        sink.accept(e.getKey(), x);
                        for (double[] row : x) java.util.Arrays.fill(row, Double.NaN); // reused: a copy must have been taken
                    }
                }
            }
        };
    }

    private SeViewModel vm(ExcitationSources sources) {
        SeViewModel vm = new PostViewModel(model, npu -> new MidapSimulator(npu)::latencyMs, sources).se();
        assertTrue(vm.select(ArchitectureChoice.LARGEST));
        assertTrue(vm.addSeProperty().get(), "SE + h-swish is on by default");
        return vm;
    }

    @Test
    void withoutATrainedNetworkItShowsTheSeLatencyCostsAndSaysWhyThereIsNoRanking() {
        SeViewModel vm = vm(ExcitationSources.none());
        assertTrue(vm.analyse(), vm.errorProperty().get());
        Architecture a = withSe();
        assertEquals(a, vm.analysedProperty().get());
        Map<Integer, Double> expected = SeRanking.seLatencyCosts(a, simulator);
        assertEquals(List.copyOf(expected.keySet()), vm.costs().stream().map(CostRow::blockIndex).toList(), "every SE block, network order");
        for (CostRow r : vm.costs()) {
            assertEquals(expected.get(r.blockIndex()), r.costMs(), 0, "block " + r.blockIndex());
            assertEquals(a.blocks().get(r.blockIndex()).expandedChannels(), r.channels());
            assertEquals(a.blocks().get(r.blockIndex()).seChannels(), r.squeeze());
            assertEquals(r.costMs() / simulator.applyAsDouble(a), r.shareOfLatency(), 1e-12);
        }
        assertTrue(vm.costs().stream().allMatch(r -> r.costMs() > 0), "an SE costs time on MIDAP");
        assertEquals(simulator.applyAsDouble(a), vm.latencyProperty().get(), 0);

        assertFalse(vm.rankedProperty().get());
        assertTrue(vm.ranking().isEmpty(), "no metric without a trained network");
        assertTrue(vm.removalCurve().isEmpty());
        assertTrue(vm.rankedBlocks().isEmpty());
        assertNull(vm.histogram(vm.costs().get(0).blockIndex()));
        assertTrue(vm.rankingMessageProperty().get().startsWith(SeViewModel.NEEDS_TRAINING), vm.rankingMessageProperty().get());
        assertTrue(vm.rankingMessageProperty().get().contains("keeps no trained weights"), vm.rankingMessageProperty().get());
        assertFalse(vm.saveRemoval());
        assertEquals("No ranking: removing SE by the metric needs a trained network.", vm.errorProperty().get());
    }

    @Test
    void aConstructedExcitationSourceGivesTheKnownRanking() {
        Architecture a = withSe();
        Map<Integer, Double> spread = spreads(a);
        ExcitationSource source = knownSource(a, spread, IMAGES);
        // the lookup finds a "trained network" for exactly this architecture
        SeViewModel vm = vm((p, f, arch) -> arch.equals(a) ? ExcitationSources.Lookup.found(source)
                : ExcitationSources.Lookup.missing("not trained"));
        assertTrue(vm.analyse(), vm.errorProperty().get());
        assertTrue(vm.rankedProperty().get(), vm.rankingMessageProperty().get());

        List<Integer> expectedOrder = spread.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
        assertEquals(expectedOrder, vm.ranking().stream().map(RankRow::blockIndex).toList(), "lowest metric first");
        assertNotEquals(SeTransforms.seBlocks(a), expectedOrder, "the test's order differs from network order");
        for (RankRow r : vm.ranking()) {
            assertEquals(spread.get(r.blockIndex()), r.metric(), 1e-12, "metric of block " + r.blockIndex());
            assertEquals(IMAGES, r.images());
        }
        assertEquals(List.of(1, 2, 3), vm.ranking().stream().limit(3).map(RankRow::rank).toList());

        // the same figures as the engine gives for that source
        List<SeRanking.Score> scores = SeRanking.rank(source, 10_000);
        List<SeRanking.Step> curve = SeRanking.removalCurve(a, scores, simulator);
        assertEquals(curve, vm.removalCurve());
        Map<Integer, Double> costs = SeRanking.seLatencyCosts(a, simulator);
        for (int k = 0; k < vm.ranking().size(); k++) {
            RankRow r = vm.ranking().get(k);
            assertEquals(costs.get(r.blockIndex()), r.costMs(), 0);
            assertEquals(curve.get(k + 1).latencyMs(), r.latencyAfterMs(), 0);
            assertEquals(curve.get(0).latencyMs() - curve.get(k + 1).latencyMs(), r.latencySavedMs(), 1e-15);
        }
        assertTrue(vm.rankingMessageProperty().get().startsWith("Ranked over 40 images"), vm.rankingMessageProperty().get());

        // histograms of Fig. 11: the lowest and the highest metric by default, first three images each
        int lowest = expectedOrder.get(0), highest = expectedOrder.get(expectedOrder.size() - 1);
        assertEquals(lowest, vm.histogramAProperty().get());
        assertEquals(highest, vm.histogramBProperty().get());
        SeViewModel.Histogram h = vm.histogram(highest);
        assertEquals(spread.get(highest), h.metric(), 1e-12);
        assertEquals(SeViewModel.SAMPLE_IMAGES, h.perImage().size());
        int channels = a.blocks().get(highest).expandedChannels();
        for (int m = 0; m < 3; m++) {
            double value = 0.5 + (m % 2 == 0 ? spread.get(highest) : -spread.get(highest));
            int[] expected = new int[SeViewModel.HISTOGRAM_BINS];
            expected[(int) Math.floor(value * SeViewModel.HISTOGRAM_BINS)] = channels;
            assertArrayEquals(expected, h.perImage().get(m), "image " + m + ": every channel at " + value);
        }
        assertEquals(SeTransforms.seBlocks(a), vm.rankedBlocks());
    }

    @Test
    void rankWithAGivenSourceFillsTheRankingOfItsArchitecture() {
        SeViewModel vm = vm(ExcitationSources.none());
        Architecture a = withSe().withName("trained elsewhere");
        Map<Integer, Double> spread = spreads(a);
        vm.imagesProperty().set(10);
        assertTrue(vm.rankWith(knownSource(a, spread, IMAGES)));
        assertEquals(a, vm.analysedProperty().get());
        assertEquals(SeTransforms.seBlocks(a).size(), vm.ranking().size());
        assertEquals(10, vm.ranking().get(0).images(), "at most the asked number of images");
        assertEquals(spread.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey(), vm.ranking().get(0).blockIndex());
    }

    @Test
    void removingTheSeOfTheKLowestSavesAnArchitectureUndoably() {
        Architecture a = withSe();
        Map<Integer, Double> spread = spreads(a);
        SeViewModel vm = vm((p, f, arch) -> ExcitationSources.Lookup.found(knownSource(a, spread, IMAGES)));
        assertTrue(vm.analyse());
        vm.removeCountProperty().set(3);
        assertEquals(vm.removalCurve().get(3).latencyMs(), vm.removalLatencyMs(), 0);
        vm.removalNameProperty().set("rmSE-3");
        Project before = model.getProject();
        assertTrue(vm.saveRemoval(), vm.errorProperty().get());

        List<Integer> lowest = spread.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(3).map(Map.Entry::getKey).toList();
        SavedArchitecture saved = model.getProject().architectures().get(0);
        assertEquals("rmSE-3", saved.name());
        assertEquals(SeTransforms.removeSe(a, lowest).withName("rmSE-3"), saved.architecture());
        assertEquals(SeTransforms.seBlocks(a).size() - 3, SeTransforms.seBlocks(saved.architecture()).size());
        assertEquals(vm.removalLatencyMs(), simulator.applyAsDouble(saved.architecture()), 0, "the curve's latency is the saved network's");
        assertTrue(saved.source().contains("3 lowest"), saved.source());
        model.undo();
        assertEquals(before, model.getProject());
    }

    @Test
    void addingSeToAnArchitectureThatHasItChangesNothing() {
        Architecture a = withSe().withName("scaled+SE");
        model.edit("Save", p -> p.withArchitecture(new SavedArchitecture("scaled+SE", "scaled", a, Double.NaN)));
        SeViewModel vm = vm(ExcitationSources.none());
        assertTrue(vm.select("scaled+SE"));
        assertEquals(a, vm.resolved(), "no second \"+SE +h-swish\" in the name, the same blocks");
        Architecture plain = model.getProject().supernet().largest().withoutSkips();
        assertEquals(SeTransforms.withSeAndHswish(plain), SeViewModel.withSeAndHswish(plain));
    }

    @Test
    void aTrainedNetworkOfAnotherArchitectureIsRefusedAndAFoundSourceIsClosed() {
        Architecture a = withSe();
        Architecture other = SeTransforms.withSeAndHswish(model.getProject().supernet().smallest().withoutSkips());
        List<String> closed = new ArrayList<>();
        class Closing implements ExcitationSource, AutoCloseable {
            final ExcitationSource inner;
            Closing(ExcitationSource inner) { this.inner = inner; }
            @Override public Architecture architecture() { return inner.architecture(); }
            @Override public void collect(int maxImages, Sink sink) { inner.collect(maxImages, sink); }
            @Override public void close() { closed.add(inner.architecture().name()); }
        }
        SeViewModel vm = vm((p, f, arch) -> ExcitationSources.Lookup.found(new Closing(knownSource(other, spreads(other), IMAGES))));
        assertTrue(vm.analyse());
        assertFalse(vm.rankedProperty().get(), "the excitations of another network say nothing about these SE blocks");
        assertTrue(vm.ranking().isEmpty());
        assertFalse(vm.costs().isEmpty(), "the costs are still shown");
        assertTrue(vm.rankingMessageProperty().get().startsWith(SeViewModel.NEEDS_TRAINING), vm.rankingMessageProperty().get());
        assertTrue(vm.rankingMessageProperty().get().contains("of another architecture"), vm.rankingMessageProperty().get());
        assertEquals(List.of(other.name()), closed, "the panel closes the source it was handed by the lookup");

        SeViewModel good = vm((p, f, arch) -> ExcitationSources.Lookup.found(new Closing(knownSource(a, spreads(a), IMAGES))));
        assertTrue(good.analyse());
        assertTrue(good.rankedProperty().get());
        assertEquals(List.of(other.name(), a.name()), closed);
    }

    @Test
    void anArchitectureWithoutSeIsRefusedWithAMessage() {
        SeViewModel vm = vm(ExcitationSources.none());
        vm.addSeProperty().set(false);
        assertFalse(vm.analyse());
        assertTrue(vm.errorProperty().get().contains("has no SE block"), vm.errorProperty().get());
        assertTrue(executor.titles.isEmpty());
    }

    @Test
    void exportsTheRankingAsCsv(@TempDir Path dir) throws Exception {
        Architecture a = withSe();
        ExcitationSource source = knownSource(a, spreads(a), IMAGES);
        SeViewModel vm = vm((p, f, arch) -> ExcitationSources.Lookup.found(source));
        assertTrue(vm.analyse());
        Path f = dir.resolve("ranking.csv");
        assertTrue(vm.exportRanking(f), vm.errorProperty().get());
        assertEquals(CsvTables.seRanking(SeRanking.rank(source, 10_000), SeRanking.seLatencyCosts(a, simulator)).toCsv(), Files.readString(f));
    }
}
