package org.s3nas.workbench.app.timeline;

import java.util.Arrays;

/**
 * The slices of one lane: intervals [start, end) in cycles, sorted by start, with a style and a reference (an event,
 * layer or block index) each. Primitive arrays and a running maximum of the ends make the two questions a frame asks
 * cheap: which slices overlap the visible window (two binary searches), and how to draw them when thousands fall into
 * one pixel ({@link #render}: runs of sub-pixel slices merge into one rectangle, jumping a pixel at a time).
 */
public final class Slices {
    /** Narrower than this (in pixels) a slice is merged with its neighbours. */
    public static final double MIN_PX = 1.0;

    /** Receives the rectangles of a frame, left to right. */
    public interface Sink {
        /**
         * @param x      left edge in pixels from the window's start (may be negative for a slice cut by the left edge)
         * @param width  at least {@link #MIN_PX}
         * @param style  the style of the slice, or of the first slice of a merged run
         * @param index  the slice's index in this lane (the first of a merged run)
         * @param count  how many slices the rectangle stands for (1 = a real slice)
         */
        void rect(double x, double width, int style, int index, int count);
    }

    public static final Slices EMPTY = new Builder().build();

    private final long[] start;
    private final long[] end;
    private final long[] maxEnd;
    private final int[] ref;
    private final byte[] style;

    private Slices(long[] start, long[] end, int[] ref, byte[] style) {
        this.start = start;
        this.end = end;
        this.ref = ref;
        this.style = style;
        this.maxEnd = new long[start.length];
        long run = Long.MIN_VALUE;
        for (int i = 0; i < start.length; i++) {
            run = Math.max(run, end[i]);
            maxEnd[i] = run;
        }
    }

    public int size() { return start.length; }

    public long start(int i) { return start[i]; }

    public long end(int i) { return end[i]; }

    /** What slice {@code i} stands for: an index into the events, layers or blocks of the timeline. */
    public int ref(int i) { return ref[i]; }

    public int style(int i) { return style[i]; }

    /** Index of the slice whose reference is {@code r}, or -1 (linear; for selection, not for frames). */
    public int indexOfRef(int r) {
        for (int i = 0; i < ref.length; i++) if (ref[i] == r) return i;
        return -1;
    }

    /** First index whose slice (or an earlier, longer one) ends after {@code t}: nothing before it overlaps [t, ∞). */
    public int firstEndingAfter(double t) {
        int lo = 0, hi = maxEnd.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (maxEnd[mid] > t) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** First index in [from, to) whose slice starts at or after {@code t} ({@code to} when none). */
    public int firstStartingAtOrAfter(double t, int from, int to) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] >= t) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    public int firstStartingAtOrAfter(double t) { return firstStartingAtOrAfter(t, 0, start.length); }

    /**
     * The index range [from, to) that can overlap the window [t0, t1): every slice outside it is entirely before or
     * after the window. Slices inside it that end at or before t0 (possible only when slices overlap each other) are
     * skipped by callers that care.
     */
    public int[] window(double t0, double t1) {
        int from = firstEndingAfter(t0);
        return new int[]{from, firstStartingAtOrAfter(t1, from, start.length)};
    }

    /** Number of slices overlapping [t0, t1). */
    public int countOverlapping(double t0, double t1) {
        int[] w = window(t0, t1);
        int n = 0;
        for (int i = w[0]; i < w[1]; i++) if (end[i] > t0 || (start[i] == end[i] && start[i] >= t0)) n++;
        return n;
    }

    /**
     * Draws the window [t0, t1) at {@code pxPerCycle}: each slice at least {@link #MIN_PX} wide becomes one rectangle;
     * consecutive narrower slices whose gaps are under a pixel become one merged rectangle. Work is bounded by the
     * pixels and the wide slices, not by the slices in the window: a run skips to the next pixel by binary search.
     *
     * @return the number of rectangles emitted
     */
    public int render(double t0, double t1, double pxPerCycle, Sink sink) {
        if (start.length == 0 || !(t1 > t0) || !(pxPerCycle > 0)) return 0;
        final double widthPx = (t1 - t0) * pxPerCycle;
        int i = firstEndingAfter(t0);
        final int to = firstStartingAtOrAfter(t1, i, start.length);
        int rects = 0;
        while (i < to) {
            double xs = (start[i] - t0) * pxPerCycle;
            double xe = (end[i] - t0) * pxPerCycle;
            if (xe <= 0 && end[i] > start[i]) { // an earlier short slice behind a long one: not visible
                i++;
                continue;
            }
            if (xe - xs >= MIN_PX) {
                emit(sink, xs, xe, widthPx, style[i], i, 1);
                rects++;
                i++;
                continue;
            }
            // a run of sub-pixel slices
            double runStart = xs, runEnd = Math.max(xs, xe);
            int first = i, j = i + 1;
            while (j < to) {
                double boundary = Math.floor(runEnd) + 1; // the next pixel edge
                int k = firstStartingAtOrAfter(t0 + boundary / pxPerCycle, j, to);
                if (k > j) {
                    // slices j..k-1 all start inside the run's last pixel; a wide last one is drawn on its own
                    int last = k - 1;
                    if ((end[last] - start[last]) * pxPerCycle >= MIN_PX) {
                        if (last > j) runEnd = Math.max(runEnd, (maxEnd[last - 1] - t0) * pxPerCycle);
                        j = last;
                        break;
                    }
                    runEnd = Math.max(runEnd, (maxEnd[last] - t0) * pxPerCycle);
                    j = k;
                    continue;
                }
                double nxs = (start[j] - t0) * pxPerCycle, nxe = (end[j] - t0) * pxPerCycle;
                if (nxs - runEnd < MIN_PX && nxe - nxs < MIN_PX) {
                    runEnd = Math.max(runEnd, nxe);
                    j++;
                    continue;
                }
                break;
            }
            emit(sink, runStart, Math.max(runEnd, runStart + MIN_PX), widthPx, style[first], first, j - first);
            rects++;
            i = j;
        }
        return rects;
    }

    private static void emit(Sink sink, double xs, double xe, double widthPx, int style, int index, int count) {
        // clip far outside coordinates: the canvas would, but huge doubles cost the rasteriser
        double a = Math.max(xs, -2), b = Math.min(xe, widthPx + 2);
        if (b - a < MIN_PX) b = a + MIN_PX;
        sink.rect(a, b - a, style, index, count);
    }

    /**
     * The slice under cycle {@code t}: one containing it (the shortest when several do), else the nearest within
     * {@code tolerance} cycles; -1 when none.
     */
    public int hit(double t, double tolerance) {
        int[] w = window(t - tolerance, t + tolerance);
        int best = -1;
        double bestDist = Double.MAX_VALUE;
        long bestLen = Long.MAX_VALUE;
        for (int i = w[0]; i < w[1]; i++) {
            double d = t < start[i] ? start[i] - t : t >= end[i] ? t - end[i] : 0;
            if (d > tolerance) continue;
            long len = end[i] - start[i];
            if (d < bestDist || (d == bestDist && len < bestLen)) {
                best = i;
                bestDist = d;
                bestLen = len;
            }
        }
        return best;
    }

    /** Collects slices, then sorts them by start (then end). */
    public static final class Builder {
        private long[] start = new long[16];
        private long[] end = new long[16];
        private int[] ref = new int[16];
        private byte[] style = new byte[16];
        private int n;

        public Builder add(long s, long e, int styleId, int reference) {
            if (e < s) throw new IllegalArgumentException("slice ends before it starts: [" + s + ", " + e + ")");
            if (n == start.length) {
                int cap = n * 2;
                start = Arrays.copyOf(start, cap);
                end = Arrays.copyOf(end, cap);
                ref = Arrays.copyOf(ref, cap);
                style = Arrays.copyOf(style, cap);
            }
            start[n] = s;
            end[n] = e;
            ref[n] = reference;
            style[n] = (byte) styleId;
            n++;
            return this;
        }

        public int size() { return n; }

        public Slices build() {
            Integer[] order = new Integer[n];
            boolean sorted = true;
            for (int i = 0; i < n; i++) {
                order[i] = i;
                if (i > 0 && (start[i] < start[i - 1] || (start[i] == start[i - 1] && end[i] < end[i - 1]))) sorted = false;
            }
            if (!sorted) Arrays.sort(order, (a, b) -> start[a] != start[b] ? Long.compare(start[a], start[b]) : Long.compare(end[a], end[b]));
            long[] s = new long[n], e = new long[n];
            int[] r = new int[n];
            byte[] st = new byte[n];
            for (int i = 0; i < n; i++) {
                int o = order[i];
                s[i] = start[o];
                e[i] = end[o];
                r[i] = ref[o];
                st[i] = style[o];
            }
            return new Slices(s, e, r, st);
        }
    }
}
