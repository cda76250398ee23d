package org.s3nas.workbench.app.run;

import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.s3nas.workbench.app.TaskExecutor;
import org.s3nas.workbench.engine.RunFolderFollower;

/**
 * A run folder another process writes (the ND4J engine elsewhere, the PyTorch search of {@code export-search}, a
 * training started from the command line), followed while it grows: {@link RunFolderFollower} waits on file
 * notifications and reads each burst once; what it read reaches the view-model on the FX thread through the task
 * executor, once per read. The Search and the Training view follow their kind of run folder with it, each with its own
 * reader and rows.
 *
 * @param <R> a row of the run's history
 */
public final class FollowedRun<R> {
    /** What the view-model does with what was read (FX thread). */
    public interface Sink<R> {
        /** Rows not delivered before (steps after the last one), with the run's threshold names (if it has any). */
        void rows(String[] thresholdNames, List<R> rows);

        /** The run finished (its result file appeared); its last rows were delivered before. */
        void finished();

        /** A file could not be read (half-written, or not a run folder). */
        void problem(String message);
    }

    private final TaskExecutor executor;
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private RunFolderFollower<R> follower;
    private Path dir;

    public FollowedRun(TaskExecutor executor) { this.executor = executor; }

    /** Whether the followed run has finished. */
    public ReadOnlyBooleanProperty finishedProperty() { return finished.getReadOnlyProperty(); }

    /** The followed folder (null before any). */
    public Path directory() { return dir; }

    /** Follows {@code runDir} (FX thread), instead of the folder followed before; what was written already comes at once. */
    public void follow(Path runDir, RunFolderFollower.HistoryReader<R> reader, ToLongFunction<R> step, Sink<R> sink) {
        stop();
        dir = runDir;
        finished.set(false);
        RunFolderFollower<R>[] self = new RunFolderFollower[1];
        follower = self[0] = new RunFolderFollower<>(runDir, reader, step, new RunFolderFollower.Listener<>() {
            @Override
            public void onRows(String[] names, List<R> rows) { fx(() -> sink.rows(names, rows)); }

            @Override
            public void onFinished() {
                fx(() -> {
                    finished.set(true);
                    sink.finished();
                });
            }

            @Override
            public void onProblem(String message) { fx(() -> sink.problem(message)); }

            /** Nothing from a follower that was stopped or replaced reaches the view-model. */
            private void fx(Runnable r) { executor.onUi(() -> { if (follower == self[0]) r.run(); }); }
        });
        follower.start();
    }

    /** Stops following (what was delivered stays). */
    public void stop() {
        if (follower != null) follower.close();
        follower = null;
    }
}
