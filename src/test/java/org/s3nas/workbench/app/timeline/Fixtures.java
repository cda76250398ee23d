package org.s3nas.workbench.app.timeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.DialogService;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.SimulationResult;

/** Shared set-up of the timeline tests: real simulations, a workbench model on the bundled sample. */
final class Fixtures {
    private Fixtures() {}

    private static SimulationResult b0;

    /** EfficientNet-B0 on the default MIDAP (simulated once per test JVM). */
    static synchronized SimulationResult efficientNetB0() {
        if (b0 == null) b0 = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("efficientnet-b0"));
        return b0;
    }

    static TimelineData b0Data() { return TimelineData.of(efficientNetB0(), 1.0); }

    static Preferences prefs() { return Preferences.userRoot().node("s3nas-timeline-test/" + UUID.randomUUID()); }

    /** A workbench on the bundled sample project. */
    static WorkbenchModel workbench(TaskExecutor executor, Preferences prefs) {
        FileProjectStore store = new FileProjectStore();
        return new WorkbenchModel(store, new NoDialogs(), executor, prefs, store.defaultProject(), null);
    }

    /** Dialogs that are never expected: each fails the test when asked. */
    static final class NoDialogs implements DialogService {
        @Override public SaveChoice askSaveChanges(String projectName) { throw new AssertionError("unexpected save prompt"); }
        @Override public Optional<Path> chooseProjectToOpen(Path d, String e) { return Optional.empty(); }
        @Override public Optional<Path> chooseSaveLocation(Path d, String n, String e) { return Optional.empty(); }
        @Override public Optional<Path> chooseSupergraph(Path d) { return Optional.empty(); }
        @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> t) { return Optional.empty(); }
        @Override public Optional<String> askText(String t, String p, String i) { return Optional.empty(); }
        @Override public void showProblems(String t, String h, List<Problem> p) { throw new AssertionError("unexpected problems: " + p); }
        @Override public void showError(String t, String m, Throwable c) { throw new AssertionError("unexpected error: " + m, c); }
    }
}
