package org.s3nas.workbench.app.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.report.ReportViewModel.Section;
import org.s3nas.workbench.app.report.ReportViewModel.State;
import org.s3nas.workbench.experiments.Budget;
import org.s3nas.workbench.experiments.ReportFixtures;
import org.s3nas.workbench.experiments.ReportJson;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.search.LatencyModel;

/**
 * The Report view's model on the micro project of {@link ReportFixtures}: real searches and trainings of all five
 * comparisons (about a minute), run through the view-model with a task executor that runs on the calling thread.
 * Plain JUnit.
 */
class ReportViewModelTest {
    @TempDir
    static Path dir;
    static Project project;
    static Path projectFile;

    static final List<String> IDS = List.of("table4", "table5", "table6", "table7", "table8");

    @BeforeAll
    static void setUp() throws Exception {
        project = ReportFixtures.microProject(dir);
        projectFile = dir.resolve("micro.json");
    }

    private static ReportViewModel vm(DirectTaskExecutor executor, ReportViewModel.EnginesFactory engines) {
        WorkbenchModel model = ReportTestSupport.model(project, projectFile, executor);
        return new ReportViewModel(model, engines);
    }

    private static ReportViewModel vm(DirectTaskExecutor executor) { return vm(executor, (p, pf, c) -> org.s3nas.workbench.workspace.Workspace.of(pf).reportEngines(p, c, null)); }

    /** Types the micro budget into the fields. */
    private static void micro(ReportViewModel vm) {
        Budget m = ReportFixtures.MICRO;
        vm.field("searchImages").textProperty().set(Integer.toString(m.searchImages()));
        vm.field("phase1Epochs").textProperty().set("1");
        vm.field("phase2Epochs").textProperty().set("1");
        vm.field("trainImages").textProperty().set(Integer.toString(m.trainImages()));
        vm.field("trainEpochs").textProperty().set("1");
        vm.field("testImages").textProperty().set(Integer.toString(m.testImages()));
        vm.field("randomSamples").textProperty().set(Integer.toString(m.randomSamples()));
        vm.field("randomEpochs").textProperty().set("1");
        vm.field("batchSize").textProperty().set(Integer.toString(m.batchSize()));
        vm.field("looseTargetFactor").textProperty().set("2.5");
    }

    private static Budget custom(Budget m) {
        return new Budget("custom", m.searchImages(), m.phase1Epochs(), m.phase2Epochs(), m.trainImages(), m.trainEpochs(), m.testImages(),
                m.randomSamples(), m.randomEpochs(), m.batchSize(), m.looseTargetFactor());
    }

    private static Path microFolder() { return dir.resolve("runs").resolve("report-custom"); }

    @Test
    void presetsFillTheBudgetAndAnEditMakesItCustomWithItsOwnFolder() {
        // a project with no report beside it (a report found there would set its own budget)
        Path alone = dir.resolve("alone").resolve("micro.json");
        ReportViewModel vm = new ReportViewModel(ReportTestSupport.model(project, alone, new DirectTaskExecutor()));
        assertNull(vm.reportProperty().get());
        assertEquals(5, vm.sections().size(), "the five tables wait to be made");
        assertTrue(vm.sections().stream().allMatch(s -> s.getState() == State.WAITING));
        assertEquals("No report beside this project yet", vm.sourceProperty().get());
        assertEquals(List.of("small", "tiny"), vm.presets());
        assertEquals(Budget.small(), vm.budget());
        assertEquals("4000", vm.field("searchImages").textProperty().get());
        assertEquals("1.6", vm.field("looseTargetFactor").textProperty().get());
        assertEquals(alone.resolveSibling("runs").resolve("report-small"), vm.workFolderProperty().get(), "where the report command puts it");

        vm.presetProperty().set("tiny");
        assertEquals(Budget.tiny(), vm.budget());
        assertEquals("1200", vm.field("trainImages").textProperty().get());
        assertEquals("tiny", vm.budgetNameProperty().get());

        vm.field("trainEpochs").textProperty().set("3");
        assertEquals("custom", vm.budgetNameProperty().get());
        assertEquals(3, vm.budget().trainEpochs());
        assertEquals(alone.resolveSibling("runs").resolve("report-custom"), vm.workFolderProperty().get());
        vm.field("trainEpochs").textProperty().set("1");
        assertEquals("tiny", vm.budgetNameProperty().get(), "the preset's figures again: the preset's name again");
    }

    @Test
    void aBadBudgetIsRefusedWithTheFieldNamed() {
        DirectTaskExecutor ex = new DirectTaskExecutor();
        ReportViewModel vm = vm(ex);
        vm.field("trainEpochs").textProperty().set("two");
        assertFalse(vm.run());
        assertEquals("Training epochs: 'two' is not a whole number.", vm.errorProperty().get());
        vm.field("trainEpochs").textProperty().set("2");
        vm.field("looseTargetFactor").textProperty().set("");
        assertFalse(vm.run());
        assertEquals("Loose target ×: enter a number.", vm.errorProperty().get());
        vm.field("looseTargetFactor").textProperty().set("1.6");
        vm.field("batchSize").textProperty().set("5000");
        assertFalse(vm.run());
        assertEquals("Budget: fewer images than one batch of 5000.", vm.errorProperty().get());
        vm.field("batchSize").textProperty().set("64");
        vm.field("randomSamples").textProperty().set("0");
        assertFalse(vm.run());
        assertEquals("Budget: every epoch count and the random samples must be at least 1.", vm.errorProperty().get());
        assertTrue(ex.titles.isEmpty(), "nothing ran");
    }

    /** Runs the micro report through a view-model (reusing the runs of an earlier test when there are). */
    private static ReportViewModel runMicro(DirectTaskExecutor ex, ReportViewModel.EnginesFactory engines) {
        ReportViewModel vm = vm(ex, engines);
        micro(vm);
        assertEquals(microFolder(), vm.workFolderProperty().get());
        assertTrue(vm.run(), vm.errorProperty().get());
        assertFalse(vm.runningProperty().get());
        return vm;
    }

    @Test
    void aRunShowsEveryComparisonBesideThePapersWritesTheReportAndTheViewOpensItAgain() throws Exception {
        DirectTaskExecutor ex = new DirectTaskExecutor();
        ReportViewModel vm = runMicro(ex, (p, pf, c) -> org.s3nas.workbench.workspace.Workspace.of(pf).reportEngines(p, c, null));
        assertEquals("", vm.errorProperty().get());
        assertEquals(List.of("Reproduction report (budget 'custom')"), ex.titles);
        assertEquals(IDS, vm.sections().stream().map(Section::id).toList());

        // what the engine itself says for the same runs (the folder's finished runs are reused: nothing retrains)
        ReproductionReport.Report engine = ReproductionReport.run(project, dir, microFolder(), custom(ReportFixtures.MICRO),
                ReportFixtures.engines(project), null, null);
        ReproductionReport.Report shown = vm.reportProperty().get();
        assertNotNull(shown);
        for (int i = 0; i < 5; i++) {
            Section s = vm.sections().get(i);
            ReproductionReport.Comparison c = engine.comparisons().get(i);
            assertEquals(State.DONE, s.getState(), s.id());
            assertEquals(c.title(), s.titleProperty().get());
            assertEquals(c.verdict(), s.verdictProperty().get());
            assertEquals(c.paperVerdict().replaceFirst("^paper: ", ""), s.paperVerdictProperty().get());
            assertEquals(2, s.rows().size(), s.id());
            for (int j = 0; j < 2; j++) {
                ReproductionReport.Row want = c.rows().get(j), got = s.rows().get(j).row();
                assertEquals(want.variant(), got.variant());
                assertEquals(want.accuracy(), got.accuracy(), 0.0, want.variant());
                assertEquals(want.latencyMs(), got.latencyMs(), 1e-12, want.variant());
                assertEquals(want.paperAccuracy(), got.paperAccuracy(), 0.0);
                assertEquals(want.paperLatencyMs(), got.paperLatencyMs(), 0.0);
            }
        }
        // the paper's figures sit beside ours, in percent
        ReportViewModel.ReportRow t6s3nas = vm.section("table6").rows().get(0);
        assertEquals(79.35, t6s3nas.paperAccuracyPercent(), 1e-9);
        assertEquals(2.47, t6s3nas.paperLatencyMs(), 0.0);
        assertEquals("58 × 1", t6s3nas.training(), "64 images less the 10 % validation split, one epoch");
        assertEquals("40", t6s3nas.testImages());
        // which won: the row with the better accuracy, when they differ
        for (Section s : vm.sections()) {
            double a = s.rows().get(0).row().accuracy(), b = s.rows().get(1).row().accuracy();
            if (Double.isNaN(a) || Double.isNaN(b) || a == b) assertTrue(s.rows().stream().noneMatch(ReportViewModel.ReportRow::winner), s.id());
            else assertEquals(a > b, s.rows().get(0).winner(), s.id());
        }

        // progress: per comparison, in order, never backwards; the log has the engine's lines
        assertTrue(ex.messages.stream().anyMatch(m -> m.startsWith("Table 4: search 'micro-linear'")), ex.messages.toString());
        assertTrue(ex.messages.stream().anyMatch(m -> m.startsWith("Table 8: training ")), ex.messages.toString());
        for (int i = 1; i < ex.fractions.size(); i++) {
            assertTrue(ex.fractions.get(i) >= ex.fractions.get(i - 1) - 1e-9, "progress went back at " + i + ": " + ex.fractions);
        }
        assertTrue(vm.log().stream().anyMatch(l -> l.startsWith("random search:")), vm.log().toString());

        // written where the report command writes it, and found beside the project
        Path json = microFolder().resolve(ReportJson.JSON_FILE);
        assertTrue(Files.exists(json) && Files.exists(microFolder().resolve(ReportJson.MARKDOWN_FILE)));
        assertEquals(json, vm.shownFileProperty().get());
        assertTrue(vm.foundReports().contains(json), vm.foundReports().toString());
        assertEquals(shown, ReportJson.read(json));

        // a new view on the same project shows the newest report beside it without running anything
        DirectTaskExecutor ex2 = new DirectTaskExecutor();
        ReportViewModel again = vm(ex2);
        assertTrue(ex2.titles.isEmpty());
        assertEquals(shown, again.reportProperty().get());
        assertTrue(again.sourceProperty().get().startsWith("Opened " + json), again.sourceProperty().get());
        assertEquals("custom", again.budgetNameProperty().get(), "the budget it was made with");
        assertEquals("64", again.field("searchImages").textProperty().get());
        for (int i = 0; i < 5; i++) {
            assertEquals(vm.sections().get(i).rows(), again.sections().get(i).rows());
            assertEquals(vm.sections().get(i).verdictProperty().get(), again.sections().get(i).verdictProperty().get());
        }

        // every table as CSV: our figures beside the paper's
        Path csvDir = dir.resolve("csv");
        List<Path> files = again.exportCsv(csvDir);
        assertEquals(IDS.stream().map(id -> csvDir.resolve(id + ".csv")).toList(), files);
        List<String> t4 = Files.readAllLines(csvDir.resolve("table4.csv"));
        assertEquals("table,variant,architecture,top1,latency_ms,train_images,train_epochs,test_images,paper_top1,paper_latency_ms,how,run_directory",
                t4.get(0));
        assertEquals(3, t4.size());
        ReproductionReport.Row first = shown.comparisons().get(0).rows().get(0);
        assertTrue(t4.get(1).startsWith("table4,\"linear depth [2, 1]\"," + first.architecture()), t4.get(1));
        assertTrue(t4.get(1).contains("," + java.math.BigDecimal.valueOf(first.accuracy()).stripTrailingZeros().toPlainString() + ","), t4.get(1));
        assertTrue(t4.get(1).contains(",0.7709,1.24,"), t4.get(1));
    }

    @Test
    void aFailedComparisonShowsItsErrorAndTheOthersStillShow() throws Exception {
        ReportViewModel.EnginesFactory broken = (p, f, cancelled) -> {
            ReproductionReport.Engines real = org.s3nas.workbench.workspace.Workspace.of(f).reportEngines(p, cancelled, null);
            return new ReproductionReport.Engines() {
                @Override public LatencyModel searchLatency(Supernet s) { return real.searchLatency(s); }

                @Override public ToDoubleFunction<Architecture> estimator(Supernet s) {
                    throw new IllegalStateException("the estimator is broken in this test");
                }

                @Override public ToDoubleFunction<Architecture> simulator() { return real.simulator(); }
            };
        };
        ReportViewModel vm = runMicro(new DirectTaskExecutor(), broken);
        Section t6 = vm.section("table6");
        assertEquals(State.FAILED, t6.getState());
        assertEquals("the estimator is broken in this test", t6.errorProperty().get());
        assertTrue(t6.rows().isEmpty());
        assertTrue(t6.paperVerdictProperty().get().contains("79.35"), "the paper's finding still shows");
        for (String id : List.of("table4", "table5", "table7", "table8")) {
            assertEquals(State.DONE, vm.section(id).getState(), id);
            assertEquals(2, vm.section(id).rows().size(), id);
            assertEquals("", vm.section(id).errorProperty().get(), id);
        }
        assertEquals("", vm.errorProperty().get(), "the report itself finished");
        List<Path> csv = vm.exportCsv(dir.resolve("csv-failed"));
        assertEquals(4, csv.size(), "the failed table has no CSV");
        assertFalse(Files.exists(dir.resolve("csv-failed").resolve("table6.csv")));
        // the failure is in the written report too
        assertEquals("the estimator is broken in this test", ReportJson.read(microFolder().resolve(ReportJson.JSON_FILE))
                .comparisons().get(2).error());
    }

    @Test
    void cancelStopsTheRunningComparisonAndTheOthersAreNotRun() throws Exception {
        Path other = dir.resolve("fresh");
        Project p = ReportFixtures.microProject(other);
        DirectTaskExecutor ex = new DirectTaskExecutor();
        ReportViewModel[] self = new ReportViewModel[1];
        // Cancel is pressed as Table 4's second search (the constant-depth supernet) is about to start
        ReportViewModel.EnginesFactory pressCancel = (pr, f, cancelled) -> {
            ReproductionReport.Engines real = org.s3nas.workbench.workspace.Workspace.of(f).reportEngines(pr, cancelled, null);
            return new ReproductionReport.Engines() {
                @Override public LatencyModel searchLatency(Supernet s) {
                    LatencyModel m = real.searchLatency(s);
                    if (s.name().contains("constant depth")) self[0].cancel();
                    return m;
                }

                @Override public ToDoubleFunction<Architecture> estimator(Supernet s) { return real.estimator(s); }

                @Override public ToDoubleFunction<Architecture> simulator() { return real.simulator(); }
            };
        };
        ReportViewModel vm = new ReportViewModel(ReportTestSupport.model(p, other.resolve("micro.json"), ex), pressCancel);
        self[0] = vm;
        micro(vm);
        assertTrue(vm.run(), vm.errorProperty().get());
        assertFalse(vm.runningProperty().get());
        assertEquals(State.CANCELLED, vm.section("table4").getState());
        assertTrue(vm.section("table4").activityProperty().get().contains("resume"), vm.section("table4").activityProperty().get());
        for (String id : List.of("table5", "table6", "table7", "table8")) {
            assertEquals(State.WAITING, vm.section(id).getState(), id);
            assertEquals("not run", vm.section(id).activityProperty().get());
        }
        assertEquals("", vm.errorProperty().get(), "a cancel is not an error");
        assertTrue(vm.sourceProperty().get().startsWith("Cancelled"), vm.sourceProperty().get());
        Path search = other.resolve("runs").resolve("report-custom").resolve("search-constant");
        assertTrue(Files.exists(search.resolve(org.s3nas.workbench.search.SearchRun.CHECKPOINT_FILE)), "stopped at a checkpoint");
    }

    @Test
    void openingAFileThatIsNoReportSaysWhyAndKeepsWhatIsShown() throws Exception {
        ReportViewModel vm = vm(new DirectTaskExecutor());
        var before = vm.reportProperty().get();
        Path notReport = dir.resolve("not-a-report.json");
        Files.writeString(notReport, "{\"format\": 1, \"name\": \"a project\"}");
        assertFalse(vm.load(notReport));
        assertTrue(vm.errorProperty().get().startsWith("Cannot open the report: " + notReport + ": "), vm.errorProperty().get());
        assertSame(before, vm.reportProperty().get());
        assertFalse(vm.load(dir.resolve("missing.json")));
        assertTrue(vm.errorProperty().get().contains("missing.json"), vm.errorProperty().get());
    }
}
