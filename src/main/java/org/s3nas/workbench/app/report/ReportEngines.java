package org.s3nas.workbench.app.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.app.search.SearchLauncher;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.LatencyModel;

/**
 * The report's engines in the workbench, as the {@code report} command wires them: the latency table of each
 * supernet the report searches (the project's sidecar table for its own supernet when it matches, a fresh profile for
 * the constant-depth and MBConv variants; kept in memory like the Search view's), Eq. 7/8 over it, the table
 * estimator, and the MIDAP simulator for every figure. Plain Java: it runs on the report's worker thread.
 */
final class ReportEngines implements ReproductionReport.Engines {
    private final Project project;
    private final Path projectFile;
    private final BooleanSupplier cancelled;
    private final MidapSimulator simulator;

    ReportEngines(Project project, Path projectFile, BooleanSupplier cancelled) {
        this.project = project;
        this.projectFile = projectFile;
        this.cancelled = cancelled;
        this.simulator = new MidapSimulator(project.npu());
    }

    private SearchLauncher.Latency latency(Supernet s) {
        try {
            // only the project's own supernet has a sidecar table; the variants are profiled (and cached) by fingerprint
            return SearchLauncher.latency(project.withSupernet(s), s.equals(project.supernet()) ? projectFile : null, null, cancelled);
        } catch (IOException e) {
            throw new UncheckedIOException("latency table of '" + s.name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public LatencyModel searchLatency(Supernet s) { return latency(s).model(); }

    @Override
    public ToDoubleFunction<Architecture> estimator(Supernet s) {
        LatencyTable t = latency(s).table();
        return new LatencyEstimator(t)::latencyMs;
    }

    @Override
    public ToDoubleFunction<Architecture> simulator() { return simulator::latencyMs; }
}
