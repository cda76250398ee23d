/**
 * The Timeline view (Perfetto-like): a canvas that draws only the visible window of the simulator's timeline, its
 * lanes, selection and totals, and the painter's benchmark command ({@code bench timeline}).
 * May use: app, model, npu, io.
 */
package org.s3nas.workbench.app.timeline;
