package org.s3nas.workbench.app;

import java.nio.file.Path;
import javafx.application.Application;

/** Starts the JavaFX workbench; kept apart from {@code Main} so that command-line modes never touch JavaFX. */
public final class WorkbenchLauncher {
    private static volatile Path initialProject;

    private WorkbenchLauncher() {}

    public static void launch(Path project) {
        initialProject = project;
        Application.launch(WorkbenchApp.class);
    }

    /** The project given on the command line, or null for the bundled sample. */
    static Path initialProject() { return initialProject; }
}
