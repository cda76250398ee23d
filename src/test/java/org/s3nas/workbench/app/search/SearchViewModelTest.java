package org.s3nas.workbench.app.search;

import org.s3nas.workbench.app.run.Notices;
import org.s3nas.workbench.app.run.Trace;
import org.s3nas.workbench.app.run.ConfigField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.search.SearchEvent;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard's view-model: live data through the frame queue at 2·10^5 events (every point kept, one bounded
 * drain and at most one chart redraw per frame), configuration edits (undoable, bad values refused with a message),
 * and a run that fails telling why.
 */
@ExtendWith(ApplicationExtension.class)
class SearchViewModelTest {
    private static final int EVENTS = 200_000;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @TempDir
    Path tmp;
    private TestShell shell;
    private SearchViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        shell = new TestShell(TestShell.sample(), null);
        vm = new SearchViewModel(shell.model);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> stage.hide());
        shell.close();
    }

    /** A chart that counts how often it repaints its canvas. */
    static final class CountingChart extends XYChart {
        final AtomicInteger redraws = new AtomicInteger();

        CountingChart() { super(new DefaultNumericAxis("step"), new DefaultNumericAxis("loss")); }

        @Override
        protected void redrawCanvas() {
            redraws.incrementAndGet();
            super.redrawCanvas();
        }
    }

    static double lossAt(long s) { return 2.3 * Math.exp(-s / 50_000.0) + 0.05 * Math.sin(s * 0.37); }

    static double thresholdAt(long s, int i) { return s <= EVENTS / 2 ? 0 : 1e-3 * i * Math.log1p(s - EVENTS / 2.0); }

    /** Block b's choices at step s: superkernel j uses kernel 3 or 5 and expansion 0 or 2, changing every 1000 steps. */
    static List<List<int[]>> choicesAt(long s, int blocks) {
        List<List<int[]>> c = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            List<int[]> sks = new ArrayList<>(3);
            for (int j = 0; j < 3; j++) sks.add(new int[]{(s / 1000 + b + j) % 3 == 0 ? 5 : 3, (int) ((s / 1000 + b * j) % 2) * 2});
            c.add(sks);
        }
        return c;
    }

    static SearchEvent event(long s, int thresholds, List<List<int[]>> choices) {
        double[] t = new double[thresholds], x = new double[thresholds];
        boolean[] u = new boolean[thresholds];
        for (int i = 0; i < thresholds; i++) {
            t[i] = thresholdAt(s, i);
            x[i] = 0.01 - t[i];
            u[i] = x[i] > 0;
        }
        return new SearchEvent(s, (int) (s / 2000), s <= EVENTS / 2 ? 1 : 2, lossAt(s), lossAt(s) - 0.01, 0.01, 0.1 - s * 1e-7, 0.08,
                0.5 + s * 1e-6, s % 1000 == 0 ? 0.8 : Double.NaN, 0.008, t, x, u, choices, 1200, (double) s / EVENTS);
    }

    @Test
    void twoHundredThousandEventsReachTheChartsThroughTheFrameQueueWithoutLoss(FxRobot robot) throws Exception {
        Project p = shell.model.getProject();
        int thresholds = new IndicatorLayout(p.supernet()).count();
        int blocks = p.supernet().blockPositions().size();
        List<String> labels = SearchViewModel.blockLabels(p);
        SearchSeries series = new SearchSeries("run-synthetic", true, labels);
        SearchJob job = WaitForAsyncUtils.asyncFx(() -> new SearchJob("run-synthetic", p.search(), false, series,
                j -> { throw new AssertionError("not started in this test"); }, j -> { })).get();
        CountingChart chart = WaitForAsyncUtils.asyncFx(() -> {
            CountingChart c = new CountingChart();
            ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
            renderer.setDrawMarker(false);
            renderer.getDatasets().setAll(series.loss(), series.crossEntropy());
            c.getRenderers().setAll(renderer);
            c.setAnimated(false);
            return c;
        }).get();

        AtomicInteger frames = new AtomicInteger(), busyFrames = new AtomicInteger(), largest = new AtomicInteger();
        AtomicLong slowestNanos = new AtomicLong(), drained = new AtomicLong();
        List<Long> drainNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        AnimationTimer perFrame = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frames.incrementAndGet();
                // CPU time of the FX thread: the figure that matters on a shared machine, where wall time also counts waiting
                long t0 = CPU.getCurrentThreadCpuTime();
                int n = job.drainFrame(); // what the job's own timer does each frame
                long dt = CPU.getCurrentThreadCpuTime() - t0;
                if (n > 0) {
                    busyFrames.incrementAndGet();
                    drained.addAndGet(n);
                    largest.accumulateAndGet(n, Math::max);
                    slowestNanos.accumulateAndGet(dt, Math::max);
                    drainNanos.add(dt);
                }
            }
        };
        robot.interact(() -> {
            stage.setScene(new Scene(chart, 700, 360));
            stage.show();
            perFrame.start();
        });
        int redrawsBefore = chart.redraws.get(), framesBefore = frames.get();

        // the engine's side: its listener offers events from another thread; like a fast engine it outpaces the
        // frames, here with back-pressure (wait for the queue to empty after each queue-full) so nothing is dropped
        List<List<List<int[]>>> choiceVariants = new ArrayList<>();
        for (int v = 0; v <= EVENTS / 1000; v++) choiceVariants.add(choicesAt(v * 1000L, blocks));
        Thread producer = new Thread(() -> {
            for (long s = 1; s <= EVENTS; s++) {
                job.listener().onProgress(event(s, thresholds, choiceVariants.get((int) (s / 1000))));
                if (s % SearchJob.QUEUE_CAPACITY == 0) {
                    while (!job.queue().isEmpty()) Thread.onSpinWait();
                }
            }
        }, "synthetic-engine");
        producer.start();
        producer.join(TimeUnit.MINUTES.toMillis(3));
        assertFalse(producer.isAlive(), "the producer finished");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(series::events).get() == EVENTS);
        WaitForAsyncUtils.waitForFxEvents(3);
        robot.interact(perFrame::stop);
        int redraws = chart.redraws.get() - redrawsBefore, framesSeen = frames.get() - framesBefore;

        List<Long> sorted = new ArrayList<>(drainNanos);
        java.util.Collections.sort(sorted);
        System.out.printf("dashboard drain: %,d events in %d frames with events (of %d), at most %,d per frame; FX-thread CPU per drain:"
                        + " median %.1f ms, slowest %.1f ms; %d chart redraws%n", drained.get(), busyFrames.get(), framesSeen, largest.get(),
                sorted.get(sorted.size() / 2) / 1e6, slowestNanos.get() / 1e6, redraws);
        // the FX thread's work per frame is bounded by the queue's capacity, and nothing was dropped
        assertEquals(EVENTS, drained.get());
        assertTrue(largest.get() <= SearchJob.QUEUE_CAPACITY, "at most one queue's worth per frame: " + largest.get());
        assertEquals(0, job.queue().dropped());
        assertTrue(busyFrames.get() >= EVENTS / SearchJob.QUEUE_CAPACITY, "the events were spread over frames: " + busyFrames.get());
        // bursts coalesce: the chart repaints at most once per frame however many points arrived in it
        assertTrue(redraws > 0 && redraws <= framesSeen + 2, redraws + " redraws in " + framesSeen + " frames");

        robot.interact(() -> {
            // every point of the metric series, in order, with its value
            for (DoubleDataSet ds : List.of(series.loss(), series.crossEntropy(), series.trainAccuracy(), series.latency())) {
                assertEquals(EVENTS, ds.getDataCount(), ds.getName());
            }
            double[] lx = series.loss().getValues(DataSet.DIM_X), ly = series.loss().getValues(DataSet.DIM_Y);
            for (int i = 0; i < EVENTS; i++) {
                if (lx[i] != i + 1 || ly[i] != lossAt(i + 1)) throw new AssertionError("loss point " + i + ": " + lx[i] + ", " + ly[i]);
            }
            assertEquals(EVENTS / 1000, series.validationAccuracy().getDataCount(), "validation is measured every 1000 steps here");
            assertEquals(1000.0, series.validationAccuracy().get(DataSet.DIM_X, 0));
            assertEquals(2, series.target().getDataCount());
            assertEquals(0.08, series.target().get(DataSet.DIM_Y, 1));
            assertEquals(EVENTS, series.target().get(DataSet.DIM_X, 1), "T spans the run");
            assertEquals(EVENTS / 2.0, series.phase2Start());
            assertEquals(EVENTS, series.xMax());

            // thresholds: the documented reduction — an even subsample of the whole run plus the latest point
            assertEquals(thresholds, series.thresholdCount());
            for (int i = 0; i < thresholds; i++) {
                Trace t = series.traceOf(series.threshold(i));
                int n = t.size(), stride = t.stride();
                assertTrue(n >= SearchSeries.THRESHOLD_CAPACITY / 2 && n <= SearchSeries.THRESHOLD_CAPACITY + 1, "threshold " + i + " keeps " + n);
                assertEquals(Integer.bitCount(stride), 1, "stride is a power of two: " + stride);
                assertTrue((long) stride * (n - 1) <= EVENTS && (long) stride * (n + 1) >= EVENTS, "spans the run: " + n + " x " + stride);
                assertEquals(EVENTS, t.arrivals());
                DoubleDataSet d = series.threshold(i);
                for (int k = 0; k < n - 1; k++) {
                    double x = d.get(DataSet.DIM_X, k);
                    if (x != 1 + (long) k * stride || d.get(DataSet.DIM_Y, k) != thresholdAt((long) x, i)) {
                        throw new AssertionError("threshold " + i + " point " + k + " at x " + x);
                    }
                }
                assertEquals(EVENTS, d.get(DataSet.DIM_X, n - 1), "the latest point is shown");
                assertEquals(thresholdAt(EVENTS, i), d.get(DataSet.DIM_Y, n - 1));
            }

            // heatmap: bounded columns over the whole run, each the packed choice of its step
            ChoiceHistory h = series.choices();
            assertTrue(h.size() >= SearchSeries.CHOICE_CAPACITY / 2 && h.size() <= SearchSeries.CHOICE_CAPACITY + 1, "columns " + h.size());
            assertEquals(EVENTS, h.step(h.size() - 1));
            for (int col : new int[]{0, h.size() / 3, h.size() - 1}) {
                long step = h.step(col);
                List<List<int[]>> expected = choicesAt(step, blocks);
                for (int b = 0; b < blocks; b++) assertEquals(org.s3nas.workbench.search.HistoryRow.blockCode(expected.get(b)), h.code(col, b), "step " + step + " block " + b);
            }
            assertTrue(h.seenExpansions().contains(0) && h.seenExpansions().contains(6), h.seenExpansions().toString());
        });
    }

    @Test
    void aDivergingRunIsFlaggedAndItsNaNLossesAreGaps(FxRobot robot) throws Exception {
        Project p = shell.model.getProject();
        int blocks = p.supernet().blockPositions().size();
        SearchSeries series = new SearchSeries("run-nan", true, SearchViewModel.blockLabels(p));
        SearchJob job = WaitForAsyncUtils.asyncFx(() -> new SearchJob("run-nan", p.search(), false, series, j -> null, j -> { })).get();
        List<List<int[]>> choices = choicesAt(1, blocks);
        for (long s = 1; s <= 4; s++) {
            SearchEvent e = event(s, 3, choices);
            if (s >= 3) e = new SearchEvent(s, 0, 1, Double.NaN, Double.NaN, 0, e.latencyMs(), e.targetMs(), e.trainAccuracy(),
                    Double.NaN, e.learningRate(), e.thresholds(), e.indicatorInputs(), e.indicators(), choices, 100, s / 4.0);
            job.listener().onProgress(e);
        }
        robot.interact(() -> {
            assertEquals(4, job.drainFrame());
            assertEquals(2, series.loss().getDataCount(), "NaN losses are gaps, not points");
            assertEquals(4, series.latency().getDataCount(), "the other series go on");
            assertTrue(job.warningProperty().get().startsWith("The loss is not a number from step 3 on"), job.warningProperty().get());
        });
    }

    @Test
    void configurationEditsAreUndoableAndBadValuesAreRefusedWithTheReason(FxRobot robot) {
        robot.interact(() -> {
            ConfigField target = vm.configField("targetLatencyMs");
            assertEquals("0.08", target.value());
            assertEquals("ms", target.unit());
            assertEquals("Latency-aware loss (Eq. 9)", target.category());

            assertEquals(Optional.empty(), target.set("0.05"));
            assertEquals(0.05, shell.model.getProject().search().targetLatencyMs());
            assertTrue(shell.model.isDirty());
            assertEquals("Set Target latency T to 0.05 ms", shell.model.undoDescriptionProperty().get());
            assertEquals("0.05", target.value());

            SearchConfig before = shell.model.getProject().search();
            assertEquals(Optional.of("Target latency T: must be positive, was -1.0"), target.set("-1"));
            assertEquals(Optional.of("Target latency T: 'fast' is not a number"), target.set("fast"));
            assertEquals("Target latency T: 'fast' is not a number", target.problem());
            assertEquals(Optional.of("Batch size: '12.5' is not a whole number"), vm.configField("batchSize").set("12.5"));
            assertEquals(Optional.of("Folder: must name a folder"), vm.configField("dataset.path").set("  "));
            assertTrue(vm.configField("lambda1").set("-3").orElseThrow().startsWith("λ1: must be"));
            assertEquals(Optional.of("Loss: 'eq9' is not one of [S3NAS, SINGLE_PATH, TARGET]"), vm.configField("loss").set("eq9"));
            assertEquals(before, shell.model.getProject().search(), "a refused value changes nothing");
            assertEquals("Set Target latency T to 0.05 ms", shell.model.undoDescriptionProperty().get());
            assertEquals(Optional.empty(), target.set("0.05"));
            assertEquals("", target.problem(), "typing a good value clears the field's message");

            // a value that is wrong only together with another field: the message names the field the validator blames
            assertEquals(Optional.empty(), vm.configField("phase2Epochs").set("0"));
            assertEquals(Optional.of("Phase 2 epochs: the two phases must have at least one epoch in all"), vm.configField("phase1Epochs").set("0"));

            assertEquals(Optional.empty(), vm.configField("limitImages").set("2,048"));
            assertEquals(2048, shell.model.getProject().search().limitImages());
            assertEquals(Optional.empty(), vm.configField("dataset.augment").set("true"));
            assertTrue(shell.model.getProject().search().dataset().augment());

            shell.model.undo();
            shell.model.undo();
            shell.model.undo();
            assertEquals("0.05", target.value());
            shell.model.undo();
            assertEquals("0.08", target.value(), "undo shows the old value again");
            assertFalse(shell.model.isDirty());
            assertEquals(vm.configFields().size(), vm.configuration().size(), "every field of SearchConfig is editable");
        });
    }

    @Test
    void aRunWithAMissingDatasetFailsAndSaysWhichFile(FxRobot robot) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("README"), "the images are missing");
        robot.interact(() -> {
            DatasetSpec d = shell.model.getProject().search().dataset();
            assertEquals(Optional.empty(), vm.configField("dataset.path").set(data.toString()));
            assertEquals(d.format(), shell.model.getProject().search().dataset().format());
        });
        String runsDir = System.getProperty(org.s3nas.workbench.workspace.Workspace.RUNS_DIR_PROPERTY);
        System.setProperty(org.s3nas.workbench.workspace.Workspace.RUNS_DIR_PROPERTY, tmp.resolve("runs").toString());
        SearchJob job;
        try {
            job = WaitForAsyncUtils.asyncFx(vm::start).get();
        } finally { // the build's own folder again (pom), never the user's
            if (runsDir == null) System.clearProperty(org.s3nas.workbench.workspace.Workspace.RUNS_DIR_PROPERTY);
            else System.setProperty(org.s3nas.workbench.workspace.Workspace.RUNS_DIR_PROPERTY, runsDir);
        }
        assertNotNull(job);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> job.isDone() && WaitForAsyncUtils.asyncFx(() -> vm.activeRuns().isEmpty()).get());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            assertEquals(RunStatus.FAILED, job.status());
            Notices.Notice n = vm.notices().get(vm.notices().size() - 1);
            assertTrue(n.error());
            assertEquals("Search " + job.runId() + " failed", n.title());
            assertTrue(n.text().contains("train-images-idx3-ubyte.gz") && n.text().contains(data.toString()), n.text());
            assertEquals(1, vm.runs().size());
            assertEquals("failed", vm.runs().get(0).status());
            assertEquals(RunStatus.FAILED, shell.model.getProject().runs().get(0).status());
            assertTrue(shell.model.getProject().architectures().isEmpty(), "a failed run saves no architecture");
        });
    }
}
