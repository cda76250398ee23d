package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.io.export.PythonTorch;
import org.s3nas.workbench.io.export.TrainingPackageExporter;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;

/**
 * Parity of the exported PyTorch training with this engine's final trainer (issue #12 item 2): from the same weights
 * (the ND4J network's, written with {@link FixedNet#writeState}), the same batch and step, one training step of
 * {@code train_parity_step.py} (the package's own step: label-smoothed CE, weight decay, clipping, RMSProp, EMA) and
 * one {@link FinalTrainer#step} give the same loss (relative 1e-4), the same gradient norm and the same gradients,
 * weights and EMA after the step on named tensors (relative 1e-3); both networks list the same tensors in the same order
 * (the model file's); the schedule and the EMA decay agree over two epochs of steps. Two networks with merged
 * branches, stride 2, residuals, an expansion-1 block without expand conv and a skip: one with ReLU, one with SE and
 * h-swish in every block and a clip that acts.
 *
 * <p>Small on purpose: in a deep ReLU network at 28 px (the fashion-mnist sample's largest, tried first) one of a
 * million ReLU inputs lies within float rounding of 0 and takes the other side in one engine; BN's backward spreads
 * that 1e-3..1e-2 over every upstream gradient (PyTorch in float64 sides with the ND4J engine there).
 */
class TrainTorchParityTest {
    private static final int BATCH = 6, STEPS_PER_EPOCH = 10;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        Assumptions.assumeTrue(PythonTorch.available(), PythonTorch.MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ReLU, 10, 3, 'stem.w,b0.k3.expand.w,b0.k5.depthwise.w,b1.k7.expand.w,b2.k3.depthwise.w,b4.k3.project.w,head.w,fc.w,fc.b'",
            "SE and h-swish, 0.05, 7, 'stem.w,b0.k5.depthwise.w,b0.se.reduce.w,b0.se.expand.b,b1.k7.expand.w,b2.k3.depthwise.w,head.bn.beta,fc.w'"})
    void oneTrainingStepMatchesTheNd4jTrainer(String which, double clip, long step, String names) throws Exception {
        Project project = ProjectFiles.load(Path.of("sample-projects/fashion-mnist.json"));
        Architecture a = which.equals("ReLU") ? TrainNets.mixed(Activation.RELU, 0) : TrainNets.mixed(Activation.HSWISH, 0.25);
        SearchConfig s = project.search();
        TrainConfig cfg = new TrainConfig(s.dataset(), 6, BATCH, 0.02, 0.5, 0.9, 2.4, 1e-4, 0.1, 0.9999, 0, 0, clip,
                s.rmsDecay(), s.rmsMomentum(), s.rmsEpsilon(), 3, 0, 0, 0, 5, 100);
        Path pkg = dir.resolve("pkg"), state = dir.resolve("state");
        TrainingPackageExporter.export(project.name(), a, cfg, 0.1, Path.of("sample-projects"), null, pkg, false);
        int res = a.input().height(), channels = a.input().channels(), classes = a.head().classes();
        float[] x = new float[BATCH * res * res * channels];
        int[] y = new int[BATCH];
        Rng r = new Rng(17);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < BATCH; i++) y[i] = r.nextInt(classes);
        double lr = Schedule.learningRate(cfg, step, STEPS_PER_EPOCH);
        List<Long> scheduleSteps = new ArrayList<>();
        for (long k = 0; k < 2L * STEPS_PER_EPOCH + 5; k++) scheduleSteps.add(k);
        scheduleSteps.add(100_000L);

        try (FixedNet net = new FixedNet(a, BATCH, 0, 0, 5)) {
            net.writeState(state);
            Map<String, float[]> before = new HashMap<>();
            for (Param p : net.params) {
                System.arraycopy(p.value, 0, p.ema, 0, p.size()); // as FinalTrainer starts its EMA
                before.put(p.name, p.value.clone());
            }
            double[] ce = FinalTrainer.step(net, cfg, x, y, new float[BATCH * classes], lr, step, new Rng(1));

            Map<String, Object> in = new LinkedHashMap<>();
            in.put("shape", new int[]{BATCH, res, res, channels});
            in.put("images", x);
            in.put("labels", y);
            in.put("step", step);
            in.put("stepsPerEpoch", STEPS_PER_EPOCH);
            in.put("scheduleSteps", scheduleSteps);
            JsonNode t = PythonTorch.parityStep(dir, pkg.resolve("train_parity_step.py"), state, in);

            List<String> javaNames = net.params.stream().map(p -> p.name).toList();
            List<String> torchNames = new ArrayList<>();
            t.get("tensors").fieldNames().forEachRemaining(torchNames::add);
            assertEquals(javaNames, torchNames, "the same tensors in the same order (the model file's)");
            assertEquals(lr, t.get("learningRate").asDouble(), 1e-12 * lr, "learning rate of step " + step);
            for (int i = 0; i < scheduleSteps.size(); i++) {
                long k = scheduleSteps.get(i);
                double want = Schedule.learningRate(cfg, k, STEPS_PER_EPOCH);
                assertEquals(want, t.get("schedule").get(i).asDouble(), 1e-12 * want, "learning rate of step " + k);
                assertEquals(Ema.decayAt(cfg.emaDecay(), k), t.get("emaDecay").get(i).asDouble(), 1e-15, "EMA decay of update " + k);
            }
            assertEquals(ce[0], t.get("loss").asDouble(), 1e-4 * ce[0], "loss (label-smoothed cross-entropy)");
            assertEquals(ce[2], t.get("gradientNorm").asDouble(), 1e-3 * ce[2], "gradient norm before clipping");
            if (clip < 1) assertTrue(ce[2] > clip, "the clip acts: norm " + ce[2]);
            for (String name : names.split(",")) {
                Param p = net.params.stream().filter(q -> q.name.equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError("no tensor " + name + " in " + javaNames));
                JsonNode tt = t.get("tensors").get(name);
                float[] w0 = before.get(name);
                close(name + " gradient", p.grad, null, tt.get("gradient"));
                close(name + " step", p.value, w0, tt.get("value"));
                close(name + " EMA step", p.ema, w0, tt.get("ema"));
            }
        }
    }

    /**
     * ||(java - base) - (torch - base)|| <= 1e-3 ||java - base|| + 3e-7 ||base|| (base null: 0; the second term is the
     * float rounding of a weight that moves little), and the java side is not all zero.
     */
    private static void close(String what, float[] java, float[] base, JsonNode torch) {
        assertEquals(java.length, torch.size(), what + ": size");
        double diff = 0, norm = 0, scale = 0;
        for (int i = 0; i < java.length; i++) {
            double b = base == null ? 0 : base[i];
            double j = java[i] - b, p = torch.get(i).asDouble() - b;
            diff += (j - p) * (j - p);
            norm += j * j;
            scale += b * b;
        }
        assertTrue(norm > 0, what + ": all zero");
        assertTrue(Math.sqrt(diff) <= 1e-3 * Math.sqrt(norm) + 3e-7 * Math.sqrt(scale), what + ": relative difference " + Math.sqrt(diff / norm));
    }
}
