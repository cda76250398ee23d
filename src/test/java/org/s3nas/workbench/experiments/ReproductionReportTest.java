package org.s3nas.workbench.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.ToDoubleFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.SearchRun;

/** The reproduction report end to end with a micro budget on a tiny supernet and written IDX data ({@link ReportFixtures}). */
class ReproductionReportTest {
    @TempDir
    static Path dir;
    static Project project;

    static final Budget MICRO = ReportFixtures.MICRO;

    @BeforeAll
    static void setUp() throws Exception {
        project = ReportFixtures.microProject(dir);
    }

    static ReproductionReport.Engines engines() { return ReportFixtures.engines(project); }

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
        // the rerun says what it reused (4 searches, 6 trainings, the random search's 2 short and 1 full training), so its short
        // time is not taken for the report's cost
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("reused")), r.notes().toString());
        // (Table 7's scaled network is trained only when some scaling meets its target: with the target controller the micro
        // search lands at T, and no scaling of that network reaches 1.6 T on the micro input, so that row may be unmeasured)
        int scaled = Double.isNaN(r.comparisons().get(3).rows().get(0).accuracy()) ? 0 : 1;
        assertTrue(again.notes().contains((12 + scaled) + " searches and trainings were found finished in the work folder (an earlier run of "
                + "this report) and reused; the report's time counts only this run."), again.notes().toString());
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

    /** The real engines, with the random-search estimator broken. */
    static ReproductionReport.Engines brokenEstimator() {
        ReproductionReport.Engines real = engines();
        return new ReproductionReport.Engines() {
            @Override public LatencyModel searchLatency(Supernet s) { return real.searchLatency(s); }

            @Override public ToDoubleFunction<Architecture> estimator(Supernet s) {
                throw new IllegalStateException("estimator broken for the test");
            }

            @Override public ToDoubleFunction<Architecture> simulator() { return real.simulator(); }
        };
    }

    /** Records what a report says, in order. */
    static class Recorder implements ReproductionReport.Listener {
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final List<String> progress = Collections.synchronizedList(new ArrayList<>());
        final List<ReproductionReport.Comparison> finished = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> soFarSizes = Collections.synchronizedList(new ArrayList<>());

        @Override public void started(ReproductionReport.Planned c) { started.add(c.id()); }

        @Override public void progress(String id, double fraction, String what) {
            assertTrue(fraction >= 0 && fraction <= 1, id + " at " + fraction);
            progress.add(id);
        }

        @Override public void finished(ReproductionReport.Comparison c, ReproductionReport.Report soFar) {
            finished.add(c);
            soFarSizes.add(soFar.comparisons().size());
        }
    }

    @Test
    void aFailedComparisonShowsItsErrorAndTheOthersAreStillMade() throws Exception {
        Recorder rec = new Recorder();
        ReproductionReport.Report r = ReproductionReport.run(project, dir, dir.resolve("report"), MICRO, brokenEstimator(), rec, null);
        List<String> ids = List.of("table4", "table5", "table6", "table7", "table8");
        assertEquals(ids, rec.started);
        assertEquals(ids, rec.finished.stream().map(ReproductionReport.Comparison::id).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), rec.soFarSizes);
        assertTrue(rec.progress.containsAll(ids), rec.progress.toString());
        ReproductionReport.Comparison t6 = r.comparisons().get(2);
        assertEquals("estimator broken for the test", t6.error());
        assertTrue(t6.rows().isEmpty());
        assertEquals("failed: estimator broken for the test", t6.verdict());
        assertTrue(t6.paperVerdict().contains("79.35"), t6.paperVerdict());
        for (int i : new int[]{0, 1, 3, 4}) {
            ReproductionReport.Comparison c = r.comparisons().get(i);
            assertNull(c.error(), c.id());
            assertEquals(2, c.rows().size(), c.id());
            assertFalse(c.verdict().startsWith("failed"), c.verdict());
        }
        assertTrue(ReportJson.table(r).contains("FAILED: estimator broken for the test"), ReportJson.table(r));
        assertTrue(ReportJson.markdown(r).contains("**Failed:** estimator broken for the test"), ReportJson.markdown(r));
        // written and read back: the same report, the error included
        Path out = dir.resolve("written");
        ReportJson.write(out, r);
        assertTrue(Files.exists(out.resolve(ReportJson.TEXT_FILE)) && Files.exists(out.resolve(ReportJson.MARKDOWN_FILE)));
        assertEquals(r, ReportJson.read(out.resolve(ReportJson.JSON_FILE)));
    }

    @Test
    void whenTheBaseSearchFailsEveryTableSaysWhy() {
        ReproductionReport.Engines real = engines();
        ReproductionReport.Engines broken = new ReproductionReport.Engines() {
            @Override public LatencyModel searchLatency(Supernet s) { throw new IllegalStateException("no latency table for " + s.name()); }

            @Override public ToDoubleFunction<Architecture> estimator(Supernet s) { return real.estimator(s); }

            @Override public ToDoubleFunction<Architecture> simulator() { return real.simulator(); }
        };
        ReproductionReport.Report r = ReproductionReport.run(project, dir, dir.resolve("broken"), MICRO, broken, null, null);
        assertEquals(5, r.comparisons().size());
        assertEquals("no latency table for micro-linear", r.comparisons().get(0).error());
        for (ReproductionReport.Comparison c : r.comparisons().subList(1, 5)) {
            assertEquals("needs the S3NAS search of 'micro-linear' (Table 4), which failed: no latency table for micro-linear", c.error(), c.id());
        }
    }

    @Test
    void cancelStopsTheSearchUnderWayAtACheckpointAndNothingIsReported() {
        ReproductionReport.Cancel cancel = new ReproductionReport.Cancel();
        Recorder rec = new Recorder() {
            @Override public void progress(String id, double fraction, String what) {
                super.progress(id, fraction, what);
                if (fraction > 0) cancel.cancel(); // the search has taken a step
            }
        };
        Path work = dir.resolve("cancelled");
        assertThrows(CancellationException.class, () -> ReproductionReport.run(project, dir, work, MICRO, engines(), rec, cancel));
        assertTrue(cancel.isCancelled());
        assertEquals(List.of("table4"), rec.started);
        assertTrue(rec.finished.isEmpty());
        assertTrue(Files.exists(work.resolve("search-linear").resolve(SearchRun.CHECKPOINT_FILE)), "the search checkpointed on cancel");
        assertFalse(Files.exists(work.resolve("search-linear").resolve(SearchRun.RESULT_FILE)));
    }

    @Test
    void readingAReportNamesTheFileAndTheFieldThatIsWrong() throws Exception {
        ReproductionReport.Row row = new ReproductionReport.Row("a", "net", 0.5, 0.08, 58, 1, 40, "how", 0.7709, 1.24, "/tmp/x");
        ReproductionReport.Row nan = new ReproductionReport.Row("b", "-", Double.NaN, Double.NaN, 0, 0, 0, "why", Double.NaN, 1.28, null);
        ReproductionReport.Report r = new ReproductionReport.Report("p", "s", 0.08, MICRO, List.of(
                ReproductionReport.comparison(new ReproductionReport.Planned("table4", "T4", "paper: x"), List.of(row, nan), List.of("n")),
                ReproductionReport.failed(new ReproductionReport.Planned("table5", "T5", "paper: y"), new IllegalStateException("boom"))),
                List.of("note"), 12.5);
        Path ok = dir.resolve("read").resolve("ok");
        ReportJson.write(ok, r);
        assertEquals(r, ReportJson.read(ok.resolve(ReportJson.JSON_FILE)));

        JsonNode root = ReportJson.mapper().readTree(ok.resolve(ReportJson.JSON_FILE).toFile());
        assertEquals("file.json: format: expected 1, was 2 (is this a report.json of the report command?)",
                readBack(((ObjectNode) root.deepCopy()).put("format", 2)));
        assertEquals("file.json: surprise: unknown field", readBack(((ObjectNode) root.deepCopy()).put("surprise", 1)));
        ObjectNode badRow = root.deepCopy();
        ((ObjectNode) badRow.get("comparisons").get(0).get("rows").get(1)).put("trainImages", "many");
        assertTrue(readBack(badRow).startsWith("file.json: comparisons[0].rows[1].trainImages: "), readBack(badRow));
        ObjectNode extra = root.deepCopy();
        ((ObjectNode) extra.get("comparisons").get(1)).put("colour", "red");
        assertTrue(readBack(extra).startsWith("file.json: comparisons[1].colour: "), readBack(extra));
        ObjectNode noBudget = root.deepCopy();
        noBudget.remove("budget");
        assertEquals("file.json: budget: missing", readBack(noBudget));
    }

    @Test
    void aSearchThatEndedFarFromItsTargetIsNamedInTheTablesNotes() {
        ReproductionReport.Searched under = new ReproductionReport.Searched(null, null, 0.0180, 0.08, 0.0776, "x"),
                near = new ReproductionReport.Searched(null, null, 0.0792, 0.08, 0.0776, "x"),
                justUnder = new ReproductionReport.Searched(null, null, 0.0770, 0.08, 0.0776, "x"),
                over = new ReproductionReport.Searched(null, null, 0.0850, 0.08, 0.0776, "x");
        assertEquals(null, near.landing("MixConv"), "99 % of the target is in the band [0.97 T, T]");
        assertEquals("The MBConv search ended at 0.0180 ms, 22 % of its 0.08000 ms target (outside its band 0.0776-0.08000 ms), so this "
                + "row is not at the latency the comparison means.", under.landing("MBConv"));
        assertTrue(justUnder.landing("x").contains("96 % of its 0.08000 ms target"), justUnder.landing("x"));
        assertTrue(over.landing("direct").contains("106 % of its 0.08000 ms target"), over.landing("direct"));
        assertEquals(List.of(under.landing("MBConv")), ReproductionReport.landings(near.landing("MixConv"), under.landing("MBConv")));
    }

    /** Writes {@code json} as file.json and returns what reading it says (the path made relative). */
    private static String readBack(JsonNode json) throws IOException {
        Path f = dir.resolve("read").resolve("file.json");
        Files.writeString(f, ReportJson.mapper().writeValueAsString(json));
        IOException e = assertThrows(IOException.class, () -> ReportJson.read(f));
        return e.getMessage().replace(f.toString(), "file.json");
    }
}
