package org.s3nas.workbench.cli;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import picocli.CommandLine.Option;

/** The architecture of a project a command works on (scale, se-rank, export-training; train names one the same way). */
final class ArchitectureOptions {
    @Option(names = "--architecture", required = true, paramLabel = "NAME",
            description = "A saved architecture of the project, or 'largest' / 'smallest' of its supernet.")
    String name;

    /** The named architecture of {@code p} (see {@link #resolve(Project, String)}). */
    Architecture resolve(Project p) {
        return resolve(p, name);
    }

    /**
     * An architecture of the project by name: a saved one, or {@code largest} / {@code smallest} of the supernet (skips
     * removed).
     *
     * @throws IllegalArgumentException naming the known architectures when there is none of that name
     */
    static Architecture resolve(Project p, String name) {
        for (SavedArchitecture a : p.architectures()) if (a.name().equals(name)) return a.architecture().withName(a.name());
        if (name.equals("largest")) return p.supernet().largest().withoutSkips();
        if (name.equals("smallest")) return p.supernet().smallest().withoutSkips();
        List<String> known = new ArrayList<>(p.architectures().stream().map(SavedArchitecture::name).toList());
        known.add("largest");
        known.add("smallest");
        throw new IllegalArgumentException("--architecture: project '" + p.name() + "' has no architecture '" + name
                + "'; known: " + String.join(", ", known));
    }
}
