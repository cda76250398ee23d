package org.s3nas.workbench.app.supernet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.BackgroundTask;
import org.s3nas.workbench.app.DialogService;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.TaskProgress;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Problem;
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
    static Preferences prefs() { return new MemoryPreferences(null, "").node("s3nas-workbench-test"); }

    static void remove(Preferences p) {
        try {
            p.removeNode();
        } catch (BackingStoreException e) {
            throw new AssertionError(e);
        }
    }

    static final class MemoryPreferences extends java.util.prefs.AbstractPreferences {
        private final java.util.Map<String, String> values = new java.util.HashMap<>();
        private final java.util.Map<String, MemoryPreferences> children = new java.util.HashMap<>();

        MemoryPreferences(MemoryPreferences parent, String name) { super(parent, name); }

        @Override protected void putSpi(String key, String value) { values.put(key, value); }
        @Override protected String getSpi(String key) { return values.get(key); }
        @Override protected void removeSpi(String key) { values.remove(key); }
        @Override protected void removeNodeSpi() { values.clear(); }
        @Override protected String[] keysSpi() { return values.keySet().toArray(String[]::new); }
        @Override protected String[] childrenNamesSpi() { return children.keySet().toArray(String[]::new); }
        @Override protected java.util.prefs.AbstractPreferences childSpi(String name) {
            return children.computeIfAbsent(name, n -> new MemoryPreferences(this, n));
        }
        @Override protected void syncSpi() {}
        @Override protected void flushSpi() {}
    }

    static WorkbenchModel model(Project p, TaskExecutor ex, Preferences prefs) {
        return new WorkbenchModel(new FileProjectStore(), new NoDialogs(), ex, prefs, p, null);
    }

    /** Answers nothing; a test that reaches a dialog fails. */
    static final class NoDialogs implements DialogService {
        @Override public SaveChoice askSaveChanges(String projectName) { return SaveChoice.DISCARD; }
        @Override public Optional<Path> chooseProjectToOpen(Path d, String e) { return Optional.empty(); }
        @Override public Optional<Path> chooseSaveLocation(Path d, String s, String e) { return Optional.empty(); }
        @Override public Optional<Path> chooseSupergraph(Path d) { return Optional.empty(); }
        @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> t) { return Optional.empty(); }
        @Override public Optional<String> askText(String t, String p, String i) { return Optional.empty(); }
        @Override public void showProblems(String t, String h, List<Problem> p) { throw new AssertionError(h + ": " + p); }
        @Override public void showError(String t, String m, Throwable c) { throw new AssertionError(m, c); }
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
