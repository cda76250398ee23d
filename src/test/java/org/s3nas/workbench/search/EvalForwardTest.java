package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/**
 * The inference forward (every BN folded into the weights before it, all native) against the training-path code
 * run with training = false (heap BN with the running statistics): same logits up to float rounding, with masked
 * kernels and channels, a zeroed superkernel, a skipped block, ReLU and ReLU6.
 */
class EvalForwardTest {

    static Supernet net(Activation act) {
        Stage s1 = new Stage(4, 2, 1, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3, 5), List.of(0, 1, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true)), 0, act);
        Stage s2 = new Stage(6, 1, 2, BlockKind.MBCONV, List.of(
                new Superkernel(List.of(3, 5, 7), List.of(2, 3), false)), 0, act);
        Stage s3 = new Stage(6, 2, 2, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3), List.of(1, 2), false),
                new Superkernel(List.of(5), List.of(0, 1), true)), 0, act);
        return new Supernet("eval", InputShape.square(8, 1), new Stem(4, 3, 1, act), List.of(s1, s2, s3), new Head(8, 3, act));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RELU", "RELU6"})
    void inferenceForwardMatchesTheHeapPath(String activation) {
        int n = 3, res = 8;
        try (SupernetNet net = new SupernetNet(net(Activation.valueOf(activation)), n, res, 5)) {
            Rng r = new Rng(9);
            // BN parameters and running statistics away from their initial values (ReLU6: some outputs pass 6)
            for (BatchNorm b : net.norms) {
                for (int k = 0; k < b.c; k++) {
                    b.gamma.value[k] = (float) (0.5 + 2 * r.nextDouble());
                    b.beta.value[k] = (float) (r.nextGaussian() * 0.5);
                    b.runMean[k] = (float) (r.nextGaussian() * 0.3);
                    b.runVar[k] = (float) (0.2 + r.nextDouble());
                }
            }
            int[][][] f = net.largestChoices();
            f[0][0] = new int[]{0, 1};   // kernel 3 of {3,5}, expansion 1 of {0,1,2}: masked ring and slice
            f[1][0] = new int[]{0, 0};   // block 1: superkernel 0 zeroed (non-residual superkernel zero is allowed)
            f[1][1] = new int[]{0, 0};   //          and the other one too: a skipped residual block
            f[4][1] = new int[]{0, 0};   // last block: one zeroed superkernel, the other on
            net.setMasks(SupernetNet.MaskMode.FIXED, null, f);
            assertTrue(net.blocks.get(1).skipped, "block 1 must be skipped");
            float[] x = TinyNets.images(n, res, 1, 4);
            float[] reference = net.forwardHeap(x, false).clone();
            float[] eval = net.forward(x, false);
            double scale = 0;
            for (float v : reference) scale = Math.max(scale, Math.abs(v));
            assertTrue(scale > 1e-2, "logits must not vanish (" + scale + ")");
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], eval[i], 1e-4 * Math.max(1, scale), "logit " + i);
            }
        }
    }
}
