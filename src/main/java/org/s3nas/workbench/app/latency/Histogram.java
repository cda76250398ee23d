package org.s3nas.workbench.app.latency;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins over {@code [lower, upper)}; the last bin also takes {@code upper}. Values
 * outside the range are counted as {@link #below} and {@link #above}, so that the bins plus those two always add up to
 * the number of values.
 */
public record Histogram(double lower, double upper, int[] counts, int below, int above) {
    public Histogram {
        if (!(upper > lower)) throw new IllegalArgumentException("histogram range must not be empty: [" + lower + ", " + upper + ")");
        if (counts.length < 1) throw new IllegalArgumentException("a histogram needs at least one bin");
        counts = counts.clone();
    }

    @Override
    public int[] counts() { return counts.clone(); }

    public int bins() { return counts.length; }

    public double binWidth() { return (upper - lower) / counts.length; }

    public double binLower(int i) { return lower + i * binWidth(); }

    public double binUpper(int i) { return i == counts.length - 1 ? upper : lower + (i + 1) * binWidth(); }

    public int count(int i) { return counts[i]; }

    public int maxCount() { return Arrays.stream(counts).max().orElse(0); }

    public int total() { return Arrays.stream(counts).sum() + below + above; }

    /** Bins {@code values} into {@code bins} bins over [lower, upper]. */
    public static Histogram of(double[] values, double lower, double upper, int bins) {
        int[] c = new int[bins];
        int below = 0, above = 0;
        double w = (upper - lower) / bins;
        for (double v : values) {
            if (v < lower) below++;
            else if (v > upper) above++;
            else c[Math.min(bins - 1, (int) Math.floor((v - lower) / w))]++;
        }
        return new Histogram(lower, upper, c, below, above);
    }

    /** Bins over the range of the values, widened to round bin edges ({@link NiceScale}). */
    public static Histogram spanning(double[] values, int targetBins) {
        double min = Arrays.stream(values).min().orElse(0), max = Arrays.stream(values).max().orElse(1);
        if (max - min < 1e-12) {
            double pad = Math.max(1e-6, Math.abs(max) * 0.01);
            min -= pad;
            max += pad;
        }
        double step = NiceScale.niceStep((max - min) / targetBins);
        double lo = Math.floor(min / step) * step, hi = Math.ceil(max / step) * step;
        if (hi <= max) hi += step;
        int bins = (int) Math.max(1, Math.round((hi - lo) / step));
        return of(values, lo, hi, bins);
    }

    /** Bins symmetric around 0 that cover every value (relative errors). */
    public static Histogram symmetric(double[] values, int bins) {
        double m = Arrays.stream(values).map(Math::abs).max().orElse(0);
        double half = NiceScale.niceCeil(Math.max(m, 1e-4) * 1.0001);
        return of(values, -half, half, bins);
    }
}
