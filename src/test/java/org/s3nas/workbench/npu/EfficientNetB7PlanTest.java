package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

/**
 * What EfficientNet-B7 (600 px) does on the planner: on the default FMEM (4 x 256 KiB) every layer runs from the
 * banks, none tiled and none split; the layers nearest to tiling are the depthwise layers whose bank holds exactly one
 * kernel window of columns. A smaller FMEM makes B7 tile; the enlarged-B2 preset (weight memory only) does not.
 */
class EfficientNetB7PlanTest {

    static NpuConfig fmem(int bankKiB) {
        NpuConfig b = NpuConfig.midap();
        return new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), bankKiB * 1024,
                b.wmemBankBytes(), b.wmemDoubleBuffered(), b.ewmemBytes(), b.biasEntries(), b.reductionEntries(),
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), b.timeDramWrites(), b.pipelineFillCycles(), b.bankPolicy(),
                b.reverseWrite());
    }

    private static List<String> tiled(NpuConfig npu) {
        SimulationResult r = new MidapSimulator(npu).simulate(ReferenceNetworks.byName("efficientnet-b7", npu), false);
        assertTrue(r.layers().stream().allMatch(l -> l.channelGroups() == 1), "no layer outgrows the bias or reduction memory");
        return r.layers().stream().filter(LayerResult::tiled).map(LayerResult::name).toList();
    }

    private static List<String> names(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void onTheDefaultFmemNoLayerIsTiled() {
        assertEquals(List.of(), tiled(NpuConfig.midap()));
        assertEquals(List.of(), tiled(NpuPresets.midapEnlargedB2()));
    }

    /**
     * A depthwise layer's bank holds as many whole input columns as fit 256 KiB. Where that is exactly its kernel width,
     * one window fills a bank: the k5 stride-2 layer over 320 channels at 150x150 (48,000-byte columns), the k5 layers
     * over 1,344 channels at 38x38 (51,072 bytes) and over 2,304 channels at 19x19 (43,776 bytes), and the k3 layers over
     * 3,840 channels at 19x19 (72,960 bytes). No layer holds fewer.
     */
    @Test
    void theLayersNearestToTilingHoldOneKernelWindowPerBank() {
        NpuConfig npu = NpuConfig.midap();
        Network net = ReferenceNetworks.byName("efficientnet-b7", npu);
        List<String> oneWindow = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l.kind() != LayerKind.DEPTHWISE) continue;
            Geometry g = new Geometry(net, l, npu, false);
            assertTrue(g.inPlanes >= l.kernel(), l.name() + " holds " + g.inPlanes + " columns per bank");
            if (g.inPlanes == l.kernel()) oneWindow.add(l.name());
        }
        List<String> expected = new ArrayList<>(List.of("DWConv12"));
        expected.addAll(names("DWConv", 30, 51));
        expected.addAll(names("DWConv", 53, 55));
        assertEquals(expected, oneWindow);
    }

    /**
     * With 96 KiB banks a 51,072-byte column leaves one per bank, so the k5 window of DWConv30 to DWConv39 spans more
     * columns than the four banks hold: those ten tile, and nothing else. With 64 KiB banks 42 layers tile.
     */
    @Test
    void aSmallerFmemMakesB7Tile() {
        assertEquals(List.of(), tiled(fmem(128)));
        assertEquals(names("DWConv", 30, 39), tiled(fmem(96)));
        List<String> quarter = tiled(fmem(64));
        assertEquals(42, quarter.size());
        assertTrue(quarter.containsAll(names("DWConv", 12, 18)) && quarter.containsAll(names("DWConv", 29, 51)), quarter.toString());
    }
}
