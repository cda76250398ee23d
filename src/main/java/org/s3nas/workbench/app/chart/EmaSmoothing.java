package org.s3nas.workbench.app.chart;

/**
 * TensorBoard's scalar smoothing: an exponential moving average started at 0 and debiased by {@code 1 - w^k} (k = the
 * number of finite values so far), so that the first points are not pulled towards 0. Non-finite values are kept as
 * they are and do not count; a series whose values are all equal is returned unchanged. Like TensorBoard, it smooths
 * the points that are drawn (a long run's series is an even subsample, see the run's traces), so the same weight
 * smooths a long run over more steps.
 */
public final class EmaSmoothing {
    /** The slider's range: 0 (no smoothing) .. 0.99. */
    public static final double MAX_WEIGHT = 0.99;

    private EmaSmoothing() {}

    /**
     * Writes the smoothed values of {@code y[0..n)} into {@code out[0..n)} ({@code out} may be {@code y}).
     *
     * @param weight the smoothing weight w in [0, 1): 0 returns the values, 0.99 averages over about 100 points
     */
    public static void smooth(double[] y, int n, double weight, double[] out) {
        if (!(weight >= 0 && weight < 1)) throw new IllegalArgumentException("smoothing weight must be in [0, 1), was " + weight);
        boolean constant = true;
        for (int i = 1; i < n && constant; i++) constant = y[i] == y[0];
        if (n > 0 && constant && y[0] == y[0]) { // TensorBoard's "isConstant" (NaN == NaN is false there too)
            if (out != y) System.arraycopy(y, 0, out, 0, n);
            return;
        }
        double last = 0;
        int accumulated = 0;
        for (int i = 0; i < n; i++) {
            double v = y[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            last = last * weight + (1 - weight) * v;
            accumulated++;
            out[i] = last / (1 - Math.pow(weight, accumulated));
        }
    }

    /** The smoothed copy of {@code y}. */
    public static double[] smooth(double[] y, double weight) {
        double[] out = new double[y.length];
        smooth(y, y.length, weight, out);
        return out;
    }
}
