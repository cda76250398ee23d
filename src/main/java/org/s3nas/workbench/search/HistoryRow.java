package org.s3nas.workbench.search;

/**
 * One optimiser step in a run's metric history (history.json / history.csv in the run folder); {@code control} is
 * what phase 2 did to the decoded architecture ({@link ControlState#NONE} in phase 1 and in a final training).
 * {@code elapsedSeconds}: the run's training time at the end of the step (see {@link SearchEvent}), NaN when unknown
 * (a history or checkpoint written before it was recorded). {@code choices} is the path the step used, one
 * {@link #blockCode} per block (the "block choices over time" heatmap's column; null where a run recorded none: a
 * final training, a history written before choices were kept). Every engine writes both (the ND4J search and the
 * exported PyTorch search), so a followed or command-line run shows them like a run of the workbench.
 */
public record HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm,
                         double latencyMs, double trainAccuracy, double validationAccuracy, double learningRate,
                         double[] thresholds, ControlState control, double elapsedSeconds, int[] choices) {
    public HistoryRow {
        if (control == null) control = ControlState.NONE;
    }

    /** A row without phase-2 control, elapsed time or block choices. */
    public HistoryRow(long step, int epoch, int phase, double loss, double crossEntropy, double latencyTerm, double latencyMs,
                      double trainAccuracy, double validationAccuracy, double learningRate, double[] thresholds) {
        this(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, trainAccuracy, validationAccuracy, learningRate,
                thresholds, ControlState.NONE, Double.NaN, null);
    }

    /** This row with its elapsed time. */
    public HistoryRow withElapsedSeconds(double seconds) {
        return new HistoryRow(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, trainAccuracy, validationAccuracy, learningRate,
                thresholds, control, seconds, choices);
    }

    /** The same row with the block choices of its step. */
    public HistoryRow withChoices(int[] blockCodes) {
        return new HistoryRow(step, epoch, phase, loss, crossEntropy, latencyTerm, latencyMs, trainAccuracy, validationAccuracy,
                learningRate, thresholds, control, elapsedSeconds, blockCodes);
    }

    /**
     * The packed configuration of one block (per superkernel {kernel size, expansion}): the set of kernel sizes its
     * non-zero superkernels use in the high 16 bits (kernel k is bit (k - 1) / 2: 1 -> bit 0, 3 -> bit 1, 5 -> bit 2),
     * the total expansion (the sum over its superkernels, 0 = the block is a skip) in the low 16. The exported
     * PyTorch search packs it the same way (s3nas_torch.block_code).
     */
    public static int blockCode(Iterable<int[]> superkernels) {
        int total = 0, kernels = 0;
        for (int[] kx : superkernels) {
            if (kx[1] <= 0) continue;
            total += kx[1];
            kernels |= 1 << Math.min(15, Math.max(0, (kx[0] - 1) / 2));
        }
        return kernels << 16 | Math.min(total, 0xFFFF);
    }

    /** {@link #blockCode} of every block of a path (per block, per superkernel {kernel size, expansion}). */
    public static int[] blockCodes(int[][][] path) {
        int[] out = new int[path.length];
        for (int b = 0; b < path.length; b++) out[b] = blockCode(java.util.Arrays.asList(path[b]));
        return out;
    }
}
