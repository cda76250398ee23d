package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;

/** A project store without files, for plain JUnit tests: its default project is the one given. */
public final class NoStore implements ProjectStore {
    private final Project project;

    public NoStore(Project project) { this.project = project; }

    @Override public Project load(Path file) { throw new AssertionError("no project files in this test"); }
    @Override public void save(Project p, Path file) { throw new AssertionError("no project files in this test"); }
    @Override public Project defaultProject() { return project; }
    @Override public List<ProjectTemplate> templates() { return List.of(); }
    @Override public Supernet importSupergraph(Path file) { throw new AssertionError("no project files in this test"); }
    @Override public String extension() { return ".json"; }
}
