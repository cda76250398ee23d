package org.s3nas.workbench.npu;

/**
 * One layer of a simulation.
 *
 * @param index            processing order
 * @param name             Conv1, DWConv1, Sum1, Linear1 ...
 * @param kind             the MIDAP operation
 * @param stage            stage index (-1 stem/head)
 * @param block            block index (-1 stem/head)
 * @param segment          stem, block or head
 * @param role             role in its block (expand, depthwise, project, residual, se-reduce ...)
 * @param startCycle       first cycle
 * @param endCycle         cycle after the last
 * @param computeCycles    cycles not spent stalling (compute, pipeline fill, bubbles, reduction)
 * @param featureStall     stall cycles waiting for feature fragments
 * @param weightStall      stall cycles waiting for weights (or a Sum/Mul operand)
 * @param biasStall        stall cycles waiting for the bias
 * @param macs             multiply-accumulates of the real (unpadded) layer
 * @param dramBytesRead    DRAM bytes this layer requested (its loads and the next layer's prefetch)
 * @param dramBytesWritten DRAM bytes this layer wrote (spilled or required outputs)
 * @param macUtilisation   macs / (cycles x MACs per cycle)
 * @param tiled            the banks could not hold the layer's plan: it ran in pieces from DRAM (row stripes swept in
 *                         column groups, see the timeline's tile loads), its output written to DRAM
 * @param channelGroups    output-channel groups the layer ran in (1: whole); more than one when its output channels
 *                         outgrow the bias memory or its global pool the reduction buffer: each group ran as a layer of
 *                         its own from DRAM (its input swept again, its bias loaded, its output written to DRAM)
 */
public record LayerResult(int index, String name, LayerKind kind, int stage, int block, Segment segment, String role,
                          long startCycle, long endCycle, long computeCycles,
                          long featureStall, long weightStall, long biasStall,
                          long macs, long dramBytesRead, long dramBytesWritten, double macUtilisation,
                          boolean tiled, int channelGroups) {

    public long cycles() { return endCycle - startCycle; }

    public long stallCycles() { return featureStall + weightStall + biasStall; }

    public long dramBytes() { return dramBytesRead + dramBytesWritten; }
}
