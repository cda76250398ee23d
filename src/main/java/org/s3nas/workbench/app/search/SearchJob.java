package org.s3nas.workbench.app.search;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.search.SearchEvent;
import org.s3nas.workbench.search.SearchListener;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;

/**
 * One search in progress ({@link RunJob}): its thread prepares the run (latency table, run folder) and then waits for
 * the {@link SearchRun}, whose events reach the run's {@link RunSeries} once per frame.
 */
public final class SearchJob extends RunJob<SearchResult> {
    /** Prepares the run on the task's thread (may report through {@link #preparing}); honours cancellation. */
    @FunctionalInterface
    interface RunFactory {
        SearchRun create(SearchJob job) throws Exception;
    }

    private final SearchConfig config;
    private final RunFactory factory;
    private final Consumer<SearchJob> onDone;
    private final SearchListener listener;
    private volatile SearchRun run;

    SearchJob(String runId, SearchConfig config, boolean resumed, RunSeries series, RunFactory factory, Consumer<SearchJob> onDone) {
        super(runId, config.phase1Epochs() + config.phase2Epochs(), resumed, series);
        this.config = config;
        this.factory = factory;
        this.onDone = onDone;
        this.listener = new SearchListener() {
            @Override
            public void onProgress(SearchEvent e) {
                report(e);
            }

            @Override
            public void onStatus(RunStatus s, String message) { reportStatus(s, message); }
        };
    }

    public SearchConfig config() { return config; }

    /** The listener the run reports to (events go into the frame queue; any thread). */
    SearchListener listener() { return listener; }

    /** The run once prepared (null before). */
    SearchRun searchRun() { return run; }

    @Override
    protected SearchRun prepare() throws Exception {
        SearchRun r = factory.create(this);
        r.addListener(listener);
        run = r;
        return r;
    }

    @Override
    protected Supplier<String[]> thresholdNames() {
        SearchRun r = run;
        return r == null ? null : r::thresholdNames;
    }

    @Override
    protected RunStatus succeededAs() {
        SearchResult r = getValue();
        return r == null || r.targetMet() ? RunStatus.SUCCEEDED : RunStatus.TARGET_MISSED;
    }

    @Override
    protected void ended() { onDone.accept(this); }
}
