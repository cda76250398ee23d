package org.s3nas.workbench.model;

import java.util.ArrayList;
import java.util.List;

/** A workbench project: the supernet, the NPU it targets, the search settings, its runs and saved architectures. */
public record Project(String name, String description, Supernet supernet, NpuConfig npu, SearchConfig search,
                      List<RunRecord> runs, List<SavedArchitecture> architectures) {
    public Project {
        runs = runs == null ? List.of() : List.copyOf(runs);
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        description = description == null ? "" : description;
    }

    public Project withSupernet(Supernet s) { return new Project(name, description, s, npu, search, runs, architectures); }

    public Project withNpu(NpuConfig n) { return new Project(name, description, supernet, n, search, runs, architectures); }

    public Project withSearch(SearchConfig c) { return new Project(name, description, supernet, npu, c, runs, architectures); }

    public Project withName(String n) { return new Project(n, description, supernet, npu, search, runs, architectures); }

    public Project withRuns(List<RunRecord> r) { return new Project(name, description, supernet, npu, search, r, architectures); }

    public Project withArchitectures(List<SavedArchitecture> a) { return new Project(name, description, supernet, npu, search, runs, a); }

    /** Adds or replaces (by name) a saved architecture. */
    public Project withArchitecture(SavedArchitecture a) {
        List<SavedArchitecture> copy = new ArrayList<>(architectures);
        copy.removeIf(x -> x.name().equals(a.name()));
        copy.add(a);
        return withArchitectures(copy);
    }

    /** Adds or replaces (by id) a run record. */
    public Project withRun(RunRecord r) {
        List<RunRecord> copy = new ArrayList<>(runs);
        copy.removeIf(x -> x.id().equals(r.id()));
        copy.add(r);
        return withRuns(copy);
    }
}
