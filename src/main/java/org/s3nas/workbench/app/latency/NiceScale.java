package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round axis ranges and tick steps (1, 2, 5 × 10^k), and tick labels with just enough decimals. */
public final class NiceScale {
    private NiceScale() {}

    /** The smallest of 1, 2, 2.5, 5, 10 × 10^k that is at least {@code raw}. */
    public static double niceStep(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) return 1;
        double exp = Math.floor(Math.log10(raw));
        double base = Math.pow(10, exp);
        double f = raw / base;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * base;
    }

    /** The smallest 1, 2, 5 × 10^k at least {@code v} (v > 0). */
    public static double niceCeil(double v) {
        double exp = Math.floor(Math.log10(v));
        double base = Math.pow(10, exp);
        double f = v / base;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * base;
    }

    /** About {@code target} ticks covering [min, max]: the range is widened to whole steps. */
    public static Ticks ticks(double min, double max, int target) {
        if (!(max > min)) {
            double pad = Math.max(Math.abs(min) * 0.05, 1e-3);
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / Math.max(1, target));
        double lo = Math.floor(min / step + 1e-9) * step, hi = Math.ceil(max / step - 1e-9) * step;
        List<Double> values = new ArrayList<>();
        for (double v = lo; v <= hi + step * 1e-6; v += step) values.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return new Ticks(lo, hi, step, values);
    }

    /** Ticks of an axis: its range, step and values. */
    public record Ticks(double lower, double upper, double step, List<Double> values) {
        public Ticks {
            values = List.copyOf(values);
        }

        /** A tick value with the decimals the step needs. */
        public String label(double v) {
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
            if (step * Math.pow(10, decimals) % 1 > 1e-6) decimals++;   // 2.5 steps
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
