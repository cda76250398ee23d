package org.s3nas.workbench.app.report;

import org.s3nas.workbench.app.MemoryPreferences;
import org.s3nas.workbench.app.NoStore;
import org.s3nas.workbench.app.NoDialogs;
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

    /** A workbench on {@code project} as if opened from {@code projectFile} (runs go beside it). */
    static WorkbenchModel model(Project project, Path projectFile, TaskExecutor executor) {
        return new WorkbenchModel(new NoStore(project), new NoDialogs(), executor, new MemoryPreferences(), project, projectFile);
    }
}
