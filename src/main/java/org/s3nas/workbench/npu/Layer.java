package org.s3nas.workbench.npu;

/**
 * One MIDAP layer. Shapes of the data come from the tensors of the {@link Network}; the channel counts here are what
 * this layer computes on (a depthwise branch of a MixConv block works on its own slice of the expanded channels).
 *
 * @param index           position in processing order
 * @param name            MobileNetV2-style name (Conv1, DWConv1, Sum1, Linear1, Mul1 ...)
 * @param kind            the MIDAP operation
 * @param segment         stem, block or head
 * @param stage           stage index of the block, -1 for stem and head
 * @param block           block index in the architecture, -1 for stem and head
 * @param role            what the layer is in its block: stem, expand, depthwise, se-reduce, se-expand, se-scale,
 *                        project, residual, head, classifier
 * @param input           input tensor (kept in FMEM when it fits)
 * @param operand         second operand of Sum/Mul read through the weight path, -1 otherwise
 * @param output          output tensor
 * @param pooled          tensor receiving the fused global average pool (a reduction), -1 when none
 * @param inChannels      real input channels (MACs)
 * @param outChannels     real output channels (MACs)
 * @param inPadded        padded input channels the datapath processes
 * @param outPadded       padded output channels the datapath produces
 * @param kernel          kernel size (1 for FC, Sum, Mul)
 * @param stride          stride
 * @param padTop          zero padding rows above
 * @param padLeft         zero padding columns left
 * @param padBottom       zero padding rows below
 * @param padRight        zero padding columns right
 */
public record Layer(int index, String name, LayerKind kind, Segment segment, int stage, int block, String role,
                    int input, int operand, int output, int pooled,
                    int inChannels, int outChannels, int inPadded, int outPadded,
                    int kernel, int stride, int padTop, int padLeft, int padBottom, int padRight) {

    public boolean fusedPool() { return pooled >= 0; }

    /** A max pool, which runs on the depthwise datapath but has no weights and does no MACs. */
    public boolean maxPool() { return kind == LayerKind.DEPTHWISE && NetworkBuilder.MAX_POOL.equals(role); }
}
