package org.s3nas.workbench.app.timeline;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.npu.TimelineEvent;

/**
 * The state of the Gantt chart, apart from any {@code Node}: the data, which lanes are expanded (so which rows
 * show), the visible time window, the selected slice and the selected range. The chart draws from it and forwards
 * mouse and keys to its commands; tests drive the same commands.
 */
public final class TimelineChartModel {
    /** A selected slice: index {@code slice} of {@code lane}'s slices. */
    public record Selection(Lane lane, int slice) {
        public long start() { return lane.slices().start(slice); }

        public long end() { return lane.slices().end(slice); }

        public int ref() { return lane.slices().ref(slice); }
    }

    /** The narrowest window, in cycles (about a hundred pixels a cycle on a wide screen). */
    public static final double MIN_SPAN = 10;
    /** Room left and right of the network when zoomed out, as a fraction of its length. */
    static final double MARGIN = 0.01;

    private final ReadOnlyObjectWrapper<TimelineData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final Set<String> expanded = new HashSet<>(Set.of("network"));
    private final ObservableList<Lane> rows = FXCollections.observableArrayList();
    private final ObservableList<Lane> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyDoubleWrapper windowStart = new ReadOnlyDoubleWrapper(this, "windowStart", 0);
    private final ReadOnlyDoubleWrapper windowEnd = new ReadOnlyDoubleWrapper(this, "windowEnd", 1);
    private final ReadOnlyObjectWrapper<Selection> selection = new ReadOnlyObjectWrapper<>(this, "selection");
    private final ReadOnlyIntegerWrapper selectedLayer = new ReadOnlyIntegerWrapper(this, "selectedLayer", -1);
    private final ReadOnlyObjectWrapper<RangeTotals> range = new ReadOnlyObjectWrapper<>(this, "range");
    private final ReadOnlyBooleanWrapper replacing = new ReadOnlyBooleanWrapper(this, "replacingData");

    public TimelineChartModel() {
        selection.addListener((obs, old, s) -> selectedLayer.set(layerOf(s)));
    }

    // ---- data and rows ---------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<TimelineData> dataProperty() { return data.getReadOnlyProperty(); }

    public TimelineData getData() { return data.get(); }

    /**
     * Shows new data. With {@code keepView} (the same network simulated again, e.g. after an NPU edit) the window
     * keeps its place as a fraction of the network's length, the expanded lanes stay open, the selected slice stays
     * selected where it still exists and the range is measured again; otherwise everything starts over, zoomed out.
     */
    public void setData(TimelineData d, boolean keepView) {
        TimelineData old = data.get();
        Selection oldSel = selection.get();
        RangeTotals oldRange = range.get();
        double oldStart = windowStart.get(), oldEnd = windowEnd.get();
        replacing.set(true);
        try {
            selection.set(null);
            range.set(null);
            data.set(d);
            if (!keepView || old == null) expanded.retainAll(Set.of("network"));
            refreshRows();
            if (d == null) return;
            if (keepView && old != null) {
                // the same layers stay in view: times map layer by layer, not by absolute cycle
                setWindow(mapTime(old, d, oldStart), mapTime(old, d, oldEnd));
                if (oldSel != null) {
                    Lane lane = d.lane(oldSel.lane().id());
                    if (oldSel.lane().refs() == Lane.Refs.EVENTS) {
                        // events differ between simulations: keep their layer selected instead
                        selectLayer(layerOf(oldSel, old));
                    } else if (lane != null && lane.slices().indexOfRef(oldSel.ref()) >= 0) {
                        selection.set(new Selection(lane, lane.slices().indexOfRef(oldSel.ref())));
                    }
                }
                if (oldRange != null) selectRange(mapTime(old, d, oldRange.start()), mapTime(old, d, oldRange.end()));
            } else {
                fit();
            }
        } finally {
            replacing.set(false);
        }
    }

    /**
     * Where cycle {@code t} of {@code from} is in {@code to}, a simulation of the same layers: at the same fraction of
     * the same layer (before the first layer and after the last, at the same distance).
     */
    static double mapTime(TimelineData from, TimelineData to, double t) {
        int n = Math.min(from.layers().size(), to.layers().size());
        if (n == 0) return t;
        var f = from.layers();
        var g = to.layers();
        if (t < f.get(0).startCycle()) return g.get(0).startCycle() + (t - f.get(0).startCycle());
        if (t >= f.get(n - 1).endCycle()) return g.get(n - 1).endCycle() + (t - f.get(n - 1).endCycle());
        int lo = 0, hi = n - 1;
        while (lo < hi) { // last layer starting at or before t
            int mid = (lo + hi + 1) >>> 1;
            if (f.get(mid).startCycle() <= t) lo = mid;
            else hi = mid - 1;
        }
        var a = f.get(lo);
        var b = g.get(lo);
        double frac = a.cycles() == 0 ? 0 : Math.min(1, (t - a.startCycle()) / a.cycles());
        return b.startCycle() + frac * b.cycles();
    }

    /** True while {@link #setData} replaces the data (a selection restored then is not the user's doing). */
    public ReadOnlyBooleanProperty replacingDataProperty() { return replacing.getReadOnlyProperty(); }

    /** The lanes on screen, top to bottom. */
    public ObservableList<Lane> rows() { return rowsView; }

    public boolean isExpanded(Lane l) { return expanded.contains(l.id()); }

    /** Opens or closes a group lane. */
    public void toggle(Lane l) {
        if (!l.expandable()) return;
        if (!expanded.remove(l.id())) expanded.add(l.id());
        refreshRows();
    }

    public void setExpanded(Lane l, boolean open) {
        if (!l.expandable() || open == expanded.contains(l.id())) return;
        if (open) expanded.add(l.id());
        else expanded.remove(l.id());
        refreshRows();
    }

    /** Opens every group above {@code l}, so that its row shows. */
    public void reveal(Lane l) {
        boolean changed = false;
        for (Lane p = l.parent(); p != null; p = p.parent()) changed |= expanded.add(p.id());
        if (changed) refreshRows();
    }

    /** Opens (or closes) every group. */
    public void expandAll(boolean open) {
        TimelineData d = data.get();
        if (d == null) return;
        if (!open) expanded.clear();
        else for (Lane r : d.rows(l -> true)) if (r.expandable()) expanded.add(r.id());
        refreshRows();
    }

    private void refreshRows() {
        TimelineData d = data.get();
        rows.setAll(d == null ? List.of() : d.rows(this::isExpanded));
    }

    // ---- the visible window ----------------------------------------------------------------------------------

    public ReadOnlyDoubleProperty windowStartProperty() { return windowStart.getReadOnlyProperty(); }

    public ReadOnlyDoubleProperty windowEndProperty() { return windowEnd.getReadOnlyProperty(); }

    public double windowStart() { return windowStart.get(); }

    public double windowEnd() { return windowEnd.get(); }

    public double span() { return windowEnd.get() - windowStart.get(); }

    /** Shows [start, end), kept inside the network (plus a small margin) and no narrower than {@link #MIN_SPAN}. */
    public void setWindow(double start, double end) {
        TimelineData d = data.get();
        if (!(end > start) || Double.isNaN(start)) return;
        double total = d == null ? 1 : Math.max(1, d.totalCycles());
        double lo = -MARGIN * total, hi = total * (1 + MARGIN);
        double span = Math.min(Math.max(end - start, MIN_SPAN), hi - lo);
        double centre = (start + end) / 2;
        double s = centre - span / 2;
        s = Math.max(lo, Math.min(s, hi - span));
        windowStart.set(s);
        windowEnd.set(s + span);
    }

    /** Zooms by {@code factor} (below 1 zooms in) keeping cycle {@code anchor} where it is on screen. */
    public void zoom(double factor, double anchor) {
        double s = windowStart.get(), e = windowEnd.get();
        double span = e - s;
        double newSpan = Math.max(MIN_SPAN, span * factor);
        double frac = span > 0 ? (anchor - s) / span : 0.5;
        frac = Math.max(0, Math.min(1, frac));
        double ns = anchor - frac * newSpan;
        TimelineData d = data.get();
        double total = d == null ? 1 : Math.max(1, d.totalCycles());
        double lo = -MARGIN * total, hi = total * (1 + MARGIN);
        newSpan = Math.min(newSpan, hi - lo);
        ns = Math.max(lo, Math.min(ns, hi - newSpan));
        windowStart.set(ns);
        windowEnd.set(ns + newSpan);
    }

    /** Moves the window by {@code fraction} of its width (positive: later). */
    public void pan(double fraction) {
        double span = span();
        setWindow(windowStart.get() + fraction * span, windowEnd.get() + fraction * span);
    }

    /** Moves the window by {@code cycles}. */
    public void panCycles(double cycles) {
        setWindow(windowStart.get() + cycles, windowEnd.get() + cycles);
    }

    /** Zooms out to the whole network. */
    public void fit() {
        TimelineData d = data.get();
        double total = d == null ? 1 : Math.max(1, d.totalCycles());
        setWindow(-MARGIN * total, total * (1 + MARGIN));
    }

    /** Zooms to [start, end) with a little room on both sides. */
    public void focus(double start, double end) {
        double span = Math.max(end - start, 1);
        double pad = span * 0.08;
        setWindow(start - pad, end + pad);
    }

    /** F: zooms to the selected slice, else to the selected range; false when there is neither. */
    public boolean focusSelection() {
        Selection s = selection.get();
        if (s != null) {
            focus(s.start(), s.end());
            return true;
        }
        RangeTotals r = range.get();
        if (r != null) {
            focus(r.start(), r.end());
            return true;
        }
        return false;
    }

    // ---- selection -------------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Selection> selectionProperty() { return selection.getReadOnlyProperty(); }

    public Selection getSelection() { return selection.get(); }

    /** The layer of the selection (-1 when none, or a block is selected). */
    public ReadOnlyIntegerProperty selectedLayerProperty() { return selectedLayer.getReadOnlyProperty(); }

    public void select(Lane lane, int slice) {
        if (lane == null || slice < 0 || slice >= lane.slices().size()) {
            selection.set(null);
            return;
        }
        selection.set(new Selection(lane, slice));
    }

    public void clearSelection() { selection.set(null); }

    /** Selects layer {@code i} as a slice of the network row (always on screen). */
    public void selectLayer(int i) {
        TimelineData d = data.get();
        if (d == null || i < 0 || i >= d.layers().size()) return;
        Lane net = d.networkLane();
        select(net, net.slices().indexOfRef(i));
    }

    /** Selects block {@code b} (index into the blocks) in its stage row, or as its first layer for stem and head. */
    public void selectBlock(int b) {
        TimelineData d = data.get();
        if (d == null || b < 0 || b >= d.blocks().size()) return;
        TimelineData.Block block = d.blocks().get(b);
        Lane stage = d.lane("stage:" + block.stage());
        if (block.segment() == org.s3nas.workbench.npu.Segment.BLOCK && stage != null) {
            select(stage, stage.slices().indexOfRef(b));
        } else {
            Lane g = d.lane(block.segment() == org.s3nas.workbench.npu.Segment.STEM ? "stem" : "head");
            select(g, 0);
        }
    }

    /** The event a selection stands for, or null when it is a layer or block. */
    public TimelineEvent selectedEvent() {
        Selection s = selection.get();
        TimelineData d = data.get();
        if (s == null || d == null || s.lane().refs() != Lane.Refs.EVENTS) return null;
        return d.events().get(s.ref());
    }

    private int layerOf(Selection s) { return layerOf(s, data.get()); }

    private static int layerOf(Selection s, TimelineData d) {
        if (s == null || d == null) return -1;
        return switch (s.lane().refs()) {
            case LAYERS -> s.ref();
            case EVENTS -> d.events().get(s.ref()).layer();
            case BLOCKS -> -1;
        };
    }

    // ---- range -----------------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<RangeTotals> rangeProperty() { return range.getReadOnlyProperty(); }

    public RangeTotals getRange() { return range.get(); }

    /** Selects [t0, t1) (either order) and measures it; a range narrower than a cycle clears it. */
    public void selectRange(double t0, double t1) {
        TimelineData d = data.get();
        if (d == null || Math.abs(t1 - t0) < 1) {
            range.set(null);
            return;
        }
        range.set(RangeTotals.of(d, t0, t1));
    }

    public void clearRange() { range.set(null); }
}
