package org.s3nas.workbench.post;

import org.s3nas.workbench.model.Architecture;

/**
 * A trained network that can show its SE excitations (the sigmoid outputs of each SE block, one value per channel
 * of the block's expanded width) for real images. The search engine implements it; selective SE removal
 * ({@link SeRanking}) consumes it. Plain arrays only, so that no ND4J type crosses into post/.
 */
public interface ExcitationSource {

    /** The architecture whose trained weights produce the excitations (block indices refer to its blocks). */
    Architecture architecture();

    /**
     * Runs up to {@code maxImages} images through the network and hands, batch after batch, the excitations of
     * every SE block to the sink. Implementations stop early (and return) when the thread is interrupted.
     */
    void collect(int maxImages, Sink sink);

    /** Receives one batch of one SE block. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param blockIndex  index in {@link #architecture()}'s blocks
         * @param excitations {@code [image][channel]} sigmoid outputs of that block's SE for the batch's images; the
         *                    array may be reused by the caller after this returns
         */
        void accept(int blockIndex, double[][] excitations);
    }
}
