package org.s3nas.workbench.app.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.npu.Track;

import static org.junit.jupiter.api.Assertions.*;

/** Visible-window queries, sub-pixel merging and hit testing of a lane's slices. Plain JUnit. */
class SlicesTest {
    private record Rect(double x, double w, int style, int index, int count) {
        double end() { return x + w; }
    }

    private static List<Rect> render(Slices s, double t0, double t1, double widthPx) {
        List<Rect> out = new ArrayList<>();
        s.render(t0, t1, widthPx / (t1 - t0), (x, w, style, index, count) -> out.add(new Rect(x, w, style, index, count)));
        return out;
    }

    private static Slices of(long[][] intervals) {
        Slices.Builder b = new Slices.Builder();
        for (int i = 0; i < intervals.length; i++) b.add(intervals[i][0], intervals[i][1], i % 3, i);
        return b.build();
    }

    @Test
    void windowQueryFindsExactlyTheOverlappingSlicesEvenBehindLongOnes() {
        Random rnd = new Random(7);
        Slices.Builder b = new Slices.Builder();
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long s = rnd.nextInt(1_000_000);
            long len = i % 100 == 0 ? 200_000 : rnd.nextInt(500); // a few long slices overlap many short ones
            b.add(s, s + len, 0, i);
            all.add(new long[]{s, s + len});
        }
        Slices slices = b.build();
        for (int q = 0; q < 200; q++) {
            double t0 = rnd.nextInt(1_100_000) - 50_000, t1 = t0 + 1 + rnd.nextInt(300_000);
            long brute = all.stream().filter(iv -> iv[1] > t0 && iv[0] < t1).count();
            assertEquals(brute, slices.countOverlapping(t0, t1), "window [" + t0 + ", " + t1 + ")");
            int[] w = slices.window(t0, t1);
            for (int i = 0; i < slices.size(); i++) {
                boolean overlaps = slices.end(i) > t0 && slices.start(i) < t1;
                if (overlaps) assertTrue(i >= w[0] && i < w[1], "overlapping slice " + i + " outside the index window");
            }
        }
    }

    @Test
    void wideSlicesAreDrawnOneRectangleEachAtTheirPixels() {
        Slices s = of(new long[][]{{0, 100}, {100, 250}, {400, 1000}});
        List<Rect> r = render(s, 0, 1000, 1000); // 1 px per cycle
        assertEquals(3, r.size());
        assertEquals(new Rect(0, 100, 0, 0, 1), r.get(0));
        assertEquals(new Rect(100, 150, 1, 1, 1), r.get(1));
        assertEquals(400, r.get(2).x(), 1e-9);
        assertEquals(600, r.get(2).w(), 1e-9);
        // zoomed 2x into the middle: the first is cut, the last starts off screen right
        List<Rect> z = render(s, 50, 550, 1000);
        assertEquals(3, z.size());
        assertEquals(-2, z.get(0).x(), 1e-9, "clipped at the left edge");
        assertEquals(700, z.get(2).x(), 1e-9);
    }

    @Test
    void subPixelSlicesMergeIntoOneRectanglePerDenseRun() {
        // 10,000 slices of 1 cycle every 2 cycles over [0, 20,000), then a gap, then 5,000 more over [40,000, 50,000)
        Slices.Builder b = new Slices.Builder();
        for (int i = 0; i < 10_000; i++) b.add(2L * i, 2L * i + 1, 5, i);
        for (int i = 0; i < 5_000; i++) b.add(40_000 + 2L * i, 40_000 + 2L * i + 1, 6, 10_000 + i);
        Slices s = b.build();
        List<Rect> r = render(s, 0, 50_000, 500); // 100 cycles per pixel
        assertEquals(2, r.size(), "two dense runs: " + r);
        assertEquals(10_000, r.get(0).count());
        assertEquals(5_000, r.get(1).count());
        assertEquals(0, r.get(0).x(), 1e-9);
        assertEquals(200, r.get(0).end(), 0.02, "the first run covers [0, 20,000) = 200 px");
        assertEquals(400, r.get(1).x(), 1e-9);
        assertEquals(500, r.get(1).end(), 0.02);
        assertEquals(5, r.get(0).style(), "a merged run keeps its first slice's style");
        // zoomed in until each slice is 2 px wide: no merging at all
        assertEquals(500, render(s, 0, 1000, 1000).size());
    }

    @Test
    void aWideSliceAfterTinyOnesInTheSamePixelKeepsItsOwnRectangle() {
        Slices s = of(new long[][]{{0, 1}, {2, 3}, {4, 5}, {6, 500}});
        List<Rect> r = render(s, 0, 1000, 100); // 10 cycles per pixel: the first three share pixel 0
        assertEquals(2, r.size(), r.toString());
        assertEquals(3, r.get(0).count());
        assertEquals(1, r.get(1).count());
        assertEquals(3, r.get(1).index());
        assertEquals(49.4, r.get(1).w(), 1e-9);
    }

    @Test
    void mergedFrameCoversEverySliceAndStaysBoundedByPixels() {
        TimelineData d = Fixtures.b0Data();
        for (Track t : Track.values()) {
            Slices s = d.trackLane(t).slices();
            double t0 = 0, t1 = d.totalCycles(), width = 800, ppc = width / (t1 - t0);
            List<Rect> r = render(s, t0, t1, width);
            int covered = r.stream().mapToInt(Rect::count).sum();
            assertEquals(s.countOverlapping(t0, t1), covered, t + ": every slice in the window is drawn once");
            assertTrue(r.size() <= 2 * width + 1, t + ": " + r.size() + " rectangles for " + width + " px");
            for (int i = 1; i < r.size(); i++) assertTrue(r.get(i).x() >= r.get(i - 1).x(), "left to right");
            // every slice lies inside some rectangle (to a pixel)
            for (int i = 0; i < s.size(); i++) {
                double xs = (s.start(i) - t0) * ppc, xe = (s.end(i) - t0) * ppc;
                boolean inside = false;
                for (Rect q : r) if (q.x() - 1 <= xs && xe <= q.end() + 1) { inside = true; break; }
                assertTrue(inside, t + " slice " + i + " [" + xs + ", " + xe + ") is not drawn");
            }
        }
    }

    @Test
    void hitFindsTheSliceUnderTheCursorOrTheNearestWithinTolerance() {
        Slices s = of(new long[][]{{0, 100}, {100, 110}, {200, 300}});
        assertEquals(0, s.hit(50, 0));
        assertEquals(1, s.hit(105, 0));
        assertEquals(2, s.hit(195, 10), "nearest within tolerance");
        assertEquals(-1, s.hit(150, 10), "nothing within tolerance");
        assertEquals(-1, s.hit(1000, 5));
        Slices nested = of(new long[][]{{0, 1000}, {400, 420}});
        assertEquals(1, nested.hit(410, 0), "the shortest of the slices containing the point");
    }

    @Test
    void builderSortsByStartAndRejectsBackwardSlices() {
        Slices s = of(new long[][]{{50, 60}, {10, 20}, {30, 40}});
        assertEquals(10, s.start(0));
        assertEquals(1, s.ref(0), "references follow their slices");
        assertEquals(0, s.ref(2));
        assertThrows(IllegalArgumentException.class, () -> new Slices.Builder().add(10, 5, 0, 0));
    }
}
