package org.s3nas.workbench.post.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.DifferentiableLatency;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Profiler;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.data.IdxFiles;

/** The reproduction report end to end with a micro budget on a tiny supernet and written IDX data. */
class ReproductionReportTest {
    @TempDir
    static Path dir;
    static Project project;

    static final Budget MICRO = new Budget("micro", 64, 1, 1, 64, 1, 40, 2, 1, 16, 1.6);

    @BeforeAll
    static void setUp() throws Exception {
        IdxFiles.write(dir.resolve("data"), 80, 8, 3, true, 3);
        java.util.Random r = new java.util.Random(4);
        byte[] px = new byte[40 * 64], lb = new byte[40];
        for (int i = 0; i < 40; i++) {
            lb[i] = (byte) r.nextInt(3);
            for (int p = 0; p < 64; p++) px[i * 64 + p] = (byte) (((p / 8) * 3 / 8 == lb[i] ? 180 : 30) + r.nextInt(60));
        }
        IdxFiles.writeIdx(dir.resolve("data").resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[]{40, 8, 8}, px, true);
        IdxFiles.writeIdx(dir.resolve("data").resolve("t10k-labels-idx1-ubyte.gz"), 0x801, new int[]{40}, lb, true);
        List<Superkernel> mix = List.of(new Superkernel(List.of(3, 5), List.of(0, 1), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true));
        Supernet s = new Supernet("micro-linear", InputShape.square(8, 1), new Stem(4, 3, 1, Activation.RELU), List.of(
                new Stage(8, 2, 1, BlockKind.MIXCONV, mix, 0, Activation.RELU),
                new Stage(12, 1, 2, BlockKind.MIXCONV, mix, 0, Activation.RELU)), new Head(16, 3, Activation.RELU));
        NpuConfig npu = NpuConfig.midap();
        Architecture largest = s.largest().withoutSkips(), smallest = s.smallest().withoutSkips();
        MidapSimulator sim = new MidapSimulator(npu);
        double target = (sim.latencyMs(largest) + sim.latencyMs(smallest)) / 2;
        SearchConfig d = SearchConfig.defaults(new DatasetSpec(DatasetFormat.IDX, "data", 3, 0.1, false), 8, target);
        SearchConfig c = new SearchConfig(d.dataset(), 8, target, d.loss(), 15, 100, 1, 1, 16, 0.02, 0.97, 2.4, 1e-5, 0.1, 10,
                0.9, 0.9, 1e-3, 5, 0, 50);
        project = new Project("micro", "", s, npu, c, List.of(), List.of());
    }

    static ReproductionReport.Engines engines() {
        Map<String, LatencyTable> tables = new HashMap<>();
        MidapSimulator sim = new MidapSimulator(project.npu());
        return new ReproductionReport.Engines() {
            LatencyTable table(Supernet s) {
                return tables.computeIfAbsent(s.name(), k -> new Profiler(project.npu()).profile(s, null, null));
            }

            @Override
            public LatencyModel searchLatency(Supernet s) {
                LatencyTable t = table(s);
                IndicatorLayout layout = new IndicatorLayout(s);
                DifferentiableLatency dl = new DifferentiableLatency(t, layout);
                return new LatencyModel() {
                    @Override public int kernelIndicator(int p, int j, int i) { return layout.kernelIndicator(p, j, i); }

                    @Override public int expansionIndicator(int p, int j, int e) { return layout.expansionIndicator(p, j, e); }

                    @Override public int count() { return layout.count(); }

                    @Override public double latencyMs(double[] u, double[] g) { return dl.latencyMs(u, g); }
                };
            }

            @Override
            public ToDoubleFunction<Architecture> estimator(Supernet s) { return new LatencyEstimator(table(s))::latencyMs; }

            @Override
            public ToDoubleFunction<Architecture> simulator() { return sim::latencyMs; }
        };
    }

    @Test
    void everyTableHasOurFiguresBesideThePapersAndAVerdictAndARerunReusesTheRuns() throws Exception {
        Path work = dir.resolve("report");
        List<ReproductionReport.Report> partial = new java.util.ArrayList<>();
        ReproductionReport.Report r = ReproductionReport.run(project, dir, work, MICRO, engines(), null, partial::add, null);
        assertEquals(List.of("table4", "table5", "table6", "table7", "table8"), r.comparisons().stream().map(ReproductionReport.Comparison::id).toList());
        assertEquals(5, partial.size());
        for (ReproductionReport.Comparison c : r.comparisons()) {
            assertEquals(2, c.rows().size(), c.id());
            assertTrue(c.verdict().contains(" won by ") || c.verdict().startsWith("a tie") || c.verdict().startsWith("not measured"), c.verdict());
            assertTrue(c.paperVerdict().startsWith("paper: "), c.paperVerdict());
            for (ReproductionReport.Row row : c.rows()) {
                if (Double.isNaN(row.accuracy())) continue;
                assertTrue(row.accuracy() >= 0 && row.accuracy() <= 1, row.toString());
                assertTrue(row.latencyMs() > 0, row.toString());
                assertEquals(58, row.trainImages(), row.toString()); // 64 images, 10 % validation
                assertEquals(1, row.trainEpochs());
                assertEquals(40, row.testImages());
            }
        }
        ReproductionReport.Comparison t4 = r.comparisons().get(0);
        assertEquals(0.7709, t4.rows().get(0).paperAccuracy(), 1e-12);
        assertEquals(1.28, t4.rows().get(1).paperLatencyMs(), 1e-12);
        assertTrue(t4.rows().get(1).variant().contains("constant depth [2, 1]"), t4.rows().get(1).variant());
        // Table 6: the random-search network is at the S3NAS network's latency (window 5 %, estimator vs simulator)
        ReproductionReport.Comparison t6 = r.comparisons().get(2);
        double ours = t6.rows().get(0).latencyMs(), random = t6.rows().get(1).latencyMs();
        assertTrue(Math.abs(random - ours) <= 0.06 * ours, random + " vs " + ours);
        // Table 8: SE + h-swish is the same network with SE, so it costs latency
        ReproductionReport.Comparison t8 = r.comparisons().get(4);
        assertTrue(t8.rows().get(1).latencyMs() > t8.rows().get(0).latencyMs());

        String table = ReportJson.table(r), md = ReportJson.markdown(r), json = ReportJson.json(r);
        assertTrue(table.contains("paper top-1") && table.contains("Table 7: compound scaling") && table.contains("budget 'micro'"), table);
        assertTrue(md.contains("## Table 4: linear-depth vs constant-depth supernet") && md.contains("| variant | top-1 %"), md);
        JsonNode root = ReportJson.mapper().readTree(json);
        assertEquals(1, root.get("format").asInt());
        assertEquals(5, root.get("comparisons").size());
        assertEquals(64, root.get("budget").get("trainImages").asInt());
        assertEquals(2, root.get("comparisons").get(0).get("rows").size());

        long t0 = System.nanoTime();
        ReproductionReport.Report again = ReproductionReport.run(project, dir, work, MICRO, engines(), null, null, null);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(r.comparisons().get(i).rows().get(j).accuracy(), again.comparisons().get(i).rows().get(j).accuracy(), 0.0);
            }
        }
        assertFalse((System.nanoTime() - t0) / 1e9 > 60, "the rerun should only read finished runs");
    }

    @Test
    void variantsOfTheSearchSpaceKeepTheBlocksAndChangeOnlyWhatTheTableCompares() {
        Supernet s = project.supernet();
        Supernet c = ReproductionReport.constantDepth(s);
        assertEquals(s.totalBlocks(), c.totalBlocks());
        assertEquals(List.of(2, 1), c.stages().stream().map(Stage::depth).toList());
        Supernet five = s.withStages(List.of(s.stages().get(0).withDepth(1), s.stages().get(0).withDepth(1), s.stages().get(1).withDepth(7)));
        assertEquals(List.of(3, 3, 3), ReproductionReport.constantDepth(five).stages().stream().map(Stage::depth).toList());
        Supernet mb = ReproductionReport.mbconv(s);
        assertTrue(mb.stages().stream().allMatch(st -> st.kind() == BlockKind.MBCONV && st.superkernels().size() == 1
                && st.superkernels().get(0).expansions().equals(List.of(0, 2, 4, 6))));
        assertTrue(ReproductionReport.isLinearDepth(new Supernet("l", s.input(), s.stem(), List.of(
                s.stages().get(0).withWidth(16).withDepth(2), s.stages().get(1).withWidth(24).withDepth(1)), s.head())));
        assertFalse(ReproductionReport.isLinearDepth(new Supernet("n", s.input(), s.stem(), List.of(
                s.stages().get(0).withWidth(16).withDepth(1), s.stages().get(1).withWidth(24).withDepth(6)), s.head())));
    }
}
