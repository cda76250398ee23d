package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

/** SPEC §3.3: the closed-form compute cycles of every layer kind. */
class ComputeModelTest {
    private final NpuConfig npu = NpuConfig.midap();

    private Geometry last(Network n) {
        return new Geometry(n, n.layers().get(n.layers().size() - 1), npu, false);
    }

    private Geometry layer(Network n, int i) {
        return new Geometry(n, n.layers().get(i), npu, i == 0);
    }

    @Test
    void pointwiseConv() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        int x = b.input(14, 14, 96);
        b.conv(x, 160, 1, 1, "project");
        // ceil(96/64) * ceil(160/16) * 14 * 14
        assertEquals(2L * 10 * 196, last(b.build()).computeCycles());
        NetworkBuilder b2 = new NetworkBuilder("t", npu);
        b2.conv(b2.input(7, 7, 24), 40, 1, 1, "expand");   // 24 -> padded 32 input rows, 40 -> 48 filters
        assertEquals(1L * 3 * 49, last(b2.build()).computeCycles());
    }

    @Test
    void kxkConvSkipsTapsOnPadding() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        b.conv(b.input(8, 8, 64), 16, 3, 1, "conv");
        // C_in = 64: one FMEM row per valid tap; valid taps per axis sum to 8*3 - 2 = 22
        assertEquals(22L * 22, last(b.build()).computeCycles());
        NetworkBuilder s2 = new NetworkBuilder("t", npu);
        s2.conv(s2.input(8, 8, 64), 32, 3, 2, "conv");
        // stride 2, 4 outputs per axis; only the first output column/row has a tap on padding: 4*3 - 1 = 11
        assertEquals(11L * 11 * 2, last(s2.build()).computeCycles());
    }

    @Test
    void kxkConvWithNarrowChannelsPaysAlignmentBubbles() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        b.conv(b.input(4, 4, 16), 16, 3, 1, "conv");
        Geometry g = last(b.build());
        // k_w * ceil(k_h * 16 / 64) = one row per valid kernel column ...
        long rows = 0;
        for (int o = 0; o < 4; o++) rows += g.validTaps(o, 4, 1);
        rows *= 4;   // ... for each of the 4 output rows
        long cycles = g.computeCycles();
        assertTrue(cycles > rows, "misaligned slabs cost alignment bubbles: " + cycles + " vs " + rows);
        assertTrue(cycles <= 2 * rows, "at most one bubble per kernel column: " + cycles);
        // Worked example (a column is exactly one 64-byte row): border output columns read 2 kernel columns, inner ones
        // 3; output rows 2 and 3 start mid-row and pay one bubble per kernel column: 2+2+4+4 and 3+3+6+6.
        assertEquals(12 + 18 + 18 + 12, cycles);
    }

    @Test
    void depthwiseSkipsPaddingTaps() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        b.depthwise(b.input(56, 56, 144), 3, 1);
        // ceil(192/64) sets * (9 * 56 * 56 - taps on padding (4 * 3 * 56 - 4))
        assertEquals(3L * (9 * 3136 - 668), last(b.build()).computeCycles());
        NetworkBuilder s2 = new NetworkBuilder("t", npu);
        s2.depthwise(s2.input(112, 112, 96), 3, 2);
        // stride 2 on an even map: padding taps only above and left: 3*56 + 3*56 - 1
        assertEquals(2L * (9 * 3136 - 335), last(s2.build()).computeCycles());
        NetworkBuilder k5 = new NetworkBuilder("t", npu);
        k5.depthwise(k5.input(28, 28, 128), 5, 1);
        assertEquals(2L * 134 * 134, last(k5.build()).computeCycles());
    }

    @Test
    void gemmStemRunsOnIm2colRows() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        b.stem(b.input(224, 224, 3), 32, 3, 2);
        Network n = b.build();
        assertEquals(LayerKind.GEMM, n.layers().get(0).kind());
        // ceil(3*3*3/64) * ceil(32/16) * 112 * 112
        assertEquals(1L * 2 * 12544, layer(n, 0).computeCycles());
        NetworkBuilder s7 = new NetworkBuilder("t", npu);
        s7.stem(s7.input(224, 224, 3), 32, 7, 2);
        assertEquals(3L * 2 * 12544, layer(s7.build(), 0).computeCycles());   // ceil(147/64) = 3 rows
        NetworkBuilder wide = new NetworkBuilder("t", npu);
        wide.stem(wide.input(32, 32, 16), 32, 3, 2);
        assertEquals(LayerKind.CONV, wide.build().layers().get(0).kind(), "more than 3 input channels: a plain conv");
    }

    @Test
    void sumAndMulCostOneCyclePer64ChannelRow() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        int x = b.input(56, 56, 24);
        int y = b.conv(x, 24, 1, 1, "project");
        b.sum(y, x);
        assertEquals(56L * 56 * 1, last(b.build()).computeCycles());
        NetworkBuilder m = new NetworkBuilder("t", npu);
        int d = m.depthwise(m.input(14, 14, 480), 3, 1);
        int v = m.fc(m.globalPool(d), 480, "se-expand");
        m.mul(d, v);
        assertEquals(14L * 14 * 8, last(m.build()).computeCycles());          // 480 -> 512 channels: 8 rows
    }

    @Test
    void fusedGlobalPoolDrainsTheReductionBuffer() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        int h = b.conv(b.input(7, 7, 320), 1280, 1, 1, "head");
        b.fc(b.globalPool(h), 1000, "classifier");
        Network n = b.build();
        Geometry head = layer(n, 0);
        // a conv produces 16 channels per cycle: ceil(1280/16) reduction steps
        assertEquals(80, head.reductionCycles);
        assertEquals(5L * 80 * 49 + 80, head.computeCycles());
        assertTrue(n.tensor(n.layers().get(0).output()).virtual(), "the pooled map itself is never stored");
        NetworkBuilder d = new NetworkBuilder("t", npu);
        int dw = d.depthwise(d.input(14, 14, 480), 3, 1);
        int v = d.fc(d.globalPool(dw), 20, "se-reduce");
        d.mul(dw, d.fc(v, 480, "se-expand"));
        assertEquals(8, layer(d.build(), 0).reductionCycles, "a depthwise produces 64 channels per cycle");
    }

    @Test
    void fcIsAPointwiseConvOnTheVector() {
        NetworkBuilder b = new NetworkBuilder("t", npu);
        int h = b.conv(b.input(7, 7, 320), 1280, 1, 1, "head");
        b.fc(b.globalPool(h), 1000, "classifier");
        assertEquals(20L * 63, last(b.build()).computeCycles());
    }
}
