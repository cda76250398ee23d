package org.s3nas.workbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.BlockConfiguration;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.Profiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code profile <project> [--out table.json]}: the latency table of the project's supernet on its NPU. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Profile every block configuration of the project's supernet on its NPU into a latency table "
                + "(written beside the project as <project>.latency.json unless --out is given).")
final class ProfileCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", description = "Project file.")
    Path project;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the table (default: <project>.latency.json).")
    Path out;

    @Mixin
    ProfilerOptions profilerOptions;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        return LatencyCli.guard(this::run);
    }

    private int run() throws Exception {
        Project p = LatencyCli.loadProject(project);
        Profiler profiler = profilerOptions.profiler(p.npu());
        List<BlockPosition> positions = p.supernet().blockPositions();
        long t0 = System.nanoTime();
        LatencyTable t = LatencyCli.profile(p, System.err, quiet, profiler);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path file = out != null ? out : LatencyTableFiles.sidecarOf(project);
        LatencyTableFiles.write(t, file);
        LatencyEstimator est = new LatencyEstimator(t);
        System.out.printf("supernet %s: %d block positions, %d table entries, %d simulations in %.2f s%n",
                p.supernet().name(), positions.size(), t.entryCount(), profiler.lastSimulations(), seconds);
        System.out.printf("stem %.4f ms, head %.4f ms%n", t.stemMs(), t.headMs());
        if (!quiet) {
            System.out.printf("%-5s %-6s %-12s %-10s %-6s %8s %10s %10s%n", "block", "stage", "input", "channels", "stride",
                    "entries", "min ms", "max ms");
            for (int i = 0; i < positions.size(); i++) {
                BlockPosition bp = positions.get(i);
                double min = Double.MAX_VALUE, max = 0;
                for (BlockConfiguration c : t.configurations(i)) {
                    if (c.isSkip()) continue;
                    min = Math.min(min, t.ms(i, c));
                    max = Math.max(max, t.ms(i, c));
                }
                System.out.printf("%-5d %-6d %-12s %-10s %-6d %8d %10.4f %10.4f%n", i, bp.stage(),
                        bp.inputHeight() + "x" + bp.inputWidth(), bp.inChannels() + "->" + bp.outChannels(), bp.stride(),
                        t.configurations(i).size(), min, max);
            }
        }
        System.out.printf("smallest architecture %.4f ms, largest %.4f ms%n", est.latencyMs(p.supernet().smallest()),
                est.latencyMs(p.supernet().largest()));
        System.out.println("wrote " + file);
        return 0;
    }
}
