package org.s3nas.workbench.model.edit;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;

/**
 * How a total number of blocks is spread over the stages (paper §4.1, Table 4).
 * <ul>
 * <li><b>Linear depth</b>: the cumulative depth up to stage s is proportional to the stage's width,
 * {@code D_s ≈ total · w_s / w_last}; rounded so that the total is exact, every stage keeps at least one block, and
 * the cumulative depths are as close as possible to the proportional ones (least squares over the stages).</li>
 * <li><b>Constant depth</b>: every stage the same depth; the remainder goes to the first stages (29 over 5 stages:
 * 6, 6, 6, 6, 5).</li>
 * </ul>
 */
public final class DepthDistribution {
    private DepthDistribution() {}

    /** The proportional cumulative depths {@code total · w_s / w_last} (not rounded). */
    public static double[] linearTargets(List<Integer> widths, int total) {
        checkWidths(widths);
        double last = widths.get(widths.size() - 1);
        double[] t = new double[widths.size()];
        for (int s = 0; s < t.length; s++) t[s] = total * widths.get(s) / last;
        return t;
    }

    /**
     * Per-stage depths for linear depth. Among all depth vectors with the exact total and at least one block per
     * stage, the one whose cumulative depths have the least squared distance to {@link #linearTargets}; ties go to
     * the smaller cumulative depth (dynamic programming over the cumulative depth, stages × total²).
     */
    public static int[] linear(List<Integer> widths, int total) {
        double[] target = linearTargets(widths, total);
        int n = widths.size();
        checkTotal(n, total);
        // cost[s][d]: least error of stages 0..s with cumulative depth d after stage s; from[s][d]: d of stage s-1
        double[][] cost = new double[n][total + 1];
        int[][] from = new int[n][total + 1];
        for (double[] row : cost) java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        for (int d = 1; d <= total - (n - 1); d++) cost[0][d] = sq(d - target[0]);
        for (int s = 1; s < n; s++) {
            for (int d = s + 1; d <= total - (n - 1 - s); d++) {
                for (int p = s; p < d; p++) {
                    double c = cost[s - 1][p];
                    if (c == Double.POSITIVE_INFINITY) continue;
                    c += sq(d - target[s]);
                    if (c < cost[s][d]) {
                        cost[s][d] = c;
                        from[s][d] = p;
                    }
                }
            }
        }
        int[] cumulative = new int[n];
        cumulative[n - 1] = total;
        for (int s = n - 1; s > 0; s--) cumulative[s - 1] = from[s][cumulative[s]];
        int[] depths = new int[n];
        for (int s = 0; s < n; s++) depths[s] = cumulative[s] - (s == 0 ? 0 : cumulative[s - 1]);
        return depths;
    }

    /** Per-stage depths for constant depth; the first {@code total mod stages} stages get one block more. */
    public static int[] constant(int stages, int total) {
        if (stages < 1) throw new IllegalArgumentException("there are no stages to fill");
        checkTotal(stages, total);
        int[] d = new int[stages];
        for (int s = 0; s < stages; s++) d[s] = total / stages + (s < total % stages ? 1 : 0);
        return d;
    }

    /** Cumulative depths of per-stage depths. */
    public static int[] cumulative(int[] depths) {
        int[] c = new int[depths.length];
        int sum = 0;
        for (int s = 0; s < depths.length; s++) c[s] = sum += depths[s];
        return c;
    }

    /** The supernet with linear depth over its stages' widths. */
    public static Supernet linear(Supernet s, int total) {
        return withDepths(s, linear(s.stages().stream().map(Stage::width).toList(), total));
    }

    /** The supernet with constant depth. */
    public static Supernet constant(Supernet s, int total) {
        return withDepths(s, constant(s.stages().size(), total));
    }

    /** Sets every stage's depth (overrides of blocks that disappear are dropped). */
    public static Supernet withDepths(Supernet s, int[] depths) {
        if (depths.length != s.stages().size()) {
            throw new IllegalArgumentException(depths.length + " depths for " + s.stages().size() + " stages");
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < depths.length; i++) stages.add(SupernetEdits.withDepth(s.stages().get(i), depths[i]));
        return s.withStages(stages);
    }

    private static double sq(double x) { return x * x; }

    private static void checkWidths(List<Integer> widths) {
        if (widths.isEmpty()) throw new IllegalArgumentException("there are no stages to fill");
        for (int s = 0; s < widths.size(); s++) {
            if (widths.get(s) < 1) {
                throw new IllegalArgumentException("stage " + (s + 1) + " has width " + widths.get(s)
                        + ": linear depth needs positive widths");
            }
        }
    }

    /** More blocks than any NPU network has; keeps the stages × total² search instant. */
    public static final int MAX_TOTAL = 1000;

    private static void checkTotal(int stages, int total) {
        if (total > MAX_TOTAL) throw new IllegalArgumentException(total + " blocks are too many: at most " + MAX_TOTAL);
        if (total < stages) {
            throw new IllegalArgumentException(total + " block" + (total == 1 ? "" : "s") + " cannot fill " + stages
                    + " stages: every stage needs at least one block");
        }
    }
}
