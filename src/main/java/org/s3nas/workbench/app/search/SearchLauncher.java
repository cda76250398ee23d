package org.s3nas.workbench.app.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.Profiler;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.NpuLatencyModel;
import org.s3nas.workbench.search.SearchRun;

/**
 * Starts searches for the workbench the way {@code cli/SearchCommand} does (project → configuration → run folder →
 * {@link SearchRun}), plus the part the command line still lacks: the differentiable latency over the project's
 * latency table (its sidecar file when it matches, otherwise a fresh profile on the MIDAP simulator, kept in memory
 * per supernet and NPU). Plain Java, no JavaFX: it belongs in search/ as a reusable launcher once the engine's owner
 * takes it over.
 */
public final class SearchLauncher {
    /** Overrides where runs of projects that were never saved go (tests use a temporary folder). */
    public static final String RUNS_DIR_PROPERTY = "s3nas.runsDir";

    /** Where a new run goes: its id, its folder, and the folder as the project records it (relative when it can). */
    public record RunPlace(String id, Path directory, String recorded) {}

    /** The latency model of a run and where its table came from (for the status line). */
    public record Latency(LatencyModel model, LatencyTable table, String origin) {}

    private static final Map<String, LatencyTable> TABLES = new ConcurrentHashMap<>();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private SearchLauncher() {}

    /** Folder that relative dataset paths resolve against: the project file's folder (the working folder if unsaved). */
    public static Path dataBaseDir(Path projectFile) {
        return projectFile != null ? projectFile.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
    }

    /**
     * Where runs go: {@code runs/} beside the project file; for a project never saved, {@code $XDG_DATA_HOME/s3nas/runs}
     * (or {@code ~/.local/share/s3nas/runs}).
     */
    public static Path runsRoot(Path projectFile) {
        if (projectFile != null) return projectFile.toAbsolutePath().getParent().resolve("runs");
        String prop = System.getProperty(RUNS_DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return data.resolve("s3nas").resolve("runs");
    }

    /** A fresh run id and folder ({@code run-yyyyMMdd-HHmmss}, suffixed when taken by the folder or the project). */
    public static RunPlace newPlace(Project project, Path projectFile, LocalDateTime now) {
        Path root = runsRoot(projectFile);
        String base = "run-" + now.format(ID_TIME);
        String id = base;
        for (int i = 2; Files.exists(root.resolve(id)) || hasRun(project, id); i++) id = base + "-" + i;
        Path dir = root.resolve(id);
        return new RunPlace(id, dir, projectFile != null ? "runs/" + id : dir.toString());
    }

    private static boolean hasRun(Project p, String id) {
        return p.runs().stream().anyMatch(r -> id.equals(r.id()));
    }

    /** The folder of a recorded run: absolute as recorded, or relative to the project file's folder. */
    public static Path runDirectory(RunRecord r, Path projectFile) {
        if (r.directory() == null || r.directory().isBlank()) return null;
        Path d = Path.of(r.directory());
        return d.isAbsolute() ? d : dataBaseDir(projectFile).resolve(d).normalize();
    }

    /**
     * The differentiable latency for the project's supernet and NPU: from memory, from the project's sidecar table
     * when it was profiled for them, or profiled now ({@code progress} gets the simulations done; {@code cancelled}
     * stops the profile with a CancellationException).
     */
    public static Latency latency(Project project, Path projectFile, Profiler.Progress progress, BooleanSupplier cancelled)
            throws IOException {
        String key = LatencyTable.fingerprint(project.supernet(), project.npu());
        LatencyTable cached = TABLES.get(key);
        if (cached != null) return new Latency(new NpuLatencyModel(cached), cached, "latency table profiled earlier in this session");
        if (projectFile != null) {
            Path sidecar = LatencyTableFiles.sidecarOf(projectFile);
            Optional<LatencyTable> t = LatencyTableFiles.readIfFor(sidecar, project.supernet(), project.npu());
            if (t.isPresent()) {
                TABLES.put(key, t.get());
                return new Latency(new NpuLatencyModel(t.get()), t.get(), "latency table " + sidecar.getFileName());
            }
        }
        LatencyTable table = new Profiler(project.npu()).profile(project.supernet(), progress, cancelled);
        TABLES.put(key, table);
        return new Latency(new NpuLatencyModel(table), table, "latency table profiled on the MIDAP simulator ("
                + table.entryCount() + " configurations)");
    }

    /** A new run of {@code supernet} with {@code config} (the CLI's {@code search PROJECT --out DIR}). */
    public static SearchRun newRun(Project project, SearchConfig config, Path projectFile, Path runDir, LatencyModel latency) {
        return new SearchRun(project.supernet(), config, dataBaseDir(projectFile), runDir, latency);
    }

    /** A run that continues {@code runDir} from its last checkpoint (the CLI's {@code search --resume DIR}). */
    public static SearchRun resume(Project project, Path projectFile, Path runDir, LatencyModel latency) throws IOException {
        return SearchRun.resume(project.supernet(), dataBaseDir(projectFile), runDir, latency);
    }
}
