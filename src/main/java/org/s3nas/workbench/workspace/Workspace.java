package org.s3nas.workbench.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Profiler;
import org.s3nas.workbench.search.LatencyModel;
import org.s3nas.workbench.search.NpuLatencyModel;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.train.TrainRun;
import org.s3nas.workbench.train.TrainedNetwork;

/**
 * Where the runs of one project live (the app and the command line use this one layout):
 * <pre>
 *   &lt;project folder&gt;/runs/run-yyyyMMdd-HHmmss[-n]/   a search
 *                           train-&lt;architecture&gt;/      the final training of an architecture
 *                           report-&lt;budget&gt;/            the reproduction report's work folder
 *                           random-&lt;project&gt;-yyyyMMdd-HHmmss/   a random search
 *   &lt;project&gt;.latency.json                           the latency table (sidecar)
 * </pre>
 * A project never saved keeps its runs in {@code $XDG_DATA_HOME/s3nas/runs} (or {@code ~/.local/share/s3nas/runs}).
 * Latency tables profiled in this process are kept in memory by fingerprint (supernet, NPU), for every workspace.
 */
public final class Workspace {
    /** Overrides where runs of projects that were never saved go (tests use a temporary folder). */
    public static final String RUNS_DIR_PROPERTY = "s3nas.runsDir";
    public static final String RUNS_FOLDER = "runs", SEARCH_PREFIX = "run-", TRAINING_PREFIX = "train-", REPORT_PREFIX = "report-",
            RANDOM_PREFIX = "random-";

    private static final Map<String, LatencyTable> TABLES = new ConcurrentHashMap<>();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path projectFile;

    private Workspace(Path projectFile) {
        this.projectFile = projectFile == null ? null : projectFile.toAbsolutePath();
    }

    /** The workspace of a project file; null: a project never saved. */
    public static Workspace of(Path projectFile) { return new Workspace(projectFile); }

    /** The project file, or null for a project never saved. */
    public Path projectFile() { return projectFile; }

    /** Folder that relative dataset paths resolve against: the project file's folder (the working folder if unsaved). */
    public Path projectDir() {
        return projectFile != null ? projectFile.getParent() : Path.of("").toAbsolutePath();
    }

    /** Where runs go: {@code runs/} beside the project file, or the user's data folder for a project never saved. */
    public Path runsRoot() {
        if (projectFile != null) return projectFile.getParent().resolve(RUNS_FOLDER);
        String prop = System.getProperty(RUNS_DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return data.resolve("s3nas").resolve(RUNS_FOLDER);
    }

    // ---- searches

    /** Where a new search goes: its id, its folder, and the folder as the project records it (relative when it can). */
    public record RunPlace(String id, Path directory, String recorded) {}

    /** A fresh search id and folder ({@code run-yyyyMMdd-HHmmss}, suffixed when taken by a folder or by a run of the project). */
    public RunPlace newSearch(Project project, LocalDateTime now) {
        Path root = runsRoot();
        String base = SEARCH_PREFIX + now.format(ID_TIME);
        String id = base;
        for (int i = 2; Files.exists(root.resolve(id)) || hasRun(project, id); i++) id = base + "-" + i;
        Path dir = root.resolve(id);
        return new RunPlace(id, dir, projectFile != null ? RUNS_FOLDER + "/" + id : dir.toString());
    }

    private static boolean hasRun(Project p, String id) {
        return p != null && p.runs().stream().anyMatch(r -> id.equals(r.id()));
    }

    /** The folder of a recorded run: absolute as recorded, or relative to the project file's folder; null when it has none. */
    public Path runDirectory(RunRecord r) {
        if (r.directory() == null || r.directory().isBlank()) return null;
        Path d = Path.of(r.directory());
        return d.isAbsolute() ? d : projectDir().resolve(d).normalize();
    }

    /**
     * The finished searches in {@code runs/} that the project does not record: run by the command line ({@code search}
     * writes {@code runs/run-<time>} beside the project) or by the exported PyTorch search, oldest first. A folder that
     * cannot be read is left out (it is not a finished search this workbench can show), and so is a search of another
     * supernet (its architecture takes another input or gives another number of classes): an unsaved project's runs
     * share one folder with every other unsaved project's.
     */
    public List<RunRecord> unrecordedSearches(Project project) {
        Set<Path> recorded = new HashSet<>();
        if (project != null) for (RunRecord r : project.runs()) {
            Path d = runDirectory(r);
            if (d != null) recorded.add(d.toAbsolutePath().normalize());
        }
        Path root = runsRoot();
        if (!Files.isDirectory(root)) return List.of();
        List<RunRecord> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (recorded.contains(dir.toAbsolutePath().normalize())) continue;
                try {
                    RunRecord r = RunFolder.finishedRecord(dir, projectFile != null ? RUNS_FOLDER + "/" + dir.getFileName() : dir.toString());
                    if (r != null && ofThisSupernet(project, TrainRun.readArchitecture(dir))) found.add(r);
                } catch (IOException | RuntimeException e) {
                    // a damaged or half-written folder: not listed
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(Comparator.comparing(RunRecord::endedAt));
        return found;
    }

    private static boolean ofThisSupernet(Project project, Architecture a) {
        Supernet s = project == null ? null : project.supernet();
        return s == null || a == null || (java.util.Objects.equals(s.input(), a.input())
                && s.head() != null && a.head() != null && s.head().classes() == a.head().classes());
    }

    // ---- trainings, reports, random searches

    /** The final training of an architecture: {@code runs/train-<slug of its name>}. */
    public Path trainingDirectory(String architectureName) {
        return runsRoot().resolve(TRAINING_PREFIX + slug(architectureName));
    }

    /** Whether a folder's name is a training's ({@code train-*}). */
    public static boolean isTrainingName(Path dir) { return dir.getFileName().toString().startsWith(TRAINING_PREFIX); }

    /** The architecture name a training folder's name stands for (its slug). */
    public static String trainingNameOf(Path dir) {
        String n = dir.getFileName().toString();
        return n.startsWith(TRAINING_PREFIX) ? n.substring(TRAINING_PREFIX.length()) : n;
    }

    /** The reproduction report's work folder for a budget. */
    public Path reportDirectory(String budgetName) { return runsRoot().resolve(REPORT_PREFIX + budgetName); }

    /** A random search's folder. */
    public Path newRandomSearch(Project project, LocalDateTime now) {
        return runsRoot().resolve(RANDOM_PREFIX + project.name() + "-" + now.format(ID_TIME));
    }

    /** File-name-safe form of a name: lower case, runs of other characters as one '-'. */
    public static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "unnamed" : s;
    }

    /** A trained network, or why there is none. */
    public record Trained(TrainedNetwork network, String reason) {}

    /**
     * The finished training of {@code a} (its EMA weights, ready to run {@code batch} images at a time), when its
     * training folder holds one of exactly this network (the name aside); otherwise why not and how to train it.
     */
    public Trained trained(Architecture a, int batch) {
        if (projectFile == null) {
            return new Trained(null, "The project is not saved to a file, so it has no training runs folder: save it, then train '"
                    + a.name() + "' with the train command.");
        }
        Path dir = trainingDirectory(a.name());
        String train = "s3nas train " + projectFile.getFileName() + " --architecture <name>" + (a.name().endsWith(" +SE +h-swish") ? " --with-se" : "");
        if (!TrainedNetwork.isTrained(dir)) return new Trained(null, "No finished training of '" + a.name() + "' in " + dir + ". Train it with: " + train + ".");
        try {
            if (!TrainRun.readArchitecture(dir).withName("").equals(a.withName(""))) {
                return new Trained(null, "The network trained in " + dir + " is not '" + a.name() + "' as the project defines it now "
                        + "(the architecture changed since): train it again with: " + train + ".");
            }
            return new Trained(TrainedNetwork.open(dir, projectDir(), batch), null);
        } catch (IOException | RuntimeException e) {
            return new Trained(null, "The training run " + dir + " cannot be read: " + e.getMessage());
        }
    }

    // ---- latency tables

    /** The latency model of a search and where its table came from (for a status line). */
    public record Latency(LatencyModel model, LatencyTable table, String origin) {}

    /**
     * The latency table of {@code project}'s supernet and NPU: {@code tableFile} when given and profiled for them, else
     * the table read or profiled earlier in this process, or the project's sidecar when it was profiled for them, otherwise profiled now on the MIDAP simulator ({@code progress}
     * gets the simulations done; {@code cancelled} stops the profile with a CancellationException). A {@code tableFile}
     * profiled for another supernet or NPU is an error; {@code say} (may be null) hears where the table comes from
     * before a profile starts.
     */
    public Latency latency(Project project, Path tableFile, Profiler.Progress progress, BooleanSupplier cancelled, Consumer<String> say)
            throws IOException {
        String key = LatencyTable.fingerprint(project.supernet(), project.npu());
        LatencyTable cached = tableFile == null ? TABLES.get(key) : null;
        if (cached != null) return latency(cached, "latency table profiled earlier in this session", null, say);
        Path file = tableFile != null ? tableFile : projectFile != null ? LatencyTableFiles.sidecarOf(projectFile) : null;
        if (file != null) {
            Optional<LatencyTable> t = LatencyTableFiles.readIfFor(file, project.supernet(), project.npu());
            if (t.isPresent()) {
                TABLES.put(key, t.get());
                return latency(t.get(), "latency table " + file.getFileName(), file.toString(), say);
            }
            if (tableFile != null) {
                throw new IOException(tableFile + ": the latency table was profiled for another supernet or NPU configuration: profile again");
            }
        }
        if (say != null) {
            say.accept("latency table: " + (file == null ? "'" + project.supernet().name() + "' has no table file"
                    : Files.exists(file) ? file + " is stale" : "none beside the project") + "; profiling");
        }
        LatencyTable table = new Profiler(project.npu()).profile(project.supernet(), progress, cancelled);
        TABLES.put(key, table);
        return new Latency(new NpuLatencyModel(table), table, "latency table profiled on the MIDAP simulator ("
                + table.entryCount() + " configurations)");
    }

    private static Latency latency(LatencyTable t, String origin, String said, Consumer<String> say) {
        if (say != null && said != null) say.accept("latency table: " + said);
        return new Latency(new NpuLatencyModel(t), t, origin);
    }

    /**
     * The reproduction report's engines on this workspace: the latency table of each supernet it searches (the
     * project's own from its sidecar when current, the variants profiled, every one kept in memory), Eq. 7/8 over it,
     * the table estimator, and the MIDAP simulator for every figure. Runs on the report's thread.
     */
    public ReproductionReport.Engines reportEngines(Project project, BooleanSupplier cancelled, Consumer<String> say) {
        MidapSimulator simulator = new MidapSimulator(project.npu());
        return new ReproductionReport.Engines() {
            private Latency latency(Supernet s) {
                try {
                    // only the project's own supernet has a sidecar table; the variants are profiled (and cached) by fingerprint
                    Workspace w = s.equals(project.supernet()) ? Workspace.this : Workspace.of(null);
                    return w.latency(project.withSupernet(s), null, null, cancelled, say);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("latency table of '" + s.name() + "': " + e.getMessage(), e);
                }
            }

            @Override
            public LatencyModel searchLatency(Supernet s) { return latency(s).model(); }

            @Override
            public ToDoubleFunction<Architecture> estimator(Supernet s) { return new LatencyEstimator(latency(s).table())::latencyMs; }

            @Override
            public ToDoubleFunction<Architecture> simulator() { return simulator::latencyMs; }
        };
    }
}
