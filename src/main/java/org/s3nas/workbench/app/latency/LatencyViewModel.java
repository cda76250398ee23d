package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.ArchitectureRows;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.PropertyRow;
import org.s3nas.workbench.app.PropertyRows;
import org.s3nas.workbench.app.PropertyRows.Meta;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;

/** The Latency view's model: the project's saved architectures and the NPU they are measured on (read-only for now). */
public final class LatencyViewModel {
    /** One saved architecture. */
    public record ArchitectureRow(String name, String source, String input, long blocks, String accuracy) {}

    private static final String COMPUTE = "Compute", FMEM = "Feature memory", WMEM = "Weight and other buffers",
            DRAM = "DRAM", PIPELINE = "Pipeline", DERIVED = "Derived";

    /** Display names, categories and meanings of NpuConfig's fields (SPEC §3.1). */
    static final Map<String, Meta> META = Map.ofEntries(
            Map.entry("clockGHz", new Meta(COMPUTE, "Clock", "Cycles / (GHz · 10^6) = ms", v -> Formats.number((Double) v) + " GHz")),
            Map.entry("bytesPerValue", new Meta(COMPUTE, "Data width", "Bytes per value", v -> v + " B")),
            Map.entry("cims", new Meta(COMPUTE, "Compute units (CIMs)", "A conv computes this many output channels in parallel")),
            Map.entry("lanes", new Meta(COMPUTE, "Lanes per unit", "MAC lanes; one FMEM row is this many channels wide")),
            Map.entry("fmemBanks", new Meta(FMEM, "Banks", "Feature-memory banks; fragments of a feature map, one per bank")),
            Map.entry("fmemBankBytes", new Meta(FMEM, "Bank size", "Bytes per FMEM bank", v -> Formats.bytes((Integer) v))),
            Map.entry("bankPolicy", new Meta(FMEM, "Bank policy", "How a layer's banks are split between input and output")),
            Map.entry("reverseWrite", new Meta(FMEM, "Reverse write", "Outputs may be written in reverse column order to reuse freed banks")),
            Map.entry("wmemBankBytes", new Meta(WMEM, "WMEM per CIM", "Weight memory of one CIM, per buffer", v -> Formats.bytes((Integer) v))),
            Map.entry("wmemDoubleBuffered", new Meta(WMEM, "WMEM double-buffered", "Weights of the next group load while one computes")),
            Map.entry("ewmemBytes", new Meta(WMEM, "Extended weight buffer", "Depthwise and element-wise operands", v -> Formats.bytes((Integer) v))),
            Map.entry("biasEntries", new Meta(WMEM, "Bias entries", "Bias memory (double-buffered)")),
            Map.entry("reductionEntries", new Meta(WMEM, "Reduction entries", "Reduction buffer for fused global pooling")),
            Map.entry("dramBytesPerCycle", new Meta(DRAM, "Bandwidth", "DRAM transfer rate", v -> v + " B/cycle")),
            Map.entry("dramLatencyBase", new Meta(DRAM, "Read latency: base", "L(size) = base + per page · floor(size/page) + per burst · ceil(size/burst)", v -> Formats.number((Double) v) + " cycles")),
            Map.entry("dramLatencyPerPage", new Meta(DRAM, "Read latency: per page", "Added per full page of the read", v -> Formats.number((Double) v) + " cycles")),
            Map.entry("dramPageBytes", new Meta(DRAM, "Page size", "Page of the latency formula", v -> Formats.bytes((Integer) v))),
            Map.entry("dramLatencyPerBurst", new Meta(DRAM, "Read latency: per burst", "Added per started burst of the read", v -> Formats.number((Double) v) + " cycles")),
            Map.entry("dramBurstBytes", new Meta(DRAM, "Burst size", "Burst of the latency formula", v -> Formats.bytes((Integer) v))),
            Map.entry("timeDramWrites", new Meta(DRAM, "Time writes", "Whether DRAM writes take time")),
            Map.entry("pipelineFillCycles", new Meta(PIPELINE, "Fill per layer", "Cycles added to every layer", v -> v + " cycles")));

    private final WorkbenchModel model;
    private final javafx.beans.property.ReadOnlyStringWrapper summary = new javafx.beans.property.ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<ArchitectureRow> architectures = FXCollections.observableArrayList();
    private final ObservableList<ArchitectureRow> architecturesView = FXCollections.unmodifiableObservableList(architectures);
    private final ObservableList<PropertyRow> npu = FXCollections.observableArrayList();
    private final ObservableList<PropertyRow> npuView = FXCollections.unmodifiableObservableList(npu);

    public LatencyViewModel(WorkbenchModel model) {
        this.model = model;
        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    public StringBinding projectName() { return model.projectNameBinding(); }

    public ObservableList<ArchitectureRow> architectures() { return architecturesView; }

    /** One line: the machine at a glance and how many architectures the project keeps. */
    public javafx.beans.property.ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** The NPU configuration, plus figures derived from it. */
    public ObservableList<PropertyRow> npu() { return npuView; }

    private void load(Project p) {
        architectures.setAll(p.architectures().stream().map(LatencyViewModel::row).toList());
        NpuConfig n = p.npu();
        List<PropertyRow> rows = new ArrayList<>(n == null ? List.of() : PropertyRows.of(n, META, "Other"));
        if (n != null) {
            rows.add(new PropertyRow(DERIVED, "MACs per cycle", "CIMs × lanes at full utilisation", String.format(java.util.Locale.ROOT, "%,d", n.macsPerCycle())));
            rows.add(new PropertyRow(DERIVED, "WMEM in all", "Weight memory of all CIMs, both buffers when double-buffered", Formats.bytes(n.wmemTotalBytes())));
            rows.add(new PropertyRow(DERIVED, "FMEM in all", "Feature memory of all banks", Formats.bytes((long) n.fmemBanks() * n.fmemBankBytes())));
        }
        npu.setAll(rows);
        int saved = p.architectures().size();
        String archs = saved + " saved architecture" + (saved == 1 ? "" : "s");
        summary.set(n == null ? archs : String.format(java.util.Locale.ROOT,
                "MIDAP NPU: %d × %d MACs at %s GHz · FMEM %d × %s · DRAM %d B/cycle · %s",
                n.cims(), n.lanes(), Formats.number(n.clockGHz()), n.fmemBanks(), Formats.bytes(n.fmemBankBytes()),
                n.dramBytesPerCycle(), archs));
    }

    static ArchitectureRow row(SavedArchitecture a) {
        return new ArchitectureRow(a.name(), a.source() == null || a.source().isBlank() ? "—" : a.source(),
                Formats.shape(a.architecture().input()), ArchitectureRows.computingBlocks(a.architecture()),
                Formats.percent(a.accuracy()));
    }
}
