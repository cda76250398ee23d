package org.s3nas.workbench.app.timeline;

import org.s3nas.workbench.app.DirectTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.prefs.Preferences;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.BackgroundTask;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.TaskProgress;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.ReferenceNetworks;

import static org.junit.jupiter.api.Assertions.*;

/** The Timeline view-model on the bundled sample, simulating for real on the calling thread. Plain JUnit. */
class TimelineViewModelTest {
    private final Preferences prefs = Fixtures.prefs();

    @AfterEach
    void tearDown() throws Exception { prefs.removeNode(); }

    private TimelineViewModel vm(WorkbenchModel model) { return new TimelineViewModel(model, 0, "efficientnet-b0"); }

    @Test
    void offersTheProjectsArchitecturesThenTheReferenceNetworks() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = new TimelineViewModel(model, 0, null);
        assertEquals("Largest in the supernet", vm.sources().get(0).name());
        assertEquals("Smallest in the supernet", vm.sources().get(1).name());
        List<String> refs = vm.sources().stream().filter(TimelineViewModel.Candidate::isReference).map(TimelineViewModel.Candidate::name).toList();
        assertEquals(ReferenceNetworks.names(), refs);
        assertEquals(vm.candidates().size() + refs.size(), vm.sources().size());
        assertEquals("Largest in the supernet", vm.selectedProperty().get().name(), "without a request: the project's largest");
        assertNotNull(vm.resultProperty().get(), "simulated at once");
        vm.selectReference("mobilenet-v1");
        assertEquals(28, vm.layers().size(), "MobileNetV1 exists only lowered, and runs");
        assertTrue(vm.blocks().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> vm.selectReference("vgg-16"));
    }

    @Test
    void simulatesEfficientNetB0AndListsItsLayers() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        var expected = Fixtures.efficientNetB0();
        assertEquals(expected.totalCycles(), vm.resultProperty().get().totalCycles());
        assertEquals(expected.layers().size(), vm.layers().size());
        for (int i = 0; i < expected.layers().size(); i++) {
            LayerResult l = expected.layers().get(i);
            TimelineViewModel.LayerRow row = vm.layers().get(i);
            assertEquals(l.name(), row.name());
            assertEquals(l.cycles(), row.cycles());
            assertEquals(l.stallCycles(), row.stallCycles());
            assertEquals(l.dramBytes(), row.dramBytes());
        }
        assertTrue(vm.summaryProperty().get().contains("1,795,157 cycles") || vm.summaryProperty().get().contains(String.format("%,d", expected.totalCycles())));
        assertEquals("efficientnet-b0", vm.detailsTitleProperty().get(), "nothing selected: the network's figures");
    }

    @Test
    void findSelectsFocusesAndDetailsTheLayer() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        assertEquals("DWConv3", vm.find(" dwconv3 ").orElseThrow());
        int i = vm.chart().getData().layerIndex("DWConv3");
        assertEquals(i, vm.chart().selectedLayerProperty().get());
        LayerResult l = vm.resultProperty().get().layers().get(i);
        assertTrue(vm.chart().windowStart() <= l.startCycle() && vm.chart().windowEnd() >= l.endCycle());
        assertEquals("DWConv3", vm.detailsTitleProperty().get());
        assertTrue(vm.details().contains(new TimelineViewModel.DetailRow("Layer", "DWConv3")));
        assertTrue(vm.details().contains(new TimelineViewModel.DetailRow("MACs", Figures.exact(l.macs()))));
        assertEquals("Conv1", vm.find("conv1").orElseThrow(), "an exact name wins over Conv10..Conv19");
        assertEquals("Linear3", vm.find("linear3").orElseThrow(), "exact before Linear30..33");
        assertEquals("Linear10", vm.find("near10").orElseThrow(), "a part of the name");
        assertTrue(vm.find("resblock").isEmpty());
        assertTrue(vm.messageProperty().get().contains("resblock"));
    }

    @Test
    void anNpuEditIsAnUndoableProjectEditThatReSimulates() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        long before = vm.resultProperty().get().totalCycles();
        assertEquals(25, model.getProject().npu().dramBytesPerCycle());
        vm.selectLayer(10);

        assertTrue(vm.setNpu("dramBytesPerCycle", "5").isEmpty());
        assertEquals(5, model.getProject().npu().dramBytesPerCycle());
        assertTrue(model.isDirty());
        assertTrue(model.canUndoProperty().get());
        long after = vm.resultProperty().get().totalCycles();
        assertTrue(after > before, "a fifth of the DRAM bandwidth is slower: " + before + " -> " + after);
        assertEquals(new MidapSimulator(model.getProject().npu()).cycles(ReferenceNetworks.byName("efficientnet-b0", model.getProject().npu())), after);
        assertEquals(10, vm.chart().selectedLayerProperty().get(), "the same network keeps its selection");

        model.undo();
        assertEquals(25, model.getProject().npu().dramBytesPerCycle());
        assertEquals(before, vm.resultProperty().get().totalCycles(), "undo re-simulates too");

        assertTrue(vm.setNpu("bankPolicy", BankPolicy.DOUBLE_BUFFER).isEmpty());
        assertEquals(BankPolicy.DOUBLE_BUFFER, vm.npuValue(vm.fields().stream().filter(f -> f.name().equals("bankPolicy")).findFirst().orElseThrow()));
        assertTrue(vm.setNpu("timeDramWrites", true).isEmpty());
        assertTrue(model.getProject().npu().timeDramWrites());
    }

    /**
     * With 1,024 reduction entries EfficientNet-B0's head (pooling 1,280 channels) and its last four depthwise layers
     * (pooling 1,152 for their SE) run in two output-channel groups.
     */
    @Test
    void aLayerSplitIntoOutputChannelGroupsIsMarkedInTheTableAndTheDetails() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        assertTrue(vm.layers().stream().noneMatch(r -> r.kind().contains("groups")));
        assertTrue(vm.setNpu("reductionEntries", "1024").isEmpty());
        List<String> split = vm.layers().stream().filter(r -> r.kind().endsWith(" · 2 groups")).map(r -> r.name() + " " + r.kind()).toList();
        assertEquals(List.of("DWConv13 DW · 2 groups", "DWConv14 DW · 2 groups", "DWConv15 DW · 2 groups",
                "DWConv16 DW · 2 groups", "Conv33 Conv · 2 groups"), split);
        vm.selectLayer(vm.layers().stream().filter(r -> r.name().equals("Conv33")).findFirst().orElseThrow().index());
        assertTrue(vm.details().stream().anyMatch(d -> d.label().equals("Plan") && d.value().startsWith("2 output-channel groups")),
                vm.details().toString());
    }

    @Test
    void badNpuValuesAreRefusedWithTheFieldAndTheReason() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        NpuConfig before = model.getProject().npu();
        String m = vm.setNpu("cims", 0).orElseThrow();
        assertTrue(m.contains("Compute units") && m.contains("npu.cims") && m.contains("at least 1"), m);
        assertEquals(m, vm.npuProblemProperty().get());
        assertTrue(vm.setNpu("clockGHz", "fast").orElseThrow().contains("'fast' is not a number"));
        assertTrue(vm.setNpu("lanes", "6.5").orElseThrow().contains("not a whole number"));
        assertEquals(before, model.getProject().npu());
        assertFalse(model.canUndoProperty().get(), "nothing was edited");
        assertTrue(vm.setNpu("lanes", "32").isEmpty());
        assertEquals("", vm.npuProblemProperty().get(), "a good edit clears the problem");
        assertThrows(IllegalArgumentException.class, () -> vm.setNpu("warpDrive", 1));
    }

    @Test
    void everyNpuFieldIsOfferedInItsCategory() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        assertEquals(NpuConfig.class.getRecordComponents().length, vm.fields().size());
        assertEquals(21, vm.fields().size());
        for (var f : vm.fields()) {
            assertTrue(TimelineViewModel.CATEGORIES.contains(f.category()), f.name() + " in " + f.category());
            assertNotNull(vm.npuValue(f));
        }
    }

    @Test
    void exportsTheSimulationOnScreenAsAChromeTrace() throws Exception {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("timeline-trace");
        java.nio.file.Path file = dir.resolve("b0.json");
        String[] error = {"not called"};
        vm.exportTrace(file, e -> error[0] = e);
        assertNull(error[0]);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        var r = vm.resultProperty().get();
        int complete = 0;
        for (var e : json.get("traceEvents")) if ("X".equals(e.get("ph").asText())) complete++;
        assertEquals(r.layers().size() + r.timeline().size(), complete, "a slice per layer and per event");
        assertEquals("efficientnet-b0", json.get("otherData").get("network").asText());
        assertTrue(model.statusMessageProperty().get().contains("Exported the trace"));
        java.nio.file.Files.delete(file);
        java.nio.file.Files.delete(dir);
    }

    /** Holds submitted tasks until the test runs them. */
    private static final class ManualExecutor implements TaskExecutor {
        final class Job implements TaskHandle {
            final BackgroundTask<Object> work;
            final Consumer<Object> ok;
            final Consumer<? super Throwable> fail;
            boolean cancelled, done;

            Job(BackgroundTask<Object> work, Consumer<Object> ok, Consumer<? super Throwable> fail) {
                this.work = work;
                this.ok = ok;
                this.fail = fail;
            }

            void run() throws Exception {
                done = true;
                if (cancelled) {
                    fail.accept(new CancellationException());
                    return;
                }
                ok.accept(work.call(new TaskProgress() {
                    @Override public void update(double f, String m) {}
                    @Override public boolean isCancelled() { return cancelled; }
                }));
            }

            @Override public void cancel() { cancelled = true; }
            @Override public boolean isDone() { return done; }
        }

        final List<Job> jobs = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public <T> TaskHandle submit(String title, BackgroundTask<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            Job j = new Job((BackgroundTask<Object>) work, v -> onSuccess.accept((T) v), onFailure);
            jobs.add(j);
            return j;
        }

        @Override public ReadOnlyBooleanProperty runningProperty() { return new ReadOnlyBooleanWrapper(false).getReadOnlyProperty(); }
        @Override public ReadOnlyDoubleProperty progressProperty() { return new ReadOnlyDoubleWrapper(0).getReadOnlyProperty(); }
        @Override public ReadOnlyStringProperty messageProperty() { return new ReadOnlyStringWrapper("").getReadOnlyProperty(); }
        @Override public void onUi(Runnable update) { update.run(); }
        @Override public void cancelAll() { jobs.forEach(Job::cancel); }
        @Override public void shutdown() {}
    }

    @Test
    void aBurstOfEditsCancelsTheWaitingSimulationsAndShowsOnlyTheLast() throws Exception {
        ManualExecutor ex = new ManualExecutor();
        WorkbenchModel model = Fixtures.workbench(ex, prefs);
        TimelineViewModel vm = new TimelineViewModel(model, 5, "efficientnet-b0");
        assertEquals(1, ex.jobs.size());
        ex.jobs.get(0).run();
        long base = vm.resultProperty().get().totalCycles();
        vm.setNpu("dramBytesPerCycle", 20);
        vm.setNpu("dramBytesPerCycle", 10);
        vm.setNpu("dramBytesPerCycle", 5);
        assertEquals(4, ex.jobs.size());
        assertTrue(ex.jobs.get(1).cancelled && ex.jobs.get(2).cancelled, "superseded simulations are cancelled");
        assertFalse(ex.jobs.get(3).cancelled);
        assertTrue(vm.simulatingProperty().get());
        ex.jobs.get(1).run();
        ex.jobs.get(2).run();
        assertEquals(base, vm.resultProperty().get().totalCycles(), "cancelled runs show nothing");
        assertTrue(vm.simulatingProperty().get(), "still waiting for the last one");
        ex.jobs.get(3).run();
        assertFalse(vm.simulatingProperty().get());
        NpuConfig n = model.getProject().npu();
        assertEquals(5, n.dramBytesPerCycle());
        assertEquals(new MidapSimulator(n).cycles(ReferenceNetworks.byName("efficientnet-b0", n)), vm.resultProperty().get().totalCycles());
        // an edit that is not about the NPU or the chosen network simulates nothing
        model.rename("renamed");
        assertEquals(4, ex.jobs.size());
    }

    // ---- issue #15: what a newcomer met -----------------------------------------------------------------------

    @Test
    void theCornerShowsTheNetworksTotalNotTheVisibleSpan() {
        // the fitted window is padded: its span (1,490,774 in the report) is longer than the network (1,461,510)
        assertEquals("total 1,461,510 cycles", TimelinePainter.cornerText(TimeUnit.CYCLES, 1_490_774, 1_461_510, 1.0));
        assertEquals("view 10,000 cycles of 1,461,510 cycles", TimelinePainter.cornerText(TimeUnit.CYCLES, 10_000, 1_461_510, 1.0));
        // the corner's figure is the simulation's, as in the header (the timeline's end may lie past it: a last write)
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = new TimelineViewModel(model, 0, null);
        assertEquals(vm.resultProperty().get().totalCycles(), vm.chart().getData().networkCycles());
        assertTrue(vm.summaryProperty().get().contains(String.format(java.util.Locale.ROOT, "%,d cycles", vm.chart().getData().networkCycles())));
    }

    @Test
    void stagesCountFromOneAsInTheSupernetView() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        TimelineData d = vm.chart().getData();
        assertEquals("Stage 1", d.lane("stage:0").label());
        assertTrue(d.roots().stream().noneMatch(l -> l.label().equals("Stage 0")));
        TimelineViewModel.LayerRow first = vm.layers().stream().filter(r -> r.stage() == 0).findFirst().orElseThrow();
        assertTrue(vm.find(first.name()).isPresent());
        assertTrue(vm.details().stream().anyMatch(r -> r.label().equals("Stage") && "1".equals(r.value())), vm.details().toString());
    }

    @Test
    void mobileNetV1HasItsSizeLineLikeTheOtherBuiltInNetworks() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = new TimelineViewModel(model, 0, null);
        TimelineViewModel.Candidate v1 = vm.sources().stream().filter(c -> c.name().equals("mobilenet-v1")).findFirst().orElseThrow();
        assertEquals("built-in reference network · 224 × 224 × 3 · 13 blocks", v1.origin());
        TimelineViewModel.Candidate v2 = vm.sources().stream().filter(c -> c.name().equals("mobilenet-v2")).findFirst().orElseThrow();
        assertTrue(v2.origin().startsWith("built-in reference network · 224 × 224 × 3 · "), v2.origin());
    }

    @Test
    void theStatusOfAnNpuEditKeepsTheUnitsCase() {
        WorkbenchModel model = Fixtures.workbench(new DirectTaskExecutor(), prefs);
        TimelineViewModel vm = vm(model);
        assertTrue(vm.setNpu("clockGHz", "2").isEmpty());
        assertEquals("Set NPU clock (GHz) to 2", model.undoDescriptionProperty().get());
    }
}
