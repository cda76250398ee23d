package org.s3nas.workbench.model.edit;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Superkernel;

import static org.junit.jupiter.api.Assertions.*;

class CandidateTextTest {
    private final List<Superkernel> paper = SupernetEdits.paperMixConv();

    @Test
    void printsOneGroupPerSuperkernelAndReadsItBack() {
        assertEquals("3, 5  |  3, 5  |  3, 5, 7", CandidateText.kernels(paper));
        assertEquals("0, 2  |  0, 2  |  0*, 2", CandidateText.expansions(paper));
        List<Superkernel> read = CandidateText.withExpansions(CandidateText.withKernels(paper, "3,5|3,5|3,5,7"), "0,2 | 0,2 | 0*,2");
        assertEquals(paper, read);
        assertEquals(List.of(List.of(3, 5, 7)), CandidateText.parseKernels(" 3 5  7 "));
        assertEquals(new CandidateText.ExpansionGroup(List.of(0, 2), true), CandidateText.parseExpansions("0 *, 2").get(0));
    }

    @Test
    void moreKernelGroupsAddSuperkernelsThatStartLikeTheLast() {
        List<Superkernel> four = CandidateText.withKernels(paper, "3 | 3, 5 | 3, 5, 7 | 9");
        assertEquals(4, four.size());
        assertEquals(new Superkernel(List.of(9), List.of(0, 2), false), four.get(3));
        assertTrue(four.get(2).zeroOnlyWithResidual());
        assertEquals(List.of(List.of(3)), CandidateText.withKernels(paper, "3").stream().map(Superkernel::kernelSizes).toList());
    }

    @Test
    void badTextSaysWhatAndWhere() {
        assertEquals("'x' is not a whole number (superkernel 2)",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.parseKernels("3 | 3, x")).getMessage());
        assertEquals("a candidate is missing between two commas",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.parseKernels("3,,5")).getMessage());
        assertEquals("superkernel 3 has no candidates (nothing between two |)",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.parseKernels("3 | 5 |")).getMessage());
        assertEquals("is empty: give the kernel sizes of each superkernel, e.g. 3, 5",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.parseKernels("  ")).getMessage());
        assertEquals("'5*': only an expansion of 0 can be marked *",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.parseKernels("3, 5*")).getMessage());
        assertEquals("'2*' (superkernel 1): only 0 can be marked * (zeroed only where the block has a residual)",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.parseExpansions("2* | 0, 2")).getMessage());
        assertEquals("2 expansion groups for 3 superkernels: give one list per superkernel, separated by |",
                assertThrows(IllegalArgumentException.class, () -> CandidateText.withExpansions(paper, "0, 2 | 0, 2")).getMessage());
    }
}
