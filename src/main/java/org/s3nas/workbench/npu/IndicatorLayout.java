package org.s3nas.workbench.npu;

import java.util.List;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Supernet;

/**
 * A flat index of every threshold indicator of a supernet (paper Eq. 7), shared by the latency estimator and the
 * search engine. For block position p and superkernel j with candidate kernels k_1 &lt; … &lt; k_K and expansions
 * e_1 &lt; … &lt; e_E at that position, {@code kernelIndicator(p, j, i)} (i = 1..K-1) is the ring k_{i+1}\k_i and
 * {@code expansionIndicator(p, j, d)} (d = 1..E-1) the slice e_{d+1}\e_d. An indicator u is 1 when the split is ON
 * (||w_split||² &gt; t). Layout: positions in order, superkernels in order, kernel rings then channel slices.
 */
public final class IndicatorLayout {
    private final Supernet supernet;
    private final List<BlockPosition> positions;
    private final int[][] kernels;     // [p][j] -> K
    private final int[][] expansions;  // [p][j] -> E
    private final int[][] offset;      // [p][j] -> first indicator of (p, j)
    private final int count;

    public IndicatorLayout(Supernet supernet) {
        this.supernet = supernet;
        this.positions = supernet.blockPositions();
        int n = positions.size();
        kernels = new int[n][];
        expansions = new int[n][];
        offset = new int[n][];
        int next = 0;
        for (int p = 0; p < n; p++) {
            BlockPosition bp = positions.get(p);
            int m = bp.superkernels().size();
            kernels[p] = new int[m];
            expansions[p] = new int[m];
            offset[p] = new int[m];
            for (int j = 0; j < m; j++) {
                kernels[p][j] = bp.superkernels().get(j).kernelSizes().size();
                expansions[p][j] = bp.expansionsOf(j).size();
                offset[p][j] = next;
                next += kernels[p][j] - 1 + expansions[p][j] - 1;
            }
        }
        count = next;
    }

    public Supernet supernet() { return supernet; }

    /** Number of indicators. */
    public int count() { return count; }

    public int positionCount() { return positions.size(); }

    public BlockPosition position(int p) { return positions.get(p); }

    public int superkernelCount(int p) { return kernels[p].length; }

    /** K: candidate kernel sizes of superkernel j at position p. */
    public int kernelCount(int p, int j) { return kernels[p][j]; }

    /** E: candidate expansions of superkernel j at position p. */
    public int expansionCount(int p, int j) { return expansions[p][j]; }

    /** Index of the indicator of ring k_{i+1}\k_i (i = 1..K-1), measured at the largest expansion. */
    public int kernelIndicator(int p, int j, int i) {
        if (i < 1 || i > kernels[p][j] - 1) {
            throw new IndexOutOfBoundsException("kernel indicator " + i + " of block " + p + ", superkernel " + j
                    + " (it has " + (kernels[p][j] - 1) + ")");
        }
        return offset[p][j] + i - 1;
    }

    /** Index of the indicator of slice e_{d+1}\e_d (d = 1..E-1), measured at the chosen kernel. */
    public int expansionIndicator(int p, int j, int d) {
        if (d < 1 || d > expansions[p][j] - 1) {
            throw new IndexOutOfBoundsException("expansion indicator " + d + " of block " + p + ", superkernel " + j
                    + " (it has " + (expansions[p][j] - 1) + ")");
        }
        return offset[p][j] + kernels[p][j] - 1 + d - 1;
    }

    /** First indicator of (p, j): its K-1 kernel indicators then its E-1 expansion indicators follow. */
    public int offset(int p, int j) { return offset[p][j]; }

    /** What an indicator is, e.g. {@code block 3 superkernel 2 kernel 5\3}. */
    public String describe(int index) {
        for (int p = 0; p < positions.size(); p++) {
            for (int j = 0; j < kernels[p].length; j++) {
                int o = index - offset[p][j];
                int nk = kernels[p][j] - 1;
                if (o >= 0 && o < nk) {
                    List<Integer> ks = positions.get(p).superkernels().get(j).kernelSizes();
                    return "block " + p + " superkernel " + j + " kernel " + ks.get(o + 1) + "\\" + ks.get(o);
                }
                if (o >= nk && o < nk + expansions[p][j] - 1) {
                    List<Integer> es = positions.get(p).expansionsOf(j);
                    return "block " + p + " superkernel " + j + " expansion " + es.get(o - nk + 1) + "\\" + es.get(o - nk);
                }
            }
        }
        throw new IndexOutOfBoundsException("indicator " + index + " of " + count);
    }

    /**
     * Hard 0/1 indicators that select an architecture's choices: for kernel index c, rings 1..c-1 ON and ring c OFF
     * (the larger rings are OFF too); the same for expansions. The architecture must list every position.
     */
    public double[] encode(Architecture a) {
        if (a.blocks().size() != positions.size()) {
            throw new IllegalArgumentException("architecture '" + a.name() + "' has " + a.blocks().size()
                    + " blocks, the supernet has " + positions.size() + " positions (skips must be listed)");
        }
        double[] u = new double[count];
        for (int p = 0; p < positions.size(); p++) {
            BlockChoices bc = BlockChoices.of(positions.get(p));
            int t = bc.tupleOf(a.blocks().get(p).branches());
            for (int j = 0; j < kernels[p].length; j++) {
                int c = bc.kernelIndexOf(t, j), d = bc.expansionIndexOf(t, j);
                for (int i = 1; i <= c; i++) u[kernelIndicator(p, j, i)] = 1;
                for (int i = 1; i <= d; i++) u[expansionIndicator(p, j, i)] = 1;
            }
        }
        return u;
    }

    /** Kernel index (0-based) read off the indicators: the largest choice whose prefix indicators are all ON (&gt; 0.5). */
    public int chosenKernel(double[] u, int p, int j) {
        int c = 0;
        while (c < kernels[p][j] - 1 && u[offset[p][j] + c] > 0.5) c++;
        return c;
    }

    /** Expansion index (0-based) read off the indicators, as {@link #chosenKernel}. */
    public int chosenExpansion(double[] u, int p, int j) {
        int base = offset[p][j] + kernels[p][j] - 1;
        int d = 0;
        while (d < expansions[p][j] - 1 && u[base + d] > 0.5) d++;
        return d;
    }

    /** The architecture the indicators select (every position listed; blocks that became skips included). */
    public Architecture decode(double[] u, String name) {
        checkLength(u);
        return supernet.architecture(name, (bp, j) -> {
            int p = bp.index();
            int c = chosenKernel(u, p, j), d = chosenExpansion(u, p, j);
            return new Branch(bp.superkernels().get(j).kernelSizes().get(c), bp.expansionsOf(j).get(d));
        });
    }

    void checkLength(double[] u) {
        if (u.length != count) {
            throw new IllegalArgumentException("indicator vector has " + u.length + " entries, the layout has " + count);
        }
    }
}
