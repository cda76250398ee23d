package org.s3nas.workbench.app.supernet;

import org.s3nas.workbench.app.DirectTaskExecutor;
import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.supernet.NetworkLayout.BlockShape;
import org.s3nas.workbench.app.supernet.SupernetViewModel.CostsState;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.edit.DepthDistribution;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.SpaceCosts;

import static org.junit.jupiter.api.Assertions.*;

/** The editor's view-model on the paper's space, with costs computed at once (plain JUnit). */
class SupernetViewModelTest {
    private Preferences prefs;
    private DirectTaskExecutor executor;
    private WorkbenchModel model;
    private SupernetViewModel vm;
    private Project paper;

    @BeforeEach
    void setUp() {
        prefs = Fixtures.prefs();
        paper = Fixtures.load(Fixtures.PAPER);
        executor = new DirectTaskExecutor();
        model = Fixtures.model(paper, executor, prefs);
        vm = new SupernetViewModel(model, 0);
    }

    @AfterEach
    void tearDown() { Fixtures.remove(prefs); }

    private static String fact(List<Fact> facts, String label) {
        return facts.stream().filter(f -> f.label().startsWith(label)).findFirst().orElseThrow().value();
    }

    private boolean type(String field, String text) {
        EditField f = vm.field(field);
        f.setText(text);
        return f.commit();
    }

    private List<BlockShape> stageShapes(int stage) { return vm.getPicture().blocksOfStage(stage); }

    @Test
    void thePictureHasOneShapePerBlockGroupedByStage() {
        NetworkLayout l = vm.getPicture();
        assertEquals(29, l.blocks().size());
        assertEquals(List.of(3, 4, 7, 4, 11), java.util.stream.IntStream.range(0, 5).map(s -> stageShapes(s).size()).boxed().toList());
        assertEquals(5, l.stages().size());
        // width follows the output channels: a 256-channel block is wider than a 128-channel one, twice as wide
        double w128 = stageShapes(2).get(0).w(), w256 = stageShapes(4).get(0).w();
        assertEquals(2.0, w256 / w128, 1e-9);
        // height follows the largest expansion: 3 superkernels of 2 each, the same in every block of this space
        assertEquals(stageShapes(0).get(1).h(), stageShapes(4).get(3).h(), 1e-9);
        // stride marks on the first block of each stride-2 stage, residual marks where shapes allow
        assertTrue(stageShapes(0).get(0).block().stride() == 2 && !stageShapes(0).get(0).block().residual());
        assertTrue(stageShapes(0).get(1).block().residual());
        assertEquals(1, stageShapes(3).get(0).block().stride());
        // blocks lie left to right, the stages in order
        for (int i = 1; i < l.blocks().size(); i++) assertTrue(l.blocks().get(i).x() > l.blocks().get(i - 1).x());
        assertEquals(3, stageShapes(2).get(0).slices().size(), "one slice per superkernel");
        assertEquals(List.of(3, 5, 7), stageShapes(2).get(0).slices().get(2).slice().kernels());
    }

    @Test
    void changingDepthAndWidthUpdatesThePictureAndTheCosts() {
        SpaceCosts before = vm.costsProperty().get();
        assertNotNull(before);
        assertEquals(CostsState.READY, vm.costsStateProperty().get());
        double w256 = stageShapes(4).get(0).w();

        assertTrue(type("stage.2.depth", "9"));
        assertEquals(31, vm.getPicture().blocks().size());
        assertEquals(9, stageShapes(2).size());
        assertEquals("31", fact(vm.facts(), "Blocks"));

        assertTrue(type("stage.2.width", "256"));
        assertEquals(256, vm.getSupernet().stages().get(2).width());
        assertEquals(stageShapes(4).get(0).w(), stageShapes(2).get(0).w(), 1e-9, "stage 3 is now as wide as stage 5");
        assertTrue(stageShapes(2).get(0).w() > 1.9 * stageShapes(1).get(0).w());
        assertTrue(stageShapes(4).get(0).w() < w256, "more channels in all: the same picture width is shared by more");

        SpaceCosts after = vm.costsProperty().get();
        assertNotSame(before, after);
        assertTrue(after.largestLatencyMs() > before.largestLatencyMs());
        assertTrue(after.largest().parameters() > before.largest().parameters());
        assertEquals(new MidapSimulator(paper.npu()).latencyMs(vm.getSupernet().largest()), after.largestLatencyMs(), 1e-12,
                "the costs are the simulator's, for the edited supernet");
        assertEquals(SpaceCosts.log10Size(vm.getSupernet()), after.log10Size(), 1e-12);
        assertTrue(fact(vm.costFacts(), "Latency on MIDAP").endsWith(String.format(java.util.Locale.ROOT, "%.3f ms", after.largestLatencyMs())));
    }

    @Test
    void typingPreviewsWithoutChangingTheProjectAndEnterAppliesOneStep() {
        Supernet start = vm.getSupernet();
        EditField depth = vm.field("stage.4.depth");
        depth.setText("1");
        depth.setText("13"); // typing "13": two previews, nothing applied yet
        assertEquals(start, model.getProject().supernet());
        assertFalse(model.canUndoProperty().get());
        assertEquals(13, vm.getPreview().stages().get(4).depth());
        assertEquals(31, vm.getPicture().blocks().size(), "the picture follows the typing");
        assertEquals(13, stageShapes(4).size());
        assertTrue(depth.isPending());

        assertTrue(depth.commit());
        assertEquals(13, model.getProject().supernet().stages().get(4).depth());
        assertEquals("Set depth of stage 5 to 13", model.undoDescriptionProperty().get());
        assertFalse(depth.isPending());
        model.undo();
        assertEquals(start, model.getProject().supernet(), "one step for the whole typing");
        assertFalse(model.canUndoProperty().get());
        assertEquals("11", depth.getText());
    }

    @Test
    void undoRestoresThePreviousSupernetExactlyAndRedoReappliesIt() {
        Supernet s0 = vm.getSupernet();
        assertTrue(type("stage.1.width", "72"));
        Supernet s1 = vm.getSupernet();
        vm.selectBlock(4, 2);
        assertTrue(type("block.kernels", "3 | 5, 7"));
        Supernet s2 = vm.getSupernet();
        assertEquals(List.of(new Superkernel(List.of(3), List.of(0, 2), false), new Superkernel(List.of(5, 7), List.of(0, 2), false)),
                s2.stages().get(4).overrides().get(2));
        assertTrue(vm.insertBlock(4, 0));
        Supernet s3 = vm.getSupernet();
        assertEquals(12, s3.stages().get(4).depth());
        assertTrue(s3.stages().get(4).overrides().containsKey(3), "the override moved with its block");
        vm.depthTotalProperty().set("29");
        assertTrue(vm.distributeLinear());
        Supernet s4 = vm.getSupernet();
        assertTrue(vm.addStage());
        Supernet s5 = vm.getSupernet();
        assertEquals(6, s5.stages().size());
        assertTrue(vm.setKind(0, BlockKind.MBCONV));
        Supernet s6 = vm.getSupernet();

        List<Supernet> states = List.of(s0, s1, s2, s3, s4, s5, s6);
        for (int i = states.size() - 2; i >= 0; i--) {
            model.undo();
            assertEquals(states.get(i), model.getProject().supernet(), "undo to state " + i);
            assertEquals(states.get(i), vm.getSupernet());
        }
        assertFalse(model.canUndoProperty().get());
        assertEquals(paper, model.getProject(), "back to the project as loaded");
        assertFalse(model.isDirty());
        for (int i = 1; i < states.size(); i++) {
            model.redo();
            assertEquals(states.get(i), model.getProject().supernet(), "redo to state " + i);
        }
        assertTrue(model.isDirty());
    }

    @Test
    void anInvalidWidthShowsItsMessageAndIsNotApplied() {
        Supernet start = vm.getSupernet();
        EditField width = vm.field("stage.2.width");
        width.setText("0");
        assertEquals("must be at least 1, was 0", width.getProblem());
        assertFalse(width.commit());
        assertEquals(start, model.getProject().supernet());
        assertFalse(model.canUndoProperty().get());
        assertEquals("0", width.getText(), "the field keeps the text so that it can be fixed");
        assertTrue(vm.fieldProblems().contains("Width of stage 3: must be at least 1, was 0"), vm.fieldProblems().toString());
        assertEquals(start, vm.getPreview(), "an invalid text is not previewed either");

        width.setText("x");
        assertEquals("'x' is not a whole number", width.getProblem());
        width.setText("96");
        assertNull(width.getProblem());
        assertTrue(width.commit());
        assertEquals(96, model.getProject().supernet().stages().get(2).width());
        assertTrue(vm.fieldProblems().isEmpty());
    }

    @Test
    void anInvalidKernelListShowsTheValidatorsMessageAndIsNotApplied() {
        Supernet start = vm.getSupernet();
        EditField kernels = vm.field("stage.0.kernels");
        kernels.setText("3,4");
        assertEquals("superkernel 1, candidate 2: must be a positive odd kernel size, was 4", kernels.getProblem());
        assertFalse(kernels.commit());
        assertEquals(start, model.getProject().supernet());
        assertEquals("3,4", kernels.getText());

        kernels.setText("5, 3 | 3, 5 | 3, 5, 7");
        assertTrue(kernels.getProblem().contains("candidates must be ascending"), kernels.getProblem());
        kernels.setText("3, 5 |  | 3");
        assertEquals("superkernel 2 has no candidates (nothing between two |)", kernels.getProblem());

        // the expansions need one group per superkernel
        EditField expansions = vm.field("stage.0.expansions");
        expansions.setText("0, 2 | 0, 2");
        assertTrue(expansions.getProblem().startsWith("2 expansion groups for 3 superkernels"), expansions.getProblem());
        expansions.setText("0, 4*, 2 | 0, 2 | 0, 2");
        assertTrue(expansions.getProblem().contains("only 0 can be marked *"));
        // every superkernel zeroable where the first block has no residual: the block could become a skip
        expansions.setText("0, 2 | 0, 2 | 0, 2");
        assertTrue(expansions.getProblem().contains("may become a skip but has no residual"), expansions.getProblem());
        assertFalse(expansions.commit());
        expansions.revert();
        assertEquals("0, 2  |  0, 2  |  0*, 2", expansions.getText());
        assertNull(expansions.getProblem());
        assertEquals(start, model.getProject().supernet());

        // a valid list with another spelling applies, and shows in the house spelling
        kernels.setText("3,5|3,5|3,5,7,9");
        assertTrue(kernels.commit());
        assertEquals(List.of(3, 5, 7, 9), model.getProject().supernet().stages().get(0).superkernels().get(2).kernelSizes());
        assertEquals("3, 5  |  3, 5  |  3, 5, 7, 9", kernels.getText());
    }

    @Test
    void aChoiceThatBreaksTheSupernetIsRefusedWithTheReason() {
        Supernet start = vm.getSupernet();
        // a 1x1 input cannot be strided: the shrinking stage is named
        assertFalse(type("input.height", "8"), "8 halved by the stem and two stages leaves stage 3 a map 1 high");
        assertTrue(vm.field("input.height").getProblem().contains("stage 3 stride: feature map shrinks below 1x1: 1x28 input with stride 2"),
                vm.field("input.height").getProblem());
        assertEquals(start, model.getProject().supernet());
        vm.field("input.height").revert();

        // the 7x7 superkernel may be zeroed anywhere: the first block of stage 1 (stride 2) could become a skip
        assertFalse(vm.setZeroOnlyWithResidual(0, 2, false));
        assertTrue(vm.noticeProperty().get().contains("stage 1 superkernels: block 0 may become a skip"), vm.noticeProperty().get());
        assertEquals(start, model.getProject().supernet());

        assertFalse(vm.removeStage(0) && vm.removeStage(0) && vm.removeStage(0) && vm.removeStage(0) && vm.removeStage(0));
        assertEquals(1, vm.getSupernet().stages().size());
        assertEquals("Remove stage 1: the only stage cannot be removed: a supernet needs at least one stage", vm.noticeProperty().get());
    }

    @Test
    void theLinearDepthHelperMakesCumulativeDepthProportionalToWidth() {
        vm.depthTotalProperty().set("40");
        assertTrue(vm.depthPlanProperty().get().startsWith("Linear "));
        assertTrue(vm.distributeLinear());
        Supernet s = vm.getSupernet();
        assertEquals(40, s.totalBlocks());
        int[] depths = s.stages().stream().mapToInt(Stage::depth).toArray();
        int[] cumulative = DepthDistribution.cumulative(depths);
        for (int i = 0; i < depths.length; i++) {
            double proportional = 40.0 * s.stages().get(i).width() / s.stages().get(4).width();
            assertTrue(Math.abs(cumulative[i] - proportional) <= 0.5, "stage " + (i + 1) + ": " + cumulative[i] + " vs " + proportional);
        }
        assertEquals("Linear depth: 40 blocks", model.undoDescriptionProperty().get());
        assertEquals(40, vm.getPicture().blocks().size());

        assertTrue(vm.distributeConstant());
        assertEquals(List.of(8, 8, 8, 8, 8), vm.getSupernet().stages().stream().map(Stage::depth).toList());

        vm.depthTotalProperty().set("3");
        assertFalse(vm.distributeLinear());
        assertEquals("Linear depth: 3 blocks: 3 blocks cannot fill 5 stages: every stage needs at least one block", vm.noticeProperty().get());
    }

    @Test
    void clickingABlockSelectsItAndItsOwnSuperkernelsCanBeEdited() {
        BlockShape target = stageShapes(3).get(2);
        vm.selectAt(target.centerX(), target.y() + target.h() / 2);
        assertEquals(3, vm.selectedStageProperty().get());
        assertEquals(2, vm.selectedBlockProperty().get());
        assertEquals("Block 3 of stage 4", vm.blockTitleProperty().get());
        assertTrue(vm.blockDetailProperty().get().contains("Network block 17"), vm.blockDetailProperty().get());
        assertEquals("3, 5  |  3, 5  |  3, 5, 7", vm.blockKernels().getText());
        assertFalse(vm.blockOverriddenProperty().get());

        vm.blockExpansions().setText("0, 2 | 0, 4 | 0*, 2");
        assertTrue(vm.blockExpansions().commit());
        assertTrue(vm.blockOverriddenProperty().get());
        Stage st = vm.getSupernet().stages().get(3);
        assertEquals(List.of(0, 4), st.superkernelsOf(2).get(1).expansions());
        assertEquals(paper.supernet().stages().get(3).superkernels(), st.superkernels(), "the other blocks keep the stage's");
        assertTrue(vm.getPicture().block(3, 2).block().overridden());
        assertTrue(vm.getPicture().block(3, 2).h() > vm.getPicture().block(3, 1).h(), "a larger expansion is a taller block");
        assertEquals("block 3", vm.stages().get(3).overrides());

        assertTrue(vm.applyBlockToStage(3, 2));
        assertTrue(vm.getSupernet().stages().get(3).overrides().isEmpty());
        assertEquals(List.of(0, 4), vm.getSupernet().stages().get(3).superkernels().get(1).expansions());

        vm.selectAt(-100, -100);
        assertEquals(2, vm.selectedBlockProperty().get(), "a click beside every block changes nothing");
    }

    @Test
    void aStaleCostComputationIsCancelledAndItsLateResultIgnored() {
        Fixtures.ManualExecutor manual = new Fixtures.ManualExecutor();
        WorkbenchModel m = Fixtures.model(paper, manual, prefs);
        SupernetViewModel v = new SupernetViewModel(m, 0);
        assertEquals(CostsState.COMPUTING, v.costsStateProperty().get());
        v.field("stage.4.depth").setText("5");
        v.field("stage.4.depth").setText("6");
        assertEquals(3, manual.pending.size());
        assertTrue(manual.pending.get(0).handle().cancelled);
        assertTrue(manual.pending.get(1).handle().cancelled);
        assertFalse(manual.pending.get(2).handle().cancelled);

        manual.run(2);
        SpaceCosts six = v.costsProperty().get();
        assertEquals(CostsState.READY, v.costsStateProperty().get());
        assertEquals(new MidapSimulator(paper.npu()).latencyMs(v.getPreview().largest()), six.largestLatencyMs(), 1e-12);
        manual.honourCancel = false;
        manual.run(0); // the first computation finishes late: its costs are for a supernet nobody looks at any more
        manual.run(1);
        assertSame(six, v.costsProperty().get());
    }

    @Test
    void theTargetIsReachableWhenTheSmallestArchitectureMeetsIt() {
        SpaceCosts c = vm.costsProperty().get();
        assertTrue(c.smallestLatencyMs() < 2.5 && 2.5 < c.largestLatencyMs(), c.toString());
        assertEquals("✓ reachable", fact(vm.costFacts(), "Target 2.5 ms"));
        model.edit("Tighter target", p -> p.withSearch(p.search().withTargetLatencyMs(c.smallestLatencyMs() / 2)));
        assertTrue(fact(vm.costFacts(), "Target").startsWith("✗ out of reach"));
        assertSame(c, vm.costsProperty().get(), "a new target needs no new simulation");
    }

    @Test
    void theHelpersTotalFollowsTheSupernetUntilTypedAndArrowsWalkTheBlocks() {
        assertEquals("29", vm.depthTotalProperty().get());
        assertTrue(type("stage.0.depth", "4"));
        assertEquals("30", vm.depthTotalProperty().get(), "follows the block count");
        vm.depthTotalProperty().set("35");
        assertTrue(type("stage.0.depth", "5"));
        assertEquals("35", vm.depthTotalProperty().get(), "a typed total stays");
        assertTrue(vm.distributeConstant());
        assertEquals(35, vm.getSupernet().totalBlocks());
        assertTrue(type("stage.0.depth", "8"));
        assertEquals("36", vm.depthTotalProperty().get(), "after the helper it follows again");

        vm.selectBlock(0, 7);
        vm.selectNeighbour(1);
        assertEquals(1, vm.selectedStageProperty().get());
        assertEquals(0, vm.selectedBlockProperty().get());
        vm.selectNeighbour(-1);
        assertEquals(0, vm.selectedStageProperty().get());
        assertEquals(7, vm.selectedBlockProperty().get());
        vm.selectBlock(0, 0);
        vm.selectNeighbour(-1);
        assertEquals(0, vm.selectedBlockProperty().get(), "the first block stays selected");
    }

    @Test
    void enterEndsTheTypingSoTheDebouncedComputationStartsAtOnce() {
        Fixtures.ManualExecutor manual = new Fixtures.ManualExecutor();
        WorkbenchModel m = Fixtures.model(paper, manual, prefs);
        SupernetViewModel v = new SupernetViewModel(m, 150);
        EditField depth = v.field("stage.1.depth");
        depth.setText("6");
        assertEquals(2, manual.pending.size(), "the opening's computation, then the typed value's");
        assertTrue(manual.pending.get(0).handle().cancelled);
        assertTrue(depth.commit());
        assertEquals(3, manual.pending.size(), "the waiting computation is replaced by one without the debounce");
        assertTrue(manual.pending.get(1).handle().cancelled);
        manual.run(2);
        assertEquals(CostsState.READY, v.costsStateProperty().get());
        assertEquals(6, v.getSupernet().stages().get(1).depth());
        assertEquals(new MidapSimulator(paper.npu()).latencyMs(v.getSupernet().largest()), v.costsProperty().get().largestLatencyMs(), 1e-12);
        assertTrue(v.costsDelayMsProperty().get() >= 0);
        assertEquals("the edit", v.costsCauseProperty().get());

        v.field("stage.1.depth").setText("5"); // typing again: debounced, and a commit of another value is not "the same"
        assertEquals(4, manual.pending.size());
    }

    @Test
    void aRejectedTextStaysWhileOtherFieldsAreEditedAndGoesOnUndo() {
        EditField width = vm.field("stage.1.width");
        width.setText("-3");
        assertFalse(width.commit());
        assertTrue(type("stage.2.depth", "8"));
        assertEquals("-3", width.getText(), "still there to be fixed");
        assertEquals("must be at least 1, was -3", width.getProblem());
        model.undo();
        assertEquals("64", width.getText(), "an undo starts clean");
        assertNull(width.getProblem());
        assertTrue(vm.fieldProblems().isEmpty());
    }
}
