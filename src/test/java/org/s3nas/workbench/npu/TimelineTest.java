package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

class TimelineTest {
    @Test
    void overlappingMatchesABruteForceScan() {
        Random r = new Random(7);
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long s = r.nextInt(100_000);
            long d = r.nextInt(10) == 0 ? r.nextInt(20_000) : r.nextInt(200);   // a few long events
            Track t = Track.values()[r.nextInt(Track.values().length)];
            events.add(new TimelineEvent(t, s, s + d, 0, -1, -1, "e" + i, 0));
        }
        Timeline tl = new Timeline(events, 120_000);
        for (int q = 0; q < 300; q++) {
            long t0 = r.nextInt(110_000), t1 = t0 + r.nextInt(5_000) + 1;
            for (Track t : Track.values()) {
                List<TimelineEvent> expected = new ArrayList<>();
                for (TimelineEvent e : tl.events(t)) if (e.start() < t1 && (e.end() > t0 || (e.start() == e.end() && e.start() >= t0))) expected.add(e);
                assertEquals(expected, tl.overlapping(t, t0, t1), t + " [" + t0 + "," + t1 + ")");
            }
        }
    }

    @Test
    void firstStartingAtOrAfter() {
        SimulationResult r = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("mobilenet-v2"));
        Timeline tl = r.timeline();
        List<TimelineEvent> compute = tl.events(Track.COMPUTE);
        long t = r.layer("Sum1").startCycle();
        int i = tl.firstStartingAtOrAfter(Track.COMPUTE, t);
        assertEquals(true, compute.get(i).start() >= t);
        assertEquals(true, i == 0 || compute.get(i - 1).start() < t);
        assertEquals(r.totalCycles(), tl.endCycle());
    }
}
