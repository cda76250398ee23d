package org.s3nas.workbench.app.search;

import org.s3nas.workbench.search.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.run.FollowedRun;
import org.s3nas.workbench.engine.RunFolderFollower;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.SearchRun;

/**
 * A run folder another process writes (the ND4J engine elsewhere, or the PyTorch search of {@code export-search}),
 * followed into a live {@link SearchSeries}: the same charts a local run feeds, grown whenever the writer rewrites its
 * history ({@link FollowedRun}).
 * When it has finished, its architecture imports into the project in one undoable edit, named by its simulated latency.
 */
final class ExternalRun {
    private final WorkbenchModel model;
    private final Consumer<SearchSeries> show;
    private final SearchViewModel.NoticeSink notice;
    private final FollowedRun<HistoryRow> followed;

    ExternalRun(WorkbenchModel model, Consumer<SearchSeries> show, SearchViewModel.NoticeSink notice) {
        this.model = model;
        this.show = show;
        this.notice = notice;
        this.followed = new FollowedRun<>(model.executor());
    }

    /** Whether the followed run has finished (its architecture can be imported). */
    ReadOnlyBooleanProperty finishedProperty() { return followed.finishedProperty(); }

    Path directory() { return followed.directory(); }

    /** Follows {@code runDir} (FX thread); the series it feeds is shown at once and returned. */
    SearchSeries follow(Path runDir, List<String> blockLabels) {
        double target = Double.NaN;
        try {
            if (Files.exists(runDir.resolve(SearchRun.CONFIG_FILE))) {
                target = RunFolder.number(RunFolder.readJson(runDir.resolve(SearchRun.CONFIG_FILE)).get("targetLatencyMs"));
            }
        } catch (IOException e) {
            notice.notice(true, "Cannot read " + runDir.getFileName(), e.getMessage());
        }
        double targetMs = target;
        SearchSeries series = new SearchSeries(runDir.getFileName() + " (followed)", true, blockLabels);
        show.accept(series);
        followed.follow(runDir, d -> {
            RunFolder.History h = RunFolder.readHistory(d);
            return new RunFolderFollower.Snapshot<>(h.thresholdNames(), h.rows());
        }, HistoryRow::step, new FollowedRun.Sink<>() {
            @Override
            public void rows(String[] names, List<HistoryRow> rows) { series.load(new RunFolder.History(names, rows), targetMs); }

            @Override
            public void finished() {
                notice.notice(false, "The followed run " + runDir.getFileName() + " finished", "Its architecture can be imported into the project.");
            }

            @Override
            public void problem(String message) { model.status("Following " + runDir.getFileName() + ": " + message); }
        });
        model.status("Following the run folder " + runDir);
        return series;
    }

    /** Imports the finished run's architecture into the project (one undoable edit); false when there is none. */
    boolean importArchitecture() {
        Path dir = followed.directory();
        if (dir == null || !followed.finishedProperty().get()) {
            notice.notice(true, "Nothing to import", "Follow a run folder whose run has finished first.");
            return false;
        }
        try {
            FoundArchitecture found = FoundArchitecture.read(dir, dir.getFileName().toString(), model.getProject().npu());
            model.edit("Import " + found.name(), p -> p.withArchitecture(found.saved("external run " + dir)));
            notice.notice(false, "Imported " + found.name(), found.summary());
            return true;
        } catch (IOException | RuntimeException e) {
            notice.notice(true, "Cannot import the architecture of " + dir.getFileName(), Formats.message(e));
            return false;
        }
    }

    /** Stops following (the series keeps what it has). */
    void stop() { followed.stop(); }
}
