package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.model.Activation;

/**
 * The expand BN computed from the moments of the expand's input (no pass over e = x W, forward or backward) against
 * the plain heap BN on e: the activated output, dgamma, dbeta, dW and dX, with inputs whose mean is well away from 0.
 */
class ExpandBatchNormTest {

    @ParameterizedTest
    @ValueSource(strings = {"RELU", "RELU6"})
    void expandBatchNormFromInputMomentsMatchesTheHeapBatchNorm(String activation) {
        int n = 4, res = 8;
        try (SupernetNet net = new SupernetNet(EvalForwardTest.net(Activation.valueOf(activation), 1), n, res, 3)) {
            SupernetNet.Block b = net.blocks.get(0);
            SupernetNet.Unit u = b.units.get(0); // MixConv k{3,5} e{0,1,2}: cin 4 -> 8 channels
            int m = (int) b.min, cin = b.cin, cj = u.cj;
            Rng r = new Rng(21);
            float[] xv = new float[m * cin], da = new float[m * cj];
            for (int i = 0; i < xv.length; i++) xv[i] = (float) (1.5 + r.nextGaussian()); // mean 1.5: no centred data
            for (int i = 0; i < da.length; i++) da[i] = (float) r.nextGaussian();
            for (int j = 0; j < cj; j++) {
                u.bnE.gamma.value[j] = (float) (0.5 + r.nextDouble() * 2);
                u.bnE.beta.value[j] = (float) (r.nextGaussian() * 0.5);
            }
            INDArray x = Nd.zeros(m, cin), dA = Nd.zeros(m, cj), dX = Nd.zeros(m, cin);
            Nd.upload(xv, x);
            Nd.upload(da, dA);
            u.bnE.gamma.grad[0] = 0;
            Arrays.fill(u.bnE.gamma.grad, 0f);
            Arrays.fill(u.bnE.beta.grad, 0f);
            Arrays.fill(u.we.grad, 0f);
            b.xIn = x;
            b.inputMoments(x);
            b.expandForward(u, x, true);
            Arrays.fill(b.gramTerm, 0);
            Arrays.fill(b.rowTerm, 0);
            b.expandBackward(u, dA, dX, true);
            b.addExpandBlockTerms(dX);
            float[] a = u.aHeap.clone(), gx = Nd.download(dX);

            // reference: e = x W in double, the heap BN on it
            float[] w = u.we.value, e = new float[m * cj];
            for (int row = 0; row < m; row++) {
                for (int j = 0; j < cj; j++) {
                    double s = 0;
                    for (int i = 0; i < cin; i++) s += (double) xv[row * cin + i] * w[i * cj + j];
                    e[row * cj + j] = (float) s;
                }
            }
            java.util.concurrent.ExecutorService pool = DepthwiseGrad.newPool(2);
            try {
                BatchNorm ref = new BatchNorm("ref", cj, Activation.valueOf(activation), new BatchNorm.Work(new Parallel(pool, 2), cj));
                System.arraycopy(u.bnE.gamma.value, 0, ref.gamma.value, 0, cj);
                System.arraycopy(u.bnE.beta.value, 0, ref.beta.value, 0, cj);
                float[] aRef = new float[m * cj], dE = new float[m * cj];
                ref.forward(e, aRef, null, m, true);
                ref.backward(e, da, dE, m);
                for (int i = 0; i < a.length; i++) assertEquals(aRef[i], a[i], 2e-4 * (1 + Math.abs(aRef[i])), "a " + i);
                for (int j = 0; j < cj; j++) {
                    assertEquals(ref.gamma.grad[j], u.bnE.gamma.grad[j], 1e-3 * (1 + Math.abs(ref.gamma.grad[j])), "dgamma " + j);
                    assertEquals(ref.beta.grad[j], u.bnE.beta.grad[j], 1e-3 * (1 + Math.abs(ref.beta.grad[j])), "dbeta " + j);
                }
                for (int i = 0; i < cin; i++) {
                    for (int j = 0; j < cj; j++) {
                        double s = 0;
                        for (int row = 0; row < m; row++) s += (double) xv[row * cin + i] * dE[row * cj + j];
                        assertEquals(s, u.we.grad[i * cj + j], 1e-3 * (1 + Math.abs(s)), "dW " + i + "," + j);
                    }
                }
                for (int row = 0; row < m; row++) {
                    for (int i = 0; i < cin; i++) {
                        double s = 0;
                        for (int j = 0; j < cj; j++) s += (double) dE[row * cj + j] * w[i * cj + j];
                        assertEquals(s, gx[row * cin + i], 1e-3 * (1 + Math.abs(s)), "dX " + row + "," + i);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
