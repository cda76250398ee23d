package org.s3nas.workbench.npu;

/** The MIDAP operations a network is lowered to (docs/midap.md §2, §3). */
public enum LayerKind {
    /** First conv (at most 3 input channels) run as a GEMM on a host-side im2col of the input. */
    GEMM("Conv"),
    /** Standard k x k or 1x1 convolution: 16 output channels in parallel, one per CIM. */
    CONV("Conv"),
    /** Depthwise convolution: 64 channels in parallel on the lanes of one unit. */
    DEPTHWISE("DWConv"),
    /** Fully connected layer (a 1x1 conv on a 1x1 map), also the two FCs of an SE module. */
    FC("Linear"),
    /** Residual add; the second operand comes from DRAM through the weight path. */
    SUM("Sum"),
    /** SE channel-wise multiply; the squeeze vector comes through the weight path. */
    MUL("Mul");

    private final String namePrefix;

    LayerKind(String namePrefix) { this.namePrefix = namePrefix; }

    /** MobileNetV2-style layer names: Conv1, DWConv1, Sum1, Linear1 ... */
    public String namePrefix() { return namePrefix; }

    /** Depthwise and element-wise layers use the 64 lanes of one unit (channel-parallel). */
    public boolean channelParallel() { return this == DEPTHWISE || this == SUM || this == MUL; }

    /** Layers whose second operand is read through the weight path rather than from weights. */
    public boolean elementWise() { return this == SUM || this == MUL; }
}
