package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.s3nas.workbench.engine.BatchNorm;
import org.s3nas.workbench.engine.Rng;
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
 * kernels and channels, zeroed superkernels, a skipped block, a block with nothing on, ReLU and ReLU6, stem strides
 * 1 and 2.
 */
class EvalForwardTest {

    static Supernet net(Activation act, int stemStride) {
        Stage s1 = new Stage(4, 2, 1, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3, 5), List.of(0, 1, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true)), 0, act);
        Stage s2 = new Stage(6, 1, 2, BlockKind.MBCONV, List.of(
                new Superkernel(List.of(3, 5, 7), List.of(2, 3), false)), 0, act);
        Stage s3 = new Stage(6, 2, 2, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3), List.of(1, 2), false),
                new Superkernel(List.of(5), List.of(0, 1), true)), 0, act);
        // no residual: its block can have every superkernel zeroed and still runs (the projection BN's shift alone)
        Stage s4 = new Stage(5, 1, 1, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3, 5), List.of(0, 1), false)), 0, act, false, java.util.Map.of());
        return new Supernet("eval", InputShape.square(8, 1), new Stem(4, 3, stemStride, act), List.of(s1, s2, s3, s4), new Head(8, 3, act));
    }

    @ParameterizedTest
    @CsvSource({"RELU,1", "RELU6,1", "RELU,2"})
    void inferenceForwardMatchesTheHeapPath(String activation, int stemStride) {
        int n = 3, res = stemStride == 2 ? 15 : 8; // an odd map under a stride-2 stem
        try (SupernetNet net = new SupernetNet(net(Activation.valueOf(activation), stemStride), n, res, 5)) {
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
            f[4][1] = new int[]{0, 0};   // block 4: one zeroed superkernel, the other on
            f[5][0] = new int[]{0, 0};   // block 5 (no residual): its only superkernel zeroed
            net.setMasks(SupernetNet.MaskMode.FIXED, null, f);
            assertTrue(net.blocks.get(1).skipped, "block 1 must be skipped");
            assertTrue(!net.blocks.get(5).skipped && net.blocks.get(5).units.get(0).zeroed(), "block 5 runs with nothing on");
            float[] x = TinyNets.images(n, res, 1, 4);
            net.forward(x, true); // running statistics from a training forward too
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
