package org.s3nas.workbench.app;

import java.nio.file.Path;
import org.s3nas.workbench.model.Project;

/**
 * What the workbench opens first: the requested project, or the store's default project when none was requested
 * or the requested one could not be opened ({@code failure} then says why; the window shows it once it is up).
 */
public record Startup(Project project, Path path, ProjectProblemException failure) {

    /** Reads the first project; never throws for a bad file, so that the window always comes up. */
    public static Startup load(ProjectStore store, Path requested) {
        if (requested == null) return new Startup(store.defaultProject(), null, null);
        Path f = requested.toAbsolutePath().normalize();
        try {
            return new Startup(store.load(f), f, null);
        } catch (ProjectProblemException e) {
            return new Startup(store.defaultProject(), null, e);
        }
    }
}
