package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;

/** The mechanisms of SPEC §3.2/§3.4 as they show in whole-network runs. */
class SimulatorBehaviourTest {
    static SimulationResult v2;

    @BeforeAll
    static void run() {
        v2 = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("mobilenet-v2"));
    }

    static NpuConfig with(BankPolicy p) {
        NpuConfig b = NpuConfig.midap();
        return new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), b.fmemBankBytes(),
                b.wmemBankBytes(), b.wmemDoubleBuffered(), b.ewmemBytes(), b.biasEntries(), b.reductionEntries(),
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), b.timeDramWrites(), b.pipelineFillCycles(), p, b.reverseWrite());
    }

    @Test
    void outputsThatDoNotFitSpillAndTheNextLayerReadsThemBack() {
        // DWConv1's output (112x112x64, 4 banks) keeps 2 banks on chip; the other 40 columns go to DRAM...
        LayerResult dw = v2.layer("DWConv1"), conv = v2.layer("Conv2");
        assertEquals(40L * 112 * 64, dw.dramBytesWritten());
        // ... and Conv2 loads exactly those columns (plus the prefetch of Conv3's weights and bias)
        long featureBytes = v2.timeline().events(Track.FEATURE_LOAD).stream()
                .filter(e -> e.layer() == conv.index() && e.label().contains("input fragment"))
                .mapToLong(TimelineEvent::bytes).sum();
        assertEquals(dw.dramBytesWritten(), featureBytes);
        assertEquals(3497, conv.featureStall(), "the reload is not hidden: 8064 cycles of work against an 11,522-cycle load");
    }

    @Test
    void layersThatFitStayOnChip() {
        // From the 28x28 stages on, every map fits: no feature loads, no spills except DRAM-bound tensors
        for (LayerResult l : v2.layers()) {
            if (l.index() < v2.layer("Conv8").index() || l.kind() == LayerKind.FC) continue;
            assertEquals(0, l.featureStall(), l.name());
        }
    }

    @Test
    void nextLayerWeightsArePrefetched() {
        List<LayerResult> layers = v2.layers();
        for (int i = 1; i < layers.size(); i++) {
            LayerResult l = layers.get(i);
            String label = "prefetch " + l.name();
            TimelineEvent e = v2.timeline().events(Track.WEIGHT_LOAD).stream()
                    .filter(x -> x.label().startsWith(label + " ")).findFirst().orElse(null);
            assertNotNull(e, "no prefetch of " + l.name());
            assertEquals(i - 1, e.layer(), l.name() + " is prefetched by the previous layer");
            assertTrue(e.start() < l.endCycle(), l.name() + " prefetch is on its way before the layer ends");
        }
        // Linear1's first 16 filters (20 KiB) arrive 555 cycles into it: its stall is 555 + 62 groups * (820 - 20)
        assertEquals(555 + 62 * 800, v2.layer("Linear1").weightStall());
    }

    @Test
    void stallsAreAccountedPerCause() {
        assertEquals(10192, v2.layer("Sum1").weightStall(), "the residual operand comes through the weight path");
        assertEquals(0, v2.layer("Sum1").featureStall());
        assertEquals(16325, v2.layer("Conv1").featureStall(), "the stem waits for its im2col input");
        long sum = 0;
        for (LayerResult l : v2.layers()) {
            assertEquals(l.cycles(), l.computeCycles() + l.stallCycles(), l.name());
            sum += l.stallCycles();
        }
        assertEquals(v2.stallCycles(), sum);
    }

    @Test
    void layersRunBackToBack() {
        long t = 0;
        for (LayerResult l : v2.layers()) {
            assertEquals(t, l.startCycle(), l.name());
            t = l.endCycle();
        }
        assertEquals(v2.totalCycles(), t);
        assertEquals(0.990038, v2.latencyMs(), 1e-9);
    }

    @Test
    void timelineEventsAreSortedTaggedAndConsistent() {
        Timeline tl = v2.timeline();
        long stalls = 0;
        for (Track t : Track.values()) {
            List<TimelineEvent> es = tl.events(t);
            for (int i = 1; i < es.size(); i++) assertTrue(es.get(i - 1).start() <= es.get(i).start(), t + " sorted");
            for (TimelineEvent e : es) {
                assertTrue(e.end() >= e.start());
                LayerResult l = v2.layers().get(e.layer());
                assertEquals(l.block(), e.block());
                assertEquals(l.stage(), e.stage());
                if (t == Track.STALL) stalls += e.duration();
            }
        }
        assertEquals(v2.stallCycles(), stalls);
        assertFalse(tl.events(Track.REDUCTION).isEmpty(), "Conv35's fused global pool");
        assertEquals(80, tl.events(Track.REDUCTION).get(0).duration());
    }

    @Test
    void cyclesWithoutRecordingEqualsFullSimulationAndIsDeterministic() {
        MidapSimulator sim = new MidapSimulator(NpuConfig.midap());
        for (String name : List.of("mobilenet-v1", "efficientnet-b0", "s3nas-supernet-largest")) {
            Network n = ReferenceNetworks.byName(name);
            long a = sim.cycles(n);
            SimulationResult r = sim.simulate(n);
            assertEquals(a, r.totalCycles(), name);
            assertEquals(a, sim.cycles(n), name + " twice");
            assertEquals(0, sim.simulate(n, false).timeline().size());
        }
        assertEquals(990_038, sim.cycles(ReferenceNetworks.architecture("mobilenet-v2").orElseThrow()));
    }

    @Test
    void bankPoliciesDoWhatTheyPromise() {
        for (String name : List.of("mobilenet-v2", "efficientnet-lite2", "mobilenet-v1")) {
            SimulationResult blocking = new MidapSimulator(with(BankPolicy.MIN_BLOCKING)).simulate(ReferenceNetworks.byName(name));
            SimulationResult dram = new MidapSimulator(with(BankPolicy.MIN_DRAM)).simulate(ReferenceNetworks.byName(name));
            SimulationResult fixed = new MidapSimulator(with(BankPolicy.DOUBLE_BUFFER)).simulate(ReferenceNetworks.byName(name));
            assertTrue(blocking.totalCycles() <= dram.totalCycles(), name + ": least blocking is fastest");
            assertTrue(blocking.totalCycles() <= fixed.totalCycles(), name + ": least blocking beats fixed double buffering");
            assertTrue(dram.dramBytes() <= blocking.dramBytes(), name + ": least DRAM moves least");
            assertTrue(dram.dramBytes() <= fixed.dramBytes(), name + ": least DRAM moves less than double buffering");
        }
    }

    @Test
    void reverseWriteKeepsTheLastProducedFragmentsForTheNextLayer() {
        // Conv1 keeps 2 of its 4 output banks; written in reverse, the kept columns are produced last, in banks the
        // input freed, and DWConv1 then reads them first.
        NpuConfig npu = NpuConfig.midap();
        Network n = ReferenceNetworks.byName("mobilenet-v2");
        Dram dram = new Dram(npu);
        Fmem fmem = new Fmem(4, false);
        Geometry stem = new Geometry(n, n.layers().get(0), npu, true);
        LayerProgram p = new LayerCompiler(stem, dram, BankPolicy.MIN_BLOCKING, true, -1, -1, stem.inChunks, false, 0).compile(fmem);
        assertTrue(p.reverseWrite);
        assertEquals(2, p.output.size());
        assertEquals(0, p.output.get(0).head(), "listed in stored order for the reader");
        assertEquals(72, p.onChipOutputUnits());
        Geometry dw = new Geometry(n, n.layers().get(1), npu, false);
        LayerProgram q = new LayerCompiler(dw, dram, BankPolicy.MIN_BLOCKING, true, -1, -1, dw.inChunks, true, 0).compile(fmem);
        assertEquals(2, q.initialFragments, "DWConv1 starts from the two fragments Conv1 left");
        assertEquals(72, q.input.get(2).head, "and loads the rest");
    }

    @Test
    void reverseWriteCanBeSwitchedOff() {
        NpuConfig npu = NpuConfig.midap();
        Network n = ReferenceNetworks.byName("mobilenet-v2");
        Geometry stem = new Geometry(n, n.layers().get(0), npu, true);
        LayerProgram p = new LayerCompiler(stem, new Dram(npu), BankPolicy.MIN_BLOCKING, false, true, -1, -1, stem.inChunks,
                false, 0).compile(new Fmem(4, false));
        assertFalse(p.reverseWrite);
        NpuConfig b = NpuConfig.midap();
        NpuConfig off = new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), b.fmemBankBytes(),
                b.wmemBankBytes(), b.wmemDoubleBuffered(), b.ewmemBytes(), b.biasEntries(), b.reductionEntries(),
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), b.timeDramWrites(), b.pipelineFillCycles(), b.bankPolicy(), false);
        long without = new MidapSimulator(off).cycles(n);
        assertTrue(without > v2.totalCycles(), "reverse writing pays off on MobileNetV2: " + without);
    }

    @Test
    void singleBufferedWeightsCannotLoadWhileComputing() {
        NpuConfig b = NpuConfig.midap();
        NpuConfig single = new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), b.fmemBankBytes(),
                b.wmemBankBytes(), false, b.ewmemBytes(), b.biasEntries(), b.reductionEntries(),
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), b.timeDramWrites(), b.pipelineFillCycles(), b.bankPolicy(), b.reverseWrite());
        SimulationResult r = new MidapSimulator(single).simulate(ReferenceNetworks.byName("mobilenet-v2"));
        assertTrue(r.layer("Conv15").weightStall() > v2.layer("Conv15").weightStall(), "each group waits for the previous to finish");
        assertTrue(r.layer("Linear1").weightStall() > v2.layer("Linear1").weightStall());
        assertTrue(r.totalCycles() > v2.totalCycles());
    }

    @Test
    void dramWritesCanBeTimed() {
        NpuConfig b = NpuConfig.midap();
        NpuConfig timed = new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), b.fmemBankBytes(),
                b.wmemBankBytes(), b.wmemDoubleBuffered(), b.ewmemBytes(), b.biasEntries(), b.reductionEntries(),
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), true, b.pipelineFillCycles(), b.bankPolicy(), b.reverseWrite());
        long untimed = v2.totalCycles();
        long withWrites = new MidapSimulator(timed).cycles(ReferenceNetworks.byName("mobilenet-v2"));
        assertTrue(withWrites > untimed, "writes occupy the FIFO: " + withWrites + " vs " + untimed);
    }

    @Test
    void theSeInputStaysInFmemForTheMul() {
        SimulationResult b0 = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("efficientnet-b0"));
        // From the 28x28 blocks on the depthwise output fits beside the squeeze FCs: the Mul reads it on chip
        for (LayerResult l : b0.layers()) {
            if (l.kind() == LayerKind.MUL && l.block() >= 5) assertEquals(0, l.featureStall(), l.name());
        }
    }
}
