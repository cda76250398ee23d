package org.s3nas.workbench.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.run.Notices;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.search.SearchRun;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Cancel from the active-runs list stops a real run after its checkpoint (the project records it as cancelled), and
 * Resume continues the run folder from that checkpoint to the end, under the same run id.
 */
@ExtendWith(ApplicationExtension.class)
class SearchCancelResumeTest {
    @TempDir
    static Path tmp;
    private TestShell shell;
    private SearchViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        // 288 images: 8 steps per epoch, 16 in all, so that Cancel lands well before the end
        shell = new TestShell(SearchDashboardRunTest.tinySample(288), tmp.resolve("fashion-mnist.json"));
        vm = new SearchViewModel(shell.model);
        TestShell.show(stage, new SearchView(vm), 1240, 760, Theme.LIGHT);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    @Test
    void cancelKeepsTheCheckpointAndResumeFinishesTheRun(FxRobot robot) throws Exception {
        // the run pauses itself after step 2 (a listener on its own thread, before step 3): Cancel then lands before the
        // end however fast the machine
        java.util.concurrent.atomic.AtomicBoolean pausedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        fx(() -> {
            vm.setRunHook(run -> run.addListener(new org.s3nas.workbench.search.SearchListener() {
                @Override
                public void onProgress(org.s3nas.workbench.search.SearchEvent e) {
                    if (e.step() == 2 && pausedOnce.compareAndSet(false, true)) run.pause();
                }
            }));
            return null;
        });
        SearchJob job = fx(vm::start);
        waitUntil(180, () -> job.status() == RunStatus.PAUSED || job.isDone());
        robot.clickOn(robot.lookup(".task-cancel-button").queryAs(Button.class));
        waitUntil(180, () -> vm.activeRuns().isEmpty());
        assertEquals(RunStatus.CANCELLED, fx(job::status));
        Path dir = tmp.resolve("runs").resolve(job.runId());
        assertTrue(Files.exists(dir.resolve(SearchRun.CHECKPOINT_FILE)), "cancel writes a checkpoint");
        Project p = shell.model.getProject();
        assertEquals(RunStatus.CANCELLED, p.runs().get(0).status());
        assertTrue(p.architectures().isEmpty());
        Notices.Notice n = fx(() -> vm.notices().get(vm.notices().size() - 1));
        assertFalse(n.error());
        assertEquals("Search " + job.runId() + " cancelled", n.title());
        long stepsBefore = fx(() -> job.series().events());
        assertEquals(2, stepsBefore, "stopped where it paused, long before the end");

        SearchViewModel.RunRow row = fx(() -> vm.runs().get(0));
        assertTrue(fx(() -> vm.canResume(row)));
        SearchJob resumed = fx(() -> vm.resume(row));
        assertEquals(job.runId(), resumed.runId());
        assertTrue(resumed.isResumed());
        assertNotSame(job.series(), resumed.series());
        waitUntil(180, () -> vm.activeRuns().isEmpty());
        assertEquals(RunStatus.SUCCEEDED, fx(resumed::status));
        assertEquals(16, fx(resumed::getValue).steps(), "the resumed run ends where an uninterrupted one would");
        assertEquals(16, fx(() -> resumed.series().loss().getDataCount()), "the history before the cancel, then the live steps");
        // the block choices too (they began at the resume while the other charts showed the whole run)
        ChoiceHistory choices = fx(() -> resumed.series().choices());
        assertEquals(1, fx(() -> choices.step(0)), "the choices of the steps before the resume");
        assertEquals(16, fx(() -> choices.step(choices.size() - 1)));
        assertEquals(16, fx(choices::size));
        p = shell.model.getProject();
        assertEquals(1, p.runs().size(), "the same run, updated");
        assertEquals(RunStatus.SUCCEEDED, p.runs().get(0).status());
        assertEquals(job.runId(), p.architectures().get(0).source());
        assertFalse(fx(() -> vm.canResume(vm.runs().get(0))), "a finished run has nothing to resume");
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
