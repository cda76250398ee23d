package org.s3nas.workbench.npu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;

/**
 * The latency table: the profiled latency P of every distinct merged configuration at every block position of a
 * supernet (paper Eq. 8), plus the stem and the head, on one NPU configuration. It remembers what it belongs to by a
 * fingerprint of (supernet, NPU configuration, profiling method); {@link #isFor} tells whether it is still valid, and a
 * table is profiled again when either changes.
 */
public final class LatencyTable {
    private final Supernet supernet;
    private final NpuConfig npu;
    private final String fingerprint;
    private final String method;
    private final List<BlockChoices> choices;
    private final long[][] configurationCycles; // [position][configuration index]
    private final long[][] tupleCycles;         // [position][tuple code] -> P of its merged configuration
    private final long stemCycles;
    private final long headCycles;

    /**
     * A table from measured cycles.
     *
     * @param blockCycles per position (in {@link Supernet#blockPositions()} order), the cycles of each merged
     *                    configuration of that position; every non-skip configuration must be present. Skips cost 0.
     */
    public LatencyTable(Supernet supernet, NpuConfig npu, long stemCycles, long headCycles,
                        List<Map<BlockConfiguration, Long>> blockCycles) {
        this(supernet, npu, stemCycles, headCycles, blockCycles, Profiler.METHOD);
    }

    /** A table made by another profiling method (a diagnostic: it is never {@link #isFor} a project). */
    LatencyTable(Supernet supernet, NpuConfig npu, long stemCycles, long headCycles,
                 List<Map<BlockConfiguration, Long>> blockCycles, String method) {
        this.supernet = supernet;
        this.npu = npu;
        this.method = method;
        this.fingerprint = fingerprint(supernet, npu, method);
        this.stemCycles = stemCycles;
        this.headCycles = headCycles;
        List<BlockPosition> positions = supernet.blockPositions();
        if (blockCycles.size() != positions.size()) {
            throw new IllegalArgumentException("latency table: " + blockCycles.size() + " positions given, the supernet has "
                    + positions.size());
        }
        List<BlockChoices> cs = new ArrayList<>(positions.size());
        configurationCycles = new long[positions.size()][];
        tupleCycles = new long[positions.size()][];
        for (int p = 0; p < positions.size(); p++) {
            BlockChoices bc = BlockChoices.of(positions.get(p));
            cs.add(bc);
            List<BlockConfiguration> configs = bc.configurations();
            long[] cyc = new long[configs.size()];
            Map<BlockConfiguration, Long> given = blockCycles.get(p);
            for (int i = 0; i < configs.size(); i++) {
                BlockConfiguration c = configs.get(i);
                Long v = given.get(c);
                if (c.isSkip()) {
                    if (v != null && v != 0) {
                        throw new IllegalArgumentException("latency table, block " + p + ": a skip costs 0 cycles, got " + v);
                    }
                    cyc[i] = 0;
                } else if (v == null) {
                    throw new IllegalArgumentException("latency table, block " + p + ": no latency for configuration " + c.key());
                } else if (v < 0) {
                    throw new IllegalArgumentException("latency table, block " + p + ", " + c.key() + ": negative cycles " + v);
                } else {
                    cyc[i] = v;
                }
            }
            for (BlockConfiguration c : given.keySet()) {
                if (bc.indexOf(c) < 0) {
                    throw new IllegalArgumentException("latency table, block " + p + ": configuration " + c.key()
                            + " is not in the search space of this position");
                }
            }
            configurationCycles[p] = cyc;
            long[] tc = new long[bc.tupleCount()];
            for (int t = 0; t < tc.length; t++) tc[t] = cyc[bc.configurationOf(t)];
            tupleCycles[p] = tc;
        }
        choices = List.copyOf(cs);
    }

    /**
     * Profiles the supernet on the NPU with the MIDAP simulator, on all cores (see {@link Profiler}). {@code progress}
     * (done, total) and {@code cancelled} may be null; cancelling throws {@link CancellationException}.
     */
    public static LatencyTable profile(Supernet supernet, NpuConfig npu, Profiler.Progress progress, BooleanSupplier cancelled) {
        return new Profiler(npu).profile(supernet, progress, cancelled);
    }

    /**
     * SHA-256 over what the latencies depend on: the supernet's shapes and candidates (not its name), every NPU
     * parameter, and the profiling method. Stage overrides are written in key order so the text is stable.
     */
    public static String fingerprint(Supernet s, NpuConfig npu) {
        return fingerprint(s, npu, Profiler.METHOD);
    }

    private static String fingerprint(Supernet s, NpuConfig npu, String method) {
        StringBuilder sb = new StringBuilder("method=").append(method).append('\n');
        sb.append(s.input()).append('\n').append(s.stem()).append('\n').append(s.head()).append('\n');
        for (Stage st : s.stages()) {
            sb.append("stage(").append(st.width()).append(',').append(st.depth()).append(',').append(st.stride())
                    .append(',').append(st.kind()).append(',').append(st.superkernels()).append(',').append(st.seRatio())
                    .append(',').append(st.activation()).append(',').append(st.residual()).append(',')
                    .append(new TreeMap<>(st.overrides())).append(")\n");
        }
        sb.append(npu);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this table was profiled for exactly this supernet and NPU (else it must be profiled again). */
    public boolean isFor(Supernet s, NpuConfig n) { return fingerprint.equals(fingerprint(s, n)); }

    public String fingerprint() { return fingerprint; }

    /** How the table was profiled ({@link Profiler#METHOD} unless made as a diagnostic). */
    public String method() { return method; }

    public Supernet supernet() { return supernet; }

    public NpuConfig npu() { return npu; }

    public int positionCount() { return choices.size(); }

    public BlockChoices choices(int position) { return choices.get(position); }

    public List<BlockConfiguration> configurations(int position) { return choices.get(position).configurations(); }

    /** Number of entries (position, merged configuration), skips included. */
    public int entryCount() { return choices.stream().mapToInt(c -> c.configurations().size()).sum(); }

    /** P in cycles of a merged configuration at a position; throws when the position has no such configuration. */
    public long cycles(int position, BlockConfiguration configuration) {
        int i = choices.get(position).indexOf(configuration);
        if (i < 0) {
            throw new IllegalArgumentException("block " + position + " has no configuration " + configuration.key());
        }
        return configurationCycles[position][i];
    }

    public double ms(int position, BlockConfiguration configuration) { return npu.cyclesToMs(cycles(position, configuration)); }

    /** P in cycles of the configuration with index {@code i} in {@link #configurations(int)}. */
    public long configurationCycles(int position, int i) { return configurationCycles[position][i]; }

    /** P in cycles of the merged configuration of a tuple code (see {@link BlockChoices}). */
    public long tupleCycles(int position, int tuple) { return tupleCycles[position][tuple]; }

    /** Per position, tuple code -> cycles; shared arrays for the estimators of this package, not to be modified. */
    long[][] tupleCyclesArrays() { return tupleCycles; }

    public long stemCycles() { return stemCycles; }

    public long headCycles() { return headCycles; }

    public double stemMs() { return npu.cyclesToMs(stemCycles); }

    public double headMs() { return npu.cyclesToMs(headCycles); }
}
