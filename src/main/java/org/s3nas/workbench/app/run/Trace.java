package org.s3nas.workbench.app.run;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;

/**
 * One chart series of a run, in a chart-fx {@link DoubleDataSet}, with bounded memory. It keeps every point until it
 * holds {@code capacity} points; then it drops every second point and from there on keeps every 2nd arriving point
 * (then every 4th, ...), so it always spans the whole run evenly with between capacity/2 and capacity points, plus
 * the latest point, which is always shown (kept "provisionally" until the stride reaches it). Points whose x goes
 * backwards are ignored: renderers binary-search sorted x.
 * <p>
 * Not thread-safe by itself: {@link #add} must run under the data set's write lock (see {@link RunSeries#write}),
 * so that a chart reading it under the read lock never sees a half-written point.
 */
public final class Trace {
    private final DoubleDataSet data;
    private final int capacity;
    private long arrivals;
    private int stride = 1;
    private boolean provisional;

    public Trace(String name, int capacity) {
        if (capacity < 4 || capacity % 2 != 0) throw new IllegalArgumentException("capacity must be even and at least 4, was " + capacity);
        this.capacity = capacity;
        this.data = new DoubleDataSet(name, Math.min(capacity, 4096));
    }

    public DoubleDataSet data() { return data; }

    /** Points offered so far (kept or not). */
    public long arrivals() { return arrivals; }

    /** Every how many arriving points one is kept (1 until the capacity was first reached; then a power of 2). */
    public int stride() { return stride; }

    public int capacity() { return capacity; }

    public int size() { return data.getDataCount(); }

    public double lastX() { int n = data.getDataCount(); return n == 0 ? Double.NEGATIVE_INFINITY : data.get(DataSet.DIM_X, n - 1); }

    /** Appends a point; call under {@code data().lock().writeLockGuard(...)}. */
    public void add(double x, double y) { addAll(new double[]{x}, new double[]{y}, 1); }

    /**
     * Appends {@code n} points (one frame's worth) with one bulk write per run of kept points; call under
     * {@code data().lock().writeLockGuard(...)}.
     */
    public void addAll(double[] xs, double[] ys, int n) {
        if (n == 0) return;
        if (provisional) { // the provisional last point is replaced by whatever arrives next
            data.remove(data.getDataCount() - 1);
            provisional = false;
        }
        double[] bx = new double[Math.min(n, capacity)], by = new double[bx.length];
        int m = 0;
        double lastX = lastX(), pendingX = Double.NaN, pendingY = Double.NaN;
        boolean pending = false;
        for (int i = 0; i < n; i++) {
            double x = xs[i], y = ys[i];
            if (x < lastX) continue;
            lastX = x;
            if (arrivals++ % stride != 0) {
                pending = true;
                pendingX = x;
                pendingY = y;
                continue;
            }
            pending = false;
            bx[m] = x;
            by[m++] = y;
            if (data.getDataCount() + m >= capacity || m == bx.length) {
                flush(bx, by, m);
                m = 0;
                if (data.getDataCount() >= capacity && halve()) {
                    pending = true; // the point just kept fell out of the halved series: show it as the latest
                    pendingX = x;
                    pendingY = y;
                }
            }
        }
        flush(bx, by, m);
        if (pending) {
            data.add(pendingX, pendingY);
            provisional = true;
        }
    }

    private void flush(double[] bx, double[] by, int m) {
        if (m == 0) return;
        data.add(java.util.Arrays.copyOf(bx, m), java.util.Arrays.copyOf(by, m));
    }

    /**
     * Keeps the points at even indices (they are the arrivals at multiples of the doubled stride). Returns whether
     * the last point was dropped.
     */
    private boolean halve() {
        int n = data.getDataCount();
        double[] xs = data.getValues(DataSet.DIM_X), ys = data.getValues(DataSet.DIM_Y);
        int half = (n + 1) / 2;
        double[] nx = new double[half], ny = new double[half];
        for (int i = 0; i < half; i++) {
            nx[i] = xs[2 * i];
            ny[i] = ys[2 * i];
        }
        stride *= 2;
        data.set(nx, ny, half, false);
        return (n - 1) % 2 != 0;
    }

    /** Removes every point (a run that is shown again from its history file). */
    public void clear() {
        data.clearData();
        arrivals = 0;
        stride = 1;
        provisional = false;
    }
}
