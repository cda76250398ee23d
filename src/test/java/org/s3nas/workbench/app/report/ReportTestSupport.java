package org.s3nas.workbench.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.s3nas.workbench.app.BackgroundTask;
import org.s3nas.workbench.app.DialogService;
import org.s3nas.workbench.app.ProjectStore;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.TaskProgress;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;

/** A workbench model for plain JUnit: tasks run at once on the calling thread, no dialogs, no project files. */
final class ReportTestSupport {
    private ReportTestSupport() {}

    /** Runs every task on the calling thread and records its progress points. */
    static final class DirectExecutor implements TaskExecutor {
        final List<String> titles = new ArrayList<>();
        final List<Double> fractions = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        @Override
        public <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess,
                                     Consumer<? super Throwable> onFailure) {
            titles.add(title);
            T value;
            try {
                value = work.call(new TaskProgress() {
                    @Override
                    public void update(double fraction, String message) {
                        fractions.add(fraction);
                        if (message != null) messages.add(message);
                    }

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
        @Override public void cancelAll() {}
        @Override public void shutdown() {}
    }

    static final class NoDialogs implements DialogService {
        @Override public SaveChoice askSaveChanges(String n) { throw new AssertionError("unexpected prompt"); }
        @Override public Optional<Path> chooseProjectToOpen(Path d, String e) { throw new AssertionError("unexpected chooser"); }
        @Override public Optional<Path> chooseSaveLocation(Path d, String s, String e) { throw new AssertionError("unexpected chooser"); }
        @Override public Optional<Path> chooseSupergraph(Path d) { throw new AssertionError("unexpected chooser"); }
        @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> t) { throw new AssertionError("unexpected chooser"); }
        @Override public Optional<String> askText(String t, String p, String i) { throw new AssertionError("unexpected prompt"); }
        @Override public void showProblems(String t, String h, List<Problem> p) { throw new AssertionError("unexpected problems: " + p); }
        @Override public void showError(String t, String m, Throwable c) { throw new AssertionError("unexpected error: " + m); }
    }

    static final class NoStore implements ProjectStore {
        private final Project project;

        NoStore(Project project) { this.project = project; }

        @Override public Project load(Path file) { throw new AssertionError("no project files in this test"); }
        @Override public void save(Project p, Path file) { throw new AssertionError("no project files in this test"); }
        @Override public Project defaultProject() { return project; }
        @Override public List<ProjectTemplate> templates() { return List.of(); }
        @Override public Supernet importSupergraph(Path file) { throw new AssertionError("no project files in this test"); }
        @Override public String extension() { return ".json"; }
    }

    /** A workbench on {@code project} as if opened from {@code projectFile} (runs go beside it). */
    static WorkbenchModel model(Project project, Path projectFile, TaskExecutor executor) {
        return new WorkbenchModel(new NoStore(project), new NoDialogs(), executor, new MemoryPreferences(), project, projectFile);
    }
}
