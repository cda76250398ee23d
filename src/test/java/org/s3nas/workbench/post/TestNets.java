package org.s3nas.workbench.post;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/** Networks and a cost model shared by the post-processing tests. */
final class TestNets {
    private TestNets() {}

    static List<Superkernel> mixconv() {
        return List.of(new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
    }

    /** The paper's search space (SPEC §2.5, Table 3). */
    static Supernet paperSupernet() {
        int[][] sd = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        List<Stage> stages = new ArrayList<>();
        for (int[] s : sd) stages.add(new Stage(s[0], s[1], s[2], BlockKind.MIXCONV, mixconv(), 0, Activation.RELU));
        return new Supernet("paper", InputShape.square(224, 3), new Stem(32, 7, 2, Activation.RELU), stages,
                new Head(1280, 1000, Activation.RELU));
    }

    /**
     * A heterogeneous searched-looking architecture of the paper's space: per block and superkernel a choice that
     * varies with the position (deterministic), skips removed.
     */
    static Architecture searchedLike(Supernet s) {
        return s.architecture("searched", (p, j) -> {
            Superkernel sk = p.superkernels().get(j);
            List<Integer> es = p.expansionsOf(j);
            int v = (p.index() * 7 + j * 3) % 5;
            int k = sk.kernelSizes().get(v % sk.kernelSizes().size());
            int e = es.get((v + p.index()) % es.size());
            return new Branch(k, e);
        }).withoutSkips();
    }

    /** Linear depth: cumulative depth up to stage s = width_s / 16 (widths 32..160 step 32, depth 2 each). */
    static Supernet linearSupernet() {
        List<Stage> stages = new ArrayList<>();
        int[] strides = {1, 2, 2, 1, 2};
        for (int s = 0; s < 5; s++) {
            stages.add(new Stage(32 * (s + 1), 2, strides[s], BlockKind.MIXCONV, mixconv(), 0, Activation.RELU));
        }
        return new Supernet("linear", InputShape.square(64, 3), new Stem(32, 3, 2, Activation.RELU), stages,
                new Head(256, 10, Activation.RELU));
    }

    /**
     * An analytic cost model for tests of the search logic only (the application uses the MIDAP simulator):
     * MACs / 1024 per cycle for convolutions and FCs, / 64 for depthwise (MIDAP runs depthwise on 64 lanes),
     * + 6 cycles per layer, at 1 GHz.
     */
    static final ToDoubleFunction<Architecture> ANALYTIC_MS = a -> {
        double cycles = 0;
        for (ModelCost.LayerCost l : ModelCost.layers(a)) {
            cycles += (double) l.macs() / (l.kind() == ModelCost.Kind.DEPTHWISE ? 64 : 1024) + 6;
        }
        return cycles / 1e6;
    };
}
