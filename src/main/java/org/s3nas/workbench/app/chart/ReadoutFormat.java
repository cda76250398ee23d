package org.s3nas.workbench.app.chart;

import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a hover readout writes a value: four significant figures with its unit, or a fraction as a percentage. */
public final class ReadoutFormat {
    private static final Pattern LINE_COLOUR = Pattern.compile("-fx-line-color:\\s*([^;]+)");

    private ReadoutFormat() {}

    /** "2,500 ms", "0.8123", "1.235e-05" (NaN: "—"); {@code unit} may be null. */
    public static String value(double v, String unit) {
        String u = unit == null || unit.isBlank() ? "" : " " + unit;
        if (Double.isNaN(v)) return "—";
        if (Double.isInfinite(v)) return (v > 0 ? "∞" : "-∞") + u;
        if (v == 0) return "0" + u;
        double a = Math.abs(v);
        if (a >= 1e7 || a < 1e-3) return String.format(Locale.ROOT, "%.3e", v) + u;
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        if (s.indexOf('.') >= 0) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + u;
    }

    /** A formatter for {@link #value} in {@code unit}. */
    public static DoubleFunction<String> in(String unit) { return v -> value(v, unit); }

    /** A fraction as a percentage with two decimals: 0.81234 -> "81.23 %". */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    /** The colour a chart-fx data set style names ("-fx-line-color: #3a5ccc; ..."), or null. */
    public static String lineColour(String style) {
        if (style == null) return null;
        Matcher m = LINE_COLOUR.matcher(style);
        return m.find() ? m.group(1).trim() : null;
    }
}
