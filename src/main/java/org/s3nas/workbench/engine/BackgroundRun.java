package org.s3nas.workbench.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.s3nas.workbench.model.RunStatus;

/**
 * What a search and a final training share as background runs (pure Java): their own thread or the caller's,
 * pause, resume, cancel with a last checkpoint, the status, listeners with a bounded event rate, the result as a
 * future, and atomic writes into the run folder. A subclass writes only what surrounds its steps ({@link #execute}),
 * stepping its {@link StepLoop} with {@link #runSteps}.
 *
 * @param <E> the progress event
 * @param <R> the result
 * @param <L> the listener
 */
public abstract class BackgroundRun<E, R, L extends RunListener<E, R>> {
    /** Writes the run's checkpoint (on cancel). */
    @FunctionalInterface
    protected interface Checkpoint {
        void write() throws IOException;
    }

    protected final Path runDir;
    protected final boolean resuming;
    private final String threadPrefix;
    private final List<L> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private final Object pauseLock = new Object();
    private volatile RunStatus status = RunStatus.PENDING;
    private volatile boolean cancelRequested, pauseRequested;
    private volatile long eventIntervalMs = 200;
    private volatile long killAfterStep = -1;
    private Thread thread;

    protected BackgroundRun(Path runDir, boolean resuming, String threadPrefix) {
        this.runDir = runDir;
        this.resuming = resuming;
        this.threadPrefix = threadPrefix;
    }

    public void addListener(L l) { listeners.add(l); }

    public void removeListener(L l) { listeners.remove(l); }

    /** Minimum time between two progress events (epoch ends are always reported). */
    public void setEventIntervalMs(long ms) { eventIntervalMs = ms; }

    public Path directory() { return runDir; }

    public RunStatus status() { return status; }

    /** Completes with the result, or exceptionally when the run fails or is cancelled. */
    public CompletableFuture<R> result() { return result; }

    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("the run was already started");
        thread = new Thread(this::run, threadPrefix + runDir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs on the calling thread (the command line); throws what the run failed with. */
    public R runHere() {
        synchronized (this) {
            if (thread != null) throw new IllegalStateException("the run was already started");
            thread = Thread.currentThread();
        }
        run();
        return result.join();
    }

    public void pause() { pauseRequested = true; }

    public void resume() {
        synchronized (pauseLock) {
            pauseRequested = false;
            pauseLock.notifyAll();
        }
    }

    public void cancel() {
        cancelRequested = true;
        resume();
    }

    public void join() throws InterruptedException {
        Thread t;
        synchronized (this) { t = thread; }
        if (t != null && t != Thread.currentThread()) t.join();
    }

    /** Test hook: stop abruptly (no checkpoint, as a kill would) once this step is reached. */
    protected void crashAfterStep(long step) { killAfterStep = step; }

    // ---- for the loop -----------------------------------------------------------------------------------------

    /** The loop of the run; returns its result. Failures end the run as FAILED with their message. */
    protected abstract R execute() throws Exception;

    /** The loop {@link #execute} trains with, closed once the run has ended, whatever happened. */
    private volatile StepLoop<?, ?> loop;

    /** Registers the loop {@link #execute} built, to be closed when the run ends; returns it. */
    protected final <T extends StepLoop<?, ?>> T closedAtEnd(T loop) {
        this.loop = loop;
        return loop;
    }

    private void run() {
        setStatus(RunStatus.RUNNING, resuming ? "resuming " + runDir : "starting");
        try {
            R r = execute();
            if (r == null) return; // stopped: cancelled or crashed, already reported
            for (L l : listeners) l.onResult(r);
            result.complete(r);
        } catch (Throwable t) {
            setStatus(RunStatus.FAILED, org.s3nas.workbench.model.EngineFailure.describe(t));
            result.completeExceptionally(t);
        } finally {
            StepLoop<?, ?> l = loop;
            if (l != null) l.close();
        }
    }

    protected final void setStatus(RunStatus s, String message) {
        status = s;
        for (L l : listeners) l.onStatus(s, message);
    }

    /**
     * Between two steps: on a cancel writes the checkpoint, ends the run as CANCELLED and returns true (the loop
     * returns null); on a pause waits until resumed or cancelled, {@code clock} stopped meanwhile, and returns false.
     */
    private boolean stopOrWait(long step, String what, Checkpoint checkpoint, RunClock clock) throws IOException, InterruptedException {
        while (true) {
            if (cancelRequested) {
                checkpoint.write();
                setStatus(RunStatus.CANCELLED, "cancelled at step " + step);
                result.completeExceptionally(new CancellationException(what + " cancelled"));
                return true;
            }
            if (!pauseRequested) return false;
            setStatus(RunStatus.PAUSED, "paused at step " + step);
            clock.stop();
            synchronized (pauseLock) {
                while (pauseRequested) pauseLock.wait();
            }
            clock.start();
            if (!cancelRequested) setStatus(RunStatus.RUNNING, "resumed");
        }
    }

    /** What a run does after each step's checkpoint, before its event (the search keeps the end of its phase 1). */
    @FunctionalInterface
    protected interface AfterStep {
        void after() throws IOException;
    }

    /** A progress event from a step's statistics and the images per second since the last event. */
    @FunctionalInterface
    protected interface EventOf<S, E> {
        E of(S stats, double imagesPerSecond);
    }

    /**
     * Steps {@code loop} until it is done: between two steps a cancel (checkpoint, CANCELLED) or a pause (its clock
     * stopped); after each step the checkpoint every {@code checkpointEverySteps} steps and at the loop's boundaries,
     * then {@code afterStep}, then a progress event when one is due. Returns false when the run stopped early
     * (cancelled or crashed: the loop's caller returns null).
     */
    protected final <S> boolean runSteps(StepLoop<S, ?> loop, int checkpointEverySteps, int batchSize, Checkpoint checkpoint,
                                         AfterStep afterStep, EventOf<S, E> event) throws IOException, InterruptedException {
        long lastEvent = System.nanoTime(), stepsSinceEvent = 0;
        while (!loop.done()) {
            if (stopOrWait(loop.step(), loop.kind().name(), checkpoint, loop.clock())) return false;
            S s = loop.trainStep();
            stepsSinceEvent++;
            if (crashed(loop.step())) return false;
            if (loop.step() % checkpointEverySteps == 0 || loop.atCheckpointBoundary()) checkpoint.write();
            afterStep.after();
            long now = System.nanoTime();
            if (eventDue(now - lastEvent, loop.atEpochStart())) {
                double ips = stepsSinceEvent * (double) batchSize / Math.max(1e-9, (now - lastEvent) / 1e9);
                publish(event.of(s, ips));
                lastEvent = now;
                stepsSinceEvent = 0;
            }
        }
        return true;
    }

    /** After a step: true (and the run FAILED, no checkpoint) when the test hook's crash step is reached. */
    private boolean crashed(long step) {
        if (killAfterStep < 0 || step < killAfterStep) return false;
        setStatus(RunStatus.FAILED, "simulated crash at step " + step);
        result.completeExceptionally(new IllegalStateException("simulated crash"));
        return true;
    }

    /** Whether a progress event is due {@code nanos} after the last one (always at an epoch end). */
    private boolean eventDue(long sinceLastEventNanos, boolean epochEnd) {
        return epochEnd || sinceLastEventNanos / 1e6 >= eventIntervalMs;
    }

    protected final void publish(E event) {
        for (L l : listeners) l.onProgress(event);
    }

    // ---- files -----------------------------------------------------------------------------------------------

    /** The files every run folder holds: the checkpoint and the step history (JSON, and CSV for spreadsheets). */
    public static final String CHECKPOINT_FILE = "checkpoint.bin", HISTORY_JSON = "history.json", HISTORY_CSV = "history.csv";

    /**
     * Writes the history: {@link #HISTORY_JSON} as {"format": 1, then {@code fields}, then "steps": {@code rows}} and
     * {@link #HISTORY_CSV} as {@code csv}.
     */
    protected final void writeHistory(Map<String, ?> fields, List<?> rows, String csv) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.putAll(fields);
        json.put("steps", rows);
        writeAtomically(runDir.resolve(HISTORY_JSON), mapper().writeValueAsString(json));
        writeAtomically(runDir.resolve(HISTORY_CSV), csv);
    }

    /** A number for a CSV cell: 6 significant digits, empty when there is none (NaN). */
    protected static String csvNumber(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Temp file, then an atomic rename: a kill never leaves half a file. */
    public static void writeAtomically(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CheckpointIo.writeAtomically(file, out -> out.write(bytes));
    }

    private static final ObjectMapper MAPPER = buildMapper();

    /**
     * Records as their components only (no derived getters such as Block.isSkip), NaN allowed. One configured
     * instance, shared (thread-safe once configured): do not reconfigure it; {@code copy()} it for other settings.
     */
    public static ObjectMapper mapper() { return MAPPER; }

    private static ObjectMapper buildMapper() {
        ObjectMapper m = new ObjectMapper();
        m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        m.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        m.configure(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature(), true);
        return m;
    }
}
