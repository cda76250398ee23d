package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded pipeline of a simulation: events per track sorted by start, with binary-search helpers so that a view
 * can fetch only what overlaps its visible window.
 */
public final class Timeline {
    private final Map<Track, List<TimelineEvent>> byTrack;
    /** Per track: running maximum of event ends, so overlap queries stay O(log n) even with long events. */
    private final Map<Track, long[]> maxEnd;
    private final long endCycle;

    Timeline(List<TimelineEvent> events, long endCycle) {
        this.endCycle = endCycle;
        this.byTrack = new EnumMap<>(Track.class);
        this.maxEnd = new EnumMap<>(Track.class);
        for (Track t : Track.values()) byTrack.put(t, new ArrayList<>());
        for (TimelineEvent e : events) byTrack.get(e.track()).add(e);
        for (Track t : Track.values()) {
            List<TimelineEvent> list = byTrack.get(t);
            list.sort((a, b) -> a.start() != b.start() ? Long.compare(a.start(), b.start()) : Long.compare(a.end(), b.end()));
            long[] m = new long[list.size()];
            long run = Long.MIN_VALUE;
            for (int i = 0; i < m.length; i++) {
                run = Math.max(run, list.get(i).end());
                m[i] = run;
            }
            byTrack.put(t, Collections.unmodifiableList(list));
            maxEnd.put(t, m);
        }
    }

    static Timeline empty() { return new Timeline(List.of(), 0); }

    /** All events of a track, sorted by start. */
    public List<TimelineEvent> events(Track track) { return byTrack.get(track); }

    /** Every event of every track, sorted by start. */
    public List<TimelineEvent> all() {
        List<TimelineEvent> out = new ArrayList<>();
        for (Track t : Track.values()) out.addAll(byTrack.get(t));
        out.sort((a, b) -> Long.compare(a.start(), b.start()));
        return out;
    }

    public int size() {
        int n = 0;
        for (List<TimelineEvent> l : byTrack.values()) n += l.size();
        return n;
    }

    /** Cycle at which the last layer ends. */
    public long endCycle() { return endCycle; }

    /** Events of {@code track} overlapping [t0, t1), in start order (binary search on both ends). */
    public List<TimelineEvent> overlapping(Track track, long t0, long t1) {
        List<TimelineEvent> list = byTrack.get(track);
        if (list.isEmpty() || t1 <= t0) return List.of();
        long[] m = maxEnd.get(track);
        // first index whose running max end exceeds t0: nothing before it can overlap
        int lo = 0, hi = m.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (m[mid] > t0) hi = mid;
            else lo = mid + 1;
        }
        int from = lo;
        // first index starting at or after t1: nothing from it on can overlap
        lo = from;
        hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).start() >= t1) hi = mid;
            else lo = mid + 1;
        }
        int to = lo;
        List<TimelineEvent> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            TimelineEvent e = list.get(i);
            if (e.end() > t0 || (e.start() == e.end() && e.start() >= t0)) out.add(e);
        }
        return out;
    }

    /** Index of the first event of {@code track} starting at or after {@code t}. */
    public int firstStartingAtOrAfter(Track track, long t) {
        List<TimelineEvent> list = byTrack.get(track);
        int lo = 0, hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).start() >= t) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
