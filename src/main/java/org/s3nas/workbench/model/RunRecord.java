package org.s3nas.workbench.model;

/**
 * A search run known to the project: its id, status, the folder holding its checkpoints and metric history
 * (relative to the project file), the configuration it ran with, and the name of the architecture it produced
 * (null while it has none).
 */
public record RunRecord(String id, RunStatus status, String directory, SearchConfig config, String architecture,
                        String startedAt, String endedAt) {}
