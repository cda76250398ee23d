package org.s3nas.workbench.app.chart;

/**
 * When each optimiser step of a run ended: the elapsed wall-clock time in seconds since the run's start (across
 * resumes, as the run stores it), step by step. Maps a step to its elapsed time and back for the wall-clock x axis.
 * Step 0 is the run's start (0 s); between recorded steps the time is interpolated linearly, past the last recorded
 * step it stays at the last time (nothing is extrapolated). Steps that do not increase (a resumed run replaying a step
 * it already had) are ignored, as the charts' traces ignore them. Memory stays bounded: beyond {@link #CAPACITY}
 * points every second one is dropped (the latest is always kept). Not thread-safe: filled and read on one thread.
 */
public final class StepClock {
    public static final int CAPACITY = 1 << 16;

    private double[] steps = new double[256], seconds = new double[256];
    private int n;

    /** Records that {@code step} ended {@code elapsedSeconds} after the run's start (NaN: unknown, ignored). */
    public void record(double step, double elapsedSeconds) {
        if (!Double.isFinite(step) || !Double.isFinite(elapsedSeconds) || step <= 0) return;
        if (n > 0 && (step <= steps[n - 1] || elapsedSeconds < seconds[n - 1])) return;
        if (n == steps.length) {
            if (n >= CAPACITY) halve();
            else {
                steps = java.util.Arrays.copyOf(steps, 2 * n);
                seconds = java.util.Arrays.copyOf(seconds, 2 * n);
            }
        }
        steps[n] = step;
        seconds[n++] = elapsedSeconds;
    }

    /** Whether any time was recorded (a stored run written before times were kept has none). */
    public boolean isEmpty() { return n == 0; }

    public int size() { return n; }

    /** Elapsed seconds at {@code step} (NaN while nothing is recorded). */
    public double elapsedAt(double step) { return interpolate(steps, seconds, step); }

    /** The step reached after {@code elapsedSeconds} (NaN while nothing is recorded). */
    public double stepAt(double elapsedSeconds) { return interpolate(seconds, steps, elapsedSeconds); }

    /** The last recorded elapsed time (0 while nothing is recorded). */
    public double lastElapsed() { return n == 0 ? 0 : seconds[n - 1]; }

    public void clear() { n = 0; }

    /** y at x over the points (0, 0), (xs[i], ys[i]): linear between them, held at the ends. */
    private double interpolate(double[] xs, double[] ys, double x) {
        if (n == 0 || Double.isNaN(x)) return Double.NaN;
        if (x <= 0) return 0;
        if (x >= xs[n - 1]) return ys[n - 1];
        int lo = 0, hi = n - 1; // first index with xs[i] >= x
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] >= x) hi = mid;
            else lo = mid + 1;
        }
        double x0 = lo == 0 ? 0 : xs[lo - 1], y0 = lo == 0 ? 0 : ys[lo - 1];
        double x1 = xs[lo], y1 = ys[lo];
        return x1 == x0 ? y0 : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }

    private void halve() {
        int m = 0;
        for (int i = 0; i < n; i += 2) {
            steps[m] = steps[i];
            seconds[m++] = seconds[i];
        }
        if ((n - 1) % 2 != 0) { // keep the latest
            steps[m] = steps[n - 1];
            seconds[m++] = seconds[n - 1];
        }
        n = m;
    }
}
