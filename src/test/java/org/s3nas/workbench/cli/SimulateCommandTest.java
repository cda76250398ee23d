package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.io.Json;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.ReferenceNetworks;
import picocli.CommandLine;

class SimulateCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = S3nasCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonReport() throws Exception {
        Run r = run("simulate", "mobilenet-v2", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("mobilenet-v2", root.get("network").asText());
        assertEquals(990038, root.get("totalCycles").asLong());
        assertEquals(0.990038, root.get("latencyMs").asDouble(), 1e-12);
        for (String f : new String[]{"stallCycles", "macs", "dramBytes"}) assertTrue(root.get(f).isNumber(), f);
        JsonNode layers = root.get("layers");
        assertEquals(63, layers.size());
        JsonNode sum1 = layers.get(9);
        assertEquals("Sum1", sum1.get("name").asText());
        assertEquals("SUM", sum1.get("kind").asText());
        assertEquals(2, sum1.get("block").asInt());
        assertEquals(13337, sum1.get("cycles").asLong());
        assertEquals(10192, sum1.get("stallCycles").asLong());
        assertTrue(sum1.get("macs").isNumber() && sum1.get("dramBytes").isNumber());
    }

    @Test
    void tableAndCsv() {
        Run t = run("simulate", "efficientnet-lite0");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("DWConv1") && t.out().contains("total:"), t.out());
        Run c = run("simulate", "mobilenet-v1", "--format", "csv");
        assertEquals(0, c.code(), c.err());
        String[] lines = c.out().split("\r\n");
        assertTrue(lines[0].startsWith("index,name,kind,stage,block,role,start_cycle,cycles,stall_cycles"));
        assertEquals(1 + 28, lines.length);
    }

    @Test
    void architectureFileAndNpuFile() throws Exception {
        Path arch = dir.resolve("v2.json");
        Files.writeString(arch, Json.prettyWriter().writeValueAsString(ReferenceNetworks.architecture("mobilenet-v2").orElseThrow()));
        Path npu = dir.resolve("npu.json");
        Files.writeString(npu, Json.prettyWriter().writeValueAsString(NpuConfig.midap()));
        Path trace = dir.resolve("trace.json");
        Run r = run("simulate", arch.toString(), "--npu", npu.toString(), "--format", "json", "--trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(990038, new ObjectMapper().readTree(r.out()).get("totalCycles").asLong());
        assertTrue(new ObjectMapper().readTree(trace.toFile()).get("traceEvents").size() > 100);
        // a slower DRAM in the NPU file changes the figures
        Files.writeString(npu, Files.readString(npu).replace("\"dramBytesPerCycle\": 25", "\"dramBytesPerCycle\": 10"));
        Run slow = run("simulate", "mobilenet-v2", "--npu", npu.toString(), "--format", "json");
        assertEquals(0, slow.code(), slow.err());
        assertTrue(new ObjectMapper().readTree(slow.out()).get("totalCycles").asLong() > 990038);
    }

    @Test
    void npuPresetByName() {
        Run r = run("simulate", "efficientnet-b2", "--npu", "midap-enlarged-b2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("16 x 32 KiB WMEM"), r.out());
        Run d = run("simulate", "efficientnet-b2");
        assertTrue(d.out().contains("16 x 16 KiB WMEM"), d.out());
        Run bad = run("simulate", "efficientnet-b2", "--npu", "midap-huge");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("midap-huge"), bad.err());
    }

    @Test
    void oneBlockAlone() throws Exception {
        Run r = run("simulate", "--block", "r1_k3,5_s11_e2,2_i64_o64_c100_noskip", "--size", "28", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(74493, new ObjectMapper().readTree(r.out()).get("totalCycles").asLong());
        Run mb = run("simulate", "--block", "r1_k3_s22_e6_i32_o64_c0", "--size", "56", "--format", "json");
        assertEquals(67734, new ObjectMapper().readTree(mb.out()).get("totalCycles").asLong());
    }

    @Test
    void badInputIsNamed() throws Exception {
        Run unknown = run("simulate", "vgg-16");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("vgg-16") && unknown.err().contains("mobilenet-v2"), unknown.err());
        Run both = run("simulate", "mobilenet-v2", "--block", "r1_k3_s11_e6_i32_o32_c0", "--size", "28");
        assertEquals(2, both.code());
        Run noSize = run("simulate", "--block", "r1_k3_s11_e6_i32_o32_c0");
        assertEquals(2, noSize.code());
        assertTrue(noSize.err().contains("--size"), noSize.err());
        Run badBlock = run("simulate", "--block", "r1_k3_s11_e6_i32_c0", "--size", "28");
        assertEquals(2, badBlock.code());
        assertTrue(badBlock.err().contains("o<...>") || badBlock.err().contains("output width"), badBlock.err());
        Path npu = dir.resolve("npu.json");
        Files.writeString(npu, Json.prettyWriter().writeValueAsString(NpuConfig.midap()).replace("\"fmemBanks\": 4", "\"fmemBanks\": \"four\""));
        Run badNpu = run("simulate", "mobilenet-v2", "--npu", npu.toString());
        assertEquals(2, badNpu.code());
        assertTrue(badNpu.err().contains("npu.fmemBanks"), badNpu.err());
        Files.writeString(npu, Json.prettyWriter().writeValueAsString(NpuConfig.midap()).replace("\"fmemBanks\": 4", "\"fmemBanks\": 1"));
        Run invalid = run("simulate", "mobilenet-v2", "--npu", npu.toString());
        assertEquals(2, invalid.code());
        assertTrue(invalid.err().contains("npu.fmemBanks"), invalid.err());
    }

    @Test
    void benchSimulatorPrintsATable() {
        Run r = run("bench", "simulator", "--warmup", "1", "--runs", "1", "--network", "mobilenet-v2", "--network", "mobilenet-v1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mobilenet-v2") && r.out().contains("events/s"), r.out());
        assertEquals(2, run("bench", "simulator", "--network", "lenet").code());
    }
}
