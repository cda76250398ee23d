package org.s3nas.workbench.model;

/**
 * An architecture kept in a project: where it came from (a run id, "scaled", "manual", ...), and the accuracy
 * measured for it, if any (NaN when unknown).
 */
public record SavedArchitecture(String name, String source, Architecture architecture, double accuracy) {}
