package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.io.export.PythonTorch;
import org.s3nas.workbench.io.export.SearchPackageExporter;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.LossKind;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.LatencyTable;

/**
 * Parity of the exported PyTorch search with this engine (issue #12): from the same weights and thresholds, the same
 * batch and the same phase, one step gives the same loss (relative 1e-4) and the same threshold gradients (relative
 * 1e-3); phase 1 has no threshold gradient, so there the depthwise weights' gradient norm is compared too.
 */
class TorchParityTest {
    private static final int BATCH = 4, RES = 8;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        Assumptions.assumeTrue(PythonTorch.available(), PythonTorch.MISSING);
    }

    static Supernet mixconv() {
        Stage s1 = new Stage(8, 2, 1, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true)), 0, Activation.RELU);
        Stage s2 = new Stage(12, 2, 2, BlockKind.MIXCONV, List.of(
                new Superkernel(List.of(3, 5), List.of(0, 1, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true)), 0, Activation.RELU6);
        return new Supernet("parity-mixconv", InputShape.square(RES, 1), new Stem(8, 3, 1, Activation.RELU),
                List.of(s1, s2), new Head(16, 5, Activation.RELU));
    }

    static Supernet mbconv() {
        Stage s1 = new Stage(8, 2, 1, BlockKind.MBCONV, List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), true)), 0, Activation.RELU);
        Stage s2 = new Stage(12, 2, 2, BlockKind.MBCONV, List.of(new Superkernel(List.of(3, 5, 7), List.of(0, 2, 4, 6), true)), 0, Activation.RELU);
        return new Supernet("parity-mbconv", InputShape.square(RES, 1), new Stem(8, 3, 1, Activation.RELU),
                List.of(s1, s2), new Head(16, 5, Activation.RELU));
    }

    @ParameterizedTest(name = "{0} phase {1}")
    @CsvSource({"mixconv,1", "mixconv,2", "mbconv,1", "mbconv,2"})
    void oneStepMatchesTheNd4jEngine(String kind, int phase) throws Exception {
        Supernet s = kind.equals("mixconv") ? mixconv() : mbconv();
        Project base = ProjectFiles.load(Path.of("sample-projects/fashion-mnist.json"));
        LatencyTable table = LatencyTable.profile(s, base.npu(), null, null);
        LatencyModel latency = new NpuLatencyModel(table);
        try (SupernetNet net = new SupernetNet(s, BATCH, RES, 11)) {
            // thresholds around each split's energy, so that some splits are off and sigmoid'(x) is far from 0
            Rng rng = new Rng(5);
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            double[] x0 = net.indicatorInputs();
            for (int i = 0; i < x0.length; i++) net.thresholds.value[i] = x0[i] + (rng.nextDouble() - 0.5) * 0.6;
            net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
            // a target below the path's latency: the latency term and its gradient are on
            double pathMs = latency.latencyMs(net.indicators(latency), null);
            SearchConfig cfg = base.search().withTargetLatencyMs(pathMs * 0.8);
            Path pkg = dir.resolve("pkg"), state = dir.resolve("state");
            SearchPackageExporter.export(base.withSupernet(s).withSearch(cfg), table, Path.of("sample-projects"), pkg, false);
            EngineState.write(net, state);

            float[] x = TinyNets.images(BATCH, RES, 1, 21);
            int[] y = TinyNets.labels(BATCH, 5, 22);
            SupernetNet.MaskMode mode = phase == 1 ? SupernetNet.MaskMode.FIXED : SupernetNet.MaskMode.THRESHOLDS;
            int[][][] fixed = null;
            if (phase == 1) {
                net.setMasks(SupernetNet.MaskMode.SAMPLED, new Rng(3), null);
                fixed = net.currentChoiceIndices();
            }
            net.setMasks(mode, null, fixed);
            net.zeroGradients();
            float[] logits = net.forward(x, true);
            float[] dLogits = new float[BATCH * 5];
            double[] ce = Losses.crossEntropy(logits, y, BATCH, 5, cfg.labelSmoothing(), dLogits);
            net.backward(dLogits);
            double[] u = net.indicators(latency);
            double[] dLat = new double[u.length];
            double ms = latency.latencyMs(u, dLat);
            // the sample's loss: TARGET, the controller's two-sided term, its latency gradient on the thresholds only
            assertEquals(LossKind.TARGET, cfg.loss());
            net.setLatencyIntoWeights(false);
            double[] term = phase == 2 ? new TargetController(cfg.targetLatencyMs(), cfg.targetTolerance()).term(ms, cfg.lambda1(), cfg.lambda2())
                    : new double[]{0, 0};
            net.finishGradients(mode, latency, phase == 2 ? dLat : null, term[1]);
            double loss = ce[0] + term[0];
            if (phase == 2) assertTrue(term[0] > 0, "the latency term is on");

            Map<String, Object> step = new LinkedHashMap<>();
            step.put("shape", new int[]{BATCH, RES, RES, 1});
            step.put("images", x);
            step.put("labels", y);
            step.put("phase", phase);
            step.put("choices", fixed);
            JsonNode t = PythonTorch.parityStep(dir, pkg.resolve("parity_step.py"), state, step);

            assertEquals(ms, t.get("latencyMs").asDouble(), 1e-9 * ms, "Eq. 8 latency of the path");
            assertEquals(loss, t.get("loss").asDouble(), 1e-4 * Math.abs(loss), "loss");
            double[] g = net.thresholds.grad;
            JsonNode tg = t.get("thresholdGradients");
            assertEquals(g.length, tg.size());
            double norm = 0;
            for (double v : g) norm += v * v;
            norm = Math.sqrt(norm);
            if (phase == 2) assertTrue(norm > 1e-3, "threshold gradients are not all zero: " + norm);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], tg.get(i).asDouble(), 1e-3 * Math.abs(g[i]) + 1e-6 * norm + 1e-12,
                        "dLoss/dt of " + net.thresholds.names[i]);
            }
            double dw = 0;
            for (SupernetNet.Block b : net.blocks) for (SupernetNet.Unit un : b.units) for (float v : un.wd.grad) dw += (double) v * v;
            dw = Math.sqrt(dw);
            assertTrue(dw > 0);
            assertEquals(dw, t.get("depthwiseGradientNorm").asDouble(), 1e-3 * dw, "depthwise weights' gradient norm");
        }
    }
}
