package org.s3nas.workbench.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.SimulationResult;

/**
 * A simulation's figures under the names every JSON output gives them (the CLI's {@code simulate --format json}, the
 * Chrome trace's {@code otherData} and layer args), so that one figure has one name.
 */
public final class SimulationFields {
    private SimulationFields() {}

    /** The whole run: network, totalCycles, latencyMs, stallCycles, macs, dramBytes. */
    public static ObjectNode summary(SimulationResult r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("network", r.network());
        o.put("totalCycles", r.totalCycles());
        o.put("latencyMs", r.latencyMs());
        o.put("stallCycles", r.stallCycles());
        o.put("macs", r.macs());
        o.put("dramBytes", r.dramBytes());
        return o;
    }

    /** Adds a layer's costs to {@code o}: cycles, its stalls (all, feature, weight, bias), macs, dramBytes, macUtilisation. */
    public static ObjectNode putCosts(ObjectNode o, LayerResult l) {
        o.put("cycles", l.cycles());
        o.put("stallCycles", l.stallCycles());
        o.put("featureStall", l.featureStall());
        o.put("weightStall", l.weightStall());
        o.put("biasStall", l.biasStall());
        o.put("macs", l.macs());
        o.put("dramBytes", l.dramBytes());
        o.put("macUtilisation", l.macUtilisation());
        return o;
    }

    /** Writes {@code fields} (numbers and strings) into the object {@code g} is writing, in their order. */
    static void write(JsonGenerator g, ObjectNode fields) throws IOException {
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
            g.writeFieldName(f.getKey());
            f.getValue().serialize(g, null);
        }
    }
}
