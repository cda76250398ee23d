package org.s3nas.workbench.search;

import java.nio.file.Path;
import org.s3nas.workbench.model.Architecture;

/**
 * What a finished search found: the decoded architecture (skips removed), its validation accuracy as a path of the
 * supernet (BN statistics recalibrated on that path), its estimated latency, the final thresholds, the run folder.
 */
public record SearchResult(Architecture architecture, double validationAccuracy, double estimatedLatencyMs,
                           double targetMs, String[] thresholdNames, double[] thresholds, long steps, Path runDirectory) {}
