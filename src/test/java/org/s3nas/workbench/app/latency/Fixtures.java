package org.s3nas.workbench.app.latency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.DialogService;
import org.s3nas.workbench.app.ProjectStore;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;

/** Projects, an executor that runs tasks at once, and a workbench model around them, for the Latency view's tests. */
final class Fixtures {
    private Fixtures() {}

    static Superkernel sk(List<Integer> kernels, List<Integer> expansions) { return new Superkernel(kernels, expansions, false); }

    /** A small MixConv space at 28x28x1 (fast to profile): MBConv, MixConv with a residual-only zero, SE, an override. */
    static Supernet proxySupernet() {
        List<Superkernel> mix = List.of(sk(List.of(3, 5), List.of(0, 2)), new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
        return new Supernet("proxy-mixconv", InputShape.square(28, 1), new Stem(16, 3, 1, Activation.RELU),
                List.of(new Stage(16, 1, 1, BlockKind.MBCONV, List.of(sk(List.of(3), List.of(1))), 0, Activation.RELU),
                        new Stage(24, 2, 2, BlockKind.MIXCONV, mix, 0, Activation.RELU),
                        new Stage(40, 3, 2, BlockKind.MIXCONV, mix, 0.25, Activation.HSWISH),
                        new Stage(80, 2, 1, BlockKind.MIXCONV, mix, 0, Activation.RELU6, true,
                                Map.of(1, List.of(sk(List.of(3), List.of(0, 2)), sk(List.of(5), List.of(0, 4)))))),
                new Head(256, 10, Activation.RELU));
    }

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
        return new WorkbenchModel(new NoStore(p), new NoDialogs(), executor, prefs, p, path);
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

    private static final class NoDialogs implements DialogService {
        @Override public SaveChoice askSaveChanges(String projectName) { return SaveChoice.DISCARD; }
        @Override public Optional<Path> chooseProjectToOpen(Path d, String e) { return Optional.empty(); }
        @Override public Optional<Path> chooseSaveLocation(Path d, String f, String e) { return Optional.empty(); }
        @Override public Optional<Path> chooseSupergraph(Path d) { return Optional.empty(); }
        @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> t) { return Optional.empty(); }
        @Override public Optional<String> askText(String t, String p, String i) { return Optional.empty(); }
        @Override public void showProblems(String t, String h, List<Problem> problems) { throw new AssertionError(h + problems); }
        @Override public void showError(String t, String m, Throwable c) { throw new AssertionError(m, c); }
    }
}
