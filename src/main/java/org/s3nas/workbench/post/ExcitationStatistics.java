package org.s3nas.workbench.post;

import java.util.Arrays;

/**
 * Running per-channel mean and variance of one SE block's excitations over images (Welford's algorithm, so that
 * 10,000 images need no matrix in memory and lose no precision). Variances are population variances (divided by
 * the number of images N, not N - 1): the metric describes the images seen, it estimates nothing beyond them.
 */
public final class ExcitationStatistics {
    private final int channels;
    private final double[] mean;
    private final double[] m2;
    private long count;

    public ExcitationStatistics(int channels) {
        if (channels < 1) throw new IllegalArgumentException("an SE block has at least one channel, was " + channels);
        this.channels = channels;
        this.mean = new double[channels];
        this.m2 = new double[channels];
    }

    public int channels() { return channels; }

    /** Images seen so far. */
    public long count() { return count; }

    /** Adds one image's excitations (one value per channel). */
    public void add(double[] excitation) {
        if (excitation == null || excitation.length != channels) {
            throw new IllegalArgumentException("expected " + channels + " channels, got "
                    + (excitation == null ? "none" : excitation.length));
        }
        count++;
        for (int c = 0; c < channels; c++) {
            double x = excitation[c];
            if (!Double.isFinite(x)) throw new IllegalArgumentException("excitation of channel " + c + " is " + x);
            double d = x - mean[c];
            mean[c] += d / count;
            m2[c] += d * (x - mean[c]);
        }
    }

    /** Adds a batch {@code [image][channel]}. */
    public void addAll(double[][] batch) {
        for (int i = 0; i < batch.length; i++) {
            try {
                add(batch[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("image " + i + " of the batch: " + e.getMessage(), e);
            }
        }
    }

    /** Per-channel mean excitation. */
    public double[] means() { return Arrays.copyOf(mean, channels); }

    /** Per-channel population standard deviation sigma_c over the images seen. */
    public double[] standardDeviations() {
        if (count == 0) throw new IllegalStateException("no images seen");
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) s[c] = Math.sqrt(Math.max(0, m2[c] / count));
        return s;
    }

    /** The selective-removal metric of paper §4.3.3: sigma_c averaged over channels. */
    public double metric() {
        return Arrays.stream(standardDeviations()).average().orElseThrow();
    }
}
