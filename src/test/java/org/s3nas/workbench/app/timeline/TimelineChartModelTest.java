package org.s3nas.workbench.app.timeline;

import org.junit.jupiter.api.Test;
import org.s3nas.workbench.npu.LayerResult;

import static org.junit.jupiter.api.Assertions.*;

/** The chart's window, rows and selection commands. Plain JUnit. */
class TimelineChartModelTest {
    private final TimelineData d = Fixtures.b0Data();

    private TimelineChartModel model() {
        TimelineChartModel m = new TimelineChartModel();
        m.setData(d, false);
        return m;
    }

    @Test
    void startsZoomedOutOnTheNetworkWithItsTracksOpen() {
        TimelineChartModel m = model();
        assertTrue(m.windowStart() < 0 && m.windowEnd() > d.totalCycles());
        assertEquals(16, m.rows().size());
        assertEquals("network", m.rows().get(0).id());
    }

    @Test
    void zoomKeepsTheAnchorInPlaceAndPanMovesByAFraction() {
        TimelineChartModel m = model();
        m.setWindow(100_000, 500_000);
        double anchor = 200_000; // a quarter into the window
        m.zoom(0.5, anchor);
        assertEquals(200_000, m.span(), 1e-6);
        assertEquals(0.25, (anchor - m.windowStart()) / m.span(), 1e-12);
        m.pan(0.1);
        assertEquals(150_000 + 20_000, m.windowStart(), 1e-6);
        assertEquals(200_000, m.span(), 1e-6);
        m.zoom(1e-9, 300_000);
        assertEquals(TimelineChartModel.MIN_SPAN, m.span(), 1e-9, "no narrower than the minimum");
        m.zoom(1e9, 300_000);
        assertEquals(d.totalCycles() * (1 + 2 * TimelineChartModel.MARGIN), m.span(), 1e-6, "no wider than the network");
    }

    @Test
    void windowStaysInsideTheNetwork() {
        TimelineChartModel m = model();
        m.setWindow(0, 100_000);
        m.pan(-5);
        assertEquals(-TimelineChartModel.MARGIN * d.totalCycles(), m.windowStart(), 1e-6);
        m.pan(1_000);
        assertEquals(d.totalCycles() * (1 + TimelineChartModel.MARGIN), m.windowEnd(), 1e-6);
        assertEquals(100_000, m.span(), 1e-6);
    }

    @Test
    void focusZoomsToTheSelectionThenTheRange() {
        TimelineChartModel m = model();
        assertFalse(m.focusSelection());
        m.selectRange(300_000, 400_000);
        assertTrue(m.focusSelection());
        assertTrue(m.windowStart() < 300_000 && m.windowStart() > 290_000);
        int conv3 = d.layerIndex("Conv3");
        m.selectLayer(conv3);
        assertEquals(conv3, m.selectedLayerProperty().get());
        assertTrue(m.focusSelection());
        LayerResult l = d.layers().get(conv3);
        assertTrue(m.windowStart() < l.startCycle() && m.windowEnd() > l.endCycle());
        assertTrue(m.span() < l.cycles() * 1.2, "zoomed onto the layer");
    }

    @Test
    void revealAndToggleOpenGroups() {
        TimelineChartModel m = model();
        Lane dw = d.layerLane(d.layerIndex("DWConv2"));
        assertFalse(m.rows().contains(dw));
        m.reveal(dw);
        assertTrue(m.rows().contains(dw));
        m.toggle(d.lane("stage:1"));
        assertFalse(m.rows().contains(dw));
        m.expandAll(true);
        assertEquals(d.rows(l -> true).size(), m.rows().size());
        m.expandAll(false);
        assertEquals(d.roots().size(), m.rows().size());
    }

    @Test
    void aReSimulationKeepsTheSameLayersInViewAndInTheRange() {
        var npu = org.s3nas.workbench.model.NpuConfig.midap();
        var slow = new org.s3nas.workbench.model.NpuConfig(npu.clockGHz(), npu.bytesPerValue(), npu.cims(), npu.lanes(),
                npu.fmemBanks(), npu.fmemBankBytes(), npu.wmemBankBytes(), npu.wmemDoubleBuffered(), npu.ewmemBytes(),
                npu.biasEntries(), npu.reductionEntries(), 5, npu.dramLatencyBase(), npu.dramLatencyPerPage(),
                npu.dramPageBytes(), npu.dramLatencyPerBurst(), npu.dramBurstBytes(), npu.timeDramWrites(),
                npu.pipelineFillCycles(), npu.bankPolicy(), npu.reverseWrite());
        TimelineData slower = TimelineData.of(new org.s3nas.workbench.npu.MidapSimulator(slow)
                .simulate(org.s3nas.workbench.npu.ReferenceNetworks.byName("efficientnet-b0", slow)), 1.0);
        assertTrue(slower.totalCycles() > d.totalCycles());
        TimelineChartModel m = model();
        LayerResult a = d.layers().get(40), b = d.layers().get(45);
        m.setWindow(a.startCycle(), b.endCycle());
        m.selectRange(a.startCycle() + a.cycles() / 2.0, b.endCycle());
        m.setData(slower, true);
        LayerResult a2 = slower.layers().get(40), b2 = slower.layers().get(45);
        assertEquals(a2.startCycle(), m.windowStart(), 1e-6, "the window starts where layer 40 now starts");
        assertEquals(b2.endCycle(), m.windowEnd(), 1e-6);
        assertEquals(a2.startCycle() + a2.cycles() / 2.0, m.getRange().start(), 1e-6, "half-way into layer 40, as before");
        assertEquals(6, m.getRange().layers());
    }

    @Test
    void newDataOfTheSameNetworkKeepsTheViewElseStartsOver() {
        TimelineChartModel m = model();
        m.setWindow(200_000, 400_000);
        m.toggle(d.lane("stage:2"));
        m.selectLayer(12);
        m.selectRange(250_000, 300_000);
        TimelineData again = Fixtures.b0Data();
        m.setData(again, true);
        assertEquals(200_000, m.windowStart(), 1e-6);
        assertTrue(m.isExpanded(again.lane("stage:2")));
        assertEquals(12, m.selectedLayerProperty().get());
        assertSame(again, m.getData());
        assertNotNull(m.getRange());
        m.setData(again, false);
        assertNull(m.getSelection());
        assertNull(m.getRange());
        assertFalse(m.isExpanded(again.lane("stage:2")));
        assertTrue(m.windowStart() < 0);
    }
}
