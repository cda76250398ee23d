package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;

class BlockStringTest {

    @Test
    void searchableMixConvStageHasThePapersCandidates() {
        Stage st = BlockString.parseStage("r7_k5,5,7_s22_e2,2,2_i64_o128_c102");
        assertEquals(128, st.width());
        assertEquals(7, st.depth());
        assertEquals(2, st.stride());
        assertEquals(BlockKind.MIXCONV, st.kind());
        assertEquals(List.of(
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true)), st.superkernels());
        assertEquals(0.0, st.seRatio());
        assertEquals(Activation.RELU, st.activation());
        assertTrue(st.residual());
        assertEquals(Map.of(), st.overrides());
    }

    @Test
    void searchableMbConvStageHasOneSuperkernelZeroedOnlyWithResidual() {
        Stage st = BlockString.parseStage("r5_k5_s22_e6_i64_o128_c12");
        assertEquals(BlockKind.MBCONV, st.kind());
        assertEquals(List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), true)), st.superkernels());
    }

    @Test
    void theLargestKernelIsTheOneZeroedOnlyWithResidualWhereverItIs() {
        Stage st = BlockString.parseStage("r2_k7,3,5_s11_e4,2,2_i32_o32_c102_se0.25_noskip_hsw");
        assertEquals(List.of(
                new Superkernel(List.of(3, 5, 7), List.of(0, 2, 4), true),
                new Superkernel(List.of(3), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false)), st.superkernels());
        assertEquals(0.25, st.seRatio());
        assertFalse(st.residual());
        assertEquals(Activation.HSWISH, st.activation());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "r3_k5,5,7_s22_e2,2,2_i32_o32_c102", "r4_k5,5,7_s22_e2,2,2_i32_o64_c102", "r7_k5,5,7_s22_e2,2,2_i64_o128_c102",
            "r4_k5,5,7_s11_e2,2,2_i128_o160_c102", "r11_k5,5,7_s22_e2,2,2_i160_o256_c102",
            "r2_k5_s22_e6_i32_o32_c12", "r8_k5_s22_e6_i160_o256_c12",
            "r2_k7,3,5_s11_e4,2,2_i32_o32_c102_se0.25_noskip_hsw", "r1_k3_s11_e2_i16_o16_c12_relu6"})
    void searchableStringsPrintBackUnchanged(String s) {
        assertEquals(s, BlockString.print(BlockString.parseStage(s), BlockString.parse(s).in()));
    }

    @Test
    void fixedMixConvBlockIsItsBranches() {
        List<Block> blocks = BlockString.parseBlocks("r1_k3,5_s22_e2,4_i32_o32_c100_noskip", 1);
        assertEquals(List.of(new Block(1, 32, 32, 2, false, List.of(new Branch(3, 2), new Branch(5, 4)), 0, Activation.RELU)), blocks);
        assertEquals(6 * 32, blocks.get(0).expandedChannels());
    }

    @Test
    void repeatsAreStrideOneWithInEqualToOut() {
        List<Block> blocks = BlockString.parseBlocks("r3_k3_s22_e6_i24_o40_c0_se0.25_sw", 2);
        assertEquals(3, blocks.size());
        Block first = new Block(2, 24, 40, 2, true, List.of(new Branch(3, 6)), 0.25, Activation.SWISH);
        assertEquals(first, blocks.get(0));
        assertEquals(new Block(2, 40, 40, 1, true, List.of(new Branch(3, 6)), 0.25, Activation.SWISH), blocks.get(1));
        assertEquals(blocks.get(1), blocks.get(2));
        assertEquals(40, blocks.get(2).inChannels());
        assertTrue(blocks.get(2).residual());
        assertEquals(List.of("r3_k3_s22_e6_i24_o40_c0_se0.25_sw"), BlockString.print(blocks));
    }

    @Test
    void printingFixedBlocksMergesEqualKernelsAndFoldsRepeats() {
        Block mixed = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2), new Branch(3, 2), new Branch(5, 0)), 0, Activation.RELU);
        assertEquals("r1_k3_s11_e4_i32_o32_c0", BlockString.print(mixed), "two k3 branches merge into one k3 e4 (paper Fig. 8)");
        List<Block> net = List.of(
                new Block(0, 16, 24, 2, true, List.of(new Branch(3, 2), new Branch(5, 4)), 0, Activation.RELU),
                new Block(0, 24, 24, 1, true, List.of(new Branch(3, 2), new Branch(5, 4)), 0, Activation.RELU),
                new Block(0, 24, 24, 1, true, List.of(new Branch(5, 4), new Branch(3, 2)), 0, Activation.RELU),
                new Block(0, 24, 24, 1, true, List.of(new Branch(7, 2)), 0, Activation.RELU),
                new Block(1, 24, 40, 1, false, List.of(new Branch(7, 2)), 0, Activation.RELU));
        List<String> printed = BlockString.print(net);
        assertEquals(List.of("r3_k3,5_s22_e2,4_i16_o24_c100", "r1_k7_s11_e2_i24_o24_c0", "r1_k7_s11_e2_i24_o40_c0_noskip"), printed);
        List<Block> back = new java.util.ArrayList<>();
        back.addAll(BlockString.parseBlocks(printed.get(0), 0));
        back.addAll(BlockString.parseBlocks(printed.get(1), 0));
        back.addAll(BlockString.parseBlocks(printed.get(2), 1));
        for (int i = 0; i < net.size(); i++) assertEquals(net.get(i).mergedBranches(), back.get(i).mergedBranches());
        assertThrows(IllegalArgumentException.class,
                () -> BlockString.print(new Block(0, 8, 8, 1, true, List.of(new Branch(3, 0)), 0, Activation.RELU)));
    }

    @Test
    void stagesTheFormatCannotExpressAreRefusedWithAReason() {
        Stage irregular = new Stage(32, 2, 1, BlockKind.MIXCONV, List.of(new Superkernel(List.of(5, 7), List.of(0, 2), true)), 0, Activation.RELU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockString.print(irregular, 32));
        assertTrue(e.getMessage().contains("[3, 5, 7]"), e.getMessage());
        Stage overrides = BlockString.parseStage("r2_k5_s11_e6_i32_o32_c12")
                .withOverrides(Map.of(1, List.of(new Superkernel(List.of(3), List.of(0, 2), true))));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlockString.print(overrides, 32)).getMessage().contains("overrides"));
        Stage noZero = new Stage(32, 2, 1, BlockKind.MBCONV, List.of(new Superkernel(List.of(3), List.of(2, 4), false)), 0, Activation.RELU);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlockString.print(noZero, 32)).getMessage().contains("[0, 2, 4]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "r3_k5,x_s22_e2_i32_o32_c12          | k5,x   | 4  | kernel size \"x\" is not a number",
            "r3_k4_s22_e2_i32_o32_c12            | k4     | 4  | must be odd and at least 3",
            "r3_k5_s21_e2_i32_o32_c12            | s21    | 7  | different strides",
            "r3_k5_s2_e2_i32_o32_c12             | s2     | 7  | two digits",
            "r3_k5_s33_e2_i32_o32_c12            | s33    | 7  | stride must be 1 or 2",
            "r3_k5_s22_e2_i32_o32_c16            | c16    | 22 | unsupported block type",
            "r3_k5_k3_s22_e2_i32_o32_c12         | k3     | 7  | appears twice",
            "r0_k5_s22_e2_i32_o32_c12            | r0     | 1  | repeat count must be at least 1",
            "r3_k5,5_s22_e2,2_i32_o32_c12        | k5,5   | 4  | exactly one kernel size",
            "r3_k5,5,7_s22_e2,2_i32_o32_c102     | e2,2   | 15 | 3 kernel sizes but 2 expansions",
            "r3__k5_s22_e2_i32_o32_c12           | ''     | 4  | empty token",
            "r3_k5_s22_e2_i32_o32_c12_x5         | x5     | 26 | unknown token",
            "r3_k5_s22_e3_i32_o32_c12            | e3     | 11 | must be even and at least 2",
            "r3_k5_s22_e2_i32_o32_c12_se1.5      | se1.5  | 26 | SE ratio must be in (0, 1]",
            "r3_k5_s22_e2.5_i32_o32_c0           | e2.5   | 11 | not a whole number",
            "r3_k5_s22_e0_i32_o32_c0             | e0     | 11 | at least 1",
            "r3_k5_s22_e2_iabc_o32_c12           | iabc   | 14 | input width \"abc\" is not a whole number",
            "r3_k5_s22_e2_i32_o32_c12_relu_hsw   | hsw    | 31 | a second activation",
            "r3_k5_s22_e2_i32_o32_c12_noskip_noskip | noskip | 33 | appears twice",
            "r3_k5_s22_e2_i32_o_c12              | o      | 18 | has no value",
            "r3_k5_s22_e2_i32_o32_c102,5         | c102,5 | 22 | unsupported block type"})
    void malformedStringsNameTheTokenAndColumn(String s, String token, int column, String words) {
        BlockStringException e = assertThrows(BlockStringException.class, () -> BlockString.parse(s));
        assertEquals(token, e.token(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertEquals(s.charAt(column - 1), (s + " ").charAt(column - 1));
        assertTrue(s.startsWith(token, column - 1), "column points at the token");
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.getMessage().contains("at column " + column), e.getMessage());
    }

    @Test
    void missingPartsAreNamed() {
        BlockStringException e = assertThrows(BlockStringException.class, () -> BlockString.parse("r3_k5_s22_e2_i32_c12"));
        assertTrue(e.getMessage().contains("no o<...> token (output width)"), e.getMessage());
        assertEquals(null, e.token());
        assertTrue(assertThrows(BlockStringException.class, () -> BlockString.parse(" ")).getMessage().contains("is empty"));
    }

    @Test
    void fixedAndSearchableFormsAreNotConfused() {
        assertTrue(assertThrows(BlockStringException.class, () -> BlockString.parseStage("r1_k3_s11_e6_i16_o16_c0"))
                .getMessage().contains("not a searchable stage"));
        assertTrue(assertThrows(BlockStringException.class, () -> BlockString.parseBlocks("r1_k3_s11_e6_i16_o16_c12", 0))
                .getMessage().contains("searchable block"));
    }

    @Test
    void theAuthorsDefaultsApply() {
        BlockString.Parsed p = BlockString.parse("r1_k3_s11_e1.0_i32_o16");
        assertEquals(BlockString.Type.MBCONV, p.type(), "no c token means c0");
        assertEquals(List.of(1), p.expansions(), "the authors write expansions as floats");
        assertEquals(Activation.RELU, p.activation());
        assertEquals(0.0, p.seRatio());
    }
}
