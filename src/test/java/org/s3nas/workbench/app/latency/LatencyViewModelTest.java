package org.s3nas.workbench.app.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.latency.LatencyViewModel.ScatterPoint;
import org.s3nas.workbench.app.latency.LatencyViewModel.Validation;
import org.s3nas.workbench.app.latency.ModelComparison.Row;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.LatencyValidation;
import org.s3nas.workbench.npu.LayerKind;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.Lowering;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.Segment;
import org.s3nas.workbench.npu.SimulationResult;

/** The Latency view's model on the real simulator and estimator, tasks run at once (plain JUnit). */
class LatencyViewModelTest {
    private Preferences prefs;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        prefs = Fixtures.prefs();
        dir = Files.createTempDirectory("latency-vm-test");
    }

    @AfterEach
    void tearDown() throws Exception {
        prefs.removeNode();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private LatencyViewModel started(WorkbenchModel model, int samples, long seed) {
        LatencyViewModel vm = new LatencyViewModel(model);
        vm.validationSamplesProperty().set(samples);
        vm.validationSeedProperty().set(seed);
        vm.start();
        return vm;
    }

    private static String fact(List<Fact> facts, String label) {
        return facts.stream().filter(f -> f.label().equals(label)).findFirst().map(Fact::value)
                .orElseThrow(() -> new AssertionError("no fact " + label + " in " + facts));
    }

    @Test
    void scatterStatisticsEqualLatencyValidationsForASmallN() {
        Project p = Fixtures.proxy();
        LatencyViewModel vm = started(Fixtures.model(p, null, prefs), 12, 5);

        Validation v = vm.validationProperty().get();
        assertNotNull(v, vm.validationJob().statusProperty().get());
        assertEquals(12, v.samples());
        assertEquals(5, v.seed());
        // the same N and seed through the engine itself, on a table profiled independently of the view-model
        LatencyTable own = LatencyTable.profile(p.supernet(), p.npu(), null, null);
        assertEquals(own.fingerprint(), vm.tableProperty().get().table().fingerprint());
        LatencyValidation ref = LatencyValidation.run(new LatencyEstimator(own), 12, 5, null, null);
        LatencyValidation shown = v.result();
        assertEquals(ref.mapePercent(), shown.mapePercent(), 1e-12);
        assertEquals(ref.maxErrorPercent(), shown.maxErrorPercent(), 1e-12);
        assertEquals(ref.within1Percent(), shown.within1Percent(), 1e-12);
        assertEquals(ref.within5Percent(), shown.within5Percent(), 1e-12);
        assertEquals(ref.rmseMs(), shown.rmseMs(), 1e-15);
        assertEquals(ref.meanErrorPercent(), shown.meanErrorPercent(), 1e-12);

        // the scatter shows exactly those pairs: the statistics recomputed from the plotted points agree
        List<ScatterPoint> pts = v.points();
        assertEquals(12, pts.size());
        double abs = 0, max = 0, sq = 0;
        for (int i = 0; i < pts.size(); i++) {
            ScatterPoint sp = pts.get(i);
            LatencyValidation.Pair pair = ref.pairs().get(i);
            assertEquals(pair.simulatedMs(), sp.simulatedMs(), 0);
            assertEquals(pair.estimatedMs(), sp.estimatedMs(), 0);
            abs += Math.abs(sp.errorPercent());
            max = Math.max(max, Math.abs(sp.errorPercent()));
            sq += Math.pow(sp.estimatedMs() - sp.simulatedMs(), 2);
        }
        assertEquals(ref.mapePercent(), abs / 12, 1e-12);
        assertEquals(ref.maxErrorPercent(), max, 1e-12);
        assertEquals(ref.rmseMs(), Math.sqrt(sq / 12), 1e-15);
        assertEquals(12, v.errors().total(), "every error is in the histogram");
        assertEquals(0, v.errors().below() + v.errors().above(), "the histogram's range covers every error");
        assertEquals(LatencyViewModel.percent(ref.mapePercent()), fact(vm.facts(), "Estimator MAPE"));

        // a new N and seed on request
        vm.validationSamplesProperty().set(7);
        vm.validationSeedProperty().set(9);
        vm.runValidation();
        assertEquals(7, vm.validationProperty().get().points().size());
        assertEquals(LatencyValidation.run(new LatencyEstimator(own), 7, 9, null, null).mapePercent(),
                vm.validationProperty().get().result().mapePercent(), 1e-12);
        vm.validationSamplesProperty().set(0);
        vm.runValidation();
        assertTrue(vm.validationJob().statusProperty().get().contains("between 1 and"), vm.validationJob().statusProperty().get());
    }

    /** Identity: stem + Σ_stages (1x1 conv + depthwise + other) + head = the whole-network simulated total. */
    @Test
    void perStageBreakdownAddsUpToTheSimulatedTotal() {
        Project p = Fixtures.proxy();
        LatencyViewModel vm = started(Fixtures.model(p, null, prefs), 2, 1);
        MidapSimulator sim = new MidapSimulator(p.npu());
        Map<String, Architecture> extremes = Map.of("largest", p.supernet().largest(), "smallest", p.supernet().smallest());
        for (var e : extremes.entrySet()) {
            StageBreakdown b = e.getKey().equals("largest") ? vm.largestBreakdownProperty().get() : vm.smallestBreakdownProperty().get();
            assertNotNull(b, e.getKey());
            long total = sim.cycles(e.getValue());
            assertEquals(total, b.totalCycles(), e.getKey());
            assertEquals(total, b.stemCycles() + b.stageCycles() + b.headCycles(), e.getKey() + ": the identity");
            long parts = 0;
            for (StageBreakdown.Part part : StageBreakdown.Part.values()) parts += b.partCycles(part);
            assertEquals(b.stageCycles(), parts);

            // each stage's bar against the simulator's own layers of that stage
            SimulationResult r = sim.simulate(Lowering.lower(e.getValue(), p.npu()), false);
            for (StageBreakdown.Stage s : b.stages()) {
                long stage = 0, dw = 0;
                for (LayerResult l : r.layers()) {
                    if (l.segment() != Segment.BLOCK || l.stage() != s.stage()) continue;
                    stage += l.cycles();
                    if (l.kind() == LayerKind.DEPTHWISE) dw += l.cycles();
                }
                assertEquals(stage, s.cycles(), e.getKey() + " stage " + s.stage());
                assertEquals(dw, s.depthwiseCycles(), e.getKey() + " stage " + s.stage() + " depthwise");
                assertTrue(s.conv1x1Cycles() > 0 || s.stage() == 0, "every MixConv stage has 1x1 convs");
            }
        }
        StageBreakdown big = vm.largestBreakdownProperty().get();
        assertEquals(4, big.stages().size(), "all four stages compute in the largest architecture");
        assertTrue(big.stages().stream().anyMatch(s -> s.otherCycles() > 0), "residual Sums and SE layers are 'other'");
        assertEquals(big, vm.breakdownProperty().get());
        vm.breakdownChoiceProperty().set(LatencyViewModel.Extreme.SMALLEST);
        assertEquals(vm.smallestBreakdownProperty().get(), vm.breakdownProperty().get());

        SpaceDistribution d = vm.spaceProperty().get();
        assertEquals(big.totalMs(), d.largestMs(), 1e-12);
        assertEquals(SpaceDistribution.DEFAULT_SAMPLES, d.samples());
        assertTrue(d.sampledMs()[0] >= d.smallestMs() - 1e-9 && d.sampledMs()[d.samples() - 1] <= d.largestMs() + 1e-3,
                "random architectures lie between the smallest and the largest");
        assertEquals(0.0, d.shareBelow(d.smallestMs() * 0.5));
        assertEquals(1.0, d.shareBelow(d.largestMs() * 2));
    }

    @Test
    void heatmapCellsAreTheTableLookups() {
        Project p = Fixtures.proxy();
        LatencyViewModel vm = started(Fixtures.model(p, null, prefs), 2, 1);
        LatencyTable t = vm.tableProperty().get().table();
        assertEquals(t.positionCount(), vm.positions().size());
        for (LatencyViewModel.PositionItem item : vm.positions()) {
            int pos = item.position().index();
            vm.selectedPositionProperty().set(item);
            TableHeatmap h = vm.heatmapProperty().get();
            assertEquals(pos, h.position().index());
            assertEquals(t.configurations(pos).size(), h.cells().size(), "every configuration exactly once");
            assertEquals(t.configurations(pos).stream().collect(Collectors.toSet()),
                    h.cells().stream().map(TableHeatmap.Cell::configuration).collect(Collectors.toSet()));
            for (TableHeatmap.Cell c : h.cells()) {
                assertEquals(t.cycles(pos, c.configuration()), c.cycles(), c.configuration().key());
                assertEquals(t.ms(pos, c.configuration()), c.ms(), 0);
                assertEquals(TableHeatmap.kernelSet(c.configuration()), h.rows().get(c.row()));
                assertEquals(c.configuration().totalExpansion(), (int) h.columns().get(c.column()));
                assertTrue(h.cell(c.row(), c.column()).contains(c));
                if (c.configuration().isSkip()) assertEquals(0, c.cycles(), "a skip costs 0");
            }
        }
        // the override block: superkernels {3}e{0,2} and {5}e{0,4} give rows {3}, {5}, {3,5} and the skip
        TableHeatmap last = TableHeatmap.of(t, t.positionCount() - 1);
        assertEquals(List.of(List.of(), List.of(3), List.of(5), List.of(3, 5)), last.rows());
        assertEquals(List.of(0, 2, 4, 6), last.columns());
    }

    @Test
    void theHeatTableSplitsACellWhenTheTotalExpansionSplitsTwoWays() {
        // the paper's space: k3e2+k5e4 and k3e4+k5e2 share kernel set {3,5} and total 6
        var s = ReferenceNetworks.supernet();
        var positions = s.blockPositions();
        java.util.List<Map<org.s3nas.workbench.npu.BlockConfiguration, Long>> cycles = new java.util.ArrayList<>();
        for (var bp : positions) {
            Map<org.s3nas.workbench.npu.BlockConfiguration, Long> m = new java.util.HashMap<>();
            for (var c : org.s3nas.workbench.npu.BlockChoices.of(bp).configurations()) {
                m.put(c, c.isSkip() ? 0L : 1000L * bp.index() + c.key().hashCode() % 997 + 1000);
            }
            cycles.add(m);
        }
        LatencyTable t = new LatencyTable(s, NpuConfig.midap(), 5, 7, cycles);
        TableHeatmap h = TableHeatmap.of(t, 1);   // residual: the skip exists
        int row = h.rows().indexOf(List.of(3, 5)), col = h.columns().indexOf(6);
        List<TableHeatmap.Cell> cell = h.cell(row, col);
        assertEquals(List.of("k3e2+k5e4", "k3e4+k5e2"), cell.stream().map(c -> c.configuration().key()).toList());
        assertEquals(List.of("2+4", "4+2"), cell.stream().map(TableHeatmap.Cell::split).toList());
        assertEquals(2, h.maxPerCell());
        assertEquals(List.of(), h.rows().get(0), "the skip row comes first");
        for (TableHeatmap.Cell c : h.cells()) assertEquals(t.cycles(1, c.configuration()), c.cycles());
    }

    @Test
    void theParetoFrontOfAConstructedSet() {
        record M(String name, double ms, double acc) {}
        M a = new M("a", 1, 0.70), b = new M("b", 2, 0.75), c = new M("c", 2, 0.74), d = new M("d", 3, 0.75),
                e = new M("e", 0.5, 0.60), f = new M("f", 4, 0.80), g = new M("g", 4, 0.80), h = new M("h", 0.1, Double.NaN),
                i = new M("i", 5, 0.79), j = new M("j", 0.5, 0.55), k = new M("k", Double.NaN, 0.99);
        List<M> front = Pareto.front(List.of(d, c, b, a, e, f, g, h, i, j, k), M::ms, M::acc);
        assertEquals(List.of("e", "a", "b", "f", "g"), front.stream().map(M::name).toList(),
                "c is beaten by b (as fast, more accurate), d by b (faster, as accurate), i by f, j by e; h and k are unknown");
        assertEquals(List.of(), Pareto.front(List.<M>of(), M::ms, M::acc));
        assertEquals(List.of(a), Pareto.front(List.of(a), M::ms, M::acc));
    }

    @Test
    void theTableIsWrittenBesideTheProjectAndReadBackUntilTheNpuChanges() throws Exception {
        Path file = dir.resolve("proxy.json");
        Path sidecar = dir.resolve("proxy.latency.json");
        Project p = Fixtures.proxy();
        WorkbenchModel model = Fixtures.model(p, file, prefs);
        LatencyViewModel first = started(model, 3, 1);
        LatencyViewModel.TableInfo info = first.tableProperty().get();
        assertTrue(info.profiled());
        assertTrue(Files.exists(sidecar), "the sidecar is written");
        String status = first.tableJob().statusProperty().get();
        assertTrue(status.matches("profiled " + info.table().entryCount() + " configurations in \\d+\\.\\d s \\(\\d+ simulations\\) · written to proxy.latency.json"), status);
        assertEquals(info.table().fingerprint().substring(0, 12) + "…", fact(first.facts(), "Fingerprint"));
        assertEquals(LatencyTableFiles.fingerprintOf(sidecar), info.table().fingerprint());

        // the project opened again (a new model on the same file)
        model = Fixtures.model(p, file, prefs);
        LatencyViewModel second = started(model, 3, 1);
        LatencyViewModel.TableInfo again = second.tableProperty().get();
        assertFalse(again.profiled(), "the second view reads the sidecar");
        assertTrue(second.tableJob().statusProperty().get().startsWith("read " + info.table().entryCount() + " configurations from proxy.latency.json"));
        for (int pos = 0; pos < info.table().positionCount(); pos++) {
            for (var c : info.table().configurations(pos)) assertEquals(info.table().cycles(pos, c), again.table().cycles(pos, c));
        }

        // another NPU: the table is no longer for the project; it is profiled again and the sidecar replaced
        NpuConfig n = p.npu();
        NpuConfig slowDram = new NpuConfig(n.clockGHz(), n.bytesPerValue(), n.cims(), n.lanes(), n.fmemBanks(), n.fmemBankBytes(),
                n.wmemBankBytes(), n.wmemDoubleBuffered(), n.ewmemBytes(), n.biasEntries(), n.reductionEntries(), 8,
                n.dramLatencyBase(), n.dramLatencyPerPage(), n.dramPageBytes(), n.dramLatencyPerBurst(), n.dramBurstBytes(),
                n.timeDramWrites(), n.pipelineFillCycles(), n.bankPolicy(), n.reverseWrite());
        model.edit("Slower DRAM", x -> x.withNpu(slowDram));
        LatencyViewModel.TableInfo third = second.tableProperty().get();
        assertTrue(third.profiled());
        assertTrue(third.table().isFor(p.supernet(), slowDram));
        assertEquals(third.table().fingerprint(), LatencyTableFiles.fingerprintOf(sidecar));
        // undo: the earlier table comes back from memory, without profiling
        model.undo();
        assertEquals(info.table().fingerprint(), second.tableProperty().get().table().fingerprint());
        assertTrue(second.tableJob().statusProperty().get().startsWith("Reused the table in memory"));

        // the target only moves the line: the share below T follows it
        SpaceDistribution d = second.spaceProperty().get();
        model.edit("Target", x -> x.withSearch(x.search().withTargetLatencyMs(d.median())));
        assertEquals(org.s3nas.workbench.app.Formats.percent(d.shareBelow(d.median())), fact(second.facts(), "Below T"));
    }

    @Test
    void withoutAFileTheTableStaysInMemory() {
        LatencyViewModel vm = started(Fixtures.model(Fixtures.proxy(), null, prefs), 2, 1);
        assertTrue(vm.tableJob().statusProperty().get().contains("not saved: the project has no file yet"),
                vm.tableJob().statusProperty().get());
    }

    @Test
    void compareModelsListsReferenceNetworksSavedArchitecturesAndTheSupernetsExtremes() {
        Project p = Fixtures.proxy();
        WorkbenchModel model = Fixtures.model(p, null, prefs);
        LatencyViewModel vm = started(model, 2, 1);
        List<Row> rows = List.copyOf(vm.models());
        assertEquals(17 + 1 + 2, rows.size(), rows.stream().map(Row::name).toList().toString());
        MidapSimulator sim = new MidapSimulator(p.npu());
        Row v2 = rows.stream().filter(r -> r.name().equals("mobilenet-v2")).findFirst().orElseThrow();
        Architecture mb2 = ReferenceNetworks.mobileNetV2();
        assertEquals(p.npu().cyclesToMs(sim.cycles(mb2)), v2.latencyMs(), 1e-12);
        assertEquals(ModelCost.parameters(mb2), v2.parameters());
        assertEquals(ModelCost.macs(mb2), v2.macs());
        assertEquals(0.720, v2.accuracy(), 1e-12);
        assertEquals("published", v2.accuracyNote());
        Row v1 = rows.stream().filter(r -> r.name().equals("mobilenet-v1")).findFirst().orElseThrow();
        assertEquals(4.2e6, v1.parameters(), 0.05e6, "MobileNetV1 has 4.2 M parameters (Howard et al., Table 8)");
        assertEquals(569e6, v1.macs(), 2e6, "and 569 M mult-adds");
        Row b1 = rows.stream().filter(r -> r.name().equals("efficientnet-b1")).findFirst().orElseThrow();
        assertEquals(2.47, b1.paperLatencyMs());
        assertEquals(b1.paperLatencyMs(), b1.latencyMs(), 0.05 * 2.47, "our MIDAP is within 5 % of the paper's Table 6");
        Row saved = rows.stream().filter(r -> r.name().equals("found-a")).findFirst().orElseThrow();
        assertEquals(ModelComparison.Origin.SAVED, saved.origin());
        assertEquals(0.8875, saved.accuracy());
        assertEquals("measured", saved.accuracyNote());
        assertEquals(p.npu().cyclesToMs(sim.cycles(p.architectures().get(0).architecture())), saved.latencyMs(), 1e-12);
        Row largest = rows.stream().filter(r -> r.name().equals("supernet largest")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(largest.accuracy()));
        assertEquals(vm.largestBreakdownProperty().get().totalMs(), largest.latencyMs(), 1e-12);
        assertEquals(Pareto.front(rows, Row::latencyMs, Row::accuracy), vm.paretoFrontProperty().get());
        assertTrue(vm.paretoFrontProperty().get().contains(saved), "the tiny proxy network is faster than every reference");

        // saving an architecture re-runs the comparison only: the table stays
        var table = vm.tableProperty().get();
        model.edit("Save the smallest", x -> x.withArchitecture(new SavedArchitecture("tiny", "manual", x.supernet().smallest(), 0.5)));
        assertSame(table, vm.tableProperty().get());
        assertEquals(17 + 1 + 2 + 1, vm.models().size());
        assertTrue(vm.models().stream().anyMatch(r -> r.name().equals("tiny") && r.accuracy() == 0.5));
    }

    @Test
    void cancellingTheProfileStopsTheChainAndProfileAgainResumesIt() {
        DirectTaskExecutor ex = new DirectTaskExecutor();
        ex.cancel.add("Latency table");
        WorkbenchModel model = Fixtures.model(Fixtures.proxy(), dir.resolve("p.json"), prefs, ex);
        LatencyViewModel vm = started(model, 3, 1);
        assertEquals("Cancelled", vm.tableJob().statusProperty().get());
        assertNull(vm.tableProperty().get());
        assertEquals(List.of("Latency table"), ex.titles, "nothing else starts after a cancel");
        assertFalse(Files.exists(dir.resolve("p.latency.json")), "a cancelled profile writes nothing");

        ex.cancel.clear();
        vm.reprofile();
        assertNotNull(vm.tableProperty().get());
        assertEquals(List.of("Latency table", "Latency table", "Largest and smallest architectures", "Estimator vs simulator",
                "Compare models"), ex.titles, "then the analyses run one after another");
        assertTrue(Files.exists(dir.resolve("p.latency.json")));

        ex.cancel.add("Estimator vs simulator");
        vm.runValidation();
        assertEquals("Cancelled", vm.validationJob().statusProperty().get());
        assertNotNull(vm.validationProperty().get(), "the last completed validation stays on screen");
    }

    @Test
    void networkCostFollowsModelCostsConventions() {
        NpuConfig npu = NpuConfig.midap();
        for (Architecture a : List.of(ReferenceNetworks.mobileNetV2(), ReferenceNetworks.efficientNet(0, false),
                ReferenceNetworks.supernet().largest(), Fixtures.proxySupernet().largest())) {
            ModelCost.Totals want = ModelCost.totals(a);
            ModelCost.Totals got = NetworkCost.of(Lowering.lower(a, npu));
            assertEquals(want, got, a.name());
        }
    }

    @Test
    void anInvalidSupernetSaysSoAndStillComparesTheReferenceNetworks() {
        Project p = Fixtures.proxy();
        var s = p.supernet();
        Project broken = p.withSupernet(s.withStage(1, s.stages().get(1).withDepth(0)));
        LatencyViewModel vm = started(Fixtures.model(broken, null, prefs), 2, 1);
        assertNull(vm.tableProperty().get());
        assertTrue(vm.tableJob().statusProperty().get().contains("errors"), vm.tableJob().statusProperty().get());
        assertEquals(17 + 1, vm.models().size(), "reference networks and the saved architecture, no supernet extremes");
    }

    @Test
    void histogramsAndScales() {
        Histogram h = Histogram.of(new double[]{-1, 0, 0.5, 1, 2, 3}, 0, 2, 4);
        assertEquals(1, h.below());
        assertEquals(1, h.above());
        assertEquals(6, h.total());
        assertEquals(List.of(1, 1, 1, 1), java.util.Arrays.stream(h.counts()).boxed().toList(), "the upper edge 2 falls in the last bin");
        Histogram sym = Histogram.symmetric(new double[]{-0.013, 0.004, 0.0001}, 10);
        assertEquals(-sym.upper(), sym.lower());
        assertEquals(3, sym.total());
        assertEquals(0, sym.below() + sym.above());
        Histogram span = Histogram.spanning(new double[]{0.31, 1.7, 4.19}, 40);
        assertTrue(span.lower() <= 0.31 && span.upper() > 4.19);
        assertEquals(3, span.total() - span.below() - span.above());
        var ticks = NiceScale.ticks(1.73, 3.02, 6);
        assertEquals(0.25, ticks.step(), 1e-12);
        assertEquals(1.5, ticks.lower(), 1e-12);
        assertEquals(3.25, ticks.upper(), 1e-12);
        assertEquals("1.75", ticks.label(1.75));
        assertEquals("0.0007 %", LatencyViewModel.percent(0.0007));
        assertEquals("0.160 %", LatencyViewModel.percent(0.16));
    }
}
