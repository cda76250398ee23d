package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.s3nas.workbench.io.CsvWriter;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Network;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench simulator}: for each reference network, the median wall time of a full simulation with its timeline
 * (after warm-up), the timeline events per second, and the median time of the bare cycle count the latency
 * estimator and the editor call. The median thread CPU time is printed beside the wall time: on a shared machine
 * it shows what the simulator costs when it is not waiting for a core.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Time the MIDAP simulator on every reference network: median of full simulations (with timeline) "
                + "after warm-up, timeline events per second (of wall time and of CPU time), and the median of cycles() "
                + "without recording.")
final class BenchSimulatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--warmup", defaultValue = "30", description = "Untimed rounds over all networks first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "31", description = "Timed runs per network (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--network", paramLabel = "NAME", description = "Only these networks (repeatable).")
    List<String> networks;

    @Option(names = "--csv", description = "Print CSV instead of a table.")
    boolean csv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (warmup < 0 || runs < 1) {
            err.println("bench simulator: --warmup must be >= 0 and --runs >= 1");
            err.flush();
            return 2;
        }
        List<String> names = networks == null ? ReferenceNetworks.names() : networks;
        for (String n : names) {
            if (!ReferenceNetworks.contains(n)) {
                err.println("bench simulator: unknown network '" + n + "'; built-in: " + String.join(", ", ReferenceNetworks.names()));
                err.flush();
                return 2;
            }
        }
        NpuConfig npu = NpuConfig.midap();
        MidapSimulator sim = new MidapSimulator(npu);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
        CsvWriter table = new CsvWriter("network", "layers", "cycles", "latency_ms", "events", "simulate_median_ms",
                "simulate_cpu_median_ms", "events_per_s", "events_per_cpu_s", "cycles_median_ms", "cycles_cpu_median_ms");
        if (!csv) {
            out.printf(Locale.ROOT, "MIDAP simulator, %d warm-up rounds, then per network untimed runs until its times settle and %d timed runs, %s%n", warmup, runs,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            out.println(heapNote());
            out.printf(Locale.ROOT, "%-26s %6s %11s %9s %7s %14s %9s %12s %12s %13s %9s%n", "network", "layers", "cycles", "ms (NPU)",
                    "events", "simulate (ms)", "cpu (ms)", "events/s", "per cpu s", "cycles() (ms)", "cpu (ms)");
            out.flush();
        }
        // Warm up on every network before timing any, so that the JIT has compiled all paths.
        List<Network> nets = new ArrayList<>();
        for (String name : names) nets.add(ReferenceNetworks.byName(name, npu));
        for (int i = 0; i < warmup; i++) {
            for (Network net : nets) {
                sim.simulate(net);
                sim.cycles(net);
            }
        }
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            Network net = nets.get(k);
            settle(sim, net);
            SimulationResult r = null;
            double[] full = new double[runs], bare = new double[runs], fullCpu = new double[runs], bareCpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                long c0 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
                long t0 = System.nanoTime();
                r = sim.simulate(net);
                long t1 = System.nanoTime();
                long c1 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
                sim.cycles(net);
                long t2 = System.nanoTime();
                long c2 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
                full[i] = (t1 - t0) / 1e6;
                bare[i] = (t2 - t1) / 1e6;
                fullCpu[i] = (c1 - c0) / 1e6;
                bareCpu[i] = (c2 - c1) / 1e6;
            }
            double fullMs = BenchCommand.median(full), bareMs = BenchCommand.median(bare), fullCpuMs = BenchCommand.median(fullCpu), bareCpuMs = BenchCommand.median(bareCpu);
            int events = r.timeline().size();
            double eventsPerS = events / (fullMs / 1e3);
            // per second of this thread's CPU: what the simulator costs when other work shares the cores
            double eventsPerCpuS = cpuTime && fullCpuMs > 0 ? events / (fullCpuMs / 1e3) : Double.NaN;
            table.row(name, r.layers().size(), r.totalCycles(), r.latencyMs(), events, round(fullMs), round(fullCpuMs),
                    Math.round(eventsPerS), Math.round(eventsPerCpuS), round(bareMs), round(bareCpuMs));
            if (!csv) {
                out.printf(Locale.ROOT, "%-26s %6d %,11d %9.3f %7d %14.3f %9.3f %,12.0f %,12.0f %13.3f %9.3f%n", name, r.layers().size(),
                        r.totalCycles(), r.latencyMs(), events, fullMs, fullCpuMs, eventsPerS, eventsPerCpuS, bareMs, bareCpuMs);
                out.flush();
            }
        }
        if (csv) out.print(table.toCsv());
        out.flush();
        return 0;
    }

    /**
     * Runs the network untimed until its times settle: the median of the last {@value #SETTLE_BATCH} simulations within
     * 10 % of the batch before (at most {@value #SETTLE_LIMIT_MS} ms). After the warm-up over all networks the JIT
     * still recompiled code now and then while one network was timed (on 2 busy cores: one network's 31 runs about ten
     * times slower in wall and thread CPU time, the next run of the benchmark normal again).
     */
    private static void settle(MidapSimulator sim, Network net) {
        long end = System.nanoTime() + SETTLE_LIMIT_MS * 1_000_000L;
        double before = Double.NaN;
        while (System.nanoTime() < end) {
            double[] t = new double[SETTLE_BATCH];
            for (int i = 0; i < SETTLE_BATCH; i++) {
                long t0 = System.nanoTime();
                sim.simulate(net);
                sim.cycles(net);
                t[i] = System.nanoTime() - t0;
            }
            double now = BenchCommand.median(t);
            if (Math.abs(now - before) <= 0.1 * before) return;
            before = now;
        }
    }

    /**
     * Whether the heap was fixed and touched before the run. A growing heap faults its new pages in while a network
     * is timed: measured here, 2 of 4 plain runs had several networks at about a tenth of their speed (thread CPU time
     * too, the kernel's), 0 of 4 with a fixed pre-touched heap.
     */
    static String heapNote() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean touched = args.contains("-XX:+AlwaysPreTouch");
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean fixed = heap.getCommitted() >= heap.getMax();
        return touched && fixed ? "heap: fixed and pre-touched"
                : "heap: grows while timing, so a network's figures may include page faults; for stable figures run "
                + "java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -jar target/s3nas.jar bench simulator";
    }

    static final int SETTLE_BATCH = 5;
    static final long SETTLE_LIMIT_MS = 5000;

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
