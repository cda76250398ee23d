package org.s3nas.workbench.app.chart;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What a dashboard's user chose for its run charts (a view-model's part, no nodes): the smoothing weight of loss and
 * accuracy (0 .. {@link EmaSmoothing#MAX_WEIGHT}) and the x axis. {@link #wallClockAvailableProperty} says whether the
 * shown run has times at all ({@link #shownClocks}); while it has none the charts stay on the step ({@link #effectiveXAxis}).
 */
public final class ChartOptions {
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0);
    private final ObjectProperty<XAxisMode> xAxis = new SimpleObjectProperty<>(this, "xAxis", XAxisMode.STEP);
    private final BooleanProperty wallClockAvailable = new SimpleBooleanProperty(this, "wallClockAvailable", true);

    public ChartOptions() {
        smoothing.addListener((obs, o, n) -> {
            double w = n.doubleValue();
            double clamped = Double.isNaN(w) ? 0 : Math.max(0, Math.min(EmaSmoothing.MAX_WEIGHT, w));
            if (clamped != w) smoothing.set(clamped);
        });
        xAxis.addListener((obs, o, n) -> { if (n == null) xAxis.set(XAxisMode.STEP); });
    }

    public DoubleProperty smoothingProperty() { return smoothing; }

    public double smoothing() { return smoothing.get(); }

    public ObjectProperty<XAxisMode> xAxisProperty() { return xAxis; }

    public BooleanProperty wallClockAvailableProperty() { return wallClockAvailable; }

    /**
     * The clocks of the run(s) shown: the wall clock is available when one of them recorded times (a history written
     * before times were kept has none). Call when the shown runs change and as a live run's clock fills.
     */
    public void shownClocks(java.util.List<StepClock> clocks) {
        boolean timed = false;
        for (StepClock c : clocks) timed |= !c.isEmpty();
        if (wallClockAvailable.get() != timed) wallClockAvailable.set(timed);
    }

    /** The axis the charts draw: the chosen one, or the step while the shown run has no times. */
    public XAxisMode effectiveXAxis() { return wallClockAvailable.get() ? xAxis.get() : XAxisMode.STEP; }
}
