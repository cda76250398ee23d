package org.s3nas.workbench.model;

/** How a layer's FMEM banks are split between input fragments and output. */
public enum BankPolicy {
    /** Try every number of output banks; keep the least predicted compute blocking (hide DRAM latency). Default. */
    MIN_BLOCKING,
    /** Try every number of output banks; keep the least DRAM traffic. */
    MIN_DRAM,
    /** Fixed double buffering: 2 banks for input, 2 for output. */
    DOUBLE_BUFFER
}
