package org.s3nas.workbench.app;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** The executor on a real FX toolkit (headless Monocle): results, failures and cancellation reach the FX thread. */
@ExtendWith(ApplicationExtension.class)
class UiTaskExecutorTest {
    private UiTaskExecutor executor;

    @Start
    void start(Stage stage) {
        executor = new UiTaskExecutor();
        stage.setScene(new Scene(new Pane(), 100, 100));
        stage.show();
    }

    @AfterEach
    void tearDown() { executor.shutdown(); }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }

    @Test
    void aFloodOfProgressArrivesAsTheLatestValueAndTheResultOnTheFxThread(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        AtomicBoolean onFxThread = new AtomicBoolean();
        int n = 200_000;
        robot.interact(() -> executor.submit("Counting", p -> {
            for (int i = 1; i <= n; i++) p.update(i, n, "step " + i);
            release.await();
            return "counted " + n;
        }, r -> {
            onFxThread.set(Platform.isFxApplicationThread());
            result.set(r);
        }, e -> fail(e)));

        waitUntil(() -> executor.progressProperty().get() == 1.0);
        assertTrue(executor.runningProperty().get());
        assertEquals("Counting — step " + n, executor.messageProperty().get(), "the last point wins");
        assertTrue(executor.droppedUpdates() > 0 || n <= UiTaskExecutor.QUEUE_CAPACITY,
                "a flood larger than the queue drops superseded points instead of queueing them all");

        release.countDown();
        waitUntil(() -> result.get() != null);
        assertEquals("counted " + n, result.get());
        assertTrue(onFxThread.get());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(executor.runningProperty().get());
        assertEquals(0, executor.progressProperty().get());
        assertEquals("", executor.messageProperty().get());
    }

    @Test
    void cancelReachesTheWorkAndEndsInOnFailure(FxRobot robot) throws Exception {
        AtomicBoolean sawCancel = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<TaskHandle> handle = new AtomicReference<>();
        robot.interact(() -> handle.set(executor.submit("Endless", p -> {
            started.countDown();
            while (!p.isCancelled()) Thread.onSpinWait();
            sawCancel.set(true);
            return null;
        }, r -> fail("a cancelled task has no result"), failure::set)));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        robot.interact(() -> handle.get().cancel());
        waitUntil(() -> failure.get() != null && sawCancel.get());
        assertInstanceOf(CancellationException.class, failure.get());
        assertTrue(handle.get().isDone());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(executor.runningProperty().get());
    }

    @Test
    void anExceptionOfTheWorkIsHandedToOnFailure(FxRobot robot) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        robot.interact(() -> executor.submit("Broken", p -> { throw new IOException("disk gone"); },
                r -> fail("no result"), failure::set));
        waitUntil(() -> failure.get() != null);
        assertEquals("disk gone", failure.get().getMessage());
    }

    @Test
    void theLatestStartedTaskIsShownWhileSeveralRun(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Integer> done = new AtomicReference<>(0);
        for (String title : new String[]{"First", "Second"}) {
            robot.interact(() -> executor.submit(title, p -> {
                p.update(title.equals("First") ? 0.25 : 0.75, "halfway");
                release.await();
                return title;
            }, r -> done.set(done.get() + 1), e -> fail(e)));
        }
        waitUntil(() -> executor.progressProperty().get() == 0.75);
        assertEquals("Second — halfway", executor.messageProperty().get());
        assertEquals(2, executor.activeCount());
        release.countDown();
        waitUntil(() -> done.get() == 2);
    }

    @Test
    void aFollowUpAskedForDuringTheShutdownIsNotStarted(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1), returned = new CountDownLatch(1);
        AtomicReference<Object> followUp = new AtomicReference<>();
        AtomicBoolean ran = new AtomicBoolean();
        robot.interact(() -> executor.submit("First", p -> {
            release.await();
            returned.countDown();
            return 1;
        }, r -> followUp.set(executor.submit("Follow-up", p -> {
            ran.set(true);
            return 2;
        }, x -> {}, e -> {})), e -> followUp.set(e)));
        // the work has returned but its success callback (queued on the FX thread, held here) runs after shutdown()
        robot.interact(() -> {
            release.countDown();
            try {
                assertTrue(returned.await(10, TimeUnit.SECONDS));
                Thread.sleep(200); // the worker marks its task complete just after the work returns: cancel then misses it
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            executor.shutdown();
        });
        waitUntil(() -> followUp.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(followUp.get() instanceof TaskHandle h && h.isDone(), "the success callback ran and got a finished no-op: " + followUp.get());
        assertFalse(ran.get(), "nothing runs after shutdown");
    }

    @Test
    void submitOffTheFxThreadIsRefused() {
        assertThrows(IllegalStateException.class, () -> executor.submit("x", p -> 1, r -> {}, e -> {}));
    }
}
