package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.s3nas.workbench.model.Branch;

/**
 * A block configuration after the merge rule of paper Fig. 8: at most one depthwise kernel per kernel size (the
 * expansions of superkernels that chose the same size are summed), zeroed superkernels gone, sorted by kernel size.
 * One branch is a plain MBConv, several a MixConv, none a skip (cost 0). It is the key of a latency-table entry
 * within a block position: two choice tuples that express the same block share one profiled latency.
 */
public record BlockConfiguration(List<Branch> branches) implements Comparable<BlockConfiguration> {
    public static final BlockConfiguration SKIP = new BlockConfiguration(List.of());

    public BlockConfiguration {
        branches = List.copyOf(branches);
        for (int i = 0; i < branches.size(); i++) {
            Branch b = branches.get(i);
            if (b.kernel() < 1 || b.expansion() < 1) {
                throw new IllegalArgumentException("a merged configuration has positive kernels and expansions, got " + b);
            }
            if (i > 0 && branches.get(i - 1).kernel() >= b.kernel()) {
                throw new IllegalArgumentException("a merged configuration has one branch per kernel size, ascending: " + branches);
            }
        }
    }

    /** Applies the merge rule to one choice per superkernel (Fig. 8). */
    public static BlockConfiguration merge(List<Branch> choices) {
        TreeMap<Integer, Integer> byKernel = new TreeMap<>();
        for (Branch b : choices) {
            if (b.expansion() > 0) byKernel.merge(b.kernel(), b.expansion(), Integer::sum);
        }
        List<Branch> out = new ArrayList<>(byKernel.size());
        byKernel.forEach((k, e) -> out.add(new Branch(k, e)));
        return new BlockConfiguration(out);
    }

    public boolean isSkip() { return branches.isEmpty(); }

    /** Several kernel sizes: a MixConv block; one: a plain MBConv block. */
    public boolean isMixConv() { return branches.size() > 1; }

    public int totalExpansion() { return branches.stream().mapToInt(Branch::expansion).sum(); }

    /** Compact text form, e.g. {@code k3e2+k5e4}, or {@code skip}. */
    public String key() {
        if (branches.isEmpty()) return "skip";
        StringBuilder sb = new StringBuilder();
        for (Branch b : branches) {
            if (sb.length() > 0) sb.append('+');
            sb.append('k').append(b.kernel()).append('e').append(b.expansion());
        }
        return sb.toString();
    }

    /** Parses {@link #key()}. */
    public static BlockConfiguration parse(String key) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("empty block configuration");
        if (key.equals("skip")) return SKIP;
        List<Branch> out = new ArrayList<>();
        for (String part : key.split("\\+")) {
            int e = part.indexOf('e');
            if (!part.startsWith("k") || e < 2 || e == part.length() - 1) {
                throw new IllegalArgumentException("block configuration '" + key + "': expected k<kernel>e<expansion>, got '" + part + "'");
            }
            try {
                out.add(new Branch(Integer.parseInt(part.substring(1, e)), Integer.parseInt(part.substring(e + 1))));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("block configuration '" + key + "': bad number in '" + part + "'");
            }
        }
        return new BlockConfiguration(out);
    }

    @Override
    public int compareTo(BlockConfiguration o) {
        int n = Math.min(branches.size(), o.branches.size());
        for (int i = 0; i < n; i++) {
            Branch a = branches.get(i), b = o.branches.get(i);
            if (a.kernel() != b.kernel()) return Integer.compare(a.kernel(), b.kernel());
            if (a.expansion() != b.expansion()) return Integer.compare(a.expansion(), b.expansion());
        }
        return Integer.compare(branches.size(), o.branches.size());
    }

    @Override
    public String toString() { return key(); }
}
