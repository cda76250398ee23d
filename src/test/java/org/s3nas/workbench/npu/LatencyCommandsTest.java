package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.cli.S3nasCli;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Project;

/** The profile and estimate commands on the bundled paper-space sample. */
class LatencyCommandsTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = S3nasCli.commandLine().execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void profileWritesTheSidecarAndEstimateValidatesAgainstTheSimulator() throws Exception {
        Path project = dir.resolve("paper.json");
        Files.copy(ProjectFiles.bundledSampleFile("s3nas-imagenet.json"), project);
        Run prof = run("profile", project.toString(), "-q");
        assertEquals(0, prof.code(), prof.err());
        Path sidecar = dir.resolve("paper.latency.json");
        assertTrue(Files.exists(sidecar));
        assertTrue(prof.out().contains("459 table entries"), prof.out());
        Project p = ProjectFiles.load(project);
        assertTrue(LatencyTableFiles.readIfFor(sidecar, p.supernet(), p.npu()).isPresent());

        Run est = run("estimate", project.toString(), "--random", "6", "--seed", "3", "--format", "json");
        assertEquals(0, est.code(), est.err());
        JsonNode json = new ObjectMapper().readTree(est.out());
        assertEquals(6, json.get("pairs").size());
        assertEquals(Profiler.METHOD, json.get("profilingMethod").asText());
        assertTrue(json.get("mapePercent").asDouble() <= 0.16, est.out());
        double abs = 0;
        for (JsonNode pair : json.get("pairs")) abs += Math.abs(pair.get("errorPercent").asDouble());
        assertEquals(abs / 6, json.get("mapePercent").asDouble(), 1e-9);
        assertEquals(29, json.get("blockMeanErrorCycles").size());

        Run table = run("estimate", project.toString(), "--simulate");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("(largest)") && table.out().contains("(smallest)"), table.out());
    }

    @Test
    void badInputIsNamed() {
        Run missing = run("profile", dir.resolve("nope.json").toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("nope.json"), missing.err());
        Run zero = run("estimate", dir.resolve("nope.json").toString(), "--random", "0");
        assertNotEquals(0, zero.code());
        assertTrue(zero.err().contains("--random"), zero.err());
    }
}
