package org.s3nas.workbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.BlockConfiguration;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.LatencyValidation;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Profiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code estimate <project> [--random N [--seed S]] [--format table|json]}: the estimated latency of the project's
 * architectures, or the estimator against whole-network simulation on N random architectures (paper Fig. 9).
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimate latencies from the latency table. With --random N: compare the estimate with a "
                + "whole-network simulation on N random architectures of the space (MAPE, largest error, RMSE).")
final class EstimateCommand implements Callable<Integer> {
    enum Format { table, json }

    @Parameters(paramLabel = "PROJECT", description = "Project file.")
    Path project;

    @Option(names = "--random", paramLabel = "N", description = "Validate on N random architectures of the space.")
    Integer random;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    LatencyTableOptions tableOptions;

    @Option(names = "--per-block", description = "With --random: also print the mean error of the stem, each block position and the head.")
    boolean perBlock;

    @Option(names = "--block-alone", description = "Diagnostic: profile each block alone (input in FMEM, first weights loaded, "
            + "no neighbours) instead of in its context; the sidecar table is neither read nor written.")
    boolean blockAlone;

    @Option(names = "--simulate", description = "Without --random: also simulate each architecture.")
    boolean simulate;

    @Override
    public Integer call() throws Exception {
        return LatencyCli.guard(this::run);
    }

    private int run() throws Exception {
        if (random != null && random < 1) throw new IllegalArgumentException("--random must be at least 1, was " + random);
        Project p = LatencyCli.loadProject(project);
        boolean quiet = format == Format.json;
        LatencyTable table = blockAlone ? LatencyCli.profile(p, System.err, quiet, Profiler.blockAlone(p.npu()))
                : tableOptions.table(p, project, System.err, quiet);
        LatencyEstimator est = new LatencyEstimator(table);
        MidapSimulator sim = new MidapSimulator(p.npu());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (random != null) {
            long t0 = System.nanoTime();
            LatencyValidation v = LatencyValidation.run(est, random, seed,
                    quiet ? null : (d, n) -> { if (d % Math.max(1, n / 10) == 0 || d == n) System.err.printf("  simulated %d / %d%n", d, n); },
                    null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (format == Format.json) {
                ObjectNode root = json.createObjectNode();
                root.put("supernet", p.supernet().name());
                root.put("architectures", random);
                root.put("seed", seed);
                root.put("profilingMethod", table.method());
                root.put("mapePercent", v.mapePercent());
                root.put("maxErrorPercent", v.maxErrorPercent());
                root.put("meanErrorPercent", v.meanErrorPercent());
                root.put("within1Percent", v.within1Percent());
                root.put("within5Percent", v.within5Percent());
                root.put("rmseMs", v.rmseMs());
                root.put("stemMeanErrorCycles", v.stemMeanErrorCycles());
                root.put("headMeanErrorCycles", v.headMeanErrorCycles());
                ArrayNode perBlock = root.putArray("blockMeanErrorCycles");
                for (double d : v.blockMeanErrorCycles()) perBlock.add(d);
                ArrayNode pairs = root.putArray("pairs");
                for (LatencyValidation.Pair pair : v.pairs()) {
                    ObjectNode o = pairs.addObject();
                    o.put("index", pair.index());
                    o.put("estimatedMs", pair.estimatedMs());
                    o.put("simulatedMs", pair.simulatedMs());
                    o.put("estimatedCycles", pair.estimatedCycles());
                    o.put("simulatedCycles", pair.simulatedCycles());
                    o.put("errorPercent", pair.errorPercent());
                    o.put("blocks", describe(pair.architecture()));
                }
                System.out.println(json.writeValueAsString(root));
            } else {
                System.out.printf("%5s %12s %12s %9s  %s%n", "#", "estimate ms", "simulated ms", "error %", "blocks");
                for (LatencyValidation.Pair pair : v.pairs()) {
                    System.out.printf("%5d %12.5f %12.5f %+9.4f  %s%n", pair.index() + 1, pair.estimatedMs(), pair.simulatedMs(),
                            pair.errorPercent(), describe(pair.architecture()));
                }
                if (perBlock) {
                    double[] be = v.blockMeanErrorCycles();
                    System.out.printf("mean error (estimate - simulation) in cycles: stem %.1f, head %.1f%n", v.stemMeanErrorCycles(), v.headMeanErrorCycles());
                    for (int b = 0; b < be.length; b++) System.out.printf("  block %2d: %10.1f%n", b, be[b]);
                }
                System.out.printf("%d random architectures of %s (seed %d), simulated in %.1f s; table profiled %s%n", random,
                        p.supernet().name(), seed, seconds, table.method());
                System.out.printf("MAPE %.4f %%   largest error %.4f %%   mean error %+.4f %%   within ±1 %% %.1f %%   within ±5 %% %.1f %%   RMSE %.5f ms%n",
                        v.mapePercent(), v.maxErrorPercent(), v.meanErrorPercent(), 100 * v.within1Percent(), 100 * v.within5Percent(), v.rmseMs());
            }
            return 0;
        }
        List<Architecture> archs = new ArrayList<>();
        archs.add(p.supernet().smallest());
        archs.add(p.supernet().largest());
        for (SavedArchitecture s : p.architectures()) archs.add(s.architecture().withName(s.name()));
        ArrayNode rows = json.createArrayNode();
        if (format == Format.table) {
            System.out.printf("%-40s %12s%s%n", "architecture", "estimate ms", simulate ? String.format(" %12s %9s", "simulated ms", "error %") : "");
        }
        for (Architecture a : archs) {
            double e;
            try {
                e = est.latencyMs(a);
            } catch (IllegalArgumentException ex) {
                System.err.println(a.name() + ": " + ex.getMessage());
                continue;
            }
            ObjectNode o = rows.addObject();
            o.put("architecture", a.name());
            o.put("estimatedMs", e);
            String extra = "";
            if (simulate) {
                double s = p.npu().cyclesToMs(sim.cycles(a));
                o.put("simulatedMs", s);
                o.put("errorPercent", 100 * (e - s) / s);
                extra = String.format(" %12.5f %+9.4f", s, 100 * (e - s) / s);
            }
            if (format == Format.table) System.out.printf("%-40s %12.5f%s%n", a.name(), e, extra);
        }
        if (format == Format.json) System.out.println(json.writeValueAsString(rows));
        return 0;
    }

    /** Merged configuration of every block, e.g. {@code k3e2|skip|k5e4+k7e2|...}. */
    static String describe(Architecture a) {
        return a.blocks().stream().map(Block::branches).map(BlockConfiguration::merge).map(BlockConfiguration::key)
                .collect(Collectors.joining("|"));
    }
}
