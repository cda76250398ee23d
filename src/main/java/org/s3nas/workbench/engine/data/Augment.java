package org.s3nas.workbench.engine.data;



/** Training augmentation: random crop from a zero-padded image (pad = size/8, at least 1) and horizontal flip. */
public final class Augment {
    private Augment() {}

    /**
     * Writes image {@code index} of {@code set} into {@code out} at {@code outOffset}, randomly shifted within the
     * padding (filled with 0, the channel mean after normalisation) and flipped with probability 1/2.
     */
    public static void cropFlip(ImageSet set, int index, float[] out, int outOffset, org.s3nas.workbench.engine.Rng rnd) {
        int h = set.height(), w = set.width(), c = set.channels();
        int pad = Math.max(1, Math.min(h, w) / 8);
        int dy = rnd.nextInt(2 * pad + 1) - pad, dx = rnd.nextInt(2 * pad + 1) - pad;
        boolean flip = rnd.nextBoolean();
        float[] in = set.pixels();
        int base = index * set.size();
        for (int y = 0; y < h; y++) {
            int sy = y + dy;
            for (int x = 0; x < w; x++) {
                int sx0 = flip ? w - 1 - x : x;
                int sx = sx0 + dx;
                int o = outOffset + (y * w + x) * c;
                if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                    for (int k = 0; k < c; k++) out[o + k] = 0f;
                } else {
                    System.arraycopy(in, base + (sy * w + sx) * c, out, o, c);
                }
            }
        }
    }
}
