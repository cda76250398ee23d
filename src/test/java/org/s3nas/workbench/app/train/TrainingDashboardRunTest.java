package org.s3nas.workbench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.run.RunCharts;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.app.search.TestShell;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.train.TrainEvent;
import org.s3nas.workbench.train.TrainListener;
import org.s3nas.workbench.train.TrainResult;
import org.s3nas.workbench.train.TrainRun;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Training view end to end on the bundled fashion-mnist sample with a tiny budget (the supernet's smallest network
 * saved as 'tiny', 40 images at 28 px: 36 for training, batch 8, 2 epochs = 8 steps, tested on 16 images): the budget is
 * typed into the sheet, Train runs a real training on the engine, its steps reach the charts while it runs, it is
 * paused (at step 2, by a listener, so the test does not race the engine) and cancelled, the interrupted folder is listed
 * and resumed from its checkpoint, and at the end the finished training is in the table with its test accuracy, which
 * the project records as the accuracy of 'tiny' (one undoable edit).
 */
@ExtendWith(ApplicationExtension.class)
class TrainingDashboardRunTest {
    @TempDir
    static Path tmp;
    private TestShell shell;
    private TrainingViewModel vm;
    private TrainingView view;

    @Start
    void start(Stage stage) throws Exception {
        Project p = TestShell.sample();
        Architecture tiny = p.supernet().smallest().withoutSkips().withName("tiny");
        shell = new TestShell(p.withArchitecture(new SavedArchitecture("tiny", "run-1", tiny, Double.NaN)), tmp.resolve("fashion-mnist.json"));
        vm = new TrainingViewModel(shell.model);
        view = new TrainingView(vm);
        TestShell.show(stage, view, 1240, 760, Theme.LIGHT);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    @Test
    void aTinyRealTrainingStreamsIntoTheChartsResumesAfterCancelAndIsRecorded(FxRobot robot) throws Exception {
        type(robot, "#config-epochs", "2");
        type(robot, "#config-batchSize", "8");
        robot.interact(() -> {
            vm.configField("limitImages").set("40");
            vm.configField("testImages").set("16");
            vm.configField("checkpointEverySteps").set("1");
            vm.configField("calibrationBatches").set("1");
        });
        assertEquals(2, vm.configuration().epochs(), "typed into the property sheet");
        assertEquals(8, vm.configuration().batchSize());
        assertEquals("tiny", fx(() -> vm.architectureProperty().get().label()));

        AtomicBoolean pausedOnce = new AtomicBoolean();
        vm.setRunHook(run -> run.addListener(new TrainListener() {
            @Override
            public void onProgress(TrainEvent e) {
                if (e.step() == 2 && pausedOnce.compareAndSet(false, true)) run.pause(); // takes effect before step 3
            }
        }));

        long t0 = System.nanoTime();
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitForFxEvents();
        TrainJob job = fx(() -> vm.activeTrainings().get(0));
        @SuppressWarnings("unchecked")
        TaskProgressView<TrainJob> tasks = robot.lookup("#activeTrainings").queryAs(TaskProgressView.class);
        assertTrue(fx(() -> tasks.getTasks().contains(job)), "the training is listed with its progress");
        assertEquals("tiny", fx(job::getTitle));
        RunSeries series = job.series();
        assertSame(series, fx(() -> vm.displayedProperty().get()), "the charts follow the new training");
        assertEquals(tmp.resolve("runs").resolve("train-tiny"), job.directory());
        assertFalse(fx(() -> vm.canStartProperty().get()), "the same folder cannot be trained twice at once");

        // steps arrive while it runs, then it pauses after step 2
        waitUntil(180, () -> job.status() == RunStatus.PAUSED, job);
        assertFalse(fx(job::isDone));
        assertEquals(2, (int) fx(() -> series.loss().getDataCount()), "one point per step reached the chart's data set");
        assertEquals(2, (int) fx(() -> series.learningRate().getDataCount()));
        assertTrue(fx(() -> RunCharts.renderer(view.lossChart()).getDatasets().contains(series.loss())), "the loss chart draws them");
        assertTrue(fx(() -> job.getMessage().startsWith("Paused at step 2")), fx(job::getMessage));
        Thread.sleep(300);
        assertEquals(2L, (long) fx(series::events), "a paused training makes no steps");
        // the log panel shows the shown training's lines as the train command prints them: its steps, then the pause
        javafx.scene.control.TitledPane logPanel = robot.lookup("#trainingLog").queryAs(javafx.scene.control.TitledPane.class);
        robot.interact(() -> logPanel.setExpanded(true));
        java.util.List<String> log = fx(() -> java.util.List.copyOf(((org.s3nas.workbench.app.run.LogPanel) logPanel).lines()));
        java.util.List<String> steps = log.stream().filter(l -> l.startsWith("step ")).toList();
        assertEquals(2, steps.size(), "one line per step: " + log);
        assertTrue(steps.get(0).startsWith("step 1/8 (") && steps.get(0).contains("loss ") && steps.get(0).contains(" img/s"), steps.get(0));
        assertTrue(steps.get(1).startsWith("step 2/8 ("), steps.get(1));
        assertTrue(log.get(log.size() - 1).startsWith("paused: "), "the pause is logged: " + log);

        // cancel: the run writes its checkpoint, and its folder is listed as interrupted
        robot.interact(() -> job.cancel());
        waitUntil(120, () -> vm.activeTrainings().isEmpty(), job);
        assertEquals(RunStatus.CANCELLED, fx(job::status));
        assertEquals("Training of 'tiny' cancelled", fx(() -> lastNotice().title()));
        assertTrue(Files.exists(job.directory().resolve(TrainRun.CHECKPOINT_FILE)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.trainings().size() == 1 && vm.trainings().get(0).status().equals("interrupted")));
        assertEquals("0 of 2", fx(() -> vm.trainings().get(0).epochs()), "2 steps of 4 per epoch: no epoch done yet");
        assertEquals("2", fx(() -> vm.trainings().get(0).steps()));

        // resume it from the table
        @SuppressWarnings("unchecked")
        TableView<TrainingViewModel.TrainingRow> table = robot.lookup("#trainingTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#resumeTraining");
        WaitForAsyncUtils.waitForFxEvents();
        TrainJob resumed = fx(() -> vm.activeTrainings().get(0));
        assertTrue(resumed.isResumed());
        assertEquals("tiny (resumed)", fx(resumed::getTitle));
        RunSeries again = resumed.series();
        waitUntil(240, () -> vm.activeTrainings().isEmpty(), resumed);
        assertEquals(RunStatus.SUCCEEDED, fx(resumed::status), fx(resumed::getMessage) + " / " + fx(() -> lastNotice().text()));
        TrainResult r = fx(resumed::getValue);
        System.out.printf("tiny training: paused, cancelled, resumed and finished after %.1f s (its own %.1f s of training)%n",
                (System.nanoTime() - t0) / 1e9, r.seconds());
        assertEquals(8, r.steps());
        assertEquals(36, r.trainImages());
        assertEquals(16, r.testImages());
        assertEquals(8, (int) fx(() -> again.loss().getDataCount()), "the 2 steps of its history, then the 6 it made");
        assertEquals(2, (int) fx(() -> again.validationAccuracy().getDataCount()), "validation at each epoch end");
        assertEquals(r.testAccuracy(), fx(again::testAccuracyValue));
        assertEquals(2, (int) fx(() -> again.testAccuracy().getDataCount()), "the test accuracy is drawn");

        // the project records the accuracy of 'tiny' (one undoable edit), the user is told, the table shows it
        SavedArchitecture tiny = shell.model.getProject().architectures().get(0);
        assertEquals("tiny", tiny.name());
        assertEquals(r.testAccuracy(), tiny.accuracy());
        assertEquals("run-1", tiny.source());
        assertTrue(shell.model.isDirty());
        assertEquals("Record test accuracy " + Formats.percent(r.testAccuracy()) + " of 'tiny'", shell.model.undoDescriptionProperty().get());
        Notices.Notice done = fx(this::lastNotice);
        assertEquals("Training of 'tiny' finished", done.title());
        assertTrue(done.text().contains("Recorded as the accuracy of 'tiny'"), done.text());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.trainings().size() == 1 && vm.trainings().get(0).status().equals("finished")));
        TrainingViewModel.TrainingRow row = fx(() -> vm.trainings().get(0));
        assertEquals(Formats.percent(r.testAccuracy()), row.testAccuracy());
        assertTrue(row.latency().endsWith(" ms"), "the simulated latency went into result.json: " + row.latency());
        assertEquals("8", row.steps());
        robot.interact(shell.model::undo);
        assertTrue(Double.isNaN(shell.model.getProject().architectures().get(0).accuracy()), "undo takes the accuracy back");
    }

    private Notices.Notice lastNotice() { return vm.notices().get(vm.notices().size() - 1); }

    private static void type(FxRobot robot, String query, String text) {
        TextField f = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(f);
        robot.interact(f::selectAll);
        robot.write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits for a condition checked on the FX thread; on timeout says where the training was. */
    private static void waitUntil(int seconds, Callable<Boolean> condition, TrainJob job) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s; the training says: " + fx(job::getMessage) + " (" + fx(job::status)
                    + ", " + fx(() -> job.series().events()) + " events)", e);
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
