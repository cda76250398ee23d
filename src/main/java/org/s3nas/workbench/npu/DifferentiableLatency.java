package org.s3nas.workbench.npu;

import java.util.Arrays;

/**
 * The differentiable latency of paper Eq. 7/8 on plain arrays: for each block,
 * {@code L_block = Σ_{k̄,ē} P(merge(k̄,ē)) · Π_j F_{j,k_j} · G_{j,e_j}} with
 * {@code F_{j,k_c} = (Π_{i<c} u_{j,i}) · (1 - u_{j,c} if c < K)} over the kernel-ring indicators and G the same
 * over the expansion-slice indicators. The network latency is stem + Σ L_block + head. The form is multilinear in
 * the u's, so the gradient is exact; with hard 0/1 u's it equals the table latency of the selected architecture.
 * Instances are thread-safe (work buffers are per thread).
 */
public final class DifferentiableLatency {
    private final LatencyTable table;
    private final IndicatorLayout layout;
    private final double constantMs;
    private final Position[] positions;
    private final ThreadLocal<double[][]> work;

    /** Per position: shape of the superkernels and P in ms per tuple code. */
    private record Position(int n, int[] k, int[] e, int[] offset, int[] radix, double[] p) {}

    public DifferentiableLatency(LatencyTable table, IndicatorLayout layout) {
        if (layout.positionCount() != table.positionCount()) {
            throw new IllegalArgumentException("indicator layout has " + layout.positionCount() + " block positions, the latency table "
                    + table.positionCount());
        }
        this.table = table;
        this.layout = layout;
        this.constantMs = table.stemMs() + table.headMs();
        positions = new Position[table.positionCount()];
        int maxRadix = 1, maxN = 1;
        for (int pi = 0; pi < positions.length; pi++) {
            BlockChoices bc = table.choices(pi);
            int n = bc.superkernelCount();
            if (layout.superkernelCount(pi) != n) throw layoutMismatch(pi, -1);
            int[] k = new int[n], e = new int[n], off = new int[n], radix = new int[n];
            for (int j = 0; j < n; j++) {
                k[j] = bc.kernelCount(j);
                e[j] = bc.expansionCount(j);
                if (layout.kernelCount(pi, j) != k[j] || layout.expansionCount(pi, j) != e[j]) throw layoutMismatch(pi, j);
                off[j] = layout.offset(pi, j);
                radix[j] = bc.radix(j);
                maxRadix = Math.max(maxRadix, radix[j]);
            }
            maxN = Math.max(maxN, n);
            double[] p = new double[bc.tupleCount()];
            for (int t = 0; t < p.length; t++) p[t] = table.npu().cyclesToMs(table.tupleCycles(pi, t));
            positions[pi] = new Position(n, k, e, off, radix, p);
        }
        final int rows = 2 * maxN + 4, cols = Math.max(maxRadix, maxN + 1);
        work = ThreadLocal.withInitial(() -> new double[rows][cols]);
    }

    private IllegalArgumentException layoutMismatch(int p, int j) {
        return new IllegalArgumentException("indicator layout does not match the latency table at block " + p
                + (j >= 0 ? ", superkernel " + j : "") + ": was the table profiled for another supernet?");
    }

    public LatencyTable table() { return table; }

    public IndicatorLayout layout() { return layout; }

    /** stem + Σ_blocks Eq. 8 + head, in ms. */
    public double latencyMs(double[] u) { return latencyMs(u, null); }

    /**
     * As {@link #latencyMs(double[])}, and when {@code gradient} is not null fills it with dLatency/du for every
     * indicator (ms per unit of u).
     */
    public double latencyMs(double[] u, double[] gradient) {
        layout.checkLength(u);
        if (gradient != null) {
            if (gradient.length != u.length) {
                throw new IllegalArgumentException("gradient has " + gradient.length + " entries, the layout has " + u.length);
            }
            Arrays.fill(gradient, 0);
        }
        double[][] w = work.get();
        double sum = constantMs;
        for (Position pos : positions) sum += block(pos, u, gradient, w);
        return sum;
    }

    /** Eq. 8 for one block; rows of {@code w}: [0,n) weights F·G per superkernel digit, [n,2n) their gradients, then scratch. */
    private static double block(Position pos, double[] u, double[] gradient, double[][] w) {
        int n = pos.n;
        double[] f = w[2 * n], g = w[2 * n + 1], pre = w[2 * n + 2], suf = w[2 * n + 3];
        for (int j = 0; j < n; j++) {
            conditions(u, pos.offset[j], pos.k[j], f);
            conditions(u, pos.offset[j] + pos.k[j] - 1, pos.e[j], g);
            double[] wj = w[j];
            int ej = pos.e[j];
            for (int c = 0; c < pos.k[j]; c++) {
                for (int d = 0; d < ej; d++) wj[c * ej + d] = f[c] * g[d];
            }
            if (gradient != null) Arrays.fill(w[n + j], 0, pos.radix[j], 0);
        }
        // Walk every tuple (k̄, ē) with an odometer over the superkernel digits (superkernel 0 least significant).
        int[] digit = new int[n];
        double[] p = pos.p;
        double sum = 0;
        for (int t = 0; t < p.length; t++) {
            double pt = p[t];
            if (pt != 0) {
                if (gradient == null) {
                    double prod = pt;
                    for (int j = 0; j < n && prod != 0; j++) prod *= w[j][digit[j]];
                    sum += prod;
                } else {
                    pre[0] = 1;
                    for (int j = 0; j < n; j++) pre[j + 1] = pre[j] * w[j][digit[j]];
                    suf[n] = 1;
                    for (int j = n - 1; j >= 0; j--) suf[j] = suf[j + 1] * w[j][digit[j]];
                    sum += pt * pre[n];
                    for (int j = 0; j < n; j++) w[n + j][digit[j]] += pt * pre[j] * suf[j + 1];
                }
            }
            for (int j = 0; j < n; j++) {
                if (++digit[j] < pos.radix[j]) break;
                digit[j] = 0;
            }
        }
        if (gradient != null) {
            for (int j = 0; j < n; j++) chain(pos, j, u, gradient, w[n + j], f, g);
        }
        return sum;
    }

    /** Eq. 7: cond[c] = (Π_{i<c} u_i) · (1 - u_c if c < m-1), for the m-1 indicators starting at {@code first}. */
    private static void conditions(double[] u, int first, int m, double[] cond) {
        double prefix = 1;
        for (int c = 0; c < m; c++) {
            cond[c] = c < m - 1 ? prefix * (1 - u[first + c]) : prefix;
            if (c < m - 1) prefix *= u[first + c];
        }
    }

    /** dL/du for superkernel j from dL/d(F_c·G_d). */
    private static void chain(Position pos, int j, double[] u, double[] gradient, double[] gw, double[] f, double[] g) {
        int k = pos.k[j], e = pos.e[j];
        conditions(u, pos.offset[j], k, f);
        conditions(u, pos.offset[j] + k - 1, e, g);
        // dL/dF_c = Σ_d gw[c,d] G_d ; dL/dG_d = Σ_c gw[c,d] F_c
        double[] gf = new double[k], gg = new double[e];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < e; d++) {
                gf[c] += gw[c * e + d] * g[d];
                gg[d] += gw[c * e + d] * f[c];
            }
        }
        accumulate(u, pos.offset[j], k, gf, gradient);
        accumulate(u, pos.offset[j] + k - 1, e, gg, gradient);
    }

    /** gradient[first+i] += Σ_c dL/dcond_c · dcond_c/du_i for the products of {@link #conditions}. */
    private static void accumulate(double[] u, int first, int m, double[] gcond, double[] gradient) {
        for (int i = 0; i < m - 1; i++) {
            double s = 0;
            // cond_c with c > i contains u_i as a factor; cond_i contains (1 - u_i)
            for (int c = i; c < m; c++) {
                if (gcond[c] == 0) continue;
                double prod = c == i ? -1 : 1;
                for (int q = 0; q < c; q++) if (q != i) prod *= u[first + q];
                if (c > i && c < m - 1) prod *= 1 - u[first + c];
                s += gcond[c] * prod;
            }
            gradient[first + i] += s;
        }
    }
}
