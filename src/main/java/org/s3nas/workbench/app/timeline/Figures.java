package org.s3nas.workbench.app.timeline;

import java.util.Locale;

/** How the timeline writes its figures: compact SI counts and binary byte sizes, grouped digits otherwise. */
public final class Figures {
    private Figures() {}

    /** 19,267,584 -> "19.27 M"; 640 -> "640". */
    public static String count(double n) {
        double a = Math.abs(n);
        if (a >= 1e9) return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        if (a >= 1e4) return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** Grouped digits: 1,795,157. */
    public static String exact(double n) { return String.format(Locale.ROOT, "%,.0f", n); }

    /**
     * A stage's number as people read it: stages count from 1, as in the Supernet view (the simulator's
     * {@code stage} index counts from 0).
     */
    public static String stage(int index) { return Integer.toString(index + 1); }

    /** 1,092,816 -> "1.04 MiB"; 900 -> "900 B". */
    public static String bytes(double b) {
        double a = Math.abs(b);
        if (a >= 1 << 30) return String.format(Locale.ROOT, "%.2f GiB", b / (1 << 30));
        if (a >= 1 << 20) return String.format(Locale.ROOT, "%.2f MiB", b / (1 << 20));
        if (a >= 1 << 10) return String.format(Locale.ROOT, "%.1f KiB", b / (1 << 10));
        return String.format(Locale.ROOT, "%.0f B", b);
    }

    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** "part (x %)" of a whole. */
    public static String share(double part, double whole, String text) {
        return whole > 0 ? text + "  (" + percent(part / whole) + ")" : text;
    }
}
