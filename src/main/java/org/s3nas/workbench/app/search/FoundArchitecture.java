package org.s3nas.workbench.app.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.train.TrainRun;

/**
 * The architecture a finished search folder holds, as the workbench imports it: simulated on the project's NPU and
 * named by that latency ("{@code <prefix> 0.0784 ms}", as the runs it starts are named), with the validation accuracy
 * and target of its result. One reading for a followed run folder ({@link ExternalRun}) and for a search found in
 * runs/ ({@link SearchViewModel#importRun}).
 */
record FoundArchitecture(Architecture architecture, double simulatedMs, double accuracy, double targetMs) {

    static FoundArchitecture read(Path runDir, String namePrefix, NpuConfig npu) throws IOException {
        Architecture a = TrainRun.readArchitecture(runDir);
        RunFolder.Result r = RunFolder.readResult(runDir);
        double simulated = new MidapSimulator(npu).simulate(a).latencyMs();
        String name = namePrefix + " " + String.format(Locale.ROOT, "%.4f", simulated) + " ms";
        return new FoundArchitecture(a.withName(name), simulated, r == null ? Double.NaN : r.validationAccuracy(),
                r == null ? Double.NaN : r.targetLatencyMs());
    }

    String name() { return architecture.name(); }

    SavedArchitecture saved(String source) { return new SavedArchitecture(name(), source, architecture, accuracy); }

    /** The notice's text: "5 blocks, simulated latency 0.0784 ms (98 % of the 0.08 ms target), validation accuracy 82.10 %". */
    String summary() {
        return String.format(Locale.ROOT, "%d blocks, simulated latency %.4f ms%s, validation accuracy %s", architecture.blocks().size(),
                simulatedMs, Double.isNaN(targetMs) ? "" : String.format(Locale.ROOT, " (%.0f %% of the %s ms target)",
                        100 * simulatedMs / targetMs, Formats.number(targetMs)), Formats.percent(accuracy));
    }
}
