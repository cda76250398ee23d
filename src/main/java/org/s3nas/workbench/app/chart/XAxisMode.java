package org.s3nas.workbench.app.chart;

import java.util.Locale;

/**
 * What the x axis of a run's charts counts: the optimiser step, or the wall-clock time elapsed since the run's start
 * (across resumes) as its {@link StepClock} recorded it. Series are stored over the step; {@link #x} maps a step to
 * the axis.
 */
public enum XAxisMode {
    STEP("Step", "step"),
    WALL_CLOCK("Wall clock", "elapsed (h:mm:ss)");

    private final String label, axisName;

    XAxisMode(String label, String axisName) {
        this.label = label;
        this.axisName = axisName;
    }

    /** The choice as the toggle shows it. */
    public String label() { return label; }

    /** The x axis' title. */
    public String axisName() { return axisName; }

    /** The axis position of {@code step}: the step itself, or its elapsed seconds (NaN if the clock has none). */
    public double x(double step, StepClock clock) { return this == STEP ? step : clock.elapsedAt(step); }

    /** The step at axis position {@code x}. */
    public double step(double x, StepClock clock) { return this == STEP ? x : clock.stepAt(x); }

    /** A tick label: "1,200" steps, or "1:05" / "2:03:07" elapsed. */
    public String tick(double x) { return this == STEP ? String.format(Locale.ROOT, "%,.0f", x) : clock(x); }

    /** The readout's x line: "step 1,234", or "elapsed 2:05 · step 1,234". */
    public String readout(double x, StepClock clock) {
        if (this == STEP) return "step " + String.format(Locale.ROOT, "%,.0f", x);
        double step = clock.stepAt(x);
        return "elapsed " + clock(x) + (Double.isNaN(step) ? "" : " · step " + String.format(Locale.ROOT, "%,.0f", Math.rint(step)));
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on (negative ticks left of 0 keep their sign). */
    static String clock(double seconds) {
        if (Double.isNaN(seconds)) return "—";
        long s = Math.round(Math.abs(seconds));
        String sign = seconds < 0 && s > 0 ? "-" : "";
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%s%d:%02d:%02d", sign, h, m, sec) : String.format(Locale.ROOT, "%s%d:%02d", sign, m, sec);
    }
}
