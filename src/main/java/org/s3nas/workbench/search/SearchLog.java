package org.s3nas.workbench.search;

import java.util.Locale;

/**
 * The lines a search prints, one per progress report: what the command line ({@code search}, {@code search --follow})
 * writes and the workbench's log panel shows, formatted here once.
 */
public final class SearchLog {
    private SearchLog() {}

    /** The line of a progress event. */
    public static String line(SearchEvent e) {
        return line(e.step(), e.phaseProgress(), e.epoch(), e.phase(), e.loss(), e.crossEntropy(), e.latencyTerm(), e.latencyMs(),
                e.targetMs(), e.trainAccuracy(), e.validationAccuracy(), e.learningRate(), e.imagesPerSecond());
    }

    /**
     * The line of a step of a run's history ({@code progress} NaN when the run's length is not known; a history keeps
     * no throughput: NaN leaves it out).
     */
    public static String line(HistoryRow r, double progress, double targetMs, double imagesPerSecond) {
        return line(r.step(), progress, r.epoch(), r.phase(), r.loss(), r.crossEntropy(), r.latencyTerm(), r.latencyMs(), targetMs,
                r.trainAccuracy(), r.validationAccuracy(), r.learningRate(), imagesPerSecond);
    }

    /** "step 12 (40%) epoch 1 phase 2  loss … img/s"; an unknown progress or throughput (NaN) is left out. */
    public static String line(long step, double progress, int epoch, int phase, double loss, double ce, double term, double latencyMs,
                              double targetMs, double trainAccuracy, double validationAccuracy, double lr, double imagesPerSecond) {
        return String.format(Locale.ROOT,
                "step %d%s epoch %d phase %d  loss %.4f  ce %.4f  latency-term %.4f  latency %.4f ms (target %.4f)  "
                        + "train-acc %.3f%s  lr %.5f%s",
                step, Double.isNaN(progress) ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100 * progress), epoch, phase, loss, ce, term,
                latencyMs, targetMs, trainAccuracy,
                Double.isNaN(validationAccuracy) ? "" : String.format(Locale.ROOT, "  val-acc %.3f", validationAccuracy), lr,
                Double.isNaN(imagesPerSecond) ? "" : String.format(Locale.ROOT, "  %.0f img/s", imagesPerSecond));
    }
}
