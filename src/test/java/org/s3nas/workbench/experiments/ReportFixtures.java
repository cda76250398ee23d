package org.s3nas.workbench.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.engine.data.IdxFiles;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Profiler;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.NpuLatencyModel;

/**
 * A micro reproduction report: an 8x8 three-class problem written as IDX files (the class is the band of bright
 * rows), a three-block MixConv supernet and a budget of 64 images, so that all five comparisons run for real in
 * about a minute. The report tests of post/report and app/report share it.
 */
public final class ReportFixtures {
    private ReportFixtures() {}

    /** 64 images everywhere, one epoch, 2 random samples, batch 16, test on 40 images. */
    public static final Budget MICRO = new Budget("micro", 64, 1, 1, 64, 1, 40, 2, 1, 16, 1.6);

    /**
     * Writes the micro data set into {@code dir/data} and returns the micro project (its dataset path "data" is
     * relative to {@code dir}, where a project file would be). The target is halfway between the supernet's smallest
     * and largest network.
     */
    public static Project microProject(Path dir) throws IOException {
        IdxFiles.write(dir.resolve("data"), 80, 8, 3, true, 3);
        java.util.Random r = new java.util.Random(4);
        byte[] px = new byte[40 * 64], lb = new byte[40];
        for (int i = 0; i < 40; i++) {
            lb[i] = (byte) r.nextInt(3);
            for (int p = 0; p < 64; p++) px[i * 64 + p] = (byte) (((p / 8) * 3 / 8 == lb[i] ? 180 : 30) + r.nextInt(60));
        }
        IdxFiles.writeIdx(dir.resolve("data").resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[]{40, 8, 8}, px, true);
        IdxFiles.writeIdx(dir.resolve("data").resolve("t10k-labels-idx1-ubyte.gz"), 0x801, new int[]{40}, lb, true);
        List<Superkernel> mix = List.of(new Superkernel(List.of(3, 5), List.of(0, 1), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true));
        Supernet s = new Supernet("micro-linear", InputShape.square(8, 1), new Stem(4, 3, 1, Activation.RELU), List.of(
                new Stage(8, 2, 1, BlockKind.MIXCONV, mix, 0, Activation.RELU),
                new Stage(12, 1, 2, BlockKind.MIXCONV, mix, 0, Activation.RELU)), new Head(16, 3, Activation.RELU));
        NpuConfig npu = NpuConfig.midap();
        Architecture largest = s.largest().withoutSkips(), smallest = s.smallest().withoutSkips();
        MidapSimulator sim = new MidapSimulator(npu);
        double target = (sim.latencyMs(largest) + sim.latencyMs(smallest)) / 2;
        SearchConfig d = SearchConfig.defaults(new DatasetSpec(DatasetFormat.IDX, "data", 3, 0.1, false), 8, target);
        SearchConfig c = new SearchConfig(d.dataset(), 8, target, d.loss(), 15, 100, 1, 1, 16, 0.02, 0.97, 2.4, 1e-5, 0.1, 10,
                0.9, 0.9, 1e-3, SearchConfig.DEFAULT_THRESHOLD_LR_SCALE, SearchConfig.DEFAULT_THRESHOLD_MOMENTUM, null, 5, 0, 50);
        return new Project("micro", "", s, npu, c, List.of(), List.of());
    }

    /** The real engines for a project: profiled tables (one per supernet), Eq. 7/8 over them, the estimator, MIDAP. */
    public static ReproductionReport.Engines engines(Project project) {
        Map<String, LatencyTable> tables = new HashMap<>();
        MidapSimulator sim = new MidapSimulator(project.npu());
        return new ReproductionReport.Engines() {
            LatencyTable table(Supernet s) {
                return tables.computeIfAbsent(s.name(), k -> new Profiler(project.npu()).profile(s, null, null));
            }

            @Override
            public LatencyModel searchLatency(Supernet s) { return new NpuLatencyModel(table(s)); }

            @Override
            public ToDoubleFunction<Architecture> estimator(Supernet s) { return new LatencyEstimator(table(s))::latencyMs; }

            @Override
            public ToDoubleFunction<Architecture> simulator() { return sim::latencyMs; }
        };
    }
}
