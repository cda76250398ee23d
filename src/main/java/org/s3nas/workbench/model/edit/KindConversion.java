package org.s3nas.workbench.model.edit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/**
 * MBConv ↔ MixConv (paper Fig. 6, 8). The two describe the same blocks differently: a MixConv block whose
 * superkernels chose the same kernel size merges into an MBConv block whose expansion is their sum. So
 * <ul>
 * <li><b>MBConv → MixConv</b> splits the one superkernel's nested channel slices into parallel superkernels: the
 * expansions {@code 0 < e1 < e2 < ...} become one superkernel per slice with expansions {0, e_i − e_(i−1)} and the
 * same kernel candidates ({0, 2, 4, 6} → three superkernels {0, 2}). Every total expansion of the MBConv block is
 * still reachable. Without a 0 candidate the first slice cannot be zeroed; a "zero only with a residual" mark goes to
 * the last superkernel, so that a block without a residual still cannot become a skip.</li>
 * <li><b>MixConv → MBConv</b> makes one superkernel whose kernel candidates are the union of the superkernels' and
 * whose expansion candidates are every reachable sum ({3,5}{0,2} + {3,5}{0,2} + {3,5,7}{0*,2} → {3,5,7} {0*,2,4,6}).
 * Mixed kernel sizes inside one block cannot be expressed by MBConv: that is what is lost.</li>
 * </ul>
 * MBConv → MixConv → MBConv gives the original back when the expansion steps are equal (as in the paper's spaces).
 */
public final class KindConversion {
    private KindConversion() {}

    /** One MBConv superkernel as parallel MixConv superkernels (a list that is already split comes back as is). */
    public static List<Superkernel> toMixConv(List<Superkernel> sks) {
        if (sks.size() != 1) return sks;
        Superkernel sk = sks.get(0);
        List<Integer> nonZero = sk.expansions().stream().filter(e -> e > 0).sorted().toList();
        if (nonZero.size() <= 1) return sks;
        boolean zeroable = sk.expansions().contains(0);
        List<Superkernel> out = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < nonZero.size(); i++) {
            int slice = nonZero.get(i) - previous;
            previous = nonZero.get(i);
            boolean last = i == nonZero.size() - 1;
            if (i == 0 && !zeroable) out.add(new Superkernel(sk.kernelSizes(), List.of(slice), false));
            else out.add(new Superkernel(sk.kernelSizes(), List.of(0, slice), last && zeroable && sk.zeroOnlyWithResidual()));
        }
        return out;
    }

    /** Parallel MixConv superkernels as one MBConv superkernel (one superkernel comes back as is). */
    public static List<Superkernel> toMbConv(List<Superkernel> sks) {
        if (sks.size() <= 1) return sks;
        TreeSet<Integer> kernels = new TreeSet<>();
        for (Superkernel sk : sks) kernels.addAll(sk.kernelSizes());
        TreeSet<Integer> withResidual = sums(sks, true);
        TreeSet<Integer> withoutResidual = sums(sks, false);
        boolean zeroOnly = withResidual.contains(0) && !withoutResidual.contains(0);
        return List.of(new Superkernel(List.copyOf(kernels), List.copyOf(withResidual), zeroOnly));
    }

    private static TreeSet<Integer> sums(List<Superkernel> sks, boolean residual) {
        TreeSet<Integer> sums = new TreeSet<>(List.of(0));
        for (Superkernel sk : sks) {
            TreeSet<Integer> next = new TreeSet<>();
            for (int s : sums) for (int e : sk.expansionsFor(residual)) next.add(s + e);
            sums = next;
        }
        return sums;
    }

    public static List<Superkernel> convert(List<Superkernel> sks, BlockKind kind) {
        return kind == BlockKind.MBCONV ? toMbConv(sks) : toMixConv(sks);
    }

    /** The stage with blocks of {@code kind}: its superkernels and every override converted. */
    public static Stage convert(Stage st, BlockKind kind) {
        if (st.kind() == kind) return st;
        Map<Integer, List<Superkernel>> overrides = new HashMap<>();
        st.overrides().forEach((k, v) -> overrides.put(k, convert(v, kind)));
        return st.withKind(kind).withSuperkernels(convert(st.superkernels(), kind)).withOverrides(overrides);
    }

    /** Every stage converted to {@code kind}. */
    public static Supernet convert(Supernet s, BlockKind kind) {
        List<Stage> stages = new ArrayList<>();
        for (Stage st : s.stages()) stages.add(convert(st, kind));
        return s.withStages(stages);
    }
}
