package org.s3nas.workbench.cli;

import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.Profiler;
import picocli.CommandLine.Option;

/** The threads a latency profile runs on (profile, bench estimator). */
final class ProfilerOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Threads to profile with (default: every core).")
    Integer threads;

    /** A profiler of {@code npu} on these threads. */
    Profiler profiler(NpuConfig npu) {
        Profiler p = new Profiler(npu);
        if (threads != null) p.parallelism(threads);
        return p;
    }

    /** How many threads {@link #profiler} uses. */
    int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
