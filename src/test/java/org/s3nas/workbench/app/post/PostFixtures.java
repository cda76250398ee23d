package org.s3nas.workbench.app.post;

import org.s3nas.workbench.app.MemoryPreferences;
import org.s3nas.workbench.app.NoStore;
import org.s3nas.workbench.app.NoDialogs;
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
