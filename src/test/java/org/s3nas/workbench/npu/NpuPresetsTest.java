package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

/** The paper's enlarged configuration for EfficientNet-B2 (§5.1): what it enlarges, and why that size. */
class NpuPresetsTest {

    /** B2's conv layers (not the depthwise, not the classifier) whose weights cannot stay on chip for their layer. */
    private static List<String> streamedConvs(NpuConfig npu) {
        Network net = ReferenceNetworks.byName("efficientnet-b2", npu);
        return net.layers().stream()
                .filter(l -> l.kind() == LayerKind.CONV)
                .filter(l -> !new Geometry(net, l, npu, false).loadOnce)
                .map(l -> l.name() + " " + l.role()).toList();
    }

    @Test
    void theNamesGiveTheirConfigurations() {
        assertEquals(List.of("midap", "midap-enlarged-b2"), NpuPresets.names());
        assertEquals(NpuConfig.midap(), NpuPresets.byName("midap").orElseThrow());
        assertEquals(NpuPresets.midapEnlargedB2(), NpuPresets.byName("midap-enlarged-b2").orElseThrow());
        assertTrue(NpuPresets.byName("midap-large").isEmpty());
    }

    @Test
    void theEnlargedConfigurationDoublesEachCimsWeightMemoryAndNothingElse() {
        NpuConfig d = NpuConfig.midap(), e = NpuPresets.midapEnlargedB2();
        assertEquals(32 * 1024, e.wmemBankBytes());
        assertEquals(1024 * 1024, e.wmemTotalBytes());
        NpuConfig back = new NpuConfig(e.clockGHz(), e.bytesPerValue(), e.cims(), e.lanes(), e.fmemBanks(), e.fmemBankBytes(),
                d.wmemBankBytes(), e.wmemDoubleBuffered(), e.ewmemBytes(), e.biasEntries(), e.reductionEntries(),
                e.dramBytesPerCycle(), e.dramLatencyBase(), e.dramLatencyPerPage(), e.dramPageBytes(),
                e.dramLatencyPerBurst(), e.dramBurstBytes(), e.timeDramWrites(), e.pipelineFillCycles(), e.bankPolicy(),
                e.reverseWrite());
        assertEquals(d, back);
    }

    /**
     * On the default configuration B2's last expand and project convs and its head conv stream their weights (the head,
     * 540,672 bytes, is the first EfficientNet head conv over the 512 KiB); on the enlarged one every conv keeps its
     * weights on chip, so 32 KiB per CIM is the smallest power of two that holds them.
     */
    @Test
    void everyEfficientNetB2ConvKeepsItsWeightsOnChipOnlyOnTheEnlargedConfiguration() {
        assertEquals(List.of("Conv44 expand", "Conv45 project", "Conv46 head"), streamedConvs(NpuConfig.midap()));
        assertEquals(List.of(), streamedConvs(NpuPresets.midapEnlargedB2()));
        // B0 and B1 keep their head conv on chip on the default configuration
        for (String name : List.of("efficientnet-b0", "efficientnet-b1")) {
            Network net = ReferenceNetworks.byName(name);
            Layer head = net.layers().stream().filter(l -> l.role().equals("head")).findFirst().orElseThrow();
            assertTrue(new Geometry(net, head, NpuConfig.midap(), false).loadOnce, name);
        }
    }

    @Test
    void efficientNetB2RunsOnBothWithNoLayerSplitOrTiled() {
        for (NpuConfig npu : List.of(NpuConfig.midap(), NpuPresets.midapEnlargedB2())) {
            SimulationResult r = new MidapSimulator(npu).simulate(ReferenceNetworks.byName("efficientnet-b2", npu), false);
            assertTrue(r.totalCycles() > 0);
            assertFalse(r.layers().stream().anyMatch(l -> l.tiled() || l.channelGroups() > 1));
        }
    }
}
