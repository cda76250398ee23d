package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.search.LatencyModel;

/** The search's differentiable latency for a project (the profiled latency table of npu/, CONTRACT.md). */
final class Latency {
    private Latency() {}

    static LatencyModel model(Project p, PrintWriter err) {
        err.println("warning: no latency estimator in this build (npu.DifferentiableLatency has not landed): the search runs CE only");
        err.flush();
        return null;
    }
}
