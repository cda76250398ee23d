package org.s3nas.workbench.train;

import java.util.Locale;

/**
 * The lines a final training prints, one per progress report: what the command line ({@code train}, and the trainings
 * inside a random search or the report) writes and the workbench's log panel shows, formatted here once.
 */
public final class TrainLog {
    private TrainLog() {}

    /** The line of a progress event. */
    public static String line(TrainEvent e) {
        return line(e.step(), e.totalSteps(), e.progress(), e.epoch(), e.loss(), e.trainAccuracy(), e.validationAccuracy(), e.learningRate(),
                e.imagesPerSecond());
    }

    /** The line of a step of a training's history ({@code totalSteps} 0 when not known; a history keeps no throughput). */
    public static String line(TrainHistoryRow r, long totalSteps) {
        return line(r.step(), totalSteps, totalSteps > 0 ? (double) r.step() / totalSteps : Double.NaN, r.epoch(), r.loss(), r.trainAccuracy(),
                r.validationAccuracy(), r.learningRate(), Double.NaN);
    }

    /** "step 12/40 (30%) epoch 1  loss … img/s"; an unknown total or throughput is left out. */
    private static String line(long step, long totalSteps, double progress, int epoch, double loss, double trainAccuracy,
                               double validationAccuracy, double lr, double imagesPerSecond) {
        return String.format(Locale.ROOT, "step %d%s epoch %d  loss %.4f  train-acc %.3f%s  lr %.5f%s",
                step, totalSteps > 0 ? String.format(Locale.ROOT, "/%d (%.0f%%)", totalSteps, 100 * progress) : "", epoch, loss,
                trainAccuracy, Double.isNaN(validationAccuracy) ? "" : String.format(Locale.ROOT, "  val-acc %.3f", validationAccuracy), lr,
                Double.isNaN(imagesPerSecond) ? "" : String.format(Locale.ROOT, "  %.0f img/s", imagesPerSecond));
    }
}
