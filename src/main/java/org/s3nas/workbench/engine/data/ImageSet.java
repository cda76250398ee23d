package org.s3nas.workbench.engine.data;

import java.util.Arrays;

/**
 * Images in memory, NHWC, one float per value: image i occupies {@code pixels[i*size() .. (i+1)*size())}.
 * Labels are class indices.
 */
public record ImageSet(float[] pixels, int[] labels, int height, int width, int channels) {
    public ImageSet {
        if ((long) labels.length * height * width * channels != pixels.length) {
            throw new IllegalArgumentException("image set: " + labels.length + " labels but " + pixels.length
                    + " values for " + height + "x" + width + "x" + channels + " images");
        }
    }

    public int count() { return labels.length; }

    /** Values per image. */
    public int size() { return height * width * channels; }

    /** The images at the given indices, in that order. */
    public ImageSet select(int[] indices) {
        int s = size();
        float[] p = new float[indices.length * s];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * s, p, i * s, s);
            l[i] = labels[indices[i]];
        }
        return new ImageSet(p, l, height, width, channels);
    }

    /** The first {@code n} images (all when n <= 0 or n >= count). */
    public ImageSet limit(int n) {
        if (n <= 0 || n >= count()) return this;
        return new ImageSet(Arrays.copyOf(pixels, n * size()), Arrays.copyOf(labels, n), height, width, channels);
    }
}
