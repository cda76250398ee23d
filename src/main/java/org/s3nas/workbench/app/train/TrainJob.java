package org.s3nas.workbench.app.train;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.s3nas.workbench.app.run.RunJob;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainEvent;
import org.s3nas.workbench.train.TrainListener;
import org.s3nas.workbench.train.TrainResult;
import org.s3nas.workbench.train.TrainRun;

/**
 * One final training in progress ({@link RunJob}): its thread builds the {@link TrainRun} (fresh, or resumed from its
 * folder) and waits for it; every step's event reaches the run's {@link RunSeries} once per frame, as a search's do.
 */
public final class TrainJob extends RunJob<TrainResult, TrainEvent> {
    /** Builds the run on the job's thread (reading a folder or simulating may take a moment). */
    @FunctionalInterface
    interface RunFactory {
        TrainRun create(TrainJob job) throws Exception;
    }

    private final Architecture architecture;
    private final TrainConfig config;
    private final Path directory;
    private final RunFactory factory;
    private final Consumer<TrainJob> onDone;
    private final TrainListener listener;
    private volatile TrainRun run;
    private volatile double simulatedLatencyMs = Double.NaN;

    TrainJob(Architecture architecture, TrainConfig config, Path directory, boolean resumed, RunSeries<TrainEvent> series, RunFactory factory,
             Consumer<TrainJob> onDone) {
        super(series.runId(), config.epochs(), resumed, series);
        this.architecture = architecture;
        this.config = config;
        this.directory = directory;
        this.factory = factory;
        this.onDone = onDone;
        updateTitle(architecture.name() + (resumed ? " (resumed)" : ""));
        this.listener = new TrainListener() {
            @Override
            public void onProgress(TrainEvent e) { report(e); }

            @Override
            public void onStatus(RunStatus s, String message) {
                reportStatus(s, message);
                // the last minutes of a long run go to the test split: say so instead of "0:00 left"
                if (s == RunStatus.RUNNING && message != null && message.startsWith("testing")) {
                    say(Character.toUpperCase(message.charAt(0)) + message.substring(1) + "…");
                }
            }
        };
    }

    /** The architecture trained (its name names the run folder). */
    public Architecture architecture() { return architecture; }

    public TrainConfig config() { return config; }

    /** The run folder. */
    public Path directory() { return directory; }

    /** The architecture's latency on the project's NPU, simulated while preparing (NaN before, or when it cannot be simulated). */
    public double simulatedLatencyMs() { return simulatedLatencyMs; }

    void setSimulatedLatencyMs(double ms) { simulatedLatencyMs = ms; }

    /** The listener the run reports to (any thread). */
    TrainListener listener() { return listener; }

    /** The run once prepared (null before). */
    TrainRun trainRun() { return run; }

    @Override
    protected TrainRun prepare() throws Exception {
        TrainRun r = factory.create(this);
        r.addListener(listener);
        run = r;
        return r;
    }

    @Override
    protected void ended() { onDone.accept(this); }
}
