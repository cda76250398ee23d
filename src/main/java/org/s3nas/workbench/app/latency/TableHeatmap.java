package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.npu.BlockConfiguration;
import org.s3nas.workbench.npu.LatencyTable;

/**
 * The latency table P of one block position laid out as a heat-table. After the merge rule (paper Fig. 8) a
 * configuration has at most one depthwise kernel per size, so it is fully described by its kernel set and the
 * expansion of each kernel. Rows are kernel sets ({3}, {5}, {3, 5}, … ordered by size, then lexically), columns the
 * total expansion (expanded channels / input channels); a cell holds every configuration with that kernel set and
 * total — several when the total can be split differently among the kernels (k3e2+k5e4 and k3e4+k5e2), listed by
 * their split. The skip (every superkernel zeroed, cost 0) is its own row with total 0.
 *
 * @param position the block position
 * @param rows     kernel sets in display order; the skip row is the empty set
 * @param columns  total expansions in ascending order
 * @param cells    every configuration of the position, each exactly once
 * @param minMs    smallest non-skip latency of the position
 * @param maxMs    largest latency of the position
 */
public record TableHeatmap(BlockPosition position, List<List<Integer>> rows, List<Integer> columns, List<Cell> cells,
                           double minMs, double maxMs) {
    public TableHeatmap {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        cells = List.copyOf(cells);
    }

    /** One configuration: where it goes, and its profiled latency. */
    public record Cell(int row, int column, BlockConfiguration configuration, long cycles, double ms) {
        /** The expansion of each kernel, in kernel order: "2+4" for k3e2+k5e4, "6" for k5e6, "—" for the skip. */
        public String split() {
            if (configuration.isSkip()) return "—";
            return configuration.branches().stream().map(b -> Integer.toString(b.expansion())).collect(Collectors.joining("+"));
        }
    }

    static final Comparator<List<Integer>> KERNEL_SETS = Comparator.<List<Integer>>comparingInt(List::size).thenComparing((a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return 0;
    });

    public static List<Integer> kernelSet(BlockConfiguration c) {
        return c.branches().stream().map(Branch::kernel).toList();
    }

    public static TableHeatmap of(LatencyTable table, int position) {
        List<BlockConfiguration> configs = table.configurations(position);
        TreeSet<List<Integer>> sets = new TreeSet<>(KERNEL_SETS);
        TreeSet<Integer> totals = new TreeSet<>();
        for (BlockConfiguration c : configs) {
            sets.add(kernelSet(c));
            totals.add(c.totalExpansion());
        }
        List<List<Integer>> rows = new ArrayList<>(sets);
        List<Integer> columns = new ArrayList<>(totals);
        Map<BlockConfiguration, Cell> cells = new TreeMap<>();
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (BlockConfiguration c : configs) {
            long cyc = table.cycles(position, c);
            double ms = table.ms(position, c);
            cells.put(c, new Cell(rows.indexOf(kernelSet(c)), columns.indexOf(c.totalExpansion()), c, cyc, ms));
            if (!c.isSkip()) min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        List<Cell> ordered = new ArrayList<>(cells.values());
        ordered.sort(Comparator.comparingInt(Cell::row).thenComparingInt(Cell::column).thenComparing(Cell::configuration));
        return new TableHeatmap(table.supernet().blockPositions().get(position), rows, columns, ordered,
                min == Double.POSITIVE_INFINITY ? 0 : min, max);
    }

    /** The configurations in one cell, ordered by their split. */
    public List<Cell> cell(int row, int column) {
        return cells.stream().filter(c -> c.row() == row && c.column() == column).toList();
    }

    /** The most configurations any cell holds. */
    public int maxPerCell() {
        int m = 0;
        for (int r = 0; r < rows.size(); r++) for (int c = 0; c < columns.size(); c++) m = Math.max(m, cell(r, c).size());
        return m;
    }

    /** "k{3, 5}", or "skip" for the empty set. */
    public static String rowLabel(List<Integer> kernels) {
        if (kernels.isEmpty()) return "skip";
        return kernels.stream().map(k -> k + "×" + k).collect(Collectors.joining(" + "));
    }
}
