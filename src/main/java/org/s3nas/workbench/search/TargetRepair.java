package org.s3nas.workbench.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final repair on the latency table (loss TARGET): when phase 2 ends with its decoded architecture outside the
 * target band, the nearest architecture inside it, "nearest" measured by threshold margin: reaching a choice costs
 * the sum of |x| over the indicators that must change side (the split closest to its threshold costs least). Eq. 8 is
 * a sum over blocks, so this is a multiple-choice knapsack, one choice per block, solved exactly by dynamic
 * programming over the latency in steps of 1/512 of the band. When no architecture of the space lies in the band it
 * returns the slowest one at or below the target, and only when none is at or below it the fastest; it never
 * returns one above T while one at or below T exists. The thresholds it returns decode to the repaired architecture.
 */
public final class TargetRepair {
    /** Where a moved threshold ends up: this far on the required side of its split's energy. */
    static final double MARGIN = 1e-3;
    /** Each changed indicator costs at least this (a split exactly on its threshold is still a change). */
    private static final double FLIP = 1e-9;
    /** Latency resolution of the dynamic programme, as a fraction of the band. */
    private static final int STEPS_PER_BAND = 512;

    private TargetRepair() {}

    /** One superkernel whose choice the repair changed: indices into its candidate kernels and expansions. */
    public record Change(int position, int superkernel, int fromKernel, int fromExpansion, int toKernel, int toExpansion) {}

    /**
     * @param thresholds repaired thresholds (equal to the input when nothing changed)
     * @param beforeMs   table latency before the repair
     * @param afterMs    table latency after it
     * @param cost       total threshold movement
     * @param changes    the superkernels whose choice changed
     */
    public record Result(double[] thresholds, double beforeMs, double afterMs, double cost, List<Change> changes) {
        public boolean changed() { return !changes.isEmpty(); }
    }

    /** A choice of one block: per superkernel {kernel index, expansion index}, its latency change and its cost. */
    private record Option(int[][] choice, double deltaMs, double cost) {}

    /** A state of the dynamic programme: total latency and cost, and how it was reached. */
    private record State(double latencyMs, double cost, int previous, int option) {}

    public static Result repair(SplitGeometry g, double[] thresholds, double lowerMs, double upperMs) {
        if (!(lowerMs <= upperMs)) throw new IllegalArgumentException("empty band [" + lowerMs + ", " + upperMs + "]");
        double[] u0 = g.indicators(thresholds);
        LatencyModel lat = g.latencyModel();
        double before = lat.latencyMs(u0, null);
        List<int[]> blocks = unitsByPosition(g);
        List<List<Option>> options = new ArrayList<>();
        for (int[] units : blocks) options.add(options(g, units, thresholds, u0, before));
        double step = Math.max(upperMs - lowerMs, 1e-12) / STEPS_PER_BAND;
        List<State[]> layers = new ArrayList<>();
        State[] layer = {new State(before, 0, -1, -1)};
        for (List<Option> opts : options) {
            Map<Long, State> next = new HashMap<>();
            for (int s = 0; s < layer.length; s++) {
                for (int o = 0; o < opts.size(); o++) {
                    Option op = opts.get(o);
                    double l = layer[s].latencyMs + op.deltaMs, c = layer[s].cost + op.cost;
                    long key = Math.round(l / step);
                    State old = next.get(key);
                    if (old == null || c < old.cost) next.put(key, new State(l, c, s, o));
                }
            }
            layers.add(layer);
            layer = next.values().toArray(new State[0]);
        }
        int best = choose(layer, lowerMs, upperMs);
        // walk back
        int[][][] chosen = new int[blocks.size()][][];
        int s = best;
        for (int b = blocks.size() - 1; b >= 0; b--) {
            State st = b == blocks.size() - 1 ? layer[s] : layers.get(b + 1)[s];
            chosen[b] = options.get(b).get(st.option).choice;
            s = st.previous;
        }
        double[] t = thresholds.clone();
        List<Change> changes = new ArrayList<>();
        double cost = 0;
        for (int b = 0; b < blocks.size(); b++) {
            for (int k = 0; k < blocks.get(b).length; k++) {
                int ui = blocks.get(b)[k];
                int[] from = g.choice(ui, thresholds), to = chosen[b][k];
                cost += impose(g.unit(ui), to[0], to[1], t);
                if (from[0] != to[0] || from[1] != to[1]) {
                    SplitGeometry.Unit un = g.unit(ui);
                    changes.add(new Change(un.position(), un.superkernel(), from[0], from[1], to[0], to[1]));
                }
            }
        }
        return new Result(t, before, g.latencyMs(t), cost, List.copyOf(changes));
    }

    /** In the band: least cost (then highest latency); else the slowest at or below the upper edge; else the fastest. */
    private static int choose(State[] states, double lowerMs, double upperMs) {
        int inBand = -1, under = -1, fastest = -1;
        for (int i = 0; i < states.length; i++) {
            State s = states[i];
            if (s.latencyMs >= lowerMs && s.latencyMs <= upperMs) {
                if (inBand < 0 || s.cost < states[inBand].cost
                        || (s.cost == states[inBand].cost && s.latencyMs > states[inBand].latencyMs)) inBand = i;
            }
            if (s.latencyMs <= upperMs) {
                if (under < 0 || s.latencyMs > states[under].latencyMs
                        || (s.latencyMs == states[under].latencyMs && s.cost < states[under].cost)) under = i;
            }
            if (fastest < 0 || s.latencyMs < states[fastest].latencyMs) fastest = i;
        }
        return inBand >= 0 ? inBand : under >= 0 ? under : fastest;
    }

    /** Every superkernel of the geometry grouped by block position, in order. */
    private static List<int[]> unitsByPosition(SplitGeometry g) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < g.unitCount()) {
            int p = g.unit(i).position(), j = i;
            while (j < g.unitCount() && g.unit(j).position() == p) j++;
            int[] units = new int[j - i];
            for (int k = 0; k < units.length; k++) units[k] = i + k;
            out.add(units);
            i = j;
        }
        return out;
    }

    /** Every combination of its superkernels' choices for one block, with the latency change and the cost. */
    private static List<Option> options(SplitGeometry g, int[] units, double[] t, double[] u0, double before) {
        List<int[][]> combos = new ArrayList<>();
        combos.add(new int[0][]);
        for (int ui : units) {
            SplitGeometry.Unit un = g.unit(ui);
            List<int[][]> grown = new ArrayList<>();
            for (int[][] c : combos) {
                for (int kc = 0; kc < un.kernels(); kc++) {
                    for (int ec = 0; ec < un.expansions(); ec++) {
                        int[][] d = new int[c.length + 1][];
                        System.arraycopy(c, 0, d, 0, c.length);
                        d[c.length] = new int[]{kc, ec};
                        grown.add(d);
                    }
                }
            }
            combos = grown;
        }
        List<Option> out = new ArrayList<>(combos.size());
        double[] u = u0.clone();
        for (int[][] c : combos) {
            double cost = 0;
            for (int k = 0; k < units.length; k++) {
                SplitGeometry.Unit un = g.unit(units[k]);
                cost += cost(un, c[k][0], c[k][1], t);
                for (int i = 1; i < un.kernels(); i++) u[un.kernelIndicator()[i]] = i <= c[k][0] ? 1 : 0;
                for (int d = 1; d < un.expansions(); d++) u[un.expansionIndicator()[d]] = d <= c[k][1] ? 1 : 0;
            }
            out.add(new Option(c, g.latencyModel().latencyMs(u, null) - before, cost));
        }
        for (int ui : units) { // restore
            SplitGeometry.Unit un = g.unit(ui);
            for (int i = 1; i < un.kernels(); i++) u[un.kernelIndicator()[i]] = u0[un.kernelIndicator()[i]];
            for (int d = 1; d < un.expansions(); d++) u[un.expansionIndicator()[d]] = u0[un.expansionIndicator()[d]];
        }
        return out;
    }

    /** The threshold movement that makes superkernel {@code un} choose kernel index kc and expansion index ec. */
    static double cost(SplitGeometry.Unit un, int kc, int ec, double[] t) {
        return impose(un, kc, ec, t.clone());
    }

    /**
     * Moves the thresholds of {@code un} in {@code t} so that it chooses (kc, ec): rings 1..kc on and ring kc+1 off,
     * slices 1..ec on and slice ec+1 off (slices measured on the rings 0..kc); the others stay. Returns the movement.
     */
    private static double impose(SplitGeometry.Unit un, int kc, int ec, double[] t) {
        double cost = 0;
        for (int i = 1; i < un.kernels() && i <= kc + 1; i++) cost += side(un.ring()[i], un.kernelThreshold()[i], i <= kc, t);
        for (int d = 1; d < un.expansions() && d <= ec + 1; d++) cost += side(un.sliceEnergy(d, kc), un.expansionThreshold()[d], d <= ec, t);
        return cost;
    }

    private static double side(double energy, int index, boolean on, double[] t) {
        double x = energy - t[index];
        if ((x > 0) == on) return 0;
        t[index] = on ? energy - MARGIN : energy + MARGIN;
        return Math.abs(x) + FLIP;
    }
}
