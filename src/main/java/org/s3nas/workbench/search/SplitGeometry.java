package org.s3nas.workbench.search;

/**
 * The decoded architecture as a function of the thresholds alone, for the supernet's weights at one moment: every
 * split's energy (x + t of paper Eq. 1-3, in SupernetNet's units) taken out of the weights once, so that the hard
 * indicators, the table latency and each threshold's margin of any threshold vector cost microseconds and no
 * forward pass. A kernel ring is on when its energy exceeds its threshold; a channel slice's energy is measured on
 * the kernel-masked weight, so it depends on which rings are on: it is kept per ring and summed over the rings on.
 * The target controller's step guard and the final repair work on it.
 */
public final class SplitGeometry {
    /** One superkernel: its ring energies, its slice energies per ring, and where its indicators live. */
    record Unit(int position, int superkernel, double[] ring, double[][] slice, int[] kernelThreshold, int[] expansionThreshold,
                int[] kernelIndicator, int[] expansionIndicator) {
        int kernels() { return ring.length; }

        int expansions() { return slice.length; }

        /** The energy of slice d when rings 0..kc are on. */
        double sliceEnergy(int d, int kc) {
            double s = 0;
            for (int r = 0; r <= kc; r++) s += slice[d][r];
            return s;
        }
    }

    private final Unit[] units;
    private final int thresholds;
    private final LatencyModel latency;

    SplitGeometry(Unit[] units, int thresholds, LatencyModel latency) {
        this.units = units;
        this.thresholds = thresholds;
        this.latency = latency;
    }

    int unitCount() { return units.length; }

    Unit unit(int i) { return units[i]; }

    public int thresholdCount() { return thresholds; }

    public LatencyModel latencyModel() { return latency; }

    /** The chosen {kernel index, expansion index} of unit i under thresholds t (largest choice whose prefix is on). */
    int[] choice(int i, double[] t) {
        Unit u = units[i];
        int kc = 0;
        while (kc + 1 < u.kernels() && u.ring[kc + 1] - t[u.kernelThreshold[kc + 1]] > 0) kc++;
        int ec = 0;
        while (ec + 1 < u.expansions() && u.sliceEnergy(ec + 1, kc) - t[u.expansionThreshold[ec + 1]] > 0) ec++;
        return new int[]{kc, ec};
    }

    /** The hard indicators in the latency model's layout (as SupernetNet.indicators reads them off its masks). */
    public double[] indicators(double[] t) {
        double[] u = new double[latency.count()];
        for (Unit un : units) {
            boolean prefix = true;
            int kc = 0;
            for (int i = 1; i < un.kernels(); i++) {
                boolean on = un.ring[i] - t[un.kernelThreshold[i]] > 0;
                u[un.kernelIndicator[i]] = on ? 1 : 0;
                if (prefix && on) kc = i;
                prefix &= on;
            }
            for (int d = 1; d < un.expansions(); d++) {
                u[un.expansionIndicator[d]] = un.sliceEnergy(d, kc) - t[un.expansionThreshold[d]] > 0 ? 1 : 0;
            }
        }
        return u;
    }

    /** The table latency (Eq. 7/8 with hard indicators) of the architecture the thresholds t decode to. */
    public double latencyMs(double[] t) { return latency.latencyMs(indicators(t), null); }

    /** Every threshold's indicator input x = energy - t (the kernel-masked energy for slices), in threshold order. */
    public double[] inputs(double[] t) {
        double[] x = new double[thresholds];
        for (int ui = 0; ui < units.length; ui++) {
            Unit un = units[ui];
            int kc = choice(ui, t)[0];
            for (int i = 1; i < un.kernels(); i++) x[un.kernelThreshold[i]] = un.ring[i] - t[un.kernelThreshold[i]];
            for (int d = 1; d < un.expansions(); d++) x[un.expansionThreshold[d]] = un.sliceEnergy(d, kc) - t[un.expansionThreshold[d]];
        }
        return x;
    }

    /** How many indicators differ between two indicator vectors (splits that crossed). */
    public static int crossings(double[] a, double[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }

}
