package org.s3nas.workbench.model.edit;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;

/** The paper's space (SPEC §2.5) and its MBConv variant, built from the records. */
final class TestSpaces {
    private TestSpaces() {}

    static Supernet paper() {
        int[][] stages = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        List<Stage> st = new ArrayList<>();
        for (int[] s : stages) st.add(new Stage(s[0], s[1], s[2], BlockKind.MIXCONV, SupernetEdits.paperMixConv(), 0, Activation.RELU));
        return new Supernet("mixconv_super_3_4_7_4_11", InputShape.square(224, 3), new Stem(32, 7, 2, Activation.RELU), st,
                new Head(1280, 1000, Activation.RELU));
    }

    /** SPEC §2.5's MBConv variant: one superkernel, kernels {3, 5}, expansions {0, 2, 4, 6} (0 only with a residual). */
    static List<Superkernel> mb() {
        return List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), true));
    }

    static boolean valid(Supernet s) {
        return !Validator.hasErrors(Validator.validateSupernet(s, "supernet"));
    }
}
