package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Supernet;

/** Configuration enumeration and the merge rule (paper Fig. 8). */
class BlockConfigurationLatencyTest {

    @Test
    void twoSameSizeKernelsMergeIntoOneWithSummedExpansion() {
        // Fig. 8: DW5x5 (e2) + DW5x5 (e2) + DW7x7 (e2) is the same block as DW5x5 (e4) + DW7x7 (e2)
        BlockConfiguration left = BlockConfiguration.merge(List.of(new Branch(5, 2), new Branch(5, 2), new Branch(7, 2)));
        assertEquals(List.of(new Branch(5, 4), new Branch(7, 2)), left.branches());
        assertEquals(left, BlockConfiguration.merge(List.of(new Branch(7, 2), new Branch(5, 4))));
        assertEquals("k5e4+k7e2", left.key());
        assertEquals(left, BlockConfiguration.parse("k5e4+k7e2"));
        assertTrue(left.isMixConv());
        BlockConfiguration single = BlockConfiguration.merge(List.of(new Branch(3, 2), new Branch(3, 2), new Branch(7, 0)));
        assertEquals(List.of(new Branch(3, 4)), single.branches());
        assertFalse(single.isMixConv(), "one kernel size left: a plain MBConv");
    }

    @Test
    void zeroedSuperkernelsVanishWhateverTheirKernel() {
        assertEquals(BlockConfiguration.SKIP, BlockConfiguration.merge(List.of(new Branch(5, 0), new Branch(3, 0), new Branch(7, 0))));
        assertTrue(BlockConfiguration.SKIP.isSkip());
        assertEquals(BlockConfiguration.merge(List.of(new Branch(3, 2))),
                BlockConfiguration.merge(List.of(new Branch(3, 2), new Branch(5, 0), new Branch(7, 0))));
    }

    @Test
    void rejectsUnmergedOrBadConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> new BlockConfiguration(List.of(new Branch(5, 2), new Branch(5, 2))));
        assertThrows(IllegalArgumentException.class, () -> new BlockConfiguration(List.of(new Branch(5, 0))));
        assertThrows(IllegalArgumentException.class, () -> BlockConfiguration.parse("k5x2"));
    }

    @Test
    void paperSpaceResidualPositionHas96TuplesAnd16MergedConfigurations() {
        Supernet s = LatencyFixtures.paperSupernet();
        BlockPosition residual = s.blockPositions().get(1);
        assertTrue(residual.residual());
        BlockChoices bc = BlockChoices.of(residual);
        assertEquals(2 * 2 * 2 * 2 * 3 * 2, bc.tupleCount());
        // (n3, n5, n7) with n7 <= 1: n3 + n5 <= 3 without the k7, <= 2 with it: 10 + 6, the skip included
        assertEquals(16, bc.configurations().size());
        assertTrue(bc.configurations().contains(BlockConfiguration.SKIP));
        assertEquals(independentCount(bc), bc.configurations().size());
        // both orders of Fig. 8 land on one entry
        int a = bc.tupleOf(List.of(new Branch(5, 2), new Branch(5, 2), new Branch(3, 0)));
        int b = bc.tupleOf(List.of(new Branch(3, 0), new Branch(5, 2), new Branch(5, 2)));
        int c = bc.tupleOf(List.of(new Branch(5, 2), new Branch(5, 0), new Branch(5, 2)));
        assertEquals(bc.configurationOf(a), bc.configurationOf(b));
        assertEquals(bc.configurationOf(a), bc.configurationOf(c));
        assertEquals(BlockConfiguration.parse("k5e4"), bc.configurations().get(bc.configurationOf(a)));
    }

    @Test
    void paperSpaceNonResidualPositionCannotSkip() {
        BlockPosition first = LatencyFixtures.paperSupernet().blockPositions().get(0);
        assertFalse(first.residual());
        BlockChoices bc = BlockChoices.of(first);
        assertEquals(2 * 2 * 2 * 2 * 3 * 1, bc.tupleCount(), "the 7-superkernel cannot be zeroed without a residual");
        assertEquals(15, bc.configurations().size());
        assertFalse(bc.configurations().contains(BlockConfiguration.SKIP));
        assertThrows(IllegalArgumentException.class,
                () -> bc.tupleOf(List.of(new Branch(3, 2), new Branch(3, 2), new Branch(7, 0))));
    }

    @Test
    void tupleCodesRoundTrip() {
        BlockChoices bc = BlockChoices.of(LatencyFixtures.paperSupernet().blockPositions().get(5));
        Set<Integer> seen = new HashSet<>();
        for (int t = 0; t < bc.tupleCount(); t++) {
            List<Branch> br = bc.branches(t);
            int back = bc.tupleOf(br);
            // a zeroed superkernel is coded with its first kernel: the round trip keeps the configuration
            assertEquals(bc.configurationOf(t), bc.configurationOf(back));
            boolean anyZeroNotFirst = false;
            for (int j = 0; j < br.size(); j++) {
                anyZeroNotFirst |= br.get(j).expansion() == 0 && bc.kernelIndexOf(t, j) != 0;
            }
            if (!anyZeroNotFirst) assertEquals(t, back);
            seen.add(back);
        }
        // distinct choices (a zeroed superkernel counts once): 3 * 3 * 4
        assertEquals(3 * 3 * 4, seen.size());
    }

    @Test
    void mbconvVariantHasSevenChoicesAndSevenConfigurations() {
        BlockPosition p = LatencyFixtures.mbconvSupernet().blockPositions().get(1);
        assertTrue(p.residual());
        BlockChoices bc = BlockChoices.of(p);
        assertEquals(8, bc.tupleCount());
        assertEquals(7, bc.configurations().size());
        assertEquals(7, Supernet.choicesOf(p, 0));
    }

    /** Counts merged configurations by brute force over kernel-size multisets, independently of BlockChoices. */
    private static int independentCount(BlockChoices bc) {
        Set<String> out = new HashSet<>();
        int[] sk1 = {0, 3, 5}, sk3 = {0, 3, 5, 7};
        for (int a : sk1) for (int b : sk1) for (int c : sk3) {
            int[] n = new int[8];
            for (int k : new int[]{a, b, c}) if (k > 0) n[k] += 2;
            out.add(n[3] + "/" + n[5] + "/" + n[7]);
        }
        return out.size();
    }
}
