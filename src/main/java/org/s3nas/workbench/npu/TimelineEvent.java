package org.s3nas.workbench.npu;

/**
 * One interval on a timeline track, in cycles: [start, end).
 *
 * @param track  the row it belongs to
 * @param start  first cycle
 * @param end    cycle after the last
 * @param layer  index of the layer it belongs to (the one running when it was issued)
 * @param block  block index of that layer (-1 stem/head)
 * @param stage  stage index of that layer (-1 stem/head)
 * @param label  what it is ("Conv3 weights", "DWConv2 fragment 3 (36 columns)", "feature stall" ...)
 * @param bytes  DRAM bytes moved (loads and writes), 0 otherwise
 */
public record TimelineEvent(Track track, long start, long end, int layer, int block, int stage, String label, long bytes) {
    public long duration() { return end - start; }
}
