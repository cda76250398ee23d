package org.s3nas.workbench.engine;

/**
 * SplitMix64: a tiny generator whose whole state is one long, so a checkpoint can store it and a resumed run
 * draws exactly the numbers an uninterrupted run would.
 */
public final class Rng {
    private long state;

    public Rng(long seed) { this.state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L; }

    private Rng(long state, boolean raw) { this.state = state; }

    public static Rng ofState(long state) { return new Rng(state, true); }

    public long state() { return state; }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    public boolean nextBoolean() { return (nextLong() & 1) != 0; }

    public double nextGaussian() {
        double u1 = Math.max(1e-300, nextDouble()), u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }
}
