package org.s3nas.workbench.npu;

/** Timeline tracks (one row each in the timeline view and one thread in a Chrome trace). */
public enum Track {
    /** Feature-map (and bias) loads on the shared DRAM FIFO. */
    FEATURE_LOAD("Feature load"),
    /** Weight loads (and Sum/Mul operands through the weight path), which take priority on DRAM. */
    WEIGHT_LOAD("Weight load"),
    /** The datapath computing (including pipeline fill and bubbles). */
    COMPUTE("Compute"),
    /** Fused global pooling drained from the reduction buffer. */
    REDUCTION("Reduction"),
    /** Outputs written (spilled) to DRAM. */
    WRITE("Write"),
    /** The pipeline waiting for a bank, weight buffer or bias that is not valid yet. */
    STALL("Stall");

    private final String label;

    Track(String label) { this.label = label; }

    public String label() { return label; }
}
