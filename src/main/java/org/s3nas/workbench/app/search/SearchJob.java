package org.s3nas.workbench.app.search;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import org.s3nas.workbench.app.FrameQueue;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.search.SearchEvent;
import org.s3nas.workbench.search.SearchListener;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;

/**
 * One search in progress, as a JavaFX {@link Task} for ControlsFX's TaskProgressView: its thread prepares the run
 * (latency table, run folder) and then waits for the {@link SearchRun}, which trains on its own thread. The run's
 * events go into a bounded {@link FrameQueue} that an AnimationTimer drains once per frame into the run's
 * {@link RunSeries} (and the progress, images/s and ETA shown here), so the FX thread never does more than one
 * frame's worth of appends at a time, whatever the engine's rate.
 * <p>
 * Cancel (the TaskProgressView's button) asks the run to stop; the task ends as CANCELLED only once the run has
 * written its last checkpoint, so the run folder can be resumed.
 */
public final class SearchJob extends Task<SearchResult> {
    /** Events buffered between two frames; a run emits at most one per optimiser step. */
    public static final int QUEUE_CAPACITY = 4096;

    /** Prepares the run on the task's thread (may report through {@link #preparing}); honours cancellation. */
    @FunctionalInterface
    interface RunFactory {
        SearchRun create(SearchJob job) throws Exception;
    }

    private final String runId;
    private final SearchConfig config;
    private final boolean resumed;
    private final RunSeries series;
    private final RunFactory factory;
    private final Consumer<SearchJob> onDone;
    private final FrameQueue<SearchEvent> queue;
    private final ReadOnlyObjectWrapper<RunStatus> status = new ReadOnlyObjectWrapper<>(this, "status", RunStatus.PENDING);
    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper(this, "imagesPerSecond", Double.NaN);
    private final ReadOnlyDoubleWrapper etaSeconds = new ReadOnlyDoubleWrapper(this, "etaSeconds", Double.NaN);
    private final javafx.beans.property.ReadOnlyStringWrapper warning = new javafx.beans.property.ReadOnlyStringWrapper(this, "warning", "");
    private final SearchListener listener;
    private volatile SearchRun run;
    private volatile boolean cancelRequested;
    private SearchEvent last;
    private long firstEventNanos;
    private double firstProgress = Double.NaN;
    private int largestBatch;
    private boolean done;

    SearchJob(String runId, SearchConfig config, boolean resumed, RunSeries series, RunFactory factory, Consumer<SearchJob> onDone) {
        this.runId = runId;
        this.config = config;
        this.resumed = resumed;
        this.series = series;
        this.factory = factory;
        this.onDone = onDone;
        this.queue = new FrameQueue<>(QUEUE_CAPACITY, this::apply);
        updateTitle(runId + (resumed ? " (resumed)" : ""));
        updateMessage("Waiting to start");
        updateProgress(-1, 1);
        this.listener = new SearchListener() {
            @Override
            public void onProgress(SearchEvent e) { queue.offer(e); }

            @Override
            public void onStatus(RunStatus s, String message) {
                // rare (start, pause, resume, end): one runLater each is fine; points go through the frame queue
                Platform.runLater(() -> statusChanged(s, message));
            }
        };
    }

    public String runId() { return runId; }

    public SearchConfig config() { return config; }

    public boolean isResumed() { return resumed; }

    /** The live chart data of this run. */
    public RunSeries series() { return series; }

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
    public javafx.beans.property.ReadOnlyStringProperty warningProperty() { return warning.getReadOnlyProperty(); }

    /** The listener the run reports to (events go into the frame queue; any thread). */
    SearchListener listener() { return listener; }

    /** The frame queue (tests check it dropped nothing). */
    FrameQueue<SearchEvent> queue() { return queue; }

    /** Largest number of events one frame handed to the FX thread so far. */
    int largestBatch() { return largestBatch; }

    /** The run once prepared (null before). */
    SearchRun searchRun() { return run; }

    boolean isCancelRequested() { return cancelRequested; }

    // ---- commands (FX thread) --------------------------------------------------------------------------------

    /** Starts draining the frame queue once per frame. */
    void startDraining() { queue.start(); }

    /** One frame's work: hands the queued events to the series. Returns how many there were. */
    int drainFrame() { return queue.drain(); }

    public void pause() {
        SearchRun r = run;
        if (r != null && !done) r.pause();
    }

    public void resume() {
        SearchRun r = run;
        if (r != null && !done) r.resume();
    }

    /** Asks the run to stop; the task ends (CANCELLED) once the run has written its checkpoint. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) return false;
        synchronized (this) {
            cancelRequested = true;
            if (run != null) run.cancel();
        }
        if (!getState().equals(State.READY) && !getState().equals(State.SCHEDULED)) {
            updateMessage("Cancelling: writing a checkpoint…");
            return true;
        }
        return super.cancel(mayInterruptIfRunning); // never started: nothing to wait for
    }

    // ---- the task's thread -----------------------------------------------------------------------------------

    @Override
    protected SearchResult call() throws Exception {
        updateMessage("Preparing…");
        SearchRun r;
        try {
            r = factory.create(this);
        } catch (CancellationException e) {
            return endCancelled();
        }
        r.setEventIntervalMs(0); // one event per step: the charts get every point, the frame queue coalesces
        r.addListener(listener);
        synchronized (this) {
            run = r;
            if (cancelRequested) return endCancelled();
        }
        updateMessage("Loading the dataset…");
        r.start();
        try {
            return r.result().get();
        } catch (CancellationException e) {
            return endCancelled();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) return endCancelled();
            if (e.getCause() instanceof Exception ex) throw ex;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            r.cancel();
            throw e;
        }
    }

    /** Reports preparation progress (e.g. profiling the latency table). Any thread. */
    void preparing(String what, int done, int total) {
        updateMessage(what + (total > 0 ? String.format(Locale.ROOT, " %d / %d", done, total) : ""));
        updateProgress(total > 0 ? done : -1, Math.max(1, total));
    }

    private SearchResult endCancelled() {
        super.cancel(false); // the state becomes CANCELLED now that the run has stopped
        return null;
    }

    // ---- FX thread -------------------------------------------------------------------------------------------

    private void apply(List<SearchEvent> batch) {
        largestBatch = Math.max(largestBatch, batch.size());
        if (warning.get().isEmpty()) {
            for (SearchEvent ev : batch) {
                if (Double.isNaN(ev.loss()) || Double.isInfinite(ev.loss())) {
                    warning.set("The loss is not a number from step " + ev.step() + " on: the training diverged, and the loss and"
                            + " accuracy charts show no points from there (try a higher training resolution or a lower learning rate).");
                    break;
                }
            }
        }
        SearchRun r = run;
        series.append(batch, r == null ? null : r::thresholdNames);
        SearchEvent e = batch.get(batch.size() - 1);
        long now = System.nanoTime();
        if (last == null || Double.isNaN(firstProgress)) {
            firstProgress = e.phaseProgress();
            firstEventNanos = now;
        }
        last = e;
        imagesPerSecond.set(e.imagesPerSecond());
        double doneSince = e.phaseProgress() - firstProgress;
        etaSeconds.set(doneSince > 0 ? (now - firstEventNanos) / 1e9 * (1 - e.phaseProgress()) / doneSince
                : e.phaseProgress() >= 1 ? 0 : Double.NaN);
        if (status.get() != RunStatus.PAUSED) updateMessage(describe(e));
        updateProgress(e.phaseProgress(), 1);
    }

    /** "Phase 2 · epoch 3 of 3 · step 150 of 210 · 412 images/s · 0:45 left". */
    String describe(SearchEvent e) {
        int epochs = config.phase1Epochs() + config.phase2Epochs();
        long total = e.phaseProgress() > 0 ? Math.round(e.step() / e.phaseProgress()) : 0;
        StringBuilder sb = new StringBuilder();
        sb.append("Phase ").append(e.phase()).append(" · epoch ").append(Math.min(e.epoch() + 1, epochs)).append(" of ").append(epochs)
                .append(" · step ").append(String.format(Locale.ROOT, "%,d", e.step()));
        if (total > 0) sb.append(" of ").append(String.format(Locale.ROOT, "%,d", total));
        if (e.imagesPerSecond() > 0) sb.append(String.format(Locale.ROOT, " · %,.0f images/s", e.imagesPerSecond()));
        double eta = etaSeconds.get();
        if (!Double.isNaN(eta)) sb.append(" · ").append(duration(eta)).append(" left");
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void statusChanged(RunStatus s, String message) {
        if (done) return;
        status.set(s);
        if (s == RunStatus.PAUSED) updateMessage("Paused at step " + (last == null ? 0 : last.step()) + " — resume to continue");
        else if (s == RunStatus.RUNNING && last != null) updateMessage(describe(last));
    }

    @Override
    protected void succeeded() { finish(RunStatus.SUCCEEDED); }

    @Override
    protected void failed() { finish(RunStatus.FAILED); }

    @Override
    protected void cancelled() { finish(RunStatus.CANCELLED); }

    private void finish(RunStatus end) {
        if (done) return;
        queue.drain(); // the last events of the run
        queue.stop();
        done = true;
        status.set(end);
        etaSeconds.set(end == RunStatus.SUCCEEDED ? 0 : Double.NaN);
        onDone.accept(this);
    }

    /** Steps done when the run ended or now (0 before the first event). */
    long lastStep() { return last == null ? 0 : last.step(); }
}
