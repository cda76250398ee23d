package org.s3nas.workbench.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.ArchitectureSampler;
import org.s3nas.workbench.npu.DifferentiableLatency;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.Profiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench estimator [project]}: time to profile the space, and architectures estimated per second on one
 * thread, by table lookup and by the differentiable form (Eq. 7/8 with its gradient).
 */
@Command(name = "estimator", mixinStandardHelpOptions = true,
        description = "Benchmark the latency estimator: profiling time of the space, and estimates per second on one "
                + "thread (table lookup, differentiable form with and without gradient). Default project: the bundled "
                + "s3nas-imagenet sample (the paper's search space).")
final class BenchEstimatorCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "Project file (default: bundled s3nas-imagenet.json).")
    Path project;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2", description = "Seconds per throughput measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Mixin
    ProfilerOptions profilerOptions;

    @Override
    public Integer call() throws Exception {
        return LatencyCli.guard(this::run);
    }

    private int run() throws Exception {
        Path file = project != null ? project : ProjectFiles.bundledSampleFile("s3nas-imagenet.json");
        Project p = LatencyCli.loadProject(file);
        Supernet s = p.supernet();
        System.out.printf("supernet %s: %d block positions, %.3g architectures%n", s.name(), s.totalBlocks(), s.spaceSize());

        Profiler profiler = profilerOptions.profiler(p.npu());
        int cores = profilerOptions.threadCount();
        long t0 = System.nanoTime();
        LatencyTable table = profiler.profile(s, null, null);
        double profileSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("profile: %d simulations, %d table entries in %.2f s on %d threads (%.1f ms per simulation)%n",
                profiler.lastSimulations(), table.entryCount(), profileSeconds, cores, 1000 * profileSeconds * cores / profiler.lastSimulations());

        LatencyEstimator est = new LatencyEstimator(table);
        Random r = new Random(1);
        // 256 architectures (about 1 MB of records) stay in cache like one just sampled; 8192 (about 36 MB) do not
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < 8192; i++) archs.add(ArchitectureSampler.sample(s, r, "a" + i));
        List<Architecture> hot = archs.subList(0, 256);
        int[][] tuples = hot.stream().map(est::tuples).toArray(int[][]::new);
        long[] sink = {0};
        double lookup = rate(() -> { for (Architecture a : hot) sink[0] += est.latencyCycles(a); }, hot.size());
        double lookupCold = rate(() -> { for (Architecture a : archs) sink[0] += est.latencyCycles(a); }, archs.size());
        double lookupTuples = rate(() -> { for (int[] t : tuples) sink[0] += est.latencyCycles(t); }, tuples.length);
        System.out.printf("lookup estimator, one thread (per second of CPU time): %,.0f architectures/s from Architecture records"
                + " (%,.0f /s over 8192 distinct ones, out of cache), %,.0f /s from tuple codes%n", lookup, lookupCold, lookupTuples);

        IndicatorLayout layout = new IndicatorLayout(s);
        DifferentiableLatency dl = new DifferentiableLatency(table, layout);
        double[][] us = new double[64][layout.count()];
        for (double[] u : us) for (int i = 0; i < u.length; i++) u[i] = 0.05 + 0.9 * r.nextDouble();
        double[] g = new double[layout.count()];
        double[] acc = {0};
        double forward = rate(() -> { for (double[] u : us) acc[0] += dl.latencyMs(u); }, us.length);
        double withGradient = rate(() -> { for (double[] u : us) acc[0] += dl.latencyMs(u, g); }, us.length);
        System.out.printf("differentiable latency (Eq. 7/8, %d indicators), one thread (per second of CPU time): %,.0f /s forward, %,.0f /s with gradient (%.1f us per call)%n",
                layout.count(), forward, withGradient, 1e6 / withGradient);
        if (sink[0] == 42 && acc[0] == 42) System.out.println();   // keeps the loops alive
        return 0;
    }

    /**
     * Units per second of thread CPU time, measured after a warm-up: on a machine shared with other work the CPU time
     * of the measuring thread is what one thread costs, where wall time would count the waits for a core.
     */
    private double rate(Runnable body, int batch) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warm = System.nanoTime() + (long) (0.5e9 * Math.min(1, seconds));
        while (System.nanoTime() < warm) body.run();
        long startCpu = mx.getCurrentThreadCpuTime(), n = 0, cpu;
        long budget = (long) (seconds * 1e9);
        do {
            body.run();
            n += batch;
            cpu = mx.getCurrentThreadCpuTime() - startCpu;
        } while (cpu < budget);
        return n / (cpu / 1e9);
    }
}
