package org.s3nas.workbench.app.run;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import org.s3nas.workbench.app.FrameQueue;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.engine.RunEvent;

/**
 * One engine run in progress (a search or a final training), as a JavaFX {@link Task} for ControlsFX's
 * TaskProgressView: its thread prepares the run ({@link #prepare}) and then waits for it, while the run trains on its
 * own thread. The run's events go into a bounded {@link FrameQueue} that an AnimationTimer drains once per frame into
 * the run's {@link RunSeries} (and the progress, images/s and ETA shown here), so the FX thread never does more than
 * one frame's worth of appends at a time, whatever the engine's rate.
 * <p>
 * Cancel (the TaskProgressView's button) asks the run to stop; the task ends as CANCELLED only once the run has
 * written its last checkpoint, so the run folder can be resumed.
 */
public abstract class RunJob<R, E extends RunEvent> extends Task<R> {
    /** Events buffered between two frames; a run emits at most one per optimiser step. */
    public static final int QUEUE_CAPACITY = 4096;

    private final String runId;
    private final int epochs;
    private final boolean resumed;
    private final RunSeries<E> series;
    private final FrameQueue<E> queue;
    private final ReadOnlyObjectWrapper<RunStatus> status = new ReadOnlyObjectWrapper<>(this, "status", RunStatus.PENDING);
    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper(this, "imagesPerSecond", Double.NaN);
    private final ReadOnlyDoubleWrapper etaSeconds = new ReadOnlyDoubleWrapper(this, "etaSeconds", Double.NaN);
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private volatile BackgroundRun<?, R, ?> control;
    private volatile boolean cancelRequested;
    private E last;
    private long firstEventNanos;
    private double firstProgress = Double.NaN;
    private int largestBatch;
    private boolean done;

    /** @param epochs the run's planned epochs in all (for "epoch 2 of 3") */
    protected RunJob(String runId, int epochs, boolean resumed, RunSeries<E> series) {
        this.runId = runId;
        this.epochs = epochs;
        this.resumed = resumed;
        this.series = series;
        this.queue = new FrameQueue<>(QUEUE_CAPACITY, this::apply);
        updateTitle(runId + (resumed ? " (resumed)" : ""));
        updateMessage("Waiting to start");
        updateProgress(-1, 1);
    }

    // ---- what a kind of run supplies -------------------------------------------------------------------------

    /**
     * Builds the run on the job's thread (may report through {@link #preparing}; honours cancellation with a
     * CancellationException) and connects its listener to {@link #report} and {@link #reportStatus}. The job then
     * drives it (one event per step, start, pause, resume, cancel, the result).
     */
    protected abstract BackgroundRun<?, R, ?> prepare() throws Exception;

    /** The job ended (FX thread, once): the end state is in {@link #status()}, the result in {@link #getValue()}. */
    protected abstract void ended();

    /** The part of the run an event is in, for the progress message ("Phase 2"); empty when the run has one part. */
    protected String stageOf(E e) { return ""; }

    /** Hands one progress event to the charts (any thread; never blocks). */
    protected final void report(E e) { queue.offer(e); }

    /** The run's status changed (any thread): rare (start, pause, resume, end), so one runLater each. */
    protected final void reportStatus(RunStatus s, String message) { Platform.runLater(() -> statusChanged(s, message)); }

    // ---- state -----------------------------------------------------------------------------------------------

    public String runId() { return runId; }

    public boolean isResumed() { return resumed; }

    /** The live chart data of this run. */
    public RunSeries<E> series() { return series; }

    /** PENDING while preparing, then RUNNING / PAUSED as the run reports, and the end state. FX thread. */
    public ReadOnlyObjectProperty<RunStatus> statusProperty() { return status.getReadOnlyProperty(); }

    public RunStatus status() { return status.get(); }

    /** Training throughput of the last event (NaN before the first). */
    public ReadOnlyDoubleProperty imagesPerSecondProperty() { return imagesPerSecond.getReadOnlyProperty(); }

    /** Estimated seconds left (NaN until it can be told). */
    public ReadOnlyDoubleProperty etaSecondsProperty() { return etaSeconds.getReadOnlyProperty(); }

    /**
     * Set once when the run reports a loss that is not a number (the training diverged: the charts show such points as
     * gaps); empty while the losses are numbers.
     */
    public ReadOnlyStringProperty warningProperty() { return warning.getReadOnlyProperty(); }

    /** The frame queue (tests check it dropped nothing). */
    public FrameQueue<E> queue() { return queue; }

    /** Largest number of events one frame handed to the FX thread so far. */
    int largestBatch() { return largestBatch; }

    public boolean isCancelRequested() { return cancelRequested; }

    /** Steps done when the run ended or now (0 before the first event). */
    public long lastStep() { return last == null ? 0 : last.step(); }

    // ---- commands (FX thread) --------------------------------------------------------------------------------

    /** Starts draining the frame queue once per frame. */
    public void startDraining() { queue.start(); }

    /** One frame's work: hands the queued events to the series. Returns how many there were. */
    public int drainFrame() { return queue.drain(); }

    public void pause() {
        BackgroundRun<?, R, ?> c = control;
        if (c != null && !done) c.pause();
    }

    public void resume() {
        BackgroundRun<?, R, ?> c = control;
        if (c != null && !done) c.resume();
    }

    /** Asks the run to stop; the task ends (CANCELLED) once the run has written its checkpoint. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) return false;
        synchronized (this) {
            cancelRequested = true;
            if (control != null) control.cancel();
        }
        if (!getState().equals(State.READY) && !getState().equals(State.SCHEDULED)) {
            updateMessage("Cancelling: writing a checkpoint…");
            return true;
        }
        return super.cancel(mayInterruptIfRunning); // never started: nothing to wait for
    }

    // ---- the task's thread -----------------------------------------------------------------------------------

    @Override
    protected final R call() throws Exception {
        updateMessage("Preparing…");
        BackgroundRun<?, R, ?> c;
        try {
            c = prepare();
            c.setEventIntervalMs(0); // one event per step: the charts get every point, the frame queue coalesces
        } catch (CancellationException e) {
            return endCancelled();
        }
        synchronized (this) {
            control = c;
            if (cancelRequested) return endCancelled();
        }
        updateMessage("Loading the dataset…");
        c.start();
        try {
            return c.result().get();
        } catch (CancellationException e) {
            return endCancelled();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) return endCancelled();
            if (e.getCause() instanceof Exception ex) throw ex;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            c.cancel();
            throw e;
        }
    }

    /** Reports preparation progress (e.g. profiling the latency table). Any thread. */
    public void preparing(String what, int done, int total) {
        updateMessage(what + (total > 0 ? String.format(Locale.ROOT, " %d / %d", done, total) : ""));
        updateProgress(total > 0 ? done : -1, Math.max(1, total));
    }

    /** Shows a message of the run (e.g. "Testing on 2,000 images") until the next event. Any thread. */
    protected final void say(String message) { updateMessage(message); }

    private R endCancelled() {
        super.cancel(false); // the state becomes CANCELLED now that the run has stopped
        return null;
    }

    // ---- FX thread -------------------------------------------------------------------------------------------

    private void apply(List<E> batch) {
        largestBatch = Math.max(largestBatch, batch.size());
        if (warning.get().isEmpty()) {
            for (E ev : batch) {
                if (Double.isNaN(ev.loss()) || Double.isInfinite(ev.loss())) {
                    warning.set("The loss is not a number from step " + ev.step() + " on: the training diverged, and the loss and"
                            + " accuracy charts show no points from there (try a higher training resolution or a lower learning rate).");
                    break;
                }
            }
        }
        series.append(batch);
        E e = batch.get(batch.size() - 1);
        long now = System.nanoTime();
        if (last == null || Double.isNaN(firstProgress)) {
            firstProgress = e.progress();
            firstEventNanos = now;
        }
        last = e;
        imagesPerSecond.set(e.imagesPerSecond());
        double doneSince = e.progress() - firstProgress;
        etaSeconds.set(doneSince > 0 ? (now - firstEventNanos) / 1e9 * (1 - e.progress()) / doneSince
                : e.progress() >= 1 ? 0 : Double.NaN);
        if (status.get() != RunStatus.PAUSED) updateMessage(describe(e));
        updateProgress(e.progress(), 1);
    }

    /** "Phase 2 · epoch 3 of 3 · step 150 of 210 · 412 images/s · 0:45 left" (a training has no phase: "Epoch 3 of 3 · …"). */
    String describe(E e) {
        long total = e.progress() > 0 ? Math.round(e.step() / e.progress()) : 0;
        StringBuilder sb = new StringBuilder();
        String epoch = "epoch " + Math.min(e.epoch() + 1, epochs) + " of " + epochs;
        String stage = stageOf(e);
        if (!stage.isEmpty()) sb.append(stage).append(" · ").append(epoch);
        else sb.append(Character.toUpperCase(epoch.charAt(0))).append(epoch.substring(1));
        sb.append(" · step ").append(String.format(Locale.ROOT, "%,d", e.step()));
        if (total > 0) sb.append(" of ").append(String.format(Locale.ROOT, "%,d", total));
        if (e.imagesPerSecond() > 0) sb.append(String.format(Locale.ROOT, " · %,.0f images/s", e.imagesPerSecond()));
        double eta = etaSeconds.get();
        if (!Double.isNaN(eta)) sb.append(" · ").append(duration(eta)).append(" left");
        return sb.toString();
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void statusChanged(RunStatus s, String message) {
        if (done) return;
        // the run queued its events before it reported the status: apply them first, so that "paused at step n" and
        // the charts agree (a frame may not have drained them yet)
        queue.drain();
        if (message != null) series.log(List.of(s.line(message)));
        status.set(s);
        if (s == RunStatus.PAUSED) updateMessage("Paused at step " + lastStep() + " — resume to continue");
        else if (s == RunStatus.RUNNING && last != null) updateMessage(describe(last));
    }

    @Override
    protected final void succeeded() { finish(succeededAs()); }

    /** The status a run that ended with a result takes (a search that missed its target: TARGET_MISSED). FX thread. */
    protected RunStatus succeededAs() { return RunStatus.SUCCEEDED; }

    @Override
    protected final void failed() { finish(RunStatus.FAILED); }

    @Override
    protected final void cancelled() { finish(RunStatus.CANCELLED); }

    private void finish(RunStatus end) {
        if (done) return;
        queue.drain(); // the last events of the run
        queue.stop();
        done = true;
        status.set(end);
        etaSeconds.set(end.hasResult() ? 0 : Double.NaN);
        ended();
    }
}
