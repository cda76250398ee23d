package org.s3nas.workbench.app;

import java.util.List;
import java.util.Map;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;

/** In-memory projects built from the model records, for view-model and window tests. */
public final class TestProjects {
    private TestProjects() {}

    public static Superkernel sk(List<Integer> kernels, List<Integer> expansions) { return new Superkernel(kernels, expansions, false); }

    /** A small MixConv supernet for 28x28 grey images: 4 stages, 8 blocks (MBConv, MixConv with a residual-only zero, SE, an override). */
    public static Supernet proxySupernet() {
        List<Superkernel> mix = List.of(sk(List.of(3, 5), List.of(0, 2)), new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
        return new Supernet("proxy-mixconv", InputShape.square(28, 1), new Stem(16, 3, 1, Activation.RELU),
                List.of(new Stage(16, 1, 1, BlockKind.MBCONV, List.of(sk(List.of(3), List.of(1))), 0, Activation.RELU),
                        new Stage(24, 2, 2, BlockKind.MIXCONV, mix, 0, Activation.RELU),
                        new Stage(40, 3, 2, BlockKind.MIXCONV, mix, 0.25, Activation.HSWISH),
                        new Stage(80, 2, 1, BlockKind.MIXCONV, mix, 0, Activation.RELU6, true,
                                Map.of(1, List.of(sk(List.of(3), List.of(0, 2)), sk(List.of(5), List.of(0, 4)))))),
                new Head(256, 10, Activation.RELU));
    }

    static SearchConfig search() {
        return SearchConfig.defaults(new DatasetSpec(DatasetFormat.IDX, "data", 10, 0.1, false), 28, 0.05);
    }

    static Project proxy() {
        Supernet s = proxySupernet();
        Architecture chosen = s.architecture("found-a", (p, j) -> new Branch(p.superkernels().get(j).kernelSizes().get(0),
                p.expansionsOf(j).get(p.expansionsOf(j).size() - 1)));
        Project p = new Project("fashion-proxy", "A proxy search on Fashion-MNIST", s, NpuConfig.midap(), search(),
                List.of(new RunRecord("run-001", RunStatus.SUCCEEDED, "runs/run-001", search(), "found-a",
                        "2025-01-02T10:00:00Z", "2025-01-02T10:20:00Z")),
                List.of(new SavedArchitecture("found-a", "run-001", chosen, 0.8875)));
        assertValid(p);
        return p;
    }

    /** The paper's search space (S3NAS §2.5: stages of MixConv superkernels), 224x224x3. */
    static Project paper() {
        List<Superkernel> mix = List.of(sk(List.of(3, 5), List.of(0, 2)), sk(List.of(3, 5), List.of(0, 2)),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
        int[][] stages = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        List<Stage> st = new java.util.ArrayList<>();
        for (int[] s : stages) st.add(new Stage(s[0], s[1], s[2], BlockKind.MIXCONV, mix, 0, Activation.RELU));
        Supernet sn = new Supernet("mixconv_super_3_4_7_4_11", InputShape.square(224, 3), new Stem(32, 7, 2, Activation.RELU),
                st, new Head(1280, 1000, Activation.RELU));
        Project p = new Project("paper-space", "", sn, NpuConfig.midap(), search(), List.of(), List.of());
        assertValid(p);
        return p;
    }

    static void assertValid(Project p) {
        var problems = Validator.validate(p);
        if (Validator.hasErrors(problems)) throw new AssertionError("test project is invalid: " + problems);
    }
}
