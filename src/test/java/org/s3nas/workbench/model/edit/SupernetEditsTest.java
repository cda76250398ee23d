package org.s3nas.workbench.model.edit;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

import static org.junit.jupiter.api.Assertions.*;

class SupernetEditsTest {
    private final Supernet paper = TestSpaces.paper();
    private final List<Superkernel> own = TestSpaces.mb();

    @Test
    void aNewStageIsLikeItsNeighbourWithOneBlockAndStrideOne() {
        Supernet s = SupernetEdits.insertStage(paper, 2);
        assertEquals(6, s.stages().size());
        Stage fresh = s.stages().get(2);
        assertEquals(64, fresh.width());
        assertEquals(1, fresh.depth());
        assertEquals(1, fresh.stride());
        assertEquals(paper.stages().get(1).superkernels(), fresh.superkernels());
        assertTrue(fresh.overrides().isEmpty());
        assertEquals(paper.stages().get(2), s.stages().get(3));
        assertTrue(TestSpaces.valid(s));
        assertEquals(32, SupernetEdits.insertStage(paper, 0).stages().get(0).width(), "at the front: like the first stage");
        assertEquals(256, SupernetEdits.addStage(paper).stages().get(5).width());
    }

    @Test
    void stagesAreRemovedDuplicatedAndMoved() {
        assertEquals(List.of(32, 128, 160, 256), SupernetEdits.removeStage(paper, 1).stages().stream().map(Stage::width).toList());
        Supernet dup = SupernetEdits.duplicateStage(paper, 2);
        assertEquals(List.of(32, 64, 128, 128, 160, 256), dup.stages().stream().map(Stage::width).toList());
        assertEquals(dup.stages().get(2), dup.stages().get(3));
        Supernet moved = SupernetEdits.moveStage(paper, 4, 0);
        assertEquals(List.of(256, 32, 64, 128, 160), moved.stages().stream().map(Stage::width).toList());
        assertEquals(paper, SupernetEdits.moveStage(moved, 0, 4));

        Supernet one = paper.withStages(List.of(paper.stages().get(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> SupernetEdits.removeStage(one, 0));
        assertEquals("the only stage cannot be removed: a supernet needs at least one stage", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SupernetEdits.removeStage(paper, 5));
        assertEquals("there is no stage 6 (there are 5 stages)", e.getMessage());
    }

    @Test
    void blocksComeAndGoWithTheirOverrides() {
        Stage st = paper.stages().get(2).withOverrides(Map.of(1, own, 4, own));
        Stage inserted = SupernetEdits.insertBlock(st, 2, null);
        assertEquals(8, inserted.depth());
        assertEquals(Map.of(1, own, 5, own), inserted.overrides(), "the override of block 5 moved to 6; block 2's stayed");

        Stage removed = SupernetEdits.removeBlock(st, 1);
        assertEquals(6, removed.depth());
        assertEquals(Map.of(3, own), removed.overrides(), "block 2 (with its override) is gone; block 5's moved up");

        Stage dup = SupernetEdits.duplicateBlock(st, 4);
        assertEquals(Map.of(1, own, 4, own, 5, own), dup.overrides(), "the copy has the same own superkernels");
        assertEquals(st.superkernelsOf(4), dup.superkernelsOf(5));

        Stage shallower = SupernetEdits.withDepth(st, 3);
        assertEquals(Map.of(1, own), shallower.overrides());
        assertSame(st.overrides(), SupernetEdits.withDepth(st, 9).overrides());

        var e = assertThrows(IllegalArgumentException.class, () -> SupernetEdits.removeBlock(st.withDepth(1).withOverrides(Map.of()), 0));
        assertEquals("the only block of a stage cannot be removed: remove the stage instead", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SupernetEdits.insertBlock(st, 9, null));
        assertEquals("a block can be inserted at 1..8, not at 10", e.getMessage());
    }

    @Test
    void anOverrideEqualToTheStagesSetIsNoOverride() {
        Stage st = paper.stages().get(0);
        Stage o = SupernetEdits.withOverride(st, 2, own);
        assertEquals(Map.of(2, own), o.overrides());
        assertEquals(st, SupernetEdits.withOverride(o, 2, st.superkernels()));
        assertEquals(st, SupernetEdits.withoutOverride(o, 2));
        assertSame(st, SupernetEdits.withoutOverride(st, 1));
    }

    @Test
    void aCandidateSetAppliesToEveryBlockAndEveryStage() {
        Stage st = paper.stages().get(1).withOverrides(Map.of(0, own, 2, own));
        Stage all = SupernetEdits.applyToEveryBlock(st, own);
        assertEquals(own, all.superkernels());
        assertTrue(all.overrides().isEmpty());
        for (int b = 0; b < all.depth(); b++) assertEquals(own, all.superkernelsOf(b));

        Supernet mb = paper.withStage(3, KindConversion.convert(paper.stages().get(3), org.s3nas.workbench.model.BlockKind.MBCONV))
                .withStage(1, st);
        Supernet every = SupernetEdits.applyToEveryStage(mb, 3);
        for (Stage s : every.stages()) {
            assertEquals(org.s3nas.workbench.model.BlockKind.MBCONV, s.kind());
            assertEquals(mb.stages().get(3).superkernels(), s.superkernels());
            assertTrue(s.overrides().isEmpty());
        }
        assertEquals(List.of(32, 64, 128, 160, 256), every.stages().stream().map(Stage::width).toList());
        assertTrue(TestSpaces.valid(every));
    }
}
