package org.s3nas.workbench.engine;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Follows a run folder while another process writes it (the ND4J engine, or the PyTorch search that
 * {@code export-search} writes, on this machine or a shared disk): a daemon thread waits on the file system's change
 * notifications for the folder (no polling storm: one slow re-check every {@link #RECHECK_MS} ms catches what a network
 * file system does not notify) and, when {@code history.json} was rewritten, reads it and hands the listener the rows
 * it has not seen yet; when {@code result.json} appears the run has finished and the follower stops. Bursts of
 * notifications coalesce into one read ({@link #SETTLE_MS}). The listener is called on the follower's thread.
 * <p>
 * Any kind of run folder (a search's, a final training's): the reader turns its history into rows of type {@code R},
 * and the follower needs only each row's step.
 */
public final class RunFolderFollower<R> implements AutoCloseable {
    /** How long a burst of notifications may last before the files are read. */
    static final long SETTLE_MS = 100;
    /** The re-check when no notification came (network file systems notify nothing). */
    static final long RECHECK_MS = 2000;

    /** A history as read from the folder. */
    public record Snapshot<R>(String[] thresholdNames, List<R> rows) {}

    /** Reads a run folder's history (the app's RunFolder, or any reader of history.json). */
    @FunctionalInterface
    public interface HistoryReader<R> {
        Snapshot<R> read(Path runDir) throws IOException;
    }

    /** What the follower reports, on its own thread. */
    public interface Listener<R> {
        /** Rows the listener has not seen (steps after the last one delivered), with the run's threshold names (if any). */
        void onRows(String[] thresholdNames, List<R> rows);

        /** result.json appeared: the run finished (its last rows were delivered before). */
        default void onFinished() {}

        /** A file could not be read (half-written by a writer that does not rename, or not a run folder). */
        default void onProblem(String message) {}
    }

    private final Path dir;
    private final HistoryReader<R> reader;
    private final ToLongFunction<R> step;
    private final Listener<R> listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile WatchService watch;
    private long lastStep = 0;

    public RunFolderFollower(Path runDir, HistoryReader<R> reader, ToLongFunction<R> step, Listener<R> listener) {
        this.dir = runDir.toAbsolutePath().normalize();
        this.reader = reader;
        this.step = step;
        this.listener = listener;
        this.thread = new Thread(this::run, "s3nas-follow-" + dir.getFileName());
        thread.setDaemon(true);
    }

    /** Starts following (the history already written is delivered at once). */
    public RunFolderFollower<R> start() {
        thread.start();
        return this;
    }

    public Path directory() { return dir; }

    /** Whether the follower still runs (false after the run finished, or after close). */
    public boolean isFollowing() { return thread.isAlive(); }

    /** Waits until the run finished (or the follower was closed); false on timeout. */
    public boolean awaitFinish(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    private void run() {
        try (WatchService w = FileSystems.getDefault().newWatchService()) {
            watch = w;
            WatchKey key = null;
            while (!closed) {
                if (key == null && Files.isDirectory(dir)) {
                    key = dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                }
                boolean finished = Files.exists(dir.resolve(BackgroundRun.RESULT_FILE));
                deliver();
                if (finished) {
                    listener.onFinished();
                    return;
                }
                WatchKey k = w.poll(RECHECK_MS, TimeUnit.MILLISECONDS);
                if (k != null) {
                    Thread.sleep(SETTLE_MS); // let a burst of writes settle
                    k.pollEvents();
                    if (!k.reset()) key = null; // the folder went away; register again when it is back
                    WatchKey more;
                    while ((more = w.poll()) != null) {
                        more.pollEvents();
                        if (!more.reset()) key = null;
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException e) {
            listener.onProblem(dir + ": cannot watch the folder: " + e.getMessage());
        }
    }

    private void deliver() {
        if (!Files.exists(dir.resolve(BackgroundRun.HISTORY_JSON))) return;
        Snapshot<R> s;
        try {
            s = reader.read(dir);
        } catch (IOException e) {
            listener.onProblem(e.getMessage());
            return;
        }
        List<R> fresh = s.rows().stream().filter(r -> step.applyAsLong(r) > lastStep).toList();
        if (fresh.isEmpty()) return;
        lastStep = step.applyAsLong(fresh.get(fresh.size() - 1));
        listener.onRows(s.thresholdNames(), fresh);
    }

    /** Stops following. */
    @Override
    public void close() {
        closed = true;
        WatchService w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        thread.interrupt();
    }
}
