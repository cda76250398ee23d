package org.s3nas.workbench.search;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Supernet;

/**
 * Test double of the differentiable latency: base + sum of costs of the splits that are on, each nested split
 * counting only when its prefix is on (multilinear like Eq. 8). Indicator order: per position and superkernel,
 * kernel rings then channel slices.
 */
final class LinearLatency implements LatencyModel {
    private final List<int[]> kernelIdx = new ArrayList<>(), expIdx = new ArrayList<>();
    private final List<Integer> posOf = new ArrayList<>();
    private final List<int[]> chains = new ArrayList<>();
    private final double[] cost;
    private final double base;
    private int count;

    LinearLatency(Supernet s, double base) {
        this.base = base;
        List<Double> c = new ArrayList<>();
        for (BlockPosition p : s.blockPositions()) {
            for (int j = 0; j < p.superkernels().size(); j++) {
                int nk = p.superkernels().get(j).kernelSizes().size();
                List<Integer> es = p.expansionsOf(j);
                int[] ki = new int[nk], ei = new int[es.size()];
                for (int i = 1; i < nk; i++) {
                    ki[i] = count++;
                    int k0 = p.superkernels().get(j).kernelSizes().get(i - 1), k1 = p.superkernels().get(j).kernelSizes().get(i);
                    c.add(1e-3 * (k1 * k1 - k0 * k0) * p.inChannels());
                }
                for (int d = 1; d < es.size(); d++) {
                    ei[d] = count++;
                    c.add(2e-3 * (es.get(d) - es.get(d - 1)) * p.inChannels() * p.inputHeight());
                }
                kernelIdx.add(ki);
                expIdx.add(ei);
                posOf.add(p.index());
            }
        }
        cost = c.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private int unit(int p, int j) {
        int u = 0;
        for (int i = 0; i < posOf.size(); i++) {
            if (posOf.get(i) == p) return i + j;
        }
        throw new IllegalArgumentException("position " + p);
    }

    @Override public int kernelIndicator(int p, int j, int i) { return kernelIdx.get(unit(p, j))[i]; }

    @Override public int expansionIndicator(int p, int j, int d) { return expIdx.get(unit(p, j))[d]; }

    @Override public int count() { return count; }

    @Override
    public double latencyMs(double[] u, double[] gradient) {
        double lat = base;
        if (gradient != null) java.util.Arrays.fill(gradient, 0);
        for (int un = 0; un < kernelIdx.size(); un++) {
            for (int[] chain : new int[][]{kernelIdx.get(un), expIdx.get(un)}) {
                for (int i = 1; i < chain.length; i++) {
                    double prefix = 1;
                    for (int q = 1; q <= i; q++) prefix *= u[chain[q]];
                    lat += cost[chain[i]] * prefix;
                    if (gradient != null) {
                        for (int q = 1; q <= i; q++) {
                            double others = 1;
                            for (int r = 1; r <= i; r++) if (r != q) others *= u[chain[r]];
                            gradient[chain[q]] += cost[chain[i]] * others;
                        }
                    }
                }
            }
        }
        return lat;
    }
}
