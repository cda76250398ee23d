package org.s3nas.workbench.app.supernet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;

/**
 * Which blocks of two architectures differ. Blocks are matched by stage and by their order among the stage's
 * computing blocks (skips compute nothing and are left out, so "block 3 became a skip" shows as the stage's later
 * blocks moving up or the last one missing). A matched pair differs when the merged branches (paper Fig. 8), SE,
 * activation, channels or stride differ; an unmatched block differs.
 */
public final class ArchitectureDiff {
    /** One matched place: the blocks' indices in their architectures (-1 when the architecture has none there). */
    public record Pair(int stage, int order, int a, int b, boolean differs) {}

    private final List<Pair> pairs;
    private final Set<Integer> differingA = new HashSet<>();
    private final Set<Integer> differingB = new HashSet<>();

    private ArchitectureDiff(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
        for (Pair p : pairs) {
            if (!p.differs()) continue;
            if (p.a() >= 0) differingA.add(p.a());
            if (p.b() >= 0) differingB.add(p.b());
        }
    }

    public static ArchitectureDiff of(Architecture a, Architecture b) {
        Map<Integer, List<Integer>> byStageA = computing(a), byStageB = computing(b);
        TreeSet<Integer> stages = new TreeSet<>(byStageA.keySet());
        stages.addAll(byStageB.keySet());
        List<Pair> pairs = new ArrayList<>();
        for (int st : stages) {
            List<Integer> xs = byStageA.getOrDefault(st, List.of()), ys = byStageB.getOrDefault(st, List.of());
            for (int i = 0; i < Math.max(xs.size(), ys.size()); i++) {
                int ia = i < xs.size() ? xs.get(i) : -1, ib = i < ys.size() ? ys.get(i) : -1;
                boolean differs = ia < 0 || ib < 0 || !same(a.blocks().get(ia), b.blocks().get(ib));
                pairs.add(new Pair(st, i, ia, ib, differs));
            }
        }
        return new ArchitectureDiff(pairs);
    }

    private static Map<Integer, List<Integer>> computing(Architecture a) {
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 0; i < a.blocks().size(); i++) {
            Block blk = a.blocks().get(i);
            if (blk.isSkip() && blk.residual()) continue;
            out.computeIfAbsent(blk.stage(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    static boolean same(Block x, Block y) {
        return x.mergedBranches().equals(y.mergedBranches()) && x.seChannels() == y.seChannels()
                && x.activation() == y.activation() && x.inChannels() == y.inChannels()
                && x.outChannels() == y.outChannels() && x.stride() == y.stride() && x.residual() == y.residual();
    }

    public List<Pair> pairs() { return pairs; }

    /** Indices of the first architecture's blocks that differ. */
    public Set<Integer> differingA() { return Set.copyOf(differingA); }

    public Set<Integer> differingB() { return Set.copyOf(differingB); }

    public long differingPlaces() { return pairs.stream().filter(Pair::differs).count(); }
}
