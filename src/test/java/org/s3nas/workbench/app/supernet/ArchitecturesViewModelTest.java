package org.s3nas.workbench.app.supernet;

import org.s3nas.workbench.app.DirectTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.supernet.ArchitecturesViewModel.Choice;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.SpaceCosts;

import static org.junit.jupiter.api.Assertions.*;

/** Saved architectures drawn like the supernet, with per-block latency, and two of them compared. */
class ArchitecturesViewModelTest {
    private Preferences prefs;
    private WorkbenchModel model;
    private ArchitecturesViewModel vm;
    private Architecture found, tweaked;

    @BeforeEach
    void setUp() {
        prefs = Fixtures.prefs();
        Project paper = Fixtures.load(Fixtures.PAPER);
        // a "found" architecture: every superkernel at kernel 3, expansion 2 where it cannot be zeroed, else zeroed
        found = paper.supernet().architecture("found", (p, j) -> new Branch(3, p.expansionsOf(j).contains(0) && j < 2 ? 0 : 2));
        List<Block> blocks = new ArrayList<>(found.blocks());
        blocks.set(10, blocks.get(10).withBranches(List.of(new Branch(5, 2), new Branch(5, 2), new Branch(7, 2))).withSeRatio(0.25));
        tweaked = found.withName("tweaked").withBlocks(blocks);
        Project p = paper.withArchitecture(new SavedArchitecture("found", "run-1", found, Double.NaN))
                .withArchitecture(new SavedArchitecture("tweaked", "manual", tweaked, 0.7));
        model = Fixtures.model(p, new DirectTaskExecutor(), prefs);
        vm = new ArchitecturesViewModel(model);
    }

    @AfterEach
    void tearDown() { Fixtures.remove(prefs); }

    private Choice choice(String name) {
        return vm.choices().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsTheSavedArchitecturesAndBothEndsOfTheSpace() {
        assertEquals(List.of("found", "tweaked", ArchitecturesViewModel.LARGEST, ArchitecturesViewModel.SMALLEST),
                vm.choices().stream().map(Choice::name).toList());
        assertEquals("found", vm.firstProperty().get().name());
        assertNull(vm.secondProperty().get());
    }

    @Test
    void eachBlockIsDrawnWithItsBranchesAndItsSimulatedLatency() {
        vm.select(choice("tweaked"));
        NetworkLayout l = vm.firstPictureProperty().get();
        assertEquals(29, l.blocks().size());
        SpaceCosts.ArchitectureCosts costs = SpaceCosts.of(tweaked, model.getProject().npu());
        for (int i = 0; i < 29; i++) assertEquals(costs.blockCycles(i), l.blocks().get(i).block().cycles(), "block " + i);
        NetworkLayout.PictureBlock b10 = l.blocks().get(10).block();
        assertEquals(List.of(5, 7), b10.slices().stream().map(NetworkLayout.Slice::largestKernel).toList(), "merged: k5 x4 + k7 x2");
        assertEquals(6, b10.expansion());
        assertTrue(b10.se());
        assertTrue(l.blocks().get(10).h() > l.blocks().get(11).h(), "expansion 6 is taller than 2");
        assertTrue(l.showsLatency());
        assertEquals(29, vm.rows().size());
        assertEquals("k5 ×4 + k7 ×2 · SE 32 · ReLU · res", vm.rows().get(10).first());
        double us = model.getProject().npu().cyclesToMs(costs.blockCycles(10)) * 1000;
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f µs", us), vm.rows().get(10).firstLatency());
        assertTrue(vm.firstSummaryProperty().get().contains(String.format(java.util.Locale.ROOT, "%.3f ms on MIDAP", costs.latencyMs())));
    }

    @Test
    void comparingTwoArchitecturesHighlightsTheBlocksThatDiffer() {
        vm.select(choice("found"));
        vm.compareWith(choice("tweaked"));
        assertEquals("1 of 29 places differ", vm.diffSummaryProperty().get());
        List<Integer> differA = new ArrayList<>(), differB = new ArrayList<>();
        for (var s : vm.firstPictureProperty().get().blocks()) if (s.block().differs()) differA.add(s.block().index());
        for (var s : vm.secondPictureProperty().get().blocks()) if (s.block().differs()) differB.add(s.block().index());
        assertEquals(List.of(10), differA);
        assertEquals(List.of(10), differB);
        assertEquals(1, vm.rows().stream().filter(ArchitecturesViewModel.BlockRow::differs).count());
        assertEquals(vm.firstPictureProperty().get().expansionScale(), vm.secondPictureProperty().get().expansionScale(),
                "both pictures use one height scale");

        vm.compareWith(null);
        assertNull(vm.secondPictureProperty().get());
        assertEquals("", vm.diffSummaryProperty().get());
    }

    @Test
    void skipsDoNotCountAsDifferences() {
        Architecture withSkips = model.getProject().supernet().smallest();
        ArchitectureDiff d = ArchitectureDiff.of(withSkips, withSkips.withoutSkips());
        assertEquals(0, d.differingPlaces());
        assertEquals(Set.of(), d.differingA());
        ArchitectureDiff big = ArchitectureDiff.of(withSkips, model.getProject().supernet().largest());
        assertEquals(29, big.pairs().size(), "29 computing blocks in the largest, 5 in the smallest");
        assertEquals(29, big.differingPlaces());
    }
}
