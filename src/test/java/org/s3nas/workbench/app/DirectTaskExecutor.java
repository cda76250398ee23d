package org.s3nas.workbench.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runs tasks at once on the calling thread (JabRef's CurrentThreadTaskExecutor), for plain JUnit tests of every
 * view model: records the titles and progress messages of what was submitted, and can make chosen tasks see a
 * cancel from their start (as after the status bar's Cancel).
 */
public class DirectTaskExecutor implements TaskExecutor {
    /** Titles of the submitted tasks, in order. */
    public final List<String> titles = new ArrayList<>();
    /** Every progress fraction the tasks reported. */
    public final List<Double> fractions = new ArrayList<>();
    /** Every non-null progress message the tasks reported. */
    public final List<String> messages = new ArrayList<>();
    /** Tasks with these titles see isCancelled() = true from their start. */
    public final Set<String> cancel = new HashSet<>();
    public int cancelAllCalls;

    @Override
    public <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        titles.add(title);
        boolean cancelled = cancel.contains(title);
        T value;
        try {
            value = work.call(new TaskProgress() {
                @Override public void update(double fraction, String message) {
                    fractions.add(fraction);
                    if (message != null) messages.add(message);
                }
                @Override public boolean isCancelled() { return cancelled; }
            });
        } catch (Exception e) {
            onFailure.accept(e);
            return done();
        }
        onSuccess.accept(value);
        return done();
    }

    /** A handle of a task that has ended. */
    public static TaskHandle done() {
        return new TaskHandle() {
            @Override public void cancel() {}
            @Override public boolean isDone() { return true; }
        };
    }

    @Override public ReadOnlyBooleanProperty runningProperty() { return new ReadOnlyBooleanWrapper(false).getReadOnlyProperty(); }
    @Override public ReadOnlyDoubleProperty progressProperty() { return new ReadOnlyDoubleWrapper(0).getReadOnlyProperty(); }
    @Override public ReadOnlyStringProperty messageProperty() { return new ReadOnlyStringWrapper("").getReadOnlyProperty(); }
    @Override public void onUi(Runnable update) { update.run(); }
    @Override public void cancelAll() { cancelAllCalls++; }
    @Override public void shutdown() {}
}
