package org.s3nas.workbench.search;

import java.util.List;
import java.util.Map;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/** Small supernets for fast tests: every kind of superkernel, residual and stride-2 blocks. */
final class TinyNets {
    private TinyNets() {}

    static Supernet tiny() {
        Stage s1 = new Stage(4, 2, 1, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3, 5), List.of(0, 1, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true)), 0, Activation.RELU);
        Stage s2 = new Stage(6, 1, 2, BlockKind.MBCONV, List.of(
                new Superkernel(List.of(3, 5, 7), List.of(2, 3), false)), 0, Activation.RELU);
        Stage s3 = new Stage(6, 1, 2, BlockKind.MBCONV, List.of(
                new Superkernel(List.of(3), List.of(1, 2), false)), 0, Activation.RELU);
        return new Supernet("tiny", InputShape.square(8, 1), new Stem(4, 3, 1, Activation.RELU),
                List.of(s1, s2, s3), new Head(8, 3, Activation.RELU));
    }

    static Supernet withOverrides() {
        return tiny();
    }

    static float[] images(int n, int res, int c, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * res * res * c];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static int[] labels(int n, int classes, long seed) {
        Rng r = new Rng(seed);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = r.nextInt(classes);
        return l;
    }

    static Map<String, Integer> unused() { return Map.of(); }
}
