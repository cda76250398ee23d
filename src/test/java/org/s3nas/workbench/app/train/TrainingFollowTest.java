package org.s3nas.workbench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.run.RunCharts;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.app.search.TestShell;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainHistoryRow;
import org.s3nas.workbench.train.TrainRun;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Training view follows a training run folder another process writes (here a thread that rewrites its history
 * as TrainRun does, a step at a time): "Follow run folder…" puts it into the charts at once, the charts grow while the
 * writer writes, and when its result appears the test accuracy is drawn and reported.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingFollowTest {
    @TempDir
    static Path tmp;
    private TestShell shell;
    private TrainingViewModel vm;
    private TrainingView view;

    @Start
    void start(Stage stage) throws Exception {
        shell = new TestShell(TestShell.sample(), tmp.resolve("fashion-mnist.json"));
        vm = new TrainingViewModel(shell.model);
        view = new TrainingView(vm);
        TestShell.show(stage, view, 1240, 760, Theme.LIGHT);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    @Test
    void theTrainingViewFollowsATrainingRunFolderAnotherThreadWritesAndItsChartsGrow(FxRobot robot) throws Exception {
        Project p = shell.model.getProject();
        Architecture a = p.supernet().smallest().withoutSkips().withName("elsewhere");
        TrainConfig c = TrainConfig.from(p.search(), 3);
        Path run = tmp.resolve("runs-elsewhere").resolve("train-elsewhere");
        List<TrainHistoryRow> all = TrainFolderFixtures.history(30, 10);
        Files.createDirectories(run);
        Files.writeString(run.resolve(TrainRun.CONFIG_FILE), TrainFolderFixtures.mapper().writeValueAsString(c));
        Files.writeString(run.resolve(TrainRun.ARCHITECTURE_FILE), TrainFolderFixtures.mapper().writeValueAsString(Map.of("format", 1, "architecture", a)));
        writeHistory(run, all.subList(0, 3));
        AtomicInteger written = new AtomicInteger(3);
        Thread writer = new Thread(() -> {
            try {
                for (int n = 4; n <= 30; n++) {
                    Thread.sleep(120);
                    writeHistory(run, all.subList(0, n));
                    written.set(n);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "training-writer");

        shell.runFolderToChoose = run;
        robot.clickOn("#followTrainingFolder");
        WaitForAsyncUtils.waitForFxEvents();
        RunSeries<?> series = fx(() -> vm.displayedProperty().get());
        assertTrue(fx(() -> series.runId()).startsWith("train-elsewhere"), "the charts show the followed folder: " + fx(series::runId));
        assertTrue(fx(() -> RunCharts.renderer(view.lossChart()).getDatasets().contains(series.loss())), "the loss chart draws the followed run");
        writer.start();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> series.loss().getDataCount()) >= 3);
        int early = fx(() -> series.loss().getDataCount());
        assertTrue(written.get() < 30, "the first points arrived while the writer was still writing");
        writer.join(30_000);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> series.loss().getDataCount()) == 30);
        assertTrue(early < 30, "the chart grew: " + early + " points first, 30 at the end");
        assertEquals(30, fx(() -> series.learningRate().getDataCount()), "every step once: none delivered twice");
        assertEquals(3, fx(() -> series.validationAccuracy().getDataCount()), "one validation per epoch end");
        assertEquals(30, fx(series::xMax), 1e-12, "the x axis spans the steps written");
        // the log panel: the followed training's lines, formatted as the train command prints a history's steps
        robot.clickOn("#trainingLog");
        List<String> log = fx(() -> List.copyOf(robot.lookup("#trainingLog").queryAs(org.s3nas.workbench.app.run.LogPanel.class).lines()));
        assertEquals(30, log.size(), "one line per step written");
        assertEquals(org.s3nas.workbench.train.TrainLog.line(all.get(29), 0), log.get(29));
        assertTrue(log.get(9).startsWith("step 10 epoch 0  loss ") && log.get(9).contains("val-acc "), log.get(9));
        double lastX = fx(() -> ((io.fair_acc.chartfx.axes.spi.DefaultNumericAxis) view.lossChart().getXAxis()).getMax());
        assertEquals(30, lastX, 1e-12, "the loss chart's x axis follows the run");

        // the run finishes: its result appears, and the test accuracy is drawn
        TrainFolderFixtures.finished(run, a, c, all, 0.71, 0.69, 0.7, 900, 100, 12, Double.NaN, System.currentTimeMillis());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> series.testAccuracy().getDataCount()) == 2);
        assertEquals(0.71, fx(series::testAccuracyValue), 1e-12);
        assertTrue(fx(() -> vm.notices().stream().anyMatch(n -> n.title().contains("train-elsewhere") && n.title().endsWith("finished"))),
                "the end is told: " + fx(() -> vm.notices().toString()));
    }

    /** As TrainRun writes it: the whole history, atomically replaced. */
    private static void writeHistory(Path run, List<TrainHistoryRow> rows) throws Exception {
        BackgroundRun.writeAtomically(run.resolve(TrainRun.HISTORY_JSON),
                TrainFolderFixtures.mapper().writeValueAsString(Map.of("format", 1, "steps", rows)));
    }

    private static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS); }
}
