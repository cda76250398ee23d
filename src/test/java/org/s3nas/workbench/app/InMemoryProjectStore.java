package org.s3nas.workbench.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;

/** A {@link ProjectStore} over maps: "files" that hold projects, files that hold problems, and a log of saves. */
final class InMemoryProjectStore implements ProjectStore {
    final Map<Path, Project> files = new HashMap<>();
    final Map<Path, List<Problem>> broken = new HashMap<>();
    final Map<Path, Supernet> supergraphs = new HashMap<>();
    final List<Path> saves = new ArrayList<>();
    IOException failNextSave;

    InMemoryProjectStore put(Path p, Project project) {
        files.put(p.toAbsolutePath().normalize(), project);
        return this;
    }

    InMemoryProjectStore putBroken(Path p, List<Problem> problems) {
        broken.put(p.toAbsolutePath().normalize(), problems);
        return this;
    }

    @Override
    public Project load(Path file) throws ProjectProblemException {
        Path f = file.toAbsolutePath().normalize();
        if (broken.containsKey(f)) throw new ProjectProblemException(f, broken.get(f), null);
        Project p = files.get(f);
        if (p == null) throw new ProjectProblemException(f, List.of(Problem.error("", "file not found")), null);
        return p;
    }

    @Override
    public void save(Project project, Path file) throws IOException {
        if (failNextSave != null) {
            IOException e = failNextSave;
            failNextSave = null;
            throw e;
        }
        files.put(file, project);
        saves.add(file);
    }

    @Override
    public Project defaultProject() { return TestProjects.proxy(); }

    @Override
    public List<ProjectTemplate> templates() {
        return List.of(new ProjectTemplate("Fashion-MNIST proxy", "a small proxy space", TestProjects::proxy),
                new ProjectTemplate("Paper search space", "S3NAS Table 3", TestProjects::paper));
    }

    @Override
    public Supernet importSupergraph(Path file) throws ProjectProblemException {
        Path f = file.toAbsolutePath().normalize();
        if (broken.containsKey(f)) throw new ProjectProblemException(f, broken.get(f), null);
        Supernet s = supergraphs.get(f);
        if (s == null) throw new ProjectProblemException(f, List.of(Problem.error("", "file not found")), null);
        return s;
    }

    @Override
    public String extension() { return ".json"; }
}
