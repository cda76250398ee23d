package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.engine.RmsProp;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;

/**
 * A search on a supernet whose stages use h-swish (or another activation beyond ReLU) builds and steps: the search
 * engine's batch norm once refused every activation but ReLU and ReLU6 when the network was built.
 */
class HswishSupernetTest {
    @Test
    void theFashionSampleWithHswishStagesBuildsAndTakesAFiniteStep() throws Exception {
        Supernet sample = ProjectFiles.load(Path.of("sample-projects/fashion-mnist.json")).supernet();
        List<Stage> stages = sample.stages().stream().map(s -> s.withActivation(Activation.HSWISH)).toList();
        Supernet s = sample.withStages(stages);
        int batch = 4, res = s.input().height(), classes = s.head().classes();
        try (SupernetNet net = new SupernetNet(s, batch, res, 3)) {
            RmsProp.init(net.params, net.thresholds);
            float[] x = TinyNets.images(batch, res, s.input().channels(), 1);
            int[] y = TinyNets.labels(batch, classes, 2);
            float[] dl = new float[batch * classes];
            net.zeroGradients();
            double[] ce = Losses.crossEntropy(net.forward(x, true), y, batch, classes, 0.1, dl);
            net.backward(dl);
            net.finishGradients(SupernetNet.MaskMode.THRESHOLDS, null, null, 0);
            assertTrue(Double.isFinite(ce[0]), "loss " + ce[0]);
            double norm = RmsProp.globalNorm(net.params, net.thresholds, true);
            assertTrue(Double.isFinite(norm) && norm > 0, "gradient norm " + norm);
            RmsProp.update(net.params, 1e-3, 0.9, 0.9, 1e-3);
            net.uploadParameters();
            float[] eval = net.forward(x, false);
            for (float v : eval) assertTrue(Float.isFinite(v), "inference logits");
        }
    }
}
