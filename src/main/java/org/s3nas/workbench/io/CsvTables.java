package org.s3nas.workbench.io;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.post.CompoundScaling;
import org.s3nas.workbench.post.SeRanking;

/** The post-processing tables as CSV: scaling candidates, SE ranking, SE removal curve, the reproduction report's tables. */
public final class CsvTables {
    private CsvTables() {}

    /** One row per scaling candidate, in the result's order; {@code chosen} marks the choice. */
    public static CsvWriter scalingCandidates(CompoundScaling.Result r) {
        CsvWriter w = new CsvWriter("origin", "phi", "depth_width_coefficient", "resolution_coefficient", "input_height", "input_width",
                "blocks", "stage_depths", "stage_widths", "latency_ms", "target_ms", "latency_of_target", "parameters", "macs",
                "meets_target", "chosen");
        for (CompoundScaling.Candidate c : r.candidates()) {
            w.row(c.origin().name().toLowerCase(), c.phi(), c.depthWidthCoefficient(), c.resolutionCoefficient(),
                    c.architecture().input().height(), c.architecture().input().width(), c.architecture().blocks().size(),
                    join(c.stageDepths()), join(c.stageWidths()), c.latencyMs(), r.targetMs(), c.latencyMs() / r.targetMs(),
                    c.parameters(), c.macs(), c.meetsTarget(), c == r.chosen());
        }
        return w;
    }

    /**
     * One row per SE block, lowest metric first. {@code seCostMs} (block -> latency its SE costs alone) may be empty;
     * the column is then blank.
     */
    public static CsvWriter seRanking(List<SeRanking.Score> ranking, Map<Integer, Double> seCostMs) {
        CsvWriter w = new CsvWriter("rank", "block", "stage", "channels", "images", "metric", "se_latency_ms");
        int rank = 1;
        for (SeRanking.Score s : ranking) {
            w.row(rank++, s.blockIndex(), s.stage(), s.channels(), s.images(), s.metric(), seCostMs.get(s.blockIndex()));
        }
        return w;
    }

    /** Latency and parameters after removing the SE of the k lowest-ranked blocks, k = 0..n. */
    public static CsvWriter seRemovalCurve(List<SeRanking.Step> curve) {
        CsvWriter w = new CsvWriter("removed", "last_block", "last_metric", "latency_ms", "saved_ms", "parameters");
        double full = curve.isEmpty() ? Double.NaN : curve.get(0).latencyMs();
        for (SeRanking.Step s : curve) {
            w.row(s.removed(), s.lastBlock() < 0 ? null : s.lastBlock(), s.lastMetric(), s.latencyMs(), full - s.latencyMs(), s.parameters());
        }
        return w;
    }

    private static String join(List<Integer> v) {
        return v.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    /**
     * One comparison of the reproduction report (one of the paper's Tables 4-8): a row per network, our figures beside
     * the paper's; accuracies as fractions, blank where not measured or not published. A failed comparison has no rows.
     */
    public static CsvWriter reportComparison(ReproductionReport.Comparison c) {
        CsvWriter w = new CsvWriter("table", "variant", "architecture", "top1", "latency_ms", "train_images", "train_epochs", "test_images",
                "paper_top1", "paper_latency_ms", "how", "run_directory");
        for (ReproductionReport.Row r : c.rows()) {
            w.row(c.id(), r.variant(), r.architecture(), r.accuracy(), r.latencyMs(), r.trainImages(), r.trainEpochs(), r.testImages(),
                    r.paperAccuracy(), r.paperLatencyMs(), r.how(), r.runDirectory());
        }
        return w;
    }
}
