package org.s3nas.workbench.train;

import java.util.List;
import org.s3nas.workbench.engine.RunEvent;
import org.s3nas.workbench.search.ControlState;
import org.s3nas.workbench.search.SearchEvent;

/**
 * One progress report of a training run; plain values only, so it may cross threads freely.
 *
 * @param validationAccuracy accuracy of the EMA weights on the validation split, NaN when not measured at this event
 * @param progress           fraction of the run done, 0..1
 * @param elapsedSeconds     wall-clock seconds of the run's training since it first started, pauses left out and
 *                           continued across resumes (NaN when unknown: resumed from a checkpoint that did not store it)
 */
public record TrainEvent(long step, long totalSteps, int epoch, int epochs, double loss, double trainAccuracy,
                         double validationAccuracy, double learningRate, double imagesPerSecond, double progress,
                         double elapsedSeconds) implements RunEvent {

    /**
     * The same figures as a search event (phase 0, no thresholds, no latency), so that a view built for search runs
     * can chart a training run with its live loss / accuracy / learning-rate charts.
     */
    public SearchEvent asSearchEvent() {
        return new SearchEvent(step, epoch, 0, loss, loss, 0, Double.NaN, Double.NaN, trainAccuracy, validationAccuracy,
                learningRate, new double[0], new double[0], new boolean[0], List.of(), imagesPerSecond, progress, ControlState.NONE,
                elapsedSeconds);
    }
}
