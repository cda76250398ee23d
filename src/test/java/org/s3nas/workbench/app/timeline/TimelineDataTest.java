package org.s3nas.workbench.app.timeline;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.TimelineEvent;
import org.s3nas.workbench.npu.Track;

import static org.junit.jupiter.api.Assertions.*;

/** The lane tree and block grouping built from a real EfficientNet-B0 simulation. Plain JUnit. */
class TimelineDataTest {
    private final SimulationResult r = Fixtures.efficientNetB0();
    private final TimelineData d = Fixtures.b0Data();

    @Test
    void rootsAreNetworkStemStagesHead() {
        List<String> ids = d.roots().stream().map(Lane::id).toList();
        assertEquals(List.of("network", "stem", "stage:0", "stage:1", "stage:2", "stage:3", "stage:4", "stage:5", "stage:6", "head"), ids);
        assertEquals(Track.values().length, d.networkLane().children().size(), "one machine track per Track");
        for (Track t : Track.values()) {
            assertEquals(r.timeline().events(t).size(), d.trackLane(t).slices().size(), t + ": every event on its track");
        }
        assertEquals(r.layers().size(), d.networkLane().slices().size(), "the network row shows every layer");
    }

    @Test
    void blocksGroupLayersAndSumTheirFigures() {
        // stem + 16 MBConv blocks + head
        assertEquals(18, d.blocks().size());
        long cycles = 0, stalls = 0, macs = 0, bytes = 0;
        for (TimelineData.Block b : d.blocks()) {
            long c = 0, s = 0, m = 0;
            for (int i = b.firstLayer(); i <= b.lastLayer(); i++) {
                LayerResult l = r.layers().get(i);
                c += l.cycles();
                s += l.stallCycles();
                m += l.macs();
                assertSame(b, d.blockOfLayer(i));
            }
            assertEquals(c, b.cycles(), b.label());
            assertEquals(s, b.stallCycles(), b.label());
            assertEquals(m, b.macs(), b.label());
            cycles += b.cycles();
            stalls += b.stallCycles();
            macs += b.macs();
            bytes += b.dramBytes();
        }
        assertEquals(r.layers().get(r.layers().size() - 1).endCycle(), cycles, "blocks tile the network");
        assertEquals(r.stallCycles(), stalls);
        assertEquals(r.macs(), macs);
        assertEquals(r.dramBytes(), bytes);
        assertEquals("Stem", d.blocks().get(0).label());
        assertEquals("Head", d.blocks().get(d.blocks().size() - 1).label());
    }

    @Test
    void stageRowsShowBlocksBlockRowsLayersLayerRowsTheirOwnEvents() {
        Lane stage1 = d.lane("stage:1");
        assertEquals(Lane.Refs.BLOCKS, stage1.refs());
        assertEquals(List.of("Block 1", "Block 2"), stage1.children().stream().map(Lane::label).toList());
        Lane block1 = stage1.children().get(0);
        assertEquals(Lane.Refs.LAYERS, block1.refs());
        assertEquals(List.of("Conv3", "DWConv2", "Linear3", "Linear4", "Mul2", "Conv4"), block1.children().stream().map(Lane::label).toList());
        for (Lane layerLane : block1.children()) {
            int li = layerLane.layer();
            LayerResult l = r.layers().get(li);
            long stall = 0;
            for (int i = 0; i < layerLane.slices().size(); i++) {
                TimelineEvent e = d.events().get(layerLane.slices().ref(i));
                assertEquals(li, e.layer());
                assertTrue(e.track() == Track.COMPUTE || e.track() == Track.STALL || e.track() == Track.REDUCTION);
                if (e.track() == Track.STALL) stall += e.duration();
            }
            assertEquals(l.stallCycles(), stall, l.name() + ": its stall slices add up to its stalls");
            for (Lane traffic : layerLane.children()) {
                for (int i = 0; i < traffic.slices().size(); i++) {
                    TimelineEvent e = d.events().get(traffic.slices().ref(i));
                    assertEquals(li, e.layer());
                    assertEquals(traffic.label(), e.track().label());
                }
            }
        }
        assertSame(block1.children().get(1), d.layerLane(d.layerIndex("DWConv2")));
    }

    @Test
    void rowsFollowTheExpandedLanes() {
        assertEquals(10, d.rows(l -> false).size(), "all collapsed: the roots");
        assertEquals(16, d.rows(l -> l.id().equals("network")).size(), "network open: + 6 tracks");
        List<String> open = new ArrayList<>(List.of("stage:1", "block:1"));
        List<Lane> rows = d.rows(l -> open.contains(l.id()));
        List<String> ids = rows.stream().map(Lane::id).toList();
        int s1 = ids.indexOf("stage:1");
        assertEquals(List.of("stage:1", "block:1", "layer:6", "layer:7", "layer:8", "layer:9", "layer:10", "layer:11", "block:2", "stage:2"),
                ids.subList(s1, s1 + 10));
    }

    @Test
    void rejectsEventsOfUnknownLayers() {
        var bad = new TimelineEvent(Track.COMPUTE, 0, 10, r.layers().size(), 0, 0, "stray", 0);
        var ex = assertThrows(IllegalArgumentException.class, () -> new TimelineData("x", 1, 10, r.layers(), List.of(bad)));
        assertTrue(ex.getMessage().contains("stray"), ex.getMessage());
    }
}
