package org.s3nas.workbench.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.TimelineEvent;
import org.s3nas.workbench.npu.Track;

/**
 * Writes a simulation's timeline as Chrome Trace Event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
 * open: one thread per timeline track plus a "Layers" thread with one slice per layer, complete events
 * ({@code "ph": "X"}) with {@code ts}/{@code dur} in microseconds (fractions kept: one cycle at 1 GHz is 0.001 µs),
 * layer, block and stage in each event's {@code args}.
 */
public final class ChromeTraceWriter {
    /** Thread id of the per-layer slices; tracks follow from 1 in {@link Track} order. */
    public static final int LAYERS_TID = 0;
    private static final int PID = 1;

    private final double cyclesPerMicrosecond;

    /** @param clockGHz the NPU clock (cycles per nanosecond) */
    public ChromeTraceWriter(double clockGHz) {
        if (!(clockGHz > 0)) throw new IllegalArgumentException("clock must be positive, was " + clockGHz);
        this.cyclesPerMicrosecond = clockGHz * 1000.0;
    }

    public static int tid(Track t) { return t.ordinal() + 1; }

    /** Writes the trace to {@code file} through a temporary file and an atomic rename. */
    public void write(SimulationResult result, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try {   // a trace is an ordinary document, not a private temporary file
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(result, out);
            }
        });
    }

    public void write(SimulationResult result, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeObjectFieldStart("otherData");
            SimulationFields.write(g, SimulationFields.summary(result));
            g.writeEndObject();
            g.writeArrayFieldStart("traceEvents");
            metadata(g, "process_name", -1, "MIDAP " + result.network());
            metadata(g, "thread_name", LAYERS_TID, "Layers");
            metadata(g, "thread_sort_index", LAYERS_TID, null);
            for (Track t : Track.values()) {
                metadata(g, "thread_name", tid(t), t.label());
                metadata(g, "thread_sort_index", tid(t), null);
            }
            for (LayerResult l : result.layers()) {
                startSlice(g, l.name(), "layer," + l.kind().name().toLowerCase(), l.startCycle(), l.cycles(), LAYERS_TID);
                g.writeStringField("layer", l.name());
                g.writeNumberField("index", l.index());
                g.writeNumberField("block", l.block());
                g.writeNumberField("stage", l.stage());
                g.writeStringField("kind", l.kind().name());
                g.writeStringField("role", l.role());
                SimulationFields.write(g, SimulationFields.putCosts(JsonNodeFactory.instance.objectNode(), l));
                g.writeEndObject();
                g.writeEndObject();
            }
            for (Track t : Track.values()) {
                for (TimelineEvent e : result.timeline().events(t)) {
                    LayerResult l = result.layers().get(e.layer());
                    startSlice(g, e.label(), t.name().toLowerCase(), e.start(), e.duration(), tid(t));
                    g.writeStringField("layer", l.name());
                    g.writeNumberField("index", e.layer());
                    g.writeNumberField("block", e.block());
                    g.writeNumberField("stage", e.stage());
                    g.writeNumberField("startCycle", e.start());
                    g.writeNumberField("cycles", e.duration());
                    if (e.bytes() > 0) g.writeNumberField("bytes", e.bytes());
                    g.writeEndObject();
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private double micros(long cycles) { return cycles / cyclesPerMicrosecond; }

    /** Opens a complete event ("ph": "X") on thread {@code tid} and its args object; the caller writes the args and closes both. */
    private void startSlice(JsonGenerator g, String name, String category, long startCycle, long cycles, int tid) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("cat", category);
        g.writeStringField("ph", "X");
        g.writeNumberField("ts", micros(startCycle));
        g.writeNumberField("dur", micros(cycles));
        g.writeNumberField("pid", PID);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
    }

    private static void metadata(JsonGenerator g, String name, int tid, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", PID);
        if (tid >= 0) g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        if (name.equals("thread_sort_index")) g.writeNumberField("sort_index", tid);
        else g.writeStringField("name", value);
        g.writeEndObject();
        g.writeEndObject();
    }
}
