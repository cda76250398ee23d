package org.s3nas.workbench.app;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * Runs {@link BackgroundTask}s off the FX thread and hands their results back (JabRef's TaskExecutor). The shell's
 * status bar shows {@link #runningProperty()}, {@link #progressProperty()} and {@link #messageProperty()} of the
 * most recently started task that is still running.
 */
public interface TaskExecutor {
    /**
     * Starts {@code work}. Exactly one of {@code onSuccess} / {@code onFailure} is called, on the thread that owns the
     * UI (the FX thread for {@link UiTaskExecutor}); a cancelled task ends in {@code onFailure} with a
     * {@link java.util.concurrent.CancellationException}.
     */
    <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess,
                          Consumer<? super Throwable> onFailure);

    ReadOnlyBooleanProperty runningProperty();

    /** Progress of the current task in [0, 1], or -1 while indeterminate; 0 when idle. */
    ReadOnlyDoubleProperty progressProperty();

    /** "Title — latest message" of the current task; empty when idle. */
    ReadOnlyStringProperty messageProperty();

    /**
     * Runs {@code update} on the thread that owns the UI, from any thread: how something that reports on its own thread
     * (a run's status, a followed run folder) hands a value to a view-model. Rare updates only; a stream of points
     * goes through a {@link FrameQueue}.
     */
    void onUi(Runnable update);

    /** Cancels every running task (e.g. on exit). */
    void cancelAll();

    /** Cancels everything and releases the worker threads. */
    void shutdown();
}
