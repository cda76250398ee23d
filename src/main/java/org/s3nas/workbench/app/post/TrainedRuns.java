package org.s3nas.workbench.app.post;

import java.io.IOException;
import java.nio.file.Path;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.train.TrainRun;
import org.s3nas.workbench.train.TrainedNetwork;

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
        if (projectFile == null || projectFile.toAbsolutePath().getParent() == null) {
            return Lookup.missing("The project is not saved to a file, so it has no training runs folder: save it, then train '"
                    + a.name() + "' with the train command.");
        }
        Path projectDir = projectFile.toAbsolutePath().getParent();
        Path dir = TrainRun.defaultDirectory(projectDir, a.name());
        if (!TrainedNetwork.isTrained(dir)) {
            return Lookup.missing("No finished training of '" + a.name() + "' in " + dir + ". Train it with: s3nas train "
                    + projectFile.getFileName() + " --architecture <name>" + (a.name().endsWith(" +SE +h-swish") ? " --with-se" : "") + ".");
        }
        try {
            Architecture trained = TrainRun.readArchitecture(dir);
            if (!trained.withName("").equals(a.withName(""))) {
                return Lookup.missing("The network trained in " + dir + " is not '" + a.name() + "' as the project defines it now "
                        + "(the architecture changed since): train it again.");
            }
            return Lookup.found(TrainedNetwork.open(dir, projectDir, BATCH));
        } catch (IOException | RuntimeException e) {
            return Lookup.missing("The training run " + dir + " cannot be read: " + e.getMessage());
        }
    }
}
