package org.s3nas.workbench.app.train;

import org.s3nas.workbench.app.run.Notices;
import org.s3nas.workbench.search.RunFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import io.fair_acc.dataset.DataSet;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.post.ArchitectureChoice;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.app.search.TestShell;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.train.TrainConfig;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Training view's model without training: the architectures offered, the configuration (seeded from the project's
 * recipe, edited outside the project, bad values refused with the reason), the run folders as table rows, the history
 * of a finished training in the charts, how an accuracy is recorded, and what cannot be resumed.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingViewModelTest {
    @TempDir
    Path tmp;
    private TestShell shell;
    private TrainingViewModel vm;
    private Architecture tiny;

    @Start
    void start(Stage stage) {}

    private void open(Project p) throws Exception {
        shell = fx(() -> new TestShell(p, tmp.resolve("fashion-mnist.json")));
        vm = fx(() -> new TrainingViewModel(shell.model));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !fx(() -> vm.scanningProperty().get()));
    }

    private Project withTiny() {
        Project p = TestShell.sample();
        tiny = p.supernet().smallest().withoutSkips().withName("tiny");
        return p.withArchitecture(new SavedArchitecture("tiny", "run-1", tiny, 0.5));
    }

    @AfterEach
    void tearDown() throws Exception { if (shell != null) shell.close(); }

    @Test
    void theSavedArchitecturesComeFirstThenTheSupernetsExtremesEachWithItsRunFolder(FxRobot robot) throws Exception {
        open(withTiny());
        robot.interact(() -> {
            assertEquals(List.of("tiny", ArchitectureChoice.LARGEST, ArchitectureChoice.SMALLEST),
                    vm.architectures().stream().map(ArchitectureChoice::label).toList());
            assertEquals("tiny", vm.architectureProperty().get().label(), "the first saved one is chosen");
            assertEquals(tmp.resolve("runs").resolve("train-tiny"), vm.directoryOf(tiny));
            assertTrue(vm.architectureSummaryProperty().get().contains("Run folder runs/train-tiny"), vm.architectureSummaryProperty().get());
            assertTrue(vm.architectureSummaryProperty().get().contains(tiny.blocks().size() + " blocks · input 28 × 28 × 1"),
                    vm.architectureSummaryProperty().get());
            assertTrue(vm.canStartProperty().get(), vm.startProblemProperty().get());
            vm.architectureProperty().set(vm.architectures().get(1));
            Architecture largest = vm.architectures().get(1).architecture();
            assertEquals("train-" + TrainRunNames.slug(largest), vm.directoryOf(largest).getFileName().toString());

            // the chosen architecture is kept (by label) across edits of the project
            shell.model.edit("rename", p -> p.withName("renamed"));
            assertEquals(ArchitectureChoice.LARGEST, vm.architectureProperty().get().label());
        });
    }

    @Test
    void theConfigurationStartsFromTheProjectsRecipeAndItsEditsStayOutOfTheProject(FxRobot robot) throws Exception {
        open(withTiny());
        robot.interact(() -> {
            assertEquals("3", vm.configField("epochs").value());
            assertEquals("128", vm.configField("batchSize").value(), "the search's batch");
            assertEquals("0.008", vm.configField("learningRate").value());
            assertEquals("0.6", vm.configField("warmupEpochs").value(), "0.2 x epochs, shown without binary noise");
            assertEquals("0.9999", vm.configField("emaDecay").value());
            assertEquals("epochs", vm.configField("epochs").unit());
            assertEquals("Regularisation", vm.configField("dropout").category());
            assertThrows(IllegalArgumentException.class, () -> vm.configField("dataset.path"), "the dataset is the project's");
            assertTrue(vm.configFields().stream().noneMatch(f -> f.key().startsWith("dataset")));

            assertEquals(Optional.empty(), vm.configField("epochs").set("5"));
            assertEquals(Optional.empty(), vm.configField("limitImages").set("1,200"));
            assertEquals(5, vm.configuration().epochs());
            assertEquals(1200, vm.configuration().limitImages());
            assertEquals("5", vm.configField("epochs").value());
            assertFalse(shell.model.isDirty(), "a training configuration is not part of the project");
            assertFalse(shell.model.canUndoProperty().get());

            TrainConfig before = vm.configuration();
            assertEquals(Optional.of("Epochs: must be at least 1, was 0"), vm.configField("epochs").set("0"));
            assertEquals(Optional.of("Dropout: must be in [0, 1), was 1.5"), vm.configField("dropout").set("1.5"));
            assertEquals(Optional.of("Batch size: '12.5' is not a whole number"), vm.configField("batchSize").set("12.5"));
            assertEquals(Optional.of("EMA decay: 'high' is not a number"), vm.configField("emaDecay").set("high"));
            assertEquals("EMA decay: 'high' is not a number", vm.configField("emaDecay").problem());
            assertEquals(before, vm.configuration(), "a refused value changes nothing");
            assertTrue(vm.canStartProperty().get());

            // an edit of the project's recipe does not overwrite the user's edits ...
            shell.model.edit("lr", p -> p.withSearch(withLearningRate(p, 0.01)));
            assertEquals(5, vm.configuration().epochs());
            assertEquals("0.008", vm.configField("learningRate").value());
            // ... until the user goes back to the recipe
            vm.resetConfiguration();
            assertEquals("3", vm.configField("epochs").value());
            assertEquals("0.01", vm.configField("learningRate").value());
            assertEquals(TrainConfig.from(shell.model.getProject().search(), 3).withWarmupEpochs(0.6), vm.configuration());
        });
    }

    private static org.s3nas.workbench.model.SearchConfig withLearningRate(Project p, double lr) {
        var c = p.search();
        return new org.s3nas.workbench.model.SearchConfig(c.dataset(), c.trainingResolution(), c.targetLatencyMs(), c.loss(), c.lambda1(),
                c.lambda2(), c.phase1Epochs(), c.phase2Epochs(), c.batchSize(), lr, c.lrDecay(), c.lrDecayEpochs(), c.weightDecay(),
                c.labelSmoothing(), c.gradientClip(), c.rmsDecay(), c.rmsMomentum(), c.rmsEpsilon(), c.thresholdLearningRateScale(),
                c.thresholdMomentum(), c.targetTolerance(), c.seed(), c.limitImages(), c.checkpointEverySteps());
    }

    @Test
    void theRunFoldersAreTheTrainingsTableAndAFinishedOneShowsItsHistoryAndResult(FxRobot robot) throws Exception {
        Project p = withTiny();
        Path runs = tmp.resolve("runs");
        TrainConfig c = TrainConfig.from(p.search(), 3);
        Architecture largest = p.supernet().largest().withoutSkips();
        TrainFolderFixtures.finished(runs.resolve("train-tiny"), tiny, c, TrainFolderFixtures.history(12, 4), 0.8125, 0.78, 0.7, 432, 2000,
                427.4, 0.0143, 1_000_000_000L);
        TrainFolderFixtures.interrupted(runs.resolve("train-" + TrainRunNames.slug(largest)), largest, c, TrainFolderFixtures.history(6, 4),
                2_000_000_000L);
        open(p);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> vm.trainings().size() == 2));
        robot.interact(() -> {
            TrainingViewModel.TrainingRow interrupted = vm.trainings().get(0), finished = vm.trainings().get(1);
            assertEquals(largest.name(), interrupted.architecture());
            assertEquals("interrupted", interrupted.status());
            assertEquals("1 of 3", interrupted.epochs());
            assertEquals("6", interrupted.steps());
            assertEquals("—", interrupted.testAccuracy());
            assertTrue(vm.canResume(interrupted));

            assertEquals("tiny", finished.architecture());
            assertEquals("runs/train-tiny", finished.folder());
            assertEquals("finished", finished.status());
            assertEquals("81.25 %", finished.testAccuracy());
            assertEquals("78.00 %", finished.rawAccuracy());
            assertEquals("70.00 %", finished.validationAccuracy());
            assertEquals("432 / 2,000", finished.images());
            assertEquals("0.0143 ms", finished.latency());
            assertEquals("7:07", finished.time());
            assertEquals("12", finished.steps());
            assertFalse(vm.canResume(finished), "a finished training is complete");

            assertEquals("Its folder holds a finished training (test accuracy 81.25 %): Train replaces it.", vm.startNoteProperty().get());
            vm.architectureProperty().set(vm.architectures().get(1));
            assertEquals("Its folder holds an interrupted training: Resume it below, or Train to start over.", vm.startNoteProperty().get());
            vm.architectureProperty().set(vm.architectures().get(2));
            assertEquals("", vm.startNoteProperty().get());

            vm.select(finished);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> vm.displayedProperty().get() != null));
        robot.interact(() -> {
            RunSeries s = vm.displayedProperty().get();
            assertFalse(s.isLive());
            assertEquals(12, s.loss().getDataCount());
            assertEquals(12, s.learningRate().getDataCount());
            assertEquals(3, s.validationAccuracy().getDataCount(), "one validation per epoch");
            assertEquals(0.008, s.learningRate().get(DataSet.DIM_Y, 11), 1e-12);
            assertEquals(2, s.testAccuracy().getDataCount(), "the test accuracy as a line over the run");
            assertEquals(0.8125, s.testAccuracy().get(DataSet.DIM_Y, 1));
            assertEquals(12, s.testAccuracy().get(DataSet.DIM_X, 1));
            assertTrue(vm.displayedCaptionProperty().get().startsWith("tiny  ·  train-tiny"), vm.displayedCaptionProperty().get());
            assertEquals("81.25 %", fact("Test accuracy"));
            assertEquals("78.00 %", fact("Raw weights"));
            assertEquals("432 × 3", fact("Trained on"));
            assertEquals("0.0143 ms", fact("Latency"));
        });
    }

    private String fact(String label) {
        return vm.shownFacts().stream().filter(f -> f.label().equals(label)).map(Fact::value).findFirst().orElseThrow(() ->
                new AssertionError("no fact '" + label + "' in " + vm.shownFacts()));
    }

    @Test
    void aTrainedAccuracyIsRecordedInPlaceOrAsANewArchitectureButNeverOverAnotherNetwork() {
        Project p = withTiny().withArchitecture(new SavedArchitecture("other", "manual", TestShell.sample().supernet().largest(), Double.NaN));
        TrainingViewModel.Recording r = TrainingViewModel.recording(p, tiny, 0.8125, "runs/train-tiny");
        assertEquals(List.of("tiny", "other"), r.after().architectures().stream().map(SavedArchitecture::name).toList(), "in place");
        SavedArchitecture t = r.after().architectures().get(0);
        assertEquals(0.8125, t.accuracy());
        assertEquals("run-1", t.source(), "it still comes from its search");
        assertEquals(tiny, t.architecture());
        assertEquals("Record test accuracy 81.25 % of 'tiny'", r.description());
        assertEquals("Recorded as the accuracy of 'tiny'", r.message());

        Architecture largest = p.supernet().largest().withoutSkips();
        TrainingViewModel.Recording added = TrainingViewModel.recording(p, largest, 0.7, "runs/train-x");
        SavedArchitecture a = added.after().architectures().get(2);
        assertEquals(largest.name(), a.name());
        assertEquals("trained in runs/train-x", a.source());
        assertEquals(0.7, a.accuracy());

        TrainingViewModel.Recording refused = TrainingViewModel.recording(p, largest.withName("tiny"), 0.9, "runs/train-tiny");
        assertNull(refused.after());
        assertTrue(refused.message().startsWith("Not recorded: the project's 'tiny' is no longer the network that was trained"), refused.message());
    }

    @Test
    void whatCannotBeResumedIsRefusedWithTheReason(FxRobot robot) throws Exception {
        Project p = withTiny();
        Path done = TrainFolderFixtures.finished(tmp.resolve("runs").resolve("train-tiny"), tiny, TrainConfig.from(p.search(), 3),
                TrainFolderFixtures.history(4, 4), 0.5, 0.5, 0.5, 36, 16, 3, 0.01, 1000);
        open(p);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> vm.trainings().size() == 1));
        robot.interact(() -> {
            assertNull(vm.resume(vm.trainings().get(0)));
            assertEquals("Cannot resume runs/train-tiny", lastNotice().title());
            vm.resumeFolder(done);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> vm.notices().size() == 2));
        robot.interact(() -> {
            assertEquals("Nothing to resume in " + done, lastNotice().title());
            assertEquals("The training of 'tiny' there has finished (test accuracy 50.00 %).", lastNotice().text());
            vm.resumeFolder(tmp);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> vm.notices().size() == 3));
        robot.interact(() -> {
            assertTrue(lastNotice().error());
            assertTrue(lastNotice().text().contains("not a training run folder"), lastNotice().text());
            assertTrue(vm.activeTrainings().isEmpty());
        });
    }

    private Notices.Notice lastNotice() { return vm.notices().get(vm.notices().size() - 1); }

    private static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS); }

    /** The run folder names the engine uses. */
    private static final class TrainRunNames {
        static String slug(Architecture a) { return org.s3nas.workbench.workspace.Workspace.slug(a.name()); }
    }

    @Test
    void aValidationCountAboveWhatTheImageLimitLeavesIsSaid() {
        var spec = new org.s3nas.workbench.model.DatasetSpec(org.s3nas.workbench.model.DatasetFormat.IDX, "data", 10, 0.1, false);
        var search = org.s3nas.workbench.app.search.TestShell.sample().search();
        var c = org.s3nas.workbench.train.TrainConfig.from(search, 2);
        assertEquals(2000, c.validationImages(), "the default");
        assertEquals("", TrainingViewModel.validationNote(c), "no image limit: the whole split");
        var limited = new org.s3nas.workbench.train.TrainConfig(spec, 2, c.batchSize(), c.learningRate(), c.warmupEpochs(), c.lrDecay(),
                c.lrDecayEpochs(), c.weightDecay(), c.labelSmoothing(), c.emaDecay(), c.dropout(), c.stochasticDepth(), c.gradientClip(),
                c.rmsDecay(), c.rmsMomentum(), c.rmsEpsilon(), c.seed(), 1000, 0, 2000, 5, 10);
        assertEquals("Validation images (2,000) is more than the image limit of 1,000 leaves for validation (10 % of it): "
                + "each validation uses those 100 images.", TrainingViewModel.validationNote(limited));
    }

    @Test
    void theStartNoteSaysWhenTheImageLimitLeavesFewerValidationImages(FxRobot robot) throws Exception {
        // issue #15 item 4 through the view-model's public properties (this source runs on d0dcf9f too)
        open(withTiny());
        robot.interact(() -> {
            assertTrue(vm.canStartProperty().get(), vm.startProblemProperty().get());
            assertEquals("", vm.startNoteProperty().get(), "no image limit: nothing to say");
            assertTrue(vm.configField("limitImages").set("1000").isEmpty());
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> assertEquals("Validation images (2,000) is more than the image limit of 1,000 leaves for validation "
                + "(10 % of it): each validation uses those 100 images.", vm.startNoteProperty().get()));
        robot.interact(() -> assertTrue(vm.configField("validationImages").set("100").isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> assertEquals("", vm.startNoteProperty().get(), "100 fit in what the limit leaves"));
    }

}
