package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.EngineFailure;
import org.s3nas.workbench.npu.LatencyEstimator;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Profiler;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.SpaceCosts;

/**
 * A seeded fuzzer per input kind (300 cases each): every case is accepted or rejected cleanly within a generous time
 * bound (which guards hangs, not speed), through the classes the CLI and the app's File → Open use. Accepted inputs
 * go on to what comes next (the app's costs, a simulation, an estimate), whose latencies must be finite and not
 * negative, or whose failure must be one clean message. Rejections are problems of one line each, naming no
 * exception class and no Jackson internals, at most a hundred and one per file.
 */
class HostileInputFuzzTest {
    static final int CASES = 300;
    static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** What the fuzz found, for the assertion message: accepted / rejected counts. */
    record Tally(AtomicInteger accepted, AtomicInteger rejected) {
        Tally() { this(new AtomicInteger(), new AtomicInteger()); }
    }

    static void clean(Object where, String message) {
        String why = JsonFuzzer.cleanOrWhy(message);
        if (why != null) fail(where + ": " + why);
        assertTrue(!message.contains("\n") && !message.contains("\r"), where + ": a message of several lines: " + message);
    }

    static void rejected(Object where, ProjectFileException e) {
        assertTrue(!e.problems().isEmpty(), where + ": no problem listed");
        assertTrue(e.problems().size() <= 101, where + ": " + e.problems().size() + " problems listed");
        for (Problem p : e.problems()) clean(where, p.toString());
    }

    static void finiteLatency(Object where, double ms) {
        assertTrue(Double.isFinite(ms) && ms >= 0, where + ": latency " + ms + " ms");
    }

    /** Runs what comes after reading; an engine's refusal must be one clean message. */
    static void engine(Object where, Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            clean(where, EngineFailure.describe(e));
        }
    }

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void projects() throws Exception {
        JsonFuzzer fz = new JsonFuzzer(Samples.text(Samples.FASHION), 1601);
        Tally t = new Tally();
        for (int i = 0; i < CASES; i++) {
            JsonFuzzer.Case c = fz.get(i);
            Path f = write("project.json", c.text());
            assertTimeoutPreemptively(BOUND, () -> {
                try {
                    Project p = ProjectFiles.load(f);
                    t.accepted().incrementAndGet();
                    engine(c, () -> {
                        SpaceCosts costs = SpaceCosts.compute(p.supernet(), p.npu(), () -> false);
                        finiteLatency(c, costs.smallest().latencyMs());
                        finiteLatency(c, costs.largest().latencyMs());
                    });
                } catch (ProjectFileException e) {
                    t.rejected().incrementAndGet();
                    rejected(c, e);
                }
            }, c::toString);
        }
        assertTrue(t.accepted().get() > 10 && t.rejected().get() > 150, t.toString());
    }

    @Test
    void architectures() throws Exception {
        Project sample = ProjectFiles.load(Samples.FASHION);
        Map<String, Object> runFile = new LinkedHashMap<>();
        runFile.put("format", 1);
        runFile.put("architecture", sample.supernet().largest());
        JsonFuzzer wrapped = new JsonFuzzer(Json.prettyWriter().writeValueAsString(runFile), 1602);
        JsonFuzzer bare = new JsonFuzzer(Json.prettyWriter().writeValueAsString(sample.supernet().smallest()), 1603);
        MidapSimulator sim = new MidapSimulator(NpuConfig.midap());
        Tally t = new Tally();
        for (int i = 0; i < CASES; i++) {
            JsonFuzzer.Case c = (i % 2 == 0 ? wrapped : bare).get(i);
            Path f = write("architecture.json", c.text());
            assertTimeoutPreemptively(BOUND, () -> {
                try {
                    Architecture a = ArchitectureFiles.readArchitecture(f);
                    t.accepted().incrementAndGet();
                    engine(c, () -> finiteLatency(c, sim.simulate(a).latencyMs()));
                } catch (ProjectFileException e) {
                    t.rejected().incrementAndGet();
                    rejected(c, e);
                }
            }, c::toString);
        }
        assertTrue(t.accepted().get() > 10 && t.rejected().get() > 150, t.toString());
    }

    @Test
    void npuFiles() throws Exception {
        JsonFuzzer fz = new JsonFuzzer(Json.prettyWriter().writeValueAsString(NpuConfig.midap()), 1604);
        Architecture small = ProjectFiles.load(Samples.FASHION).supernet().smallest();
        Tally t = new Tally();
        for (int i = 0; i < CASES; i++) {
            JsonFuzzer.Case c = fz.get(i);
            Path f = write("npu.json", c.text());
            assertTimeoutPreemptively(BOUND, () -> {
                try {
                    NpuConfig n = ArchitectureFiles.readNpu(f);
                    t.accepted().incrementAndGet();
                    engine(c, () -> finiteLatency(c, new MidapSimulator(n).simulate(small).latencyMs()));
                } catch (ProjectFileException e) {
                    t.rejected().incrementAndGet();
                    rejected(c, e);
                }
            }, c::toString);
        }
        assertTrue(t.accepted().get() > 10 && t.rejected().get() > 150, t.toString());
    }

    @Test
    void supergraphs() throws Exception {
        JsonFuzzer fz = new JsonFuzzer(SupergraphImporterTest.MBCONV_2_3_5_2_8, 1605);
        Tally t = new Tally();
        for (int i = 0; i < CASES; i++) {
            JsonFuzzer.Case c = fz.get(i);
            Path f = write("supergraph.json", c.text());
            assertTimeoutPreemptively(BOUND, () -> {
                try {
                    Supernet s = SupergraphImporter.importSupernet(f);
                    t.accepted().incrementAndGet();
                    assertTrue(s.totalBlocks() >= 1, c.toString());
                } catch (ProjectFileException e) {
                    t.rejected().incrementAndGet();
                    rejected(c, e);
                }
            }, c::toString);
        }
        assertTrue(t.accepted().get() >= 5 && t.rejected().get() > 150, t.toString());
    }

    @Test
    void latencyTables() throws Exception {
        Project p = ProjectFiles.load(Samples.FASHION);
        LatencyTable table = new Profiler(p.npu()).profile(p.supernet(), null, null);
        Path good = dir.resolve("good.latency.json");
        LatencyTableFiles.write(table, good);
        JsonFuzzer fz = new JsonFuzzer(Files.readString(good), 1606);
        Tally t = new Tally();
        for (int i = 0; i < CASES; i++) {
            JsonFuzzer.Case c = fz.get(i);
            Path f = write("table.latency.json", c.text());
            assertTimeoutPreemptively(BOUND, () -> {
                try {
                    var read = LatencyTableFiles.readIfFor(f, p.supernet(), p.npu());
                    if (read.isEmpty()) {
                        t.rejected().incrementAndGet();  // stale: the fingerprint was changed
                        return;
                    }
                    t.accepted().incrementAndGet();
                    LatencyEstimator est = new LatencyEstimator(read.get());
                    finiteLatency(c, est.latencyMs(p.supernet().smallest()));
                    finiteLatency(c, est.latencyMs(p.supernet().largest()));
                } catch (java.io.IOException e) {
                    t.rejected().incrementAndGet();
                    clean(c, e.getMessage());
                    assertTrue(e.getMessage().startsWith(f.toString()), c + ": the message does not name the file: " + e.getMessage());
                }
            }, c::toString);
        }
        assertTrue(t.accepted().get() > 10 && t.rejected().get() > 150, t.toString());
    }

    static final List<String> BLOCK_STRINGS = List.of("r1_k3,5_s11_e2,2_i64_o64_c100_noskip", "r1_k11_s11_e6_i128_o128_c0",
            "r3_k5_s22_e6_i32_o32_c12", "r2_k3,5,7_s22_e2,4,6_i24_o40_c102_se0.25_sw", "r1_k3_s11_e1_i16_o16_c0_relu6");
    static final List<String> HOSTILE_TOKENS = List.of("999999", "999999999", "100000", "\u0663", "+3", "-3", "0000", "5,3", "3,3",
            "1e9", "0", "2147483648", "3.0", ",", "__", "_noskip_noskip", "\n", "\u0000", "se1e308", "_se", "_c", "k", "");

    /** Block strings: random edits from a hostile alphabet, hostile numbers in tokens, truncations, repeats. */
    @Test
    void blockStrings() {
        Random r = new Random(1607);
        MidapSimulator sim = new MidapSimulator(NpuConfig.midap());
        Tally t = new Tally();
        for (int i = 0; i < CASES; i++) {
            String base = BLOCK_STRINGS.get(r.nextInt(BLOCK_STRINGS.size()));
            String s = switch (i % 4) {
                case 0 -> base.substring(0, r.nextInt(base.length() + 1));
                case 1 -> {
                    int at = r.nextInt(base.length());
                    yield base.substring(0, at) + HOSTILE_TOKENS.get(r.nextInt(HOSTILE_TOKENS.size())) + base.substring(at + 1);
                }
                case 2 -> base.replaceFirst("([rkeioc])[0-9.,]+", "$1" + HOSTILE_TOKENS.get(r.nextInt(HOSTILE_TOKENS.size())));
                default -> base + "_" + base.substring(r.nextInt(base.length()));
            };
            String where = "case " + i + " \"" + s + "\"";
            assertTimeoutPreemptively(BOUND, () -> {
                try {
                    BlockString.Parsed p = BlockString.parse(s);
                    t.accepted().incrementAndGet();
                    if (p.type().searchable) {
                        BlockString.parseStage(s);
                    } else {
                        List<Block> blocks = BlockString.parseBlocks(s, 0);
                        engine(where, () -> {
                            SimulationResult res = sim.simulateBlocks(blocks, 16, 16);
                            finiteLatency(where, res.latencyMs());
                        });
                    }
                } catch (BlockStringException e) {
                    t.rejected().incrementAndGet();
                    clean(where, e.getMessage());
                }
            }, where);
        }
        assertTrue(t.accepted().get() >= 5 && t.rejected().get() > 100, t.toString());
    }
}
