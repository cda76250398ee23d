package org.s3nas.workbench.app;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.latency.LatencyViewModel;
import org.s3nas.workbench.app.search.SearchViewModel;
import org.s3nas.workbench.app.supernet.SupernetViewModel;
import org.s3nas.workbench.app.supernet.SupernetViewModel.StageRow;
import org.s3nas.workbench.app.timeline.TimelineViewModel;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;

import static org.junit.jupiter.api.Assertions.*;

/** The four views' models read the open project's real data and follow it when it changes. Plain JUnit. */
class ViewModelsTest {
    private Preferences prefs;
    private WorkbenchModel model;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("s3nas-workbench-test/" + UUID.randomUUID());
        model = new WorkbenchModel(new InMemoryProjectStore(), new ScriptedDialogs(), new DirectTaskExecutor(), prefs,
                TestProjects.proxy(), null);
    }

    @AfterEach
    void tearDown() throws Exception { prefs.removeNode(); }

    private static String fact(List<Fact> facts, String label) {
        return facts.stream().filter(f -> f.label().equals(label)).findFirst().orElseThrow().value();
    }

    @Test
    void supernetShowsStagesPositionsAndFigures() {
        SupernetViewModel vm = new SupernetViewModel(model);
        assertEquals("fashion-proxy", vm.projectName().get());
        assertEquals("proxy-mixconv", vm.supernetNameProperty().get());
        assertEquals(4, vm.stages().size());
        StageRow s2 = vm.stages().get(1);
        assertEquals(new StageRow(2, 24, 2, 2, "MixConv", 2, "3, 5  |  3, 5, 7", "0, 2  |  0*, 2", "none", "ReLU",
                "where shapes allow", "14 × 14 × 24", "—"), s2);
        assertEquals("0.25", vm.stages().get(2).se());
        assertEquals("h-swish", vm.stages().get(2).activation());
        assertEquals("block 2", vm.stages().get(3).overrides());
        assertEquals("7 × 7 × 80", vm.stages().get(3).output());

        assertEquals(8, vm.positions().size());
        var p1 = vm.positions().get(1); // stage 2 block 1: stride 2, 16 -> 24, no residual: the 7-superkernel loses its 0
        assertEquals("28 × 28", p1.input());
        assertEquals("16 → 24", p1.channels());
        assertEquals("no", p1.residual());
        assertEquals(3L * 3, p1.choices(), "(2 kernels + zero) x (3 kernels, no zero)");
        assertEquals("k3,5 e0,2  ·  k3,5,7 e2", p1.superkernels());
        assertEquals(3L * 4, vm.positions().get(2).choices(), "with a residual the 7-superkernel may be zeroed");

        assertEquals("28 × 28 × 1", fact(vm.facts(), "Input"));
        assertEquals("3×3 conv, 16 ch, stride 1, ReLU", fact(vm.facts(), "Stem"));
        assertEquals("8", fact(vm.facts(), "Blocks"));
        assertEquals("8", fact(vm.facts(), "Block positions"));
        assertTrue(vm.problems().isEmpty());

        model.edit("Deepen stage 1", p -> p.withSupernet(p.supernet().withStage(0, p.supernet().stages().get(0).withDepth(3))));
        assertEquals(3, vm.stages().get(0).depth(), "follows edits");
        assertEquals(10, vm.positions().size());
        assertEquals("10", fact(vm.facts(), "Blocks"));
    }

    @Test
    void supernetWithErrorsStillShowsItsStagesAndSaysWhy() {
        SupernetViewModel vm = new SupernetViewModel(model);
        model.edit("Break", p -> p.withSupernet(p.supernet().withStage(1, p.supernet().stages().get(1).withDepth(0))));
        assertEquals(4, vm.stages().size());
        assertTrue(vm.positions().isEmpty());
        assertEquals("supernet.stages[1].depth", vm.problems().get(0).path());
    }

    @Test
    void paperSpaceFigures() {
        model.newProject(new ProjectTemplate("paper", "", TestProjects::paper));
        SupernetViewModel vm = new SupernetViewModel(model);
        assertEquals(List.of(32, 64, 128, 160, 256), vm.stages().stream().map(StageRow::width).toList());
        assertEquals(List.of(3, 4, 7, 4, 11), vm.stages().stream().map(StageRow::depth).toList());
        assertEquals("29", fact(vm.facts(), "Blocks"));
        assertEquals("224 × 224 × 3", fact(vm.facts(), "Input"));
        assertTrue(fact(vm.facts(), "Search space").endsWith("architectures"));
        assertEquals("7 × 7 × 256", vm.stages().get(4).output());
    }

    @Test
    void searchListsEveryConfigurationFieldAndTheRuns() {
        SearchViewModel vm = new SearchViewModel(model);
        int leaves = 0;
        for (RecordComponent c : SearchConfig.class.getRecordComponents()) {
            leaves += c.getType().isRecord() ? c.getType().getRecordComponents().length : 1;
        }
        assertEquals(leaves, vm.configuration().size(), "every field of SearchConfig, nested ones flattened");
        assertTrue(vm.configuration().stream().noneMatch(r -> r.category().equals("Other")), "every field has a category");
        assertTrue(vm.configuration().contains(new PropertyRow("Latency-aware loss (Eq. 9)", "Target latency T",
                "The search aims at the band [(1 - tolerance) T, T] (targetLatencyMs)", "0.05 ms")));
        assertTrue(vm.configuration().stream().anyMatch(r -> r.name().equals("Learning rate") && r.value().equals("0.008")));
        assertEquals(1, vm.runs().size());
        SearchViewModel.RunRow run = vm.runs().get(0);
        assertEquals(List.of("run-001", "succeeded", "0.05 ms", "found-a", "88.75 %", local("2025-01-02T10:00:00Z"), local("2025-01-02T10:20:00Z"), "runs/run-001"),
                List.of(run.id(), run.status(), run.target(), run.architecture(), run.validationAccuracy(), run.started(), run.ended(), run.directory()));
        assertTrue(run.simulatedLatency().endsWith(" ms"), "the found architecture simulated on the project's NPU: " + run.simulatedLatency());
        assertTrue(vm.summaryProperty().get().contains("target 0.05 ms"));

        model.edit("Retarget", p -> p.withSearch(p.search().withTargetLatencyMs(0.2)).withRuns(List.of()));
        assertTrue(vm.runs().isEmpty());
        assertTrue(vm.configuration().stream().anyMatch(r -> r.value().equals("0.2 ms")));
    }

    /** How the run table shows a recorded instant: local date and time to the minute. */
    private static String local(String iso) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(java.time.Instant.parse(iso).atZone(java.time.ZoneId.systemDefault()));
    }

    @Test
    void timelineOffersLargestSmallestAndSavedArchitectures() {
        TimelineViewModel vm = new TimelineViewModel(model);
        assertEquals(List.of("Largest in the supernet", "Smallest in the supernet", "found-a"),
                vm.candidates().stream().map(TimelineViewModel.Candidate::name).toList());
        assertEquals("Largest in the supernet", vm.selectedProperty().get().name());
        assertEquals(8, vm.blocks().size());
        var b2 = vm.blocks().get(1);
        assertEquals("k5 ×2 + k7 ×2", b2.branches(), "largest: both superkernels at their largest");
        assertEquals(4 * 16, b2.expandedChannels());

        vm.select(vm.candidates().get(1));
        assertEquals("skip", vm.blocks().get(2).branches(), "smallest: a block with a residual becomes a skip");
        assertEquals("k3 ×2", vm.blocks().get(1).branches(), "no residual: the 7-superkernel cannot be zeroed");

        vm.select(vm.candidates().get(2));
        model.edit("Rename", p -> p.withName("other"));
        assertEquals("found-a", vm.selectedProperty().get().name(), "the selection survives an edit");
        model.edit("Drop archs", p -> p.withArchitectures(List.of()));
        assertEquals("Largest in the supernet", vm.selectedProperty().get().name());
    }

    @Test
    void latencyListsSavedArchitecturesAndEveryNpuField() {
        LatencyViewModel vm = new LatencyViewModel(model);
        assertEquals(1, vm.architectures().size());
        var a = vm.architectures().get(0);
        assertEquals("found-a", a.name());
        assertEquals("run-001", a.source());
        assertEquals("88.75 %", a.accuracy());
        assertEquals(8, a.blocks());
        assertEquals("MIDAP NPU: 16 × 64 MACs at 1 GHz · FMEM 4 × 256 KiB · DRAM 25 B/cycle · 1 saved architecture",
                vm.summaryProperty().get());
        int fields = NpuConfig.class.getRecordComponents().length;
        assertEquals(fields + 3, vm.npu().size(), "every NpuConfig field plus three derived figures");
        assertTrue(vm.npu().stream().noneMatch(r -> r.category().equals("Other")));
        assertTrue(vm.npu().stream().anyMatch(r -> r.name().equals("MACs per cycle") && r.value().equals("1,024")));
        assertTrue(vm.npu().stream().anyMatch(r -> r.name().equals("Bank size") && r.value().equals("256 KiB")));
        assertTrue(vm.npu().stream().anyMatch(r -> r.name().equals("Bank policy") && r.value().equals("min blocking")));

        model.edit("Faster clock", p -> p.withNpu(new NpuConfig(2.0, 1, 32, 64, 4, 256 * 1024, 16 * 1024, true,
                128 * 1024, 4096, 4096, 25, 41.25, 14.625, 8192, 235, 89856, false, 6,
                org.s3nas.workbench.model.BankPolicy.MIN_DRAM, true)));
        assertTrue(vm.npu().stream().anyMatch(r -> r.name().equals("Clock") && r.value().equals("2 GHz")));
        assertTrue(vm.npu().stream().anyMatch(r -> r.name().equals("MACs per cycle") && r.value().equals("2,048")));
    }

    @Test
    void formats() {
        assertEquals("0.00001", Formats.number(1e-5));
        assertEquals("15", Formats.number(15.0));
        assertEquals("0.016", Formats.number(0.016));
        assertEquals("—", Formats.number(Double.NaN));
        assertEquals("512 KiB", Formats.bytes(512 * 1024));
        assertEquals("1,000", Formats.count(1000));
        assertEquals("4.30 × 10¹²", Formats.count(4.3e12));
    }

    @SuppressWarnings("unused")
    private static Project withStage(Project p, int i, Stage s) { return p.withSupernet(p.supernet().withStage(i, s)); }
}
