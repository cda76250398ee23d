package org.s3nas.workbench.app.search;

import org.s3nas.workbench.app.run.RunJob;
import java.util.function.Consumer;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.search.SearchEvent;
import org.s3nas.workbench.search.SearchListener;
import org.s3nas.workbench.search.SearchResult;
import org.s3nas.workbench.search.SearchRun;

/**
 * One search in progress ({@link RunJob}): its thread prepares the run (latency table, run folder) and then waits for
 * the {@link SearchRun}, whose events reach the run's {@link SearchSeries} once per frame.
 */
public final class SearchJob extends RunJob<SearchResult, SearchEvent> {
    /** Prepares the run on the task's thread (may report through {@link #preparing}); honours cancellation. */
    @FunctionalInterface
    interface RunFactory {
        SearchRun create(SearchJob job) throws Exception;
    }

    private final SearchConfig config;
    private final SearchSeries series;
    private final RunFactory factory;
    private final Consumer<SearchJob> onDone;
    private final SearchListener listener;
    private volatile SearchRun run;
    private volatile ChoiceLog choiceLog;

    SearchJob(String runId, SearchConfig config, boolean resumed, SearchSeries series, RunFactory factory, Consumer<SearchJob> onDone) {
        super(runId, config.phase1Epochs() + config.phase2Epochs(), resumed, series);
        this.config = config;
        this.series = series;
        this.factory = factory;
        this.onDone = onDone;
        this.listener = new SearchListener() {
            @Override
            public void onProgress(SearchEvent e) {
                report(e);
                ChoiceLog log = choiceLog;
                if (log != null) log.append(e.step(), e.choices());
            }

            @Override
            public void onStatus(RunStatus s, String message) { reportStatus(s, message); }
        };
    }

    public SearchConfig config() { return config; }

    @Override
    public SearchSeries series() { return series; }

    /** The listener the run reports to (events go into the frame queue; any thread). */
    SearchListener listener() { return listener; }

    /** The run once prepared (null before). */
    SearchRun searchRun() { return run; }

    @Override
    protected SearchRun prepare() throws Exception {
        SearchRun r = factory.create(this);
        if (r.directory() != null) choiceLog = new ChoiceLog(r.directory());
        series.namesFrom(r::thresholdNames);
        r.addListener(listener);
        run = r;
        return r;
    }

    @Override
    protected String stageOf(SearchEvent e) { return e.phase() > 0 ? "Phase " + e.phase() : ""; }

    @Override
    protected RunStatus succeededAs() {
        SearchResult r = getValue();
        return r == null || r.targetMet() ? RunStatus.SUCCEEDED : RunStatus.TARGET_MISSED;
    }

    @Override
    protected void ended() { onDone.accept(this); }
}
