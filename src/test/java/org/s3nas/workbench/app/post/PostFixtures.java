package org.s3nas.workbench.app.post;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.DialogService;
import org.s3nas.workbench.app.ProjectStore;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;

/** A workbench model for plain JUnit: tasks run at once on the calling thread, no files, no dialogs. */
final class PostFixtures {
    private PostFixtures() {}

    /** Nothing may be asked: a view-model that opens a dialog here is a bug. */
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

        @Override public Project load(Path file) { throw new AssertionError("no files in this test"); }
        @Override public void save(Project p, Path file) { throw new AssertionError("no files in this test"); }
        @Override public Project defaultProject() { return project; }
        @Override public List<ProjectTemplate> templates() { return List.of(); }
        @Override public Supernet importSupergraph(Path file) { throw new AssertionError("no files in this test"); }
        @Override public String extension() { return ".json"; }
    }

    static Project sample(String name) {
        try {
            return ProjectFiles.load(Path.of("sample-projects", name));
        } catch (Exception e) {
            throw new AssertionError("sample " + name + " does not load: " + e.getMessage(), e);
        }
    }

    static Preferences preferences() { return new MemoryPreferences(); }

    static WorkbenchModel model(Project p, TaskExecutor executor, Preferences prefs) {
        return new WorkbenchModel(new NoStore(p), new NoDialogs(), executor, prefs, p, null);
    }
}
