package org.s3nas.workbench.app.supernet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.BackgroundTask;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.MemoryPreferences;
import org.s3nas.workbench.app.QuietDialogs;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.TaskProgress;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Project;

/** Projects, a shell view-model and task executors for the editor's tests. */
final class Fixtures {
    private Fixtures() {}

    static final Path PAPER = Path.of("sample-projects/s3nas-imagenet.json");
    static final Path FASHION = Path.of("sample-projects/fashion-mnist.json");

    static Project load(Path p) {
        try {
            return ProjectFiles.load(p);
        } catch (Exception e) {
            throw new AssertionError("cannot load " + p + ": " + e.getMessage(), e);
        }
    }

    /** Preferences in memory: nothing shared with other test runs on the machine (the file store locks). */
    static Preferences prefs() { return new MemoryPreferences().node("s3nas-workbench-test"); }

    static void remove(Preferences p) {
        try {
            p.removeNode();
        } catch (BackingStoreException e) {
            throw new AssertionError(e);
        }
    }

    static WorkbenchModel model(Project p, TaskExecutor ex, Preferences prefs) {
        return new WorkbenchModel(new FileProjectStore(), new QuietDialogs(), ex, prefs, p, null);
    }

    static final class Handle implements TaskHandle {
        boolean done;
        boolean cancelled;

        Handle(boolean done) { this.done = done; }

        @Override public void cancel() { cancelled = true; }
        @Override public boolean isDone() { return done; }
    }

    /** Holds tasks until the test runs them, in any order (to see what a late, stale result does). */
    static final class ManualExecutor extends DirectTaskExecutor {
        record Pending(String title, Runnable run, Handle handle) {}

        final List<Pending> pending = new ArrayList<>();
        /** False: a task does not see that it was cancelled (it finishes anyway, as a task past its last check does). */
        boolean honourCancel = true;

        @Override
        public <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess,
                                     Consumer<? super Throwable> onFailure) {
            titles.add(title);
            Handle h = new Handle(false);
            pending.add(new Pending(title, () -> {
                h.done = true;
                try {
                    T v = work.call(new TaskProgress() {
                        @Override public void update(double fraction, String message) {}
                        @Override public boolean isCancelled() { return honourCancel && h.cancelled; }
                    });
                    onSuccess.accept(v);
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            }, h));
            return h;
        }

        /** Runs task {@code i} of those submitted so far (even a cancelled one: its result must then be ignored). */
        void run(int i) { pending.get(i).run().run(); }
    }
}
