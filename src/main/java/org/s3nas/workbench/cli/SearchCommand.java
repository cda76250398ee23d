package org.s3nas.workbench.cli;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.LossKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.NpuLatencyModel;
import org.s3nas.workbench.search.SearchEvent;
import org.s3nas.workbench.search.SearchListener;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchLog;
import org.s3nas.workbench.search.SearchRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code search <project>}: runs the two-phase S3NAS search headless, printing progress lines, and writes the run
 * folder (configuration, checkpoints, history JSON/CSV, architecture JSON, result JSON).
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Run the S3NAS search (phase 1: supernet training, phase 2: threshold search with the latency loss).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the search finished in its target band; the architecture is in DIR", "1:the search failed",
                "2:bad project or options", "3:the search finished but its architecture's simulated latency is outside the target band "
                + "(target missed; the architecture is in DIR all the same)"})
final class SearchCommand extends ProjectCommand {
    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<project>-<time> beside the project file).")
    Path out;

    @Option(names = "--phase1-epochs", paramLabel = "N", description = "Supernet training epochs (default: the project's).")
    Integer phase1;

    @Option(names = "--phase2-epochs", paramLabel = "M", description = "Threshold search epochs (default: the project's).")
    Integer phase2;

    @Option(names = "--limit-images", paramLabel = "K", description = "Use only K training images (before the validation split).")
    Integer limit;

    @Option(names = "--target-ms", paramLabel = "T", description = "Target latency in ms (default: the project's).")
    Double target;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the project's).")
    Long seed;

    @Option(names = "--threshold-lr-scale", paramLabel = "X", description = "Thresholds' learning rate as X times the weights' "
            + "(default: the project's; the paper: 1).")
    Double thresholdLrScale;

    @Option(names = "--threshold-momentum", paramLabel = "M", description = "Thresholds' RMSProp momentum (default: the project's; "
            + "the paper: 0.9).")
    Double thresholdMomentum;

    @Option(names = "--loss", paramLabel = "KIND", description = "Phase 2's loss: TARGET (lands in the target band; the default of new "
            + "projects), S3NAS (the paper's Eq. 9 as written) or SINGLE_PATH (Eq. 6) (default: the project's).")
    LossKind loss;

    @Option(names = "--target-tolerance", paramLabel = "F", description = "With loss TARGET the search lands in [(1 - F) T, T] "
            + "(default: the project's, 0.03).")
    Double tolerance;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Checkpoint every STEPS steps (default: the project's).")
    Integer checkpointEvery;

    @Option(names = "--phase1-from", paramLabel = "DIR", description = "Skip phase 1: start phase 2 from the supernet that run DIR "
            + "trained in its phase 1 (its phase1.bin); the phase-1 settings must be the same, phase-2 ones (e.g. --target-ms) may differ.")
    Path phase1From;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last checkpoint (its stored configuration is used).")
    Path resume;

    @Option(names = "--follow", paramLabel = "DIR", description = "Follow the run folder DIR while another process writes it "
            + "(this engine, or the PyTorch search of export-search): the same progress lines, until its result.json appears.")
    Path follow;

    @Mixin
    ProgressOptions progress;

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) {
        if (follow != null) return FollowRun.follow(p, follow, o, err);
        SearchConfig c = p.search();
        if (phase1 != null || phase2 != null) c = c.withEpochs(phase1 != null ? phase1 : c.phase1Epochs(), phase2 != null ? phase2 : c.phase2Epochs());
        if (limit != null) c = c.withLimitImages(limit);
        if (target != null) c = c.withTargetLatencyMs(target);
        if (seed != null) c = c.withSeed(seed);
        if (checkpointEvery != null) c = c.withCheckpointEverySteps(checkpointEvery);
        if (loss != null) c = c.withLoss(loss);
        if (tolerance != null) c = c.withTargetTolerance(tolerance);
        if (thresholdLrScale != null || thresholdMomentum != null) {
            c = c.withThresholdOptimiser(thresholdLrScale != null ? thresholdLrScale : c.thresholdLearningRateScale(),
                    thresholdMomentum != null ? thresholdMomentum : c.thresholdMomentum());
        }
        List<Problem> errors = Validator.validate(p.withSearch(c)).stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            for (Problem problem : errors) err.println(problem.path() + ": " + problem.message());
            err.flush();
            return 2;
        }
        if (resume != null && phase1From != null) {
            return fail(err, 2, "--resume and --phase1-from: choose one (a resumed run continues its own checkpoint)");
        }
        Path dataBase = projectFolder();
        SearchRun run;
        try {
            // the latency term uses the table profiled at the supernet's own input shape, the project's sidecar
            // when it is current, else a fresh profile
            LatencyModel latency = new NpuLatencyModel(LatencyCli.table(p, project, null, System.err, false));
            if (resume != null) {
                run = SearchRun.resume(p.supernet(), dataBase, resume, latency);
            } else {
                Path dir = out != null ? out : Workspace.of(project).newSearch(p, java.time.LocalDateTime.now()).directory();
                run = new SearchRun(p.supernet(), c, dataBase, dir, latency);
                if (phase1From != null) run.startingFromPhase1Of(phase1From);
            }
        } catch (IOException e) {
            return fail(err, 2, e.getMessage());
        }
        o.println("search " + p.name() + " -> " + run.directory() + (resume != null ? " (resumed)" : "")
                + (phase1From != null ? " (phase 1 from " + phase1From + ")" : ""));
        o.flush();
        progress.applyTo(run);
        run.addListener(new SearchListener() {
            @Override
            public void onProgress(SearchEvent e) {
                o.println(SearchLog.line(e));
                o.flush();
            }

            @Override
            public void onStatus(RunStatus s, String message) { printStatus(o, s, message); }
        });
        SearchResult r;
        try {
            r = run.runHere();
        } catch (RuntimeException e) {
            return fail(err, 1, "search failed: " + org.s3nas.workbench.model.EngineFailure.describe(e));
        }
        Architecture a = r.architecture();
        o.println("architecture: " + a.name() + ": " + describe(a));
        // the run simulated its architecture already (on the latency table's NPU, the project's); only a model without
        // a simulator leaves it to be done here
        double simulated = Double.isFinite(r.simulatedLatencyMs()) ? r.simulatedLatencyMs() : new MidapSimulator(p.npu()).simulate(a).latencyMs();
        if (r.repair() != null) o.println(repairLine(r.repair()));
        o.println(String.format(Locale.ROOT, "validation accuracy %.4f  estimated latency %.4f ms  simulated latency %.4f ms  target %.4f ms"
                        + "  band %.4f-%.4f ms", r.validationAccuracy(), r.estimatedLatencyMs(), simulated, r.targetMs(), r.lowerMs(), r.targetMs()));
        o.println("written: " + run.directory().resolve(SearchRun.ARCHITECTURE_FILE) + ", " + run.directory().resolve(SearchRun.HISTORY_JSON)
                + ", " + run.directory().resolve(SearchRun.HISTORY_CSV));
        o.println(verdict(r));
        o.flush();
        return r.targetMet() ? 0 : 3;
    }

    /** What the final repair did (a run of this engine, or a followed run folder). */
    static String repairLine(org.s3nas.workbench.search.RepairRecord r) {
        return String.format(Locale.ROOT, "repaired on the latency table: %.4f ms -> %.4f ms (%s)", r.beforeMs(), r.afterMs(),
                String.join("; ", r.changes()));
    }

    /** The last line: where the architecture landed against the band. */
    static String verdict(SearchResult r) {
        return (r.targetMet() ? "target met: " : "TARGET MISSED: ") + r.latencySummary();
    }

    /** One progress line (a run of this engine, or a followed run folder). */
    static String describe(Architecture a) {
        StringBuilder sb = new StringBuilder();
        for (Block b : a.blocks()) {
            if (sb.length() > 0) sb.append(" | ");
            sb.append(b.inChannels()).append("->").append(b.outChannels()).append(b.stride() > 1 ? " s2" : "").append(' ');
            StringBuilder br = new StringBuilder();
            for (Branch x : b.branches()) {
                if (br.length() > 0) br.append(',');
                br.append(x.expansion() == 0 ? "0" : "k" + x.kernel() + "e" + x.expansion());
            }
            sb.append(br);
        }
        return a.blocks().size() + " blocks: " + sb;
    }
}
