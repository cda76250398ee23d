package org.s3nas.workbench.app.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;

/**
 * An architecture the Scale &amp; SE view can work on: one the project saved, or the supernet's largest or smallest
 * (the same choices as the {@code scale} and {@code se-rank} commands).
 *
 * @param label        what the chooser shows (unique within a project)
 * @param detail       where it comes from, in words
 * @param architecture the network, named after the label, skip blocks removed for the supernet's extremes
 */
public record ArchitectureChoice(String label, String detail, Architecture architecture) {
    public static final String LARGEST = "largest (supernet)";
    public static final String SMALLEST = "smallest (supernet)";

    @Override
    public String toString() { return label; }

    /** The project's saved architectures, then the supernet's largest and smallest (when the supernet can build them). */
    public static List<ArchitectureChoice> of(Project p) {
        List<ArchitectureChoice> out = new ArrayList<>();
        for (SavedArchitecture s : p.architectures()) {
            String from = s.source() == null || s.source().isBlank() ? "saved" : "saved, from " + s.source();
            out.add(new ArchitectureChoice(s.name(), from, s.architecture().withName(s.name())));
        }
        try {
            out.add(new ArchitectureChoice(LARGEST, "every superkernel at its largest kernel and expansion",
                    p.supernet().largest().withoutSkips()));
            out.add(new ArchitectureChoice(SMALLEST, "every superkernel at its smallest choice, skips removed",
                    p.supernet().smallest().withoutSkips()));
        } catch (RuntimeException e) {
            // a supernet being edited may not build (e.g. a stage of depth 0): offer the saved architectures only
        }
        return out;
    }

    /** The choice with this label, if any. */
    public static Optional<ArchitectureChoice> find(List<ArchitectureChoice> choices, String label) {
        return choices.stream().filter(c -> c.label().equals(label)).findFirst();
    }

    /** Sets {@code chosen} to the choice with this label; false (and {@code chosen} unchanged) when there is none. */
    static boolean select(List<ArchitectureChoice> choices, String label, java.util.function.Consumer<ArchitectureChoice> chosen) {
        Optional<ArchitectureChoice> c = find(choices, label);
        c.ifPresent(chosen);
        return c.isPresent();
    }
}
