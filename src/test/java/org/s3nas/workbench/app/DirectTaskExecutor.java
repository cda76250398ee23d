package org.s3nas.workbench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Runs tasks at once on the calling thread (JabRef's CurrentThreadTaskExecutor), for plain JUnit tests. */
final class DirectTaskExecutor implements TaskExecutor {
    final List<String> titles = new ArrayList<>();
    int cancelAllCalls;

    @Override
    public <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        titles.add(title);
        T value;
        try {
            value = work.call(new TaskProgress() {
                @Override public void update(double fraction, String message) {}
                @Override public boolean isCancelled() { return false; }
            });
        } catch (Exception e) {
            onFailure.accept(e);
            return done();
        }
        onSuccess.accept(value);
        return done();
    }

    private static TaskHandle done() {
        return new TaskHandle() {
            @Override public void cancel() {}
            @Override public boolean isDone() { return true; }
        };
    }

    @Override public ReadOnlyBooleanProperty runningProperty() { return new ReadOnlyBooleanWrapper(false).getReadOnlyProperty(); }
    @Override public ReadOnlyDoubleProperty progressProperty() { return new ReadOnlyDoubleWrapper(0).getReadOnlyProperty(); }
    @Override public ReadOnlyStringProperty messageProperty() { return new ReadOnlyStringWrapper("").getReadOnlyProperty(); }
    @Override public void cancelAll() { cancelAllCalls++; }
    @Override public void shutdown() {}
}
