package org.s3nas.workbench.io.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.BlockChoices;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.search.EngineState;

/**
 * {@code export-search}: a self-contained Python package that runs the project's search on PyTorch, on one process or
 * many under {@code torchrun} (DDP), and writes the run-folder format the ND4J engine writes. The package is the
 * Python sources (resources beside this class, written out unchanged) and {@code search.json}: the supernet's block
 * positions (channels, stride, residual, superkernels' candidate kernels and expansions, the block the architecture
 * JSON records), the profiled latency table P of Eq. 8 in ms per (k, e) tuple of each position (superkernel 0 the
 * least significant digit, as {@link BlockChoices}), stem and head latency, the search configuration and the dataset
 * (its path made absolute). Optionally the ND4J engine's initial state ({@link EngineState}) in {@code initial-state/}.
 */
public final class SearchPackageExporter {
    /** The package's Python sources and README, in the jar beside this class under {@code python/}. */
    static final List<String> SOURCES = List.of("s3nas_torch.py", "search.py", "launch.py", "parity_step.py", "README.md");
    public static final String CONFIG_FILE = "search.json", INITIAL_STATE_DIR = "initial-state";

    private SearchPackageExporter() {}

    /**
     * Writes the package into {@code out} (created when missing; files of an earlier export are replaced).
     *
     * @param dataBaseDir folder a relative dataset path resolves against (the project file's folder)
     * @param initialState also write the ND4J engine's initial state for the configuration's seed
     * @return the files written
     */
    public static List<Path> export(Project project, LatencyTable table, Path dataBaseDir, Path out, boolean initialState) throws IOException {
        Supernet s = project.supernet();
        if (!table.isFor(s, project.npu())) {
            throw new IllegalArgumentException("the latency table was profiled for another supernet or NPU configuration: profile again");
        }
        List<Path> written = writeSources(SOURCES, Map.of(), out);
        Path cfg = out.resolve(CONFIG_FILE);
        BackgroundRun.writeAtomically(cfg, BackgroundRun.mapper().writeValueAsString(config(project, table, dataBaseDir)));
        written.add(cfg);
        if (initialState) {
            SearchConfig c = project.search();
            Path dir = out.resolve(INITIAL_STATE_DIR);
            EngineState.write(s, c.trainingResolution(), c.seed(), dir);
            written.add(dir.resolve(EngineState.INDEX_FILE));
            written.add(dir.resolve(EngineState.DATA_FILE));
        }
        return written;
    }

    /**
     * Writes the Python sources {@code names} (resources under {@code python/} beside this class) into {@code out}
     * (created when missing), each under its own name or the one {@code renamed} gives it; returns the files.
     */
    static List<Path> writeSources(List<String> names, Map<String, String> renamed, Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = SearchPackageExporter.class.getResourceAsStream("python/" + name)) {
                if (in == null) throw new IOException("python/" + name + ": missing from the workbench's resources (a broken build)");
                Path f = out.resolve(renamed.getOrDefault(name, name));
                BackgroundRun.writeAtomically(f, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                written.add(f);
            }
        }
        return written;
    }

    /** The dataset as the package reads it: format, path (made absolute), classes, validation fraction, augmentation, channels. */
    static Map<String, Object> dataset(org.s3nas.workbench.model.DatasetSpec d, int channels, Path dataBaseDir) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("format", d.format().name());
        data.put("path", absolute(d.path(), dataBaseDir));
        data.put("classes", d.classes());
        data.put("validationFraction", d.validationFraction());
        data.put("augment", d.augment());
        data.put("channels", channels);
        return data;
    }

    /** A dataset path resolved against the project's folder. */
    static String absolute(String path, Path dataBaseDir) {
        Path p = dataBaseDir == null ? Path.of(path) : dataBaseDir.resolve(path);
        return p.toAbsolutePath().normalize().toString();
    }

    /** The content of {@code search.json}. */
    static Map<String, Object> config(Project project, LatencyTable table, Path dataBaseDir) {
        Supernet s = project.supernet();
        SearchConfig c = project.search();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", 1);
        root.put("project", project.name());
        root.put("supernet", supernet(s));
        root.put("latency", latency(table));
        root.put("config", c);
        root.put("dataset", dataset(c.dataset(), s.input().channels(), dataBaseDir));
        return root;
    }

    private static Map<String, Object> supernet(Supernet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("inputChannels", s.input().channels());
        m.put("stem", s.stem());
        m.put("head", s.head());
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (BlockPosition p : s.blockPositions()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("index", p.index());
            b.put("inChannels", p.inChannels());
            b.put("outChannels", p.outChannels());
            b.put("stride", p.stride());
            b.put("residual", p.residual());
            b.put("activation", p.activation());
            List<Map<String, Object>> sks = new ArrayList<>();
            for (int j = 0; j < p.superkernels().size(); j++) {
                Map<String, Object> sk = new LinkedHashMap<>();
                sk.put("kernelSizes", p.superkernels().get(j).kernelSizes());
                sk.put("expansions", p.expansionsOf(j));
                sks.add(sk);
            }
            b.put("superkernels", sks);
            // the architecture JSON's block without its branches (the search fills them in)
            Map<String, Object> t = new LinkedHashMap<>();
            org.s3nas.workbench.model.Block blk = p.block(List.of());
            t.put("stage", blk.stage());
            t.put("inChannels", blk.inChannels());
            t.put("outChannels", blk.outChannels());
            t.put("stride", blk.stride());
            t.put("residualAllowed", blk.residualAllowed());
            t.put("seRatio", blk.seRatio());
            t.put("activation", blk.activation());
            b.put("template", t);
            blocks.add(b);
        }
        m.put("blocks", blocks);
        Architecture a = s.largest();
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("name", a.name());
        arch.put("input", a.input());
        arch.put("stem", a.stem());
        arch.put("blocks", List.of());
        arch.put("head", a.head());
        m.put("architecture", arch);
        return m;
    }

    private static Map<String, Object> latency(LatencyTable table) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", table.fingerprint());
        m.put("stemMs", table.stemMs());
        m.put("headMs", table.headMs());
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int p = 0; p < table.positionCount(); p++) {
            BlockChoices bc = table.choices(p);
            int[] radix = new int[bc.superkernelCount()];
            for (int j = 0; j < radix.length; j++) radix[j] = bc.radix(j);
            double[] ms = new double[bc.tupleCount()];
            for (int t = 0; t < ms.length; t++) ms[t] = table.npu().cyclesToMs(table.tupleCycles(p, t));
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("radix", radix);
            b.put("ms", ms);
            blocks.add(b);
        }
        m.put("blocks", blocks);
        return m;
    }
}
