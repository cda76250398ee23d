package org.s3nas.workbench.search;

import java.util.Arrays;

/**
 * Steers phase 2's decoded architecture into the target band [(1 - tolerance) T, T] (loss TARGET). Three parts,
 * each against a cause of the old overshoot (docs/target-controller.md):
 * <ol>
 * <li><b>A two-sided term</b>: Eq. 9 above T, and its mirror below the band, so a search that fell below is pulled
 * back up ({@link #term});</li>
 * <li><b>A gain</b> on the thresholds' learning rate: it grows while the decoded latency is outside the band (by the
 * relative distance, so a short phase 2 still gets there) and relaxes towards 1 inside it ({@link #update});</li>
 * <li><b>A step guard</b>: a step's threshold moves are taken split by split in the order in which their splits would
 * cross (the split closest to its threshold first); a crossing that would jump over the band, or leave it, is held
 * back just short of its threshold ({@link #guard}). RMSProp moves every threshold by about the same amount, so
 * without it many splits crossed together.</li>
 * </ol>
 * At the end of phase 2 {@link TargetRepair} brings a decoded architecture still outside the band into it.
 */
public final class TargetController {
    /** The gain's ceiling: 50x the thresholds' rate crosses every split of the sample in one step; the guard orders them. */
    static final double MAX_GAIN = 50;
    /** How fast the gain relaxes inside the band (halves each step, down to 1). */
    static final double RELAX = 0.5;
    /** A held-back threshold stops this fraction of its margin short of crossing. */
    static final double HOLD_SHORT = 0.1;

    private final double targetMs, lowerMs;
    private double gain = 1;

    public TargetController(double targetMs, double tolerance) {
        if (!(targetMs > 0)) throw new IllegalArgumentException("the target latency must be positive, was " + targetMs);
        if (!(tolerance > 0 && tolerance < 1)) throw new IllegalArgumentException("the tolerance must be in (0, 1), was " + tolerance);
        this.targetMs = targetMs;
        this.lowerMs = (1 - tolerance) * targetMs;
    }

    public double targetMs() { return targetMs; }

    public double lowerMs() { return lowerMs; }

    /** The thresholds' learning rate is this times the configured one. */
    public double gain() { return gain; }

    /** Restores the gain (a resumed run). */
    public void setGain(double g) {
        if (!(g >= 1 && g <= MAX_GAIN)) throw new IllegalArgumentException("gain must be in [1, " + MAX_GAIN + "], was " + g);
        gain = g;
    }

    public boolean inBand(double latencyMs) { return latencyMs >= lowerMs && latencyMs <= targetMs; }

    /** Relative distance to the band: 0 inside, L / T - 1 above it, L / lower - 1 (negative) below it. */
    public double bandError(double latencyMs) {
        if (latencyMs > targetMs) return latencyMs / targetMs - 1;
        if (latencyMs < lowerMs) return latencyMs / lowerMs - 1;
        return 0;
    }

    /**
     * The latency term at the estimate L and its derivative: lambda1 log(1 + lambda2 ReLU(L - T)) above the band (Eq. 9)
     * plus lambda1 log(1 + lambda2 ReLU(lower - L)) below it. Returns {term, dTerm/dL}.
     */
    public double[] term(double latencyMs, double lambda1, double lambda2) {
        double[] above = Losses.s3nas(latencyMs, targetMs, lambda1, lambda2);
        double under = lowerMs - latencyMs;
        if (under <= 0) return above;
        return new double[]{above[0] + lambda1 * Math.log1p(lambda2 * under), above[1] - lambda1 * lambda2 / (1 + lambda2 * under)};
    }

    /** After a step: the gain grows by the relative distance outside the band (at most doubling), relaxes inside it. */
    public void update(double decodedLatencyMs) {
        double e = Math.abs(bandError(decodedLatencyMs));
        if (!Double.isFinite(e)) return;
        gain = e == 0 ? Math.max(1, gain * RELAX) : Math.min(MAX_GAIN, gain * (1 + Math.min(1, e)));
    }

    /** Whether the guard lets the decoded latency go from {@code from} to {@code to}: never over the band, never out of it. */
    public boolean accepts(double from, double to) {
        if (inBand(from)) return inBand(to);
        if (from > targetMs) return to >= lowerMs;
        return to <= targetMs;
    }

    /** What a guarded step did: the thresholds taken, the splits it let cross and the crossings it held back. */
    public record Guarded(double[] thresholds, int crossed, int heldBack) {}

    /**
     * Takes the step from {@code before} to {@code after} (thresholds, the weights already stepped: {@code g} holds
     * the new energies) crossing by crossing, in the order of the fraction of the step at which each threshold meets
     * its split's energy; each crossing is kept if {@link #accepts} the latency it leads to, else that threshold stops
     * {@link #HOLD_SHORT} of its margin short of it. Thresholds that cross nothing move fully.
     */
    public Guarded guard(SplitGeometry g, double[] before, double[] after) {
        double[] x0 = g.inputs(before);
        int n = before.length;
        double[] t = after.clone();
        Integer[] crossing = new Integer[n];
        double[] at = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double d = after[i] - before[i];
            if (d == 0) continue;
            double a = x0[i] / d; // x(a) = x0 - a d = 0
            if (a > 0 && a <= 1) {
                at[i] = a;
                crossing[m++] = i;
                t[i] = before[i]; // taken (or held) in order below
            }
        }
        Integer[] order = Arrays.copyOf(crossing, m);
        Arrays.sort(order, (p, q) -> Double.compare(at[p], at[q]));
        double current = g.latencyMs(t);
        int crossed = 0, held = 0;
        for (int i : order) {
            double keep = t[i];
            t[i] = after[i];
            double next = g.latencyMs(t);
            if (next == current || accepts(current, next)) {
                if (next != current) crossed++;
                current = next;
            } else {
                t[i] = before[i] + (1 - HOLD_SHORT) * at[i] * (after[i] - before[i]);
                held++;
                if (g.latencyMs(t) != current) t[i] = keep; // nesting moved this split's crossing point: do not move it at all
            }
        }
        return new Guarded(t, crossed, held);
    }
}
