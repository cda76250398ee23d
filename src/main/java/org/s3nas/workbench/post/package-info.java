/**
 * Post-processing of a searched network (paper §4.3), pure Java on the model records; latency comes in as a
 * {@code ToDoubleFunction<Architecture>} (the MIDAP simulator in the application, {@code new MidapSimulator(npu)::latencyMs}).
 * <ul>
 *   <li>{@link org.s3nas.workbench.post.CompoundScaling}: one coefficient for depth and width, a stronger one for the
 *       resolution, 16-channel rounding, extra blocks from each stage's largest blocks; candidates checked by latency.</li>
 *   <li>{@link org.s3nas.workbench.post.SeTransforms}: SE on every block, h-swish for ReLU, SE removal.</li>
 *   <li>{@link org.s3nas.workbench.post.SeRanking}: the selective SE removal metric over an
 *       {@link org.s3nas.workbench.post.ExcitationSource} (implemented by a trained network), ranking, removal curve.</li>
 * </ul>
 * Long calls ({@code search}, {@code removalCurve}, {@code seLatencyCosts}, {@code rank(source, n)}) run on the caller's
 * thread and stop with a {@link java.util.concurrent.CancellationException} when it is interrupted.
 * May use: model only (its costs come from {@link org.s3nas.workbench.model.ModelCost}).
 */
package org.s3nas.workbench.post;
