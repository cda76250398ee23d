package org.s3nas.workbench.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * Runs {@link BackgroundTask}s as JavaFX {@link Task}s on daemon worker threads. Progress does not go through
 * {@code Task.updateProgress}: the worker drops {@code (task, fraction, message)} points into a bounded
 * {@link FrameQueue} that an {@code AnimationTimer} drains once per frame, keeping the latest point per task, so an
 * engine may report a million times a second without flooding the FX thread. The timer runs only while tasks do.
 * <p>
 * {@link #submit} must be called on the FX thread; its callbacks run there. After {@link #shutdown} it starts nothing
 * (a task that finished during the shutdown may still ask for a follow-up from its callback).
 */
public final class UiTaskExecutor implements TaskExecutor {
    /** Enough for many points per frame from several tasks; only the newest per task matters. */
    static final int QUEUE_CAPACITY = 1024;

    private record Update(long taskId, double fraction, String message) {}

    private static final class Running {
        final long id;
        final String title;
        Task<?> task;
        double fraction = -1;
        String message;

        Running(long id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    private final ExecutorService pool;
    private final FrameQueue<Update> updates = new FrameQueue<>(QUEUE_CAPACITY, this::apply);
    private final Map<Long, Running> active = new LinkedHashMap<>(); // FX thread only
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private long nextId;

    public UiTaskExecutor() {
        AtomicInteger n = new AtomicInteger();
        // Searches run for minutes: a cached pool keeps a profile or an open from queueing behind them.
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "workbench-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("UiTaskExecutor.submit must be called on the FX application thread");
        }
        if (pool.isShutdown()) {
            // the workbench is closing: a follow-up that a task finishing during the shutdown asks for is not started
            return new TaskHandle() {
                @Override
                public void cancel() {}

                @Override
                public boolean isDone() { return true; }
            };
        }
        long id = ++nextId;
        Running r = new Running(id, title);
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                Task<T> self = this;
                return work.call(new TaskProgress() {
                    @Override
                    public void update(double fraction, String msg) {
                        updates.offer(new Update(id, fraction, msg));
                    }

                    @Override
                    public boolean isCancelled() { return self.isCancelled(); }
                });
            }
        };
        r.task = task;
        task.setOnSucceeded(e -> {
            finish(r);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finish(r);
            onFailure.accept(task.getException());
        });
        task.setOnCancelled(e -> {
            finish(r);
            onFailure.accept(new CancellationException(title + " was cancelled"));
        });
        active.put(id, r);
        refresh();
        updates.start();
        pool.execute(task);
        return new TaskHandle() {
            @Override
            public void cancel() { task.cancel(true); }

            @Override
            public boolean isDone() { return task.isDone(); }
        };
    }

    private void apply(List<Update> batch) {
        for (Update u : batch) {
            Running r = active.get(u.taskId());
            if (r == null) continue; // a late point of a task that has already finished
            r.fraction = u.fraction() < 0 ? -1 : Math.min(1, u.fraction());
            if (u.message() != null) r.message = u.message();
        }
        refresh();
    }

    private void finish(Running r) {
        active.remove(r.id);
        refresh();
        if (active.isEmpty()) {
            updates.drain();
            updates.stop();
        }
    }

    private void refresh() {
        Running current = null;
        for (Running r : active.values()) current = r; // the most recently started
        running.set(current != null);
        if (current == null) {
            progress.set(0);
            message.set("");
        } else {
            progress.set(current.fraction);
            message.set(current.message == null || current.message.isBlank() ? current.title : current.title + " — " + current.message);
        }
    }

    @Override
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    @Override
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

    @Override
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** Tasks still running (FX thread). */
    public int activeCount() { return active.size(); }

    /** Progress points dropped because the queue was full (they were superseded by newer ones). */
    public long droppedUpdates() { return updates.dropped(); }

    @Override
    public void onUi(Runnable update) {
        if (Platform.isFxApplicationThread()) update.run();
        else Platform.runLater(update);
    }

    @Override
    public void cancelAll() {
        for (Running r : List.copyOf(active.values())) r.task.cancel(true);
    }

    @Override
    public void shutdown() {
        cancelAll();
        pool.shutdownNow();
    }
}
