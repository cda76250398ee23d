package org.s3nas.workbench.model.edit;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

import static org.junit.jupiter.api.Assertions.*;

class KindConversionTest {
    private static Superkernel sk(List<Integer> k, List<Integer> e, boolean zeroOnly) { return new Superkernel(k, e, zeroOnly); }

    @Test
    void mbConvSplitsIntoOneSuperkernelPerChannelSliceAndBack() {
        List<Superkernel> mb = TestSpaces.mb(); // {3,5} x {0*,2,4,6}
        List<Superkernel> mix = KindConversion.toMixConv(mb);
        assertEquals(List.of(sk(List.of(3, 5), List.of(0, 2), false), sk(List.of(3, 5), List.of(0, 2), false),
                sk(List.of(3, 5), List.of(0, 2), true)), mix);
        assertEquals(mb, KindConversion.toMbConv(mix), "equal steps: the round trip gives the original back");
    }

    @Test
    void thePapersMixConvBlockBecomesOneMbConvSuperkernelOverEverySum() {
        List<Superkernel> mb = KindConversion.toMbConv(SupernetEdits.paperMixConv());
        assertEquals(List.of(sk(List.of(3, 5, 7), List.of(0, 2, 4, 6), true)), mb);
    }

    @Test
    void withoutAZeroTheFirstSliceStays() {
        List<Superkernel> mix = KindConversion.toMixConv(List.of(sk(List.of(3), List.of(2, 4, 6), false)));
        assertEquals(List.of(sk(List.of(3), List.of(2), false), sk(List.of(3), List.of(0, 2), false), sk(List.of(3), List.of(0, 2), false)), mix);
        assertEquals(List.of(sk(List.of(3), List.of(2, 4, 6), false)), KindConversion.toMbConv(mix));
        // unequal slices: every total of the MBConv block stays reachable (and some new ones appear)
        List<Superkernel> uneven = KindConversion.toMixConv(List.of(sk(List.of(3, 5), List.of(0, 1, 3), false)));
        assertEquals(List.of(sk(List.of(3, 5), List.of(0, 1), false), sk(List.of(3, 5), List.of(0, 2), false)), uneven);
        assertTrue(KindConversion.toMbConv(uneven).get(0).expansions().containsAll(List.of(0, 1, 3)));
        // a single candidate cannot be split
        List<Superkernel> single = List.of(sk(List.of(3), List.of(6), false));
        assertSame(single, KindConversion.toMixConv(single));
    }

    @Test
    void aStageConvertsItsKindItsSetAndItsOverrides() {
        Supernet paper = TestSpaces.paper();
        Stage st = paper.stages().get(2).withOverrides(Map.of(3, List.of(sk(List.of(3), List.of(0, 2), false),
                sk(List.of(5), List.of(0, 4), false))));
        Stage mb = KindConversion.convert(st, BlockKind.MBCONV);
        assertEquals(BlockKind.MBCONV, mb.kind());
        assertEquals(1, mb.superkernels().size());
        assertEquals(List.of(sk(List.of(3, 5), List.of(0, 2, 4, 6), false)), mb.overrides().get(3));
        assertSame(st, KindConversion.convert(st, BlockKind.MIXCONV));
        Supernet all = KindConversion.convert(paper, BlockKind.MBCONV);
        assertTrue(TestSpaces.valid(all), "the converted space is valid (the 0* keeps stride-2 blocks from becoming skips)");
        assertTrue(all.stages().stream().allMatch(s -> s.kind() == BlockKind.MBCONV && s.superkernels().size() == 1));
        Supernet back = KindConversion.convert(all, BlockKind.MIXCONV);
        assertTrue(TestSpaces.valid(back));
        assertEquals(List.of(sk(List.of(3, 5, 7), List.of(0, 2), false), sk(List.of(3, 5, 7), List.of(0, 2), false),
                sk(List.of(3, 5, 7), List.of(0, 2), true)), back.stages().get(0).superkernels());
    }
}
