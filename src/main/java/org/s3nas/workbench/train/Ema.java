package org.s3nas.workbench.train;

/**
 * Exponential moving average of the weights (paper: 0.9999), evaluated instead of the raw weights. As TF's
 * ExponentialMovingAverage with num_updates, the decay after n updates is min(decay, (1 + n) / (10 + n)): the average
 * follows the weights closely early on, when 0.9999 would still be the initialisation.
 */
public final class Ema {
    private Ema() {}

    /** The decay used for update number n (0-based). */
    public static double decayAt(double decay, long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** shadow = d * shadow + (1 - d) * value. */
    public static void update(float[] shadow, float[] value, double d) {
        float a = (float) d, b = (float) (1 - d);
        for (int i = 0; i < shadow.length; i++) shadow[i] = a * shadow[i] + b * value[i];
    }

    /** Exchanges the contents of two arrays (the EMA weights in, the raw weights out, and back). */
    static void swap(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            float t = x[i];
            x[i] = y[i];
            y[i] = t;
        }
    }
}
