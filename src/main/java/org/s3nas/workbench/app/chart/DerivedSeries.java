package org.s3nas.workbench.app.chart;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;

/**
 * A series as drawn: a run's series (stored over the step) with its x mapped to the chosen axis and, for a smoothed
 * line, its values smoothed ({@link EmaSmoothing}). Rebuilt from the source by {@link #update}, once per frame at
 * most; points whose x has no place on the axis (no recorded time) are left out.
 */
final class DerivedSeries {
    private final DataSet source;
    private final DoubleDataSet data;
    private final boolean smoothed;
    private double[] xs = new double[0], ys = new double[0];

    DerivedSeries(DataSet source, boolean smoothed, String style) {
        this.source = source;
        this.smoothed = smoothed;
        this.data = new DoubleDataSet(source.getName(), 16);
        data.setStyle(style);
    }

    DataSet source() { return source; }

    DoubleDataSet data() { return data; }

    boolean smoothed() { return smoothed; }

    void update(double weight, XAxisMode mode, StepClock clock) {
        int[] count = {0};
        source.lock().readLockGuard(() -> {
            int n = source.getDataCount();
            if (xs.length < n) {
                xs = new double[n];
                ys = new double[n];
            }
            for (int i = 0; i < n; i++) {
                xs[i] = source.get(DataSet.DIM_X, i);
                ys[i] = source.get(DataSet.DIM_Y, i);
            }
            count[0] = n;
        });
        int n = count[0];
        if (smoothed && weight > 0) EmaSmoothing.smooth(ys, n, weight, ys);
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = mode.x(xs[i], clock);
            if (Double.isNaN(x)) continue;
            xs[m] = x;
            ys[m++] = ys[i];
        }
        int kept = m;
        data.lock().writeLockGuard(() -> data.set(xs, ys, kept, true));
    }
}
