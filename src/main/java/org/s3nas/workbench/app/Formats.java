package org.s3nas.workbench.app;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.InputShape;

/** How the views write numbers and shapes, so that every view says it the same way. */
public final class Formats {
    private Formats() {}

    public static String shape(InputShape s) {
        return s == null ? "—" : s.height() + " × " + s.width() + " × " + s.channels();
    }

    public static String size(int h, int w) { return h + " × " + w; }

    public static String ints(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** A double without trailing noise: 15, 0.008, 1e-5 -> "0.00001"; NaN -> "—". */
    public static String number(double d) {
        if (Double.isNaN(d)) return "—";
        if (Double.isInfinite(d)) return d > 0 ? "∞" : "-∞";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** {@code v} with {@code decimals} decimals ("0.0813"); NaN -> "—". */
    public static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A count with thousands separators: 1,234,567. */
    public static String grouped(long v) { return String.format(Locale.ROOT, "%,d", v); }

    public static String bytes(long b) {
        if (b >= 1 << 20 && b % (1 << 20) == 0) return (b >> 20) + " MiB";
        if (b >= 1 << 10 && b % (1 << 10) == 0) return (b >> 10) + " KiB";
        return String.format(Locale.ROOT, "%,d B", b);
    }

    /** A large count in scientific notation once it no longer reads at a glance: 4.30 × 10¹². */
    public static String count(double n) {
        if (n < 1e6) return String.format(Locale.ROOT, "%,.0f", n);
        int exp = (int) Math.floor(Math.log10(n));
        String digits = Integer.toString(exp);
        StringBuilder sup = new StringBuilder();
        for (char ch : digits.toCharArray()) sup.append("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(ch - '0'));
        return String.format(Locale.ROOT, "%.2f × 10", n / Math.pow(10, exp)) + sup;
    }

    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    public static String activation(Activation a) {
        if (a == null) return "—";
        return switch (a) {
            case RELU -> "ReLU";
            case RELU6 -> "ReLU6";
            case SWISH -> "Swish";
            case HSWISH -> "h-swish";
            case SIGMOID -> "Sigmoid";
            case HSIGMOID -> "h-sigmoid";
        };
    }

    /**
     * A label inside a sentence: its first word in lower case unless it is an acronym, the rest as it is
     * ("Clock (GHz)" -> "clock (GHz)", "DRAM latency base" stays).
     */
    public static String lowerFirstWord(String label) {
        if (label.isEmpty()) return label;
        int end = label.indexOf(' ');
        String first = end < 0 ? label : label.substring(0, end);
        if (first.length() > 1 && first.equals(first.toUpperCase(Locale.ROOT))) return label;
        return first.toLowerCase(Locale.ROOT) + label.substring(first.length());
    }

    /** An enum constant as words: MIN_BLOCKING -> "min blocking", MBCONV stays as written by the caller. */
    public static String words(Enum<?> e) {
        return e == null ? "—" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public static String yesNo(boolean b) { return b ? "yes" : "no"; }

    /**
     * What went wrong, for a notice or the status bar: the first message down the cause chain that says something,
     * past the executor's wrappers (ExecutionException, CompletionException); the exception's class when none does.
     */
    public static String message(Throwable e) {
        if (e == null) return "unknown error";
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank() || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return org.s3nas.workbench.model.EngineFailure.describe(t);
    }
}
