package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.io.Json;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.post.ExcitationSource;
import picocli.CommandLine;

/**
 * The scale and se-rank commands with a stand-in latency (MACs at 1024 per cycle) and, for se-rank, a stand-in
 * excitation source: these tests cover the commands' input handling and reports; the engines have their own tests.
 */
class PostCommandsTest {
    @TempDir
    Path dir;
    Path project;

    static final Function<NpuConfig, ToDoubleFunction<Architecture>> MACS_MS = npu -> a -> ModelCost.macs(a) / 1024.0 / 1e6;

    record Run(int exit, String out, String err) {}

    Run run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void copySample() throws Exception {
        project = dir.resolve("p.json");
        Files.copy(ProjectFiles.bundledSampleFile("s3nas-imagenet.json"), project);
    }

    double largestMs() throws Exception {
        Project p = ProjectFiles.load(project);
        return MACS_MS.apply(p.npu()).applyAsDouble(p.supernet().largest().withoutSkips());
    }

    @Test
    void scaleReportsCandidatesAndTheChoice() throws Exception {
        double t = 1.6 * largestMs();
        Run r = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "largest", "--target-ms", String.valueOf(t));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Compound scaling of '"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("* grid") || l.startsWith("* bisection") || l.startsWith("* resolution-trim")), r.out());
        assertTrue(r.out().contains("Chosen: c = "), r.out());

        Run j = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "largest", "--target-ms", String.valueOf(t), "--format", "json");
        assertEquals(0, j.exit(), j.err());
        JsonNode root = Json.mapper().readTree(j.out());
        JsonNode chosen = root.get("chosen");
        assertTrue(chosen.get("latencyMs").asDouble() <= t);
        assertTrue(chosen.get("latencyMs").asDouble() >= 0.98 * t, j.out());
        assertTrue(root.get("withinTolerance").asBoolean());
        Architecture net = Json.mapper().treeToValue(chosen.get("network"), Architecture.class);
        assertEquals(chosen.get("latencyMs").asDouble(), MACS_MS.apply(null).applyAsDouble(net), 1e-12);
        assertTrue(root.get("candidates").size() >= 3);

        Run c = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "largest", "--target-ms", String.valueOf(t), "--format", "csv");
        assertEquals(0, c.exit(), c.err());
        assertEquals(root.get("candidates").size() + 1, c.out().split("\r\n").length);
        assertTrue(c.out().startsWith("origin,phi,depth_width_coefficient,"));
    }

    @Test
    void scaleSavesAndExportsTheChoice() throws Exception {
        double t = 2.5 * largestMs();
        Path py = dir.resolve("scaled.py");
        Run r = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "largest", "--target-ms", String.valueOf(t),
                "--with-se", "--save", "big+", "--pytorch", py.toString(), "-o", dir.resolve("report.txt").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("saved 'big+'"));
        assertTrue(Files.readString(dir.resolve("report.txt")).contains("Chosen: c = "));
        Project p = ProjectFiles.load(project);
        Architecture saved = p.architectures().stream().filter(a -> a.name().equals("big+")).findFirst().orElseThrow().architecture();
        assertTrue(saved.blocks().stream().allMatch(b -> b.seChannels() > 0 && b.outChannels() % 16 == 0));
        assertTrue(Files.readString(py).contains("PARAMETERS = " + ModelCost.parameters(saved)));
        // a saved architecture is found by name
        Run again = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "big+", "--target-ms", String.valueOf(t), "--format", "csv");
        assertEquals(0, again.exit(), again.err());
    }

    @Test
    void scaleNamesBadInput() {
        Run r = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "nope", "--target-ms", "2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("has no architecture 'nope'; known: largest, smallest"), r.err());
        r = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "largest", "--target-ms", "2", "--gamma", "1.05");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("gamma"), r.err());
        r = run(new ScaleCommand(MACS_MS), dir.resolve("missing.json").toString(), "--architecture", "largest", "--target-ms", "2");
        assertEquals(2, r.exit());
        r = run(new ScaleCommand(MACS_MS), project.toString(), "--architecture", "largest", "--target-ms", "1e-9");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("No candidate meets"), r.err());
    }

    @Test
    void seRankWithoutATrainedNetworkSaysSoAndShowsOnlyLatencyCosts() {
        SeRankCommand cmd = new SeRankCommand(MACS_MS, (p, a) -> SeRankCommand.SourceOrReason.none("No search run has trained it."));
        Run r = run(cmd, project.toString(), "--architecture", "largest", "--with-se");
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("se-rank needs a trained network") && r.err().contains("No search run has trained it."), r.err());
        assertTrue(r.out().contains("SE latency costs of"), r.out());
        assertTrue(!r.out().contains("metric"), "no metric without a trained network");
        Run noSe = run(new SeRankCommand(MACS_MS, (p, a) -> SeRankCommand.SourceOrReason.none("-")), project.toString(), "--architecture", "largest");
        assertEquals(2, noSe.exit());
        assertTrue(noSe.err().contains("has no SE block to rank"), noSe.err());
    }

    /** Excitations whose spread grows with the block index, except block 2 which is constant. */
    static ExcitationSource source(Architecture a) {
        return new ExcitationSource() {
            @Override public Architecture architecture() { return a; }

            @Override public void collect(int maxImages, Sink sink) {
                for (int i = 0; i < a.blocks().size(); i++) {
                    double[][] x = new double[maxImages][a.blocks().get(i).expandedChannels()];
                    for (int n = 0; n < maxImages; n++) java.util.Arrays.fill(x[n], 0.5 + (i == 2 ? 0 : (n % 2 == 0 ? 1 : -1) * 0.001 * (i + 1)));
                    sink.accept(i, x);
                }
            }
        };
    }

    @Test
    void seRankRanksAndRemoves() throws Exception {
        SeRankCommand cmd = new SeRankCommand(MACS_MS, (p, a) -> SeRankCommand.SourceOrReason.of(source(a)));
        Run r = run(cmd, project.toString(), "--architecture", "largest", "--with-se", "--images", "20");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).contains("over 20 images"), lines.get(0));
        assertTrue(lines.get(2).trim().startsWith("1      2 "), "the constant block ranks first: " + lines.get(2));
        assertTrue(r.out().contains("Removal curve"));

        Run j = run(new SeRankCommand(MACS_MS, (p, a) -> SeRankCommand.SourceOrReason.of(source(a))), project.toString(),
                "--architecture", "largest", "--with-se", "--images", "4", "--remove", "3", "--format", "json");
        assertEquals(0, j.exit(), j.err());
        JsonNode root = Json.mapper().readTree(j.out());
        assertEquals(2, root.get("ranking").get(0).get("block").asInt());
        assertEquals(0.0, root.get("ranking").get(0).get("metric").asDouble());
        assertEquals(List.of(0, 1, 2), List.of(root.get("removal").get("blocks").get(0).asInt(), root.get("removal").get("blocks").get(1).asInt(),
                root.get("removal").get("blocks").get(2).asInt()));
        assertTrue(root.get("removal").get("savedMs").asDouble() > 0);
    }
}
