package org.s3nas.workbench.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.run.Notices;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard end to end on the bundled fashion-mnist sample with a tiny budget (72 images at 14 px, batch 32,
 * 1 + 1 epochs: 4 steps): the target is typed into the sheet, Start runs a real search on the engine, its events
 * reach the charts while it runs, pause and resume work, and at the end the run is in the finished table and its
 * architecture is saved into the project (one undoable edit); the history file loads back into the charts.
 */
@ExtendWith(ApplicationExtension.class)
class SearchDashboardRunTest {
    @TempDir
    static Path tmp;
    private TestShell shell;
    private SearchViewModel vm;
    private SearchView view;

    static Project tinySample() { return tinySample(72); }

    /** The sample at 14 px, batch 32, 1 + 1 epochs, on {@code images} images (72: 2 steps per epoch). */
    static Project tinySample(int images) {
        Project p = TestShell.sample();
        SearchConfig c = p.search();
        // 14 px: at 8 px the engine's losses turn NaN after the first step (its 1x1 last feature maps), see the report
        SearchConfig tiny = new SearchConfig(c.dataset(), 14, c.targetLatencyMs(), c.loss(), c.lambda1(), c.lambda2(), 1, 1, 32,
                c.learningRate(), c.lrDecay(), c.lrDecayEpochs(), c.weightDecay(), c.labelSmoothing(), c.gradientClip(),
                c.rmsDecay(), c.rmsMomentum(), c.rmsEpsilon(), c.thresholdLearningRateScale(), c.thresholdMomentum(), c.targetTolerance(), c.seed(), images, 2);
        return p.withSearch(tiny);
    }

    @Start
    void start(Stage stage) throws Exception {
        shell = new TestShell(tinySample(), tmp.resolve("fashion-mnist.json"));
        vm = new SearchViewModel(shell.model);
        view = new SearchView(vm);
        TestShell.show(stage, view, 1240, 760, Theme.LIGHT);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    @Test
    void aTinyRealSearchStreamsIntoTheChartsAndEndsSavedInTheProject(FxRobot robot) throws Exception {
        TextField target = robot.lookup("#config-targetLatencyMs").queryAs(TextField.class);
        robot.clickOn(target);
        robot.interact(target::selectAll);
        robot.write("0.07").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.07, shell.model.getProject().search().targetLatencyMs(), "typed into the property sheet");

        long t0 = System.nanoTime();
        robot.clickOn("#startSearch");
        WaitForAsyncUtils.waitForFxEvents();
        SearchJob job = vm.activeRuns().get(0);
        @SuppressWarnings("unchecked")
        TaskProgressView<SearchJob> tasks = robot.lookup("#activeRuns").queryAs(TaskProgressView.class);
        assertTrue(tasks.getTasks().contains(job), "the run is listed with its progress");
        SearchSeries series = job.series();
        assertSame(series, vm.displayedProperty().get(), "the charts follow the new run");

        // events arrive while the run is going: the loss chart's data set grows
        waitUntil(180, () -> series.loss().getDataCount() > 0, job);
        long firstEvent = System.nanoTime();
        assertTrue(fx(() -> job.status() == RunStatus.RUNNING || job.isDone()));
        robot.interact(job::pause);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> job.status() == RunStatus.PAUSED || job.isDone()));
        if (!fx(job::isDone)) {
            long stepsWhilePaused = fx(series::events);
            Thread.sleep(400);
            assertEquals(stepsWhilePaused, (long) fx(series::events), "a paused run makes no steps");
            assertTrue(fx(() -> job.getMessage().startsWith("Paused at step")), fx(job::getMessage));
            robot.interact(job::resume);
        }

        waitUntil(240, () -> vm.activeRuns().isEmpty(), job);
        System.out.printf("tiny search: first event after %.1f s, finished after %.1f s (%s)%n", (firstEvent - t0) / 1e9,
                (System.nanoTime() - t0) / 1e9, fx(job::getMessage));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(RunStatus.SUCCEEDED, fx(job::status));
        SearchResult result = fx(job::getValue);
        assertEquals(4, result.steps());
        assertEquals(4L, (long) fx(series::events), "one event per step reached the charts");
        assertEquals(4, fx(() -> series.loss().getDataCount()));
        // the log loss axis spans whole powers of 2 around every loss shown, so it always has labelled ticks
        io.fair_acc.chartfx.axes.spi.DefaultNumericAxis lossAxis = (io.fair_acc.chartfx.axes.spi.DefaultNumericAxis) view.lossChart().getYAxis();
        double lo = fx(lossAxis::getMin), hi = fx(lossAxis::getMax);
        for (int i = 0; i < 4; i++) {
            double ce = series.crossEntropy().get(1, i), l = series.loss().get(1, i);
            assertTrue(lo <= Math.min(ce, l) && hi >= Math.max(ce, l), "loss axis " + lo + " .. " + hi + " shows " + ce + " and " + l);
        }
        double log2lo = Math.log(lo) / Math.log(2), log2hi = Math.log(hi) / Math.log(2);
        assertEquals(Math.rint(log2lo), log2lo, 1e-9, "lower end a power of 2: " + lo);
        assertEquals(Math.rint(log2hi), log2hi, 1e-9, "upper end a power of 2: " + hi);
        assertTrue(hi > lo);
        assertEquals(2, fx(() -> series.validationAccuracy().getDataCount()), "validation at each epoch end");
        assertTrue(fx(series::hasChoices), "the heatmap got each block's choices");
        assertTrue(fx(() -> series.thresholdCount() > 0 && series.thresholdNamesProperty().get().get(0).startsWith("b0.sk0.")));
        assertTrue(tasks.getTasks().isEmpty(), "a finished run leaves the active list");
        assertEquals("", fx(() -> job.warningProperty().get()), "the losses stayed numbers");

        // the project records the run and keeps the architecture it found (one undoable edit)
        Project p = shell.model.getProject();
        RunRecord rec = p.runs().get(0);
        assertEquals(job.runId(), rec.id());
        assertEquals(RunStatus.SUCCEEDED, rec.status());
        assertEquals("runs/" + job.runId(), rec.directory());
        assertEquals(0.07, rec.config().targetLatencyMs());
        SavedArchitecture saved = p.architectures().stream().filter(a -> a.source().equals(job.runId())).findFirst().orElseThrow();
        assertEquals(rec.architecture(), saved.name());
        assertEquals(result.validationAccuracy(), saved.accuracy());
        assertEquals(result.architecture().blocks(), saved.architecture().blocks());
        assertTrue(shell.model.isDirty());
        assertTrue(shell.model.undoDescriptionProperty().get().startsWith("Search " + job.runId() + " found"));
        assertTrue(Files.exists(tmp.resolve("runs").resolve(job.runId()).resolve(SearchRun.HISTORY_JSON)));
        Notices.Notice done = fx(() -> vm.notices().get(vm.notices().size() - 1));
        assertEquals("Search " + job.runId() + " finished", done.title());
        assertTrue(done.text().contains("Saved as architecture '" + saved.name() + "'"), done.text());

        // the finished table lists it with the estimated latency now and the simulated one once simulated
        TableView<?> table = robot.lookup("#runTable").queryAs(TableView.class);
        assertEquals(1, table.getItems().size());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.runs().get(0).simulatedLatency().endsWith(" ms")));
        SearchViewModel.RunRow row = fx(() -> vm.runs().get(0));
        assertEquals(job.runId(), row.id());
        assertEquals("succeeded", row.status());
        assertEquals("0.07 ms", row.target());
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f ms", result.estimatedLatencyMs()), row.estimatedLatency());
        assertFalse(row.validationAccuracy().equals("—"));

        // selecting it in a fresh dashboard (the window reopened) loads its history file into the charts
        SearchViewModel fresh = fx(() -> new SearchViewModel(shell.model));
        robot.interact(() -> fresh.select(fresh.runs().get(0)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> fresh.displayedProperty().get() != null));
        SearchSeries history = fresh.displayedProperty().get();
        assertFalse(history.isLive());
        assertEquals(4, fx(() -> history.loss().getDataCount()));
        assertEquals(series.loss().get(1, 3), history.loss().get(1, 3), 1e-5, "the file holds the same losses (6 digits)");
        assertEquals(series.thresholdCount(), history.thresholdCount());
        // the block choices come back from the run folder (history.json), as they were watched live (issue #15)
        assertTrue(history.hasChoices(), "a reopened run shows its block choices");
        assertEquals(fx(() -> series.choices().size()), fx(() -> history.choices().size()));
        assertEquals(fx(() -> series.choices().code(0, 0)), fx(() -> history.choices().code(0, 0)));
    }

    /** Waits for a condition checked on the FX thread; on timeout says where the run was. */
    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition, SearchJob job) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s; the run says: " + fx(job::getMessage) + " (" + fx(job::status)
                    + ", " + fx(() -> job.series().events()) + " events)", e);
        }
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
