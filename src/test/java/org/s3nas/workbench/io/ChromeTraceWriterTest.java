package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.Track;

/** The trace must have the shape Perfetto reads: Chrome Trace Event JSON with complete events and thread names. */
class ChromeTraceWriterTest {
    @TempDir
    Path dir;

    @Test
    void traceHasPerfettoShape() throws Exception {
        SimulationResult r = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("mobilenet-v2"));
        Path file = dir.resolve("sub/trace.json");
        new ChromeTraceWriter(1.0).write(r, file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertTrue(root.isObject());
        JsonNode events = root.get("traceEvents");
        assertTrue(events.isArray() && events.size() > 100);
        Map<Integer, String> threadNames = new HashMap<>();
        Set<Integer> usedTids = new HashSet<>();
        int complete = 0;
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            assertTrue(e.get("pid").isInt());
            if (ph.equals("M")) {
                if (e.get("name").asText().equals("thread_name")) threadNames.put(e.get("tid").asInt(), e.get("args").get("name").asText());
                continue;
            }
            assertEquals("X", ph);
            complete++;
            assertTrue(e.get("ts").isNumber() && e.get("dur").isNumber(), e.toString());
            assertTrue(e.get("dur").asDouble() >= 0);
            assertTrue(e.get("name").isTextual());
            assertTrue(e.get("args").get("layer").isTextual());
            assertTrue(e.get("args").get("block").isInt());
            usedTids.add(e.get("tid").asInt());
        }
        assertEquals(r.timeline().size() + r.layers().size(), complete);
        assertTrue(threadNames.keySet().containsAll(usedTids), "every thread has a name: " + threadNames + " " + usedTids);
        assertEquals("Layers", threadNames.get(ChromeTraceWriter.LAYERS_TID));
        assertEquals("Compute", threadNames.get(ChromeTraceWriter.tid(Track.COMPUTE)));
        assertEquals(Track.values().length + 1, threadNames.size());
        // times in microseconds: one cycle at 1 GHz is 1 ns
        LayerResult linear = r.layer("Linear1");
        JsonNode slice = null;
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("X") && e.get("tid").asInt() == 0 && e.get("name").asText().equals("Linear1")) slice = e;
        }
        assertEquals(linear.startCycle() / 1000.0, slice.get("ts").asDouble(), 1e-9);
        assertEquals(linear.cycles() / 1000.0, slice.get("dur").asDouble(), 1e-9);
        assertEquals(50155, slice.get("args").get("weightStall").asLong());
        assertEquals("ns", root.get("displayTimeUnit").asText());
        assertEquals(990038, root.get("otherData").get("totalCycles").asLong());
    }

    @Test
    void clockScalesTimestamps() throws Exception {
        SimulationResult r = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("mobilenet-v1"));
        Path file = dir.resolve("t.json");
        new ChromeTraceWriter(0.5).write(r, file);
        JsonNode last = null;
        for (JsonNode e : new ObjectMapper().readTree(file.toFile()).get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.get("tid").asInt() == 0) last = e;
        }
        LayerResult l = r.layers().get(r.layers().size() - 1);
        assertEquals(l.startCycle() / 500.0, last.get("ts").asDouble(), 1e-9, "at 0.5 GHz a cycle is 2 ns");
        assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
    }
}
