package org.s3nas.workbench.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;

/**
 * Where projects come from and go to. The shell's view-model only talks to this port, so it is tested with an
 * in-memory store; {@link FileProjectStore} is the real one on top of the io package.
 */
public interface ProjectStore {
    /** Reads and validates a project file; on failure every problem found is in the exception. */
    Project load(Path file) throws ProjectProblemException;

    /**
     * Writes a project (atomically: a half-written file must never replace a good one). A project the file format
     * refuses (validation errors) raises {@link ProjectProblemException} and leaves the file as it was.
     */
    void save(Project project, Path file) throws IOException, ProjectProblemException;

    /** The project the workbench opens when it is given none (the bundled fashion-mnist sample). */
    Project defaultProject();

    /** Starting points for File → New. */
    List<ProjectTemplate> templates();

    /** Reads an S3NAS supergraph file of the authors' code (their {@code mixconv_super_*.json}). */
    Supernet importSupergraph(Path file) throws ProjectProblemException;

    /** File-name suffix of project files, e.g. {@code .s3nas.json}. */
    String extension();
}
