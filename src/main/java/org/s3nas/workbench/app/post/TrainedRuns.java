package org.s3nas.workbench.app.post;

import java.nio.file.Path;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.workspace.Workspace;

/**
 * Trained networks where the {@code train} command leaves them: {@code <project folder>/runs/train-<architecture>/}
 * (the same place {@code se-rank} reads). A run counts only when it has finished and holds exactly the architecture
 * asked for; otherwise the reason says what to do.
 */
public final class TrainedRuns implements ExcitationSources {
    /** Images per forward pass while collecting excitations (as {@code se-rank}). */
    static final int BATCH = 64;

    @Override
    public Lookup find(Project project, Path projectFile, Architecture a) {
        Workspace.Trained t = Workspace.of(projectFile).trained(a, BATCH);
        return t.network() != null ? Lookup.found(t.network()) : Lookup.missing(t.reason());
    }
}
