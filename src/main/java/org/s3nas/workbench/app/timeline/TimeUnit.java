package org.s3nas.workbench.app.timeline;

import java.util.Locale;

/** How the timeline writes time: in NPU cycles, or in microseconds at the simulated clock. */
public enum TimeUnit {
    CYCLES("cycles"),
    MICROSECONDS("µs");

    private final String title;

    TimeUnit(String title) { this.title = title; }

    public String title() { return title; }

    @Override
    public String toString() { return title; }

    /** Cycles in this unit. */
    public double value(double cycles, double clockGHz) {
        return this == CYCLES ? cycles : cycles / (clockGHz * 1e3);
    }

    /** This unit's value in cycles. */
    public double cycles(double value, double clockGHz) {
        return this == CYCLES ? value : value * clockGHz * 1e3;
    }

    /** A duration or instant for text: "75,273 cycles", "75.27 µs", "1.795 ms". */
    public String format(double cycles, double clockGHz) {
        if (this == CYCLES) return String.format(Locale.ROOT, "%,.0f cycles", cycles);
        double us = value(cycles, clockGHz);
        if (Math.abs(us) >= 1000) return String.format(Locale.ROOT, "%,.3f ms", us / 1000);
        if (Math.abs(us) >= 100) return String.format(Locale.ROOT, "%.1f µs", us);
        if (Math.abs(us) >= 1) return String.format(Locale.ROOT, "%.2f µs", us);
        return String.format(Locale.ROOT, "%.0f ns", us * 1000);
    }

    /** Both units, for details: "75,273 cycles · 75.27 µs". */
    public static String both(double cycles, double clockGHz) {
        return CYCLES.format(cycles, clockGHz) + " · " + MICROSECONDS.format(cycles, clockGHz);
    }

    /**
     * The ruler's tick step in this unit: the smallest 1, 2 or 5 × 10^k whose ticks are at least {@code minPx} apart
     * when {@code span} units cover {@code widthPx} pixels.
     */
    public static double tickStep(double span, double widthPx, double minPx) {
        if (!(span > 0) || !(widthPx > 0)) return 1;
        double raw = span * minPx / widthPx;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * pow >= raw) return m * pow;
        return 10 * pow;
    }

    /** A tick label with no more digits than the step needs: 1.2M, 250k, 40 (cycles); 12.5, 1.2 ms (µs). */
    public String tick(double value, double step) {
        if (this == CYCLES) {
            double a = Math.abs(value);
            if (a >= 1e6) return trim(value / 1e6, step / 1e6) + "M";
            if (a >= 1e3) return trim(value / 1e3, step / 1e3) + "k";
            return trim(value, step);
        }
        if (Math.abs(value) >= 1000) return trim(value / 1000, step / 1000) + " ms";
        return trim(value, step) + " µs";
    }

    private static String trim(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
