package org.s3nas.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.s3nas.workbench.engine.RunFolderFollower;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.SearchLog;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;
import org.s3nas.workbench.train.TrainRun;

/**
 * {@code search <project> --follow DIR}: the progress lines of a run another process writes (file notifications, no
 * polling), then its architecture, simulated on the project's NPU, as a finished search prints it.
 */
final class FollowRun {
    private FollowRun() {}

    /** Reads a run folder's history for the follower. */
    static RunFolderFollower.Snapshot<HistoryRow> read(Path dir) throws IOException {
        RunFolder.History h = RunFolder.readHistory(dir);
        return new RunFolderFollower.Snapshot<>(h.thresholdNames(), h.rows());
    }

    static int follow(Project p, Path dir, PrintWriter o, PrintWriter err) {
        if (!Files.isDirectory(dir) && !Files.isDirectory(dir.toAbsolutePath().getParent())) {
            return ProjectCommand.fail(err, 2, dir + ": no such folder");
        }
        double target = Double.NaN;
        int batch = 0;
        try {
            if (Files.exists(dir.resolve(SearchRun.CONFIG_FILE))) {
                JsonNode c = RunFolder.readJson(dir.resolve(SearchRun.CONFIG_FILE));
                target = RunFolder.number(c.get("targetLatencyMs"));
                batch = c.path("batchSize").asInt(0);
            }
        } catch (IOException e) {
            return ProjectCommand.fail(err, 2, e.getMessage());
        }
        double targetMs = target;
        int batchSize = batch;
        o.println("following " + dir + " (until its " + SearchRun.RESULT_FILE + " appears; Ctrl+C stops following, not the run)");
        o.flush();
        long[] last = {System.nanoTime(), -1};
        RunFolderFollower<HistoryRow> f = new RunFolderFollower<>(dir, FollowRun::read, HistoryRow::step, new RunFolderFollower.Listener<>() {
            @Override
            public void onRows(String[] names, List<HistoryRow> rows) {
                long now = System.nanoTime();
                HistoryRow r = rows.get(rows.size() - 1);
                long total = totalSteps(dir);
                double ips = last[1] < 0 || batchSize == 0 ? Double.NaN : (r.step() - last[1]) * (double) batchSize / ((now - last[0]) / 1e9);
                for (HistoryRow h : rows) {
                    // each burst's last step, and every epoch end (it carries the validation accuracy)
                    if (h != r && Double.isNaN(h.validationAccuracy())) continue;
                    o.println(SearchLog.line(h, total > 0 ? (double) h.step() / total : Double.NaN, targetMs, ips));
                }
                o.flush();
                last[0] = now;
                last[1] = r.step();
            }

            @Override
            public void onProblem(String message) {
                err.println("warning: " + message);
                err.flush();
            }
        }).start();
        try {
            f.awaitFinish(Long.MAX_VALUE / 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.close();
            return 1;
        }
        try {
            RunFolder.Result r = RunFolder.readResult(dir);
            Architecture a = TrainRun.readArchitecture(dir);
            double simulated = new MidapSimulator(p.npu()).simulate(a).latencyMs();
            o.println("architecture: " + SearchCommand.describe(a));
            if (r.repair() != null) o.println(SearchCommand.repairLine(r.repair()));
            o.println(String.format(Locale.ROOT, "validation accuracy %.4f  estimated latency %.4f ms  simulated latency %.4f ms  target %.4f ms"
                    + "  band %.4f-%.4f ms", r.validationAccuracy(), r.estimatedLatencyMs(), simulated, r.targetLatencyMs(), r.targetLowerMs(),
                    r.targetLatencyMs()));
            // judged as a search of this engine judges its own (SearchResult: the simulated latency against the band)
            SearchResult judged = new SearchResult(a, r.validationAccuracy(), r.estimatedLatencyMs(), simulated, r.targetLatencyMs(),
                    r.targetLowerMs(), new String[0], new double[0], r.steps(), dir, r.repair());
            o.println(SearchCommand.verdict(judged));
            o.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return ProjectCommand.fail(err, 2, dir + ": the run finished but its result cannot be read: " + e.getMessage());
        }
    }

    /** The planned number of steps when the writer records it (checkpoint.json of the PyTorch search), else -1. */
    private static long totalSteps(Path dir) {
        Path f = dir.resolve("checkpoint.json");
        try {
            return Files.exists(f) ? RunFolder.readJson(f).path("totalSteps").asLong(-1) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
