package org.s3nas.workbench.app.search;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;

/**
 * One chart series of a run, in a chart-fx {@link DoubleDataSet}, with bounded memory. It keeps every point until it
 * holds {@code capacity} points; then it drops every second point and from there on keeps every 2nd arriving point
 * (then every 4th, ...), so it always spans the whole run evenly with between capacity/2 and capacity points, plus
 * the latest point, which is always shown (kept "provisionally" until the stride reaches it). Points whose x goes
 * backwards are ignored: renderers binary-search sorted x.
 * <p>
 * Not thread-safe by itself: {@link #add} must run under the data set's write lock (see {@link RunSeries#append}),
 * so that a chart reading it under the read lock never sees a half-written point.
 */
final class Trace {
    private final DoubleDataSet data;
    private final int capacity;
    private long arrivals;
    private int stride = 1;
    private boolean provisional;

    Trace(String name, int capacity) {
        if (capacity < 4 || capacity % 2 != 0) throw new IllegalArgumentException("capacity must be even and at least 4, was " + capacity);
        this.capacity = capacity;
        this.data = new DoubleDataSet(name, Math.min(capacity, 4096));
    }

    DoubleDataSet data() { return data; }

    /** Points offered so far (kept or not). */
    long arrivals() { return arrivals; }

    /** Every how many arriving points one is kept (1 until the capacity was first reached; then a power of 2). */
    int stride() { return stride; }

    int capacity() { return capacity; }

    int size() { return data.getDataCount(); }

    double lastX() { int n = data.getDataCount(); return n == 0 ? Double.NEGATIVE_INFINITY : data.get(DataSet.DIM_X, n - 1); }

    /** Appends a point; call under {@code data().lock().writeLockGuard(...)}. */
    void add(double x, double y) {
        int n = data.getDataCount();
        if (n > 0 && x < data.get(DataSet.DIM_X, n - 1)) return;
        boolean keep = arrivals++ % stride == 0;
        if (provisional) data.set(n - 1, x, y);
        else data.add(x, y);
        provisional = !keep;
        if (!provisional && data.getDataCount() >= capacity) halve(x, y);
    }

    /** Keeps the points at even indices (they are the arrivals at multiples of the doubled stride). */
    private void halve(double lastX, double lastY) {
        int n = data.getDataCount();
        double[] xs = data.getValues(DataSet.DIM_X), ys = data.getValues(DataSet.DIM_Y);
        int half = (n + 1) / 2;
        double[] nx = new double[half], ny = new double[half];
        for (int i = 0; i < half; i++) {
            nx[i] = xs[2 * i];
            ny[i] = ys[2 * i];
        }
        stride *= 2;
        boolean lastDropped = (n - 1) % 2 != 0;
        data.set(nx, ny, half, false);
        if (lastDropped) {
            data.add(lastX, lastY);
            provisional = true;
        }
    }

    /** Removes every point (a run that is shown again from its history file). */
    void clear() {
        data.clearData();
        arrivals = 0;
        stride = 1;
        provisional = false;
    }
}
