package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.SpaceCosts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench costs}: how long the supernet editor's costs take (npu.SpaceCosts: the space's size, parameter and
 * MAC range, and the MIDAP simulation of the smallest and the largest architecture). Each timed run first edits the
 * supernet (one more block in a stage, as a user typing a depth), so nothing is reused between runs. The editor
 * adds its debounce (150 ms) and the hand-over to the FX thread; it logs the whole edit-to-costs time.
 */
@Command(name = "costs", mixinStandardHelpOptions = true,
        description = "Time the supernet editor's cost computation (space size, parameter/MAC range, smallest and largest "
                + "architecture simulated on MIDAP) on a project's supernet: the first (cold) run, then the median of edited runs.")
final class BenchCostsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "Project file (default: the paper's space, sample-projects/s3nas-imagenet.json).")
    Path project;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed runs after the cold one (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "21", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (warmup < 0 || runs < 1) {
            err.println("bench costs: --warmup must be >= 0 and --runs >= 1");
            err.flush();
            return 2;
        }
        Path file = project != null ? project : ProjectFiles.bundledSampleFile("s3nas-imagenet.json");
        Project p = ProjectFiles.load(file);
        Supernet s = p.supernet();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();

        long t0 = System.nanoTime();
        SpaceCosts first = SpaceCosts.compute(s, p.npu(), null);
        double cold = (System.nanoTime() - t0) / 1e6;
        out.printf(Locale.ROOT, "Costs of %s (%s, %d blocks): 10^%.2f architectures, %.3f - %.3f ms on MIDAP%n",
                file.getFileName(), s.name(), s.totalBlocks(), first.log10Size(), first.smallestLatencyMs(), first.largestLatencyMs());
        out.printf(Locale.ROOT, "first run (cold JIT): %.1f ms%n", cold);
        out.flush();
        for (int i = 0; i < warmup; i++) SpaceCosts.compute(edited(s, i), p.npu(), null);
        double[] wall = new double[runs], thread = new double[runs];
        for (int i = 0; i < runs; i++) {
            Supernet e = edited(s, warmup + i);
            long c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long w0 = System.nanoTime();
            SpaceCosts.compute(e, p.npu(), null);
            wall[i] = (System.nanoTime() - w0) / 1e6;
            thread[i] = cpu ? (threads.getCurrentThreadCpuTime() - c0) / 1e6 : Double.NaN;
        }
        out.printf(Locale.ROOT, "after an edit, median of %d runs: %.1f ms wall, %.1f ms thread CPU (max %.1f ms wall)%n", runs,
                BenchCommand.median(wall), BenchCommand.median(thread), Arrays.stream(wall).max().orElse(0));
        out.printf(Locale.ROOT, "with the editor's 150 ms debounce: %.0f ms of the 1000 ms budget (median)%n", 150 + BenchCommand.median(wall));
        out.flush();
        return 0;
    }

    /** The supernet with stage {@code i mod stages} one block deeper: what a user typing a depth does. */
    private static Supernet edited(Supernet s, int i) {
        int st = i % s.stages().size();
        return s.withStage(st, s.stages().get(st).withDepth(s.stages().get(st).depth() + 1));
    }
}
