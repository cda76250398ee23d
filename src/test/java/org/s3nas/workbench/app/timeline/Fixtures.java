package org.s3nas.workbench.app.timeline;

import java.util.UUID;
import java.util.prefs.Preferences;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.NoDialogs;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.NpuConfig;
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
}
