package org.s3nas.workbench.app.latency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.ProjectStore;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.QuietDialogs;
import org.s3nas.workbench.app.TestProjects;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;

/** Projects, an executor that runs tasks at once, and a workbench model around them, for the Latency view's tests. */
final class Fixtures {
    private Fixtures() {}

    /** A small MixConv space at 28x28x1 (fast to profile): MBConv, MixConv with a residual-only zero, SE, an override. */
    static Supernet proxySupernet() { return TestProjects.proxySupernet(); }

    static SearchConfig search(double targetMs) {
        return SearchConfig.defaults(new DatasetSpec(DatasetFormat.IDX, "data", 10, 0.1, false), 28, targetMs);
    }

    /** The proxy space with one saved architecture of known accuracy. */
    static Project proxy() {
        Supernet s = proxySupernet();
        Architecture chosen = s.architecture("found-a", (p, j) -> new Branch(p.superkernels().get(j).kernelSizes().get(0),
                p.expansionsOf(j).get(p.expansionsOf(j).size() - 1)));
        Project p = new Project("fashion-proxy", "", s, NpuConfig.midap(), search(0.05), List.of(),
                List.of(new SavedArchitecture("found-a", "run-001", chosen, 0.8875)));
        if (Validator.hasErrors(Validator.validate(p))) throw new AssertionError(Validator.validate(p));
        return p;
    }

    static WorkbenchModel model(Project p, Path path, Preferences prefs) {
        return model(p, path, prefs, new DirectTaskExecutor());
    }

    static WorkbenchModel model(Project p, Path path, Preferences prefs, DirectTaskExecutor executor) {
        return new WorkbenchModel(new NoStore(p), new QuietDialogs(), executor, prefs, p, path);
    }

    static Preferences prefs() { return Preferences.userRoot().node("s3nas-workbench-test/" + UUID.randomUUID()); }

    private record NoStore(Project p) implements ProjectStore {
        @Override public Project load(Path file) { throw new UnsupportedOperationException(); }
        @Override public void save(Project project, Path file) throws IOException { throw new IOException("not in this test"); }
        @Override public Project defaultProject() { return p; }
        @Override public List<ProjectTemplate> templates() { return List.of(); }
        @Override public Supernet importSupergraph(Path file) { throw new UnsupportedOperationException(); }
        @Override public String extension() { return ".json"; }
    }
}
