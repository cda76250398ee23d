package org.s3nas.workbench.io.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.train.FixedNet;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainRun;

/**
 * {@code export-training}: a self-contained Python package that runs the final training of one architecture on
 * PyTorch (one process, or DDP under {@code torchrun}) exactly as the ND4J engine's {@link FixedNet} and final
 * trainer compute it, and writes the training run-folder format {@code TrainRun} writes. The package is the Python
 * sources (resources beside {@link SearchPackageExporter}; the data loaders and run-folder writers of the search's
 * {@code s3nas_torch.py} are imported, not copied) and {@code training.json}: the architecture, the network as
 * {@link FixedNet} builds it (branches merged, residual and skip resolved, SE width), the training configuration
 * (the dataset path made absolute), the dataset, the architecture's simulated latency and the run folder the
 * workbench looks in ({@code train.py}'s default). Optionally the ND4J
 * network's initial weights in {@code initial-state/} ({@code train.py --initial-state}).
 */
public final class TrainingPackageExporter {
    static final List<String> SOURCES = List.of("s3nas_torch.py", "s3nas_train.py", "train.py", "train_parity_step.py", "launch.py",
            "README-training.md");
    public static final String CONFIG_FILE = "training.json", INITIAL_STATE_DIR = "initial-state";

    private TrainingPackageExporter() {}

    /**
     * Writes the package into {@code out} (created when missing; files of an earlier export are replaced).
     *
     * @param project      the project's name (recorded in the run's result)
     * @param simulatedMs  the architecture's simulated latency on the project's NPU (recorded in the run's result)
     * @param dataBaseDir  folder a relative dataset path resolves against (the project file's folder)
     * @param runFolder    where the workbench looks for this architecture's training (Training view, se-rank): train.py's
     *                     default --out; null: none (train.py then needs --out)
     * @param initialState also write the ND4J network's initial weights for the configuration's seed
     * @return the files written
     */
    public static List<Path> export(String project, Architecture a, TrainConfig config, double simulatedMs, Path dataBaseDir,
                                    Path runFolder, Path out, boolean initialState) throws IOException {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("training configuration: " + String.join("; ", problems));
        // the ND4J network's own checks (square input, channels that chain, odd kernels, skips only with a residual)
        try (FixedNet net = new FixedNet(a, 1, config.dropout(), config.stochasticDepth(), config.seed())) {
            List<Path> written = new ArrayList<>(SearchPackageExporter.writeSources(SOURCES, Map.of("README-training.md", "README.md"), out));
            Path cfg = out.resolve(CONFIG_FILE);
            BackgroundRun.writeAtomically(cfg, BackgroundRun.mapper().writeValueAsString(config(project, a, config, simulatedMs, dataBaseDir, runFolder)));
            written.add(cfg);
            if (initialState) {
                Path dir = out.resolve(INITIAL_STATE_DIR);
                net.writeState(dir);
                written.add(dir.resolve(org.s3nas.workbench.search.EngineState.INDEX_FILE));
                written.add(dir.resolve(org.s3nas.workbench.search.EngineState.DATA_FILE));
            }
            return written;
        }
    }

    /** The content of {@code training.json}. */
    static Map<String, Object> config(String project, Architecture a, TrainConfig c, double simulatedMs, Path dataBaseDir, Path runFolder) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", 1);
        root.put("project", project);
        root.put("architecture", a);
        root.put("network", network(a));
        DatasetSpec d = c.dataset();
        // the run folder's train-config.json is this configuration: a dataset path the workbench resolves from anywhere
        DatasetSpec absolute = new DatasetSpec(d.format(), SearchPackageExporter.absolute(d.path(), dataBaseDir), d.classes(),
                d.validationFraction(), d.augment());
        root.put("config", new TrainConfig(absolute, c.epochs(), c.batchSize(), c.learningRate(), c.warmupEpochs(), c.lrDecay(),
                c.lrDecayEpochs(), c.weightDecay(), c.labelSmoothing(), c.emaDecay(), c.dropout(), c.stochasticDepth(), c.gradientClip(),
                c.rmsDecay(), c.rmsMomentum(), c.rmsEpsilon(), c.seed(), c.limitImages(), c.testImages(), c.validationImages(),
                c.calibrationBatches(), c.checkpointEverySteps()));
        root.put("dataset", SearchPackageExporter.dataset(d, a.input().channels(), dataBaseDir));
        root.put("simulatedLatencyMs", simulatedMs);
        // where the workbench looks for this architecture's training (Training view, se-rank): train.py's default --out
        root.put("runFolder", runFolder == null ? null : runFolder.toAbsolutePath().normalize().toString());
        return root;
    }

    /** The network as {@link FixedNet} builds it: per block the merged branches, expand conv, residual, skip and SE width. */
    private static Map<String, Object> network(Architecture a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resolution", a.input().height());
        m.put("inputChannels", a.input().channels());
        m.put("stem", a.stem());
        m.put("head", a.head());
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", i);
            x.put("inChannels", b.inChannels());
            x.put("outChannels", b.outChannels());
            x.put("stride", Math.max(1, b.stride()));
            x.put("residual", b.residual());
            x.put("skip", b.isSkip());
            x.put("expand", b.hasExpandConv());
            x.put("seChannels", b.seChannels());
            x.put("activation", b.activation());
            List<Map<String, Object>> branches = new ArrayList<>();
            for (Branch br : b.mergedBranches()) branches.add(Map.of("kernel", br.kernel(), "expansion", br.expansion()));
            x.put("branches", branches);
            blocks.add(x);
        }
        m.put("blocks", blocks);
        return m;
    }
}
