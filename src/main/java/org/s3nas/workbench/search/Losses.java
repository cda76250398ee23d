package org.s3nas.workbench.search;

/** Softmax cross-entropy with label smoothing, and the latency terms of paper Eq. 9 and Single-Path NAS Eq. 6. */
public final class Losses {
    private Losses() {}

    /**
     * Mean cross-entropy of the first {@code n} rows of {@code logits} against labels smoothed to
     * (1 - s) one-hot + s / classes; writes dLoss/dlogits into {@code grad} (may be null). Returns {loss, correct}.
     */
    public static double[] crossEntropy(float[] logits, int[] labels, int n, int classes, double smoothing, float[] grad) {
        double loss = 0;
        int correct = 0;
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            int b = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int k = 0; k < classes; k++) {
                if (logits[b + k] > max) { max = logits[b + k]; arg = k; }
            }
            if (arg == labels[i]) correct++;
            double sum = 0;
            for (int k = 0; k < classes; k++) { p[k] = Math.exp(logits[b + k] - max); sum += p[k]; }
            double logSum = Math.log(sum);
            for (int k = 0; k < classes; k++) {
                double q = (k == labels[i] ? 1 - smoothing : 0) + smoothing / classes;
                loss -= q * (logits[b + k] - max - logSum);
                if (grad != null) grad[b + k] = (float) ((p[k] / sum - q) / n);
            }
        }
        return new double[]{loss / n, correct};
    }

    /** Eq. 9: lambda1 * log(1 + lambda2 * ReLU(L - T)); returns {term, dTerm/dL}. */
    public static double[] s3nas(double latencyMs, double targetMs, double lambda1, double lambda2) {
        double over = latencyMs - targetMs;
        if (over <= 0) return new double[]{0, 0};
        return new double[]{lambda1 * Math.log1p(lambda2 * over), lambda1 * lambda2 / (1 + lambda2 * over)};
    }

    /** Single-Path NAS Eq. 6: lambda * log(L); returns {term, dTerm/dL}. */
    public static double[] singlePath(double latencyMs, double lambda) {
        double l = Math.max(latencyMs, 1e-9);
        return new double[]{lambda * Math.log(l), lambda / l};
    }
}
