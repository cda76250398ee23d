package org.s3nas.workbench.search;

import java.util.List;

/**
 * What the final repair changed (result.json's {@code repair}): the decoded architecture's latency before and after
 * (simulated where a simulator is behind the latency model), the same on the latency table, the threshold movement it
 * took and each superkernel whose choice changed ("block 7 superkernel 2: k5 e4 -> k3 e4").
 */
public record RepairRecord(double beforeMs, double afterMs, double tableBeforeMs, double tableAfterMs, double thresholdMovement,
                           List<String> changes) {}
