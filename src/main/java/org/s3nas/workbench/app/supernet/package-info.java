/**
 * The Supernet and Architectures views: the stage table editor with undo/redo, the network canvas, architecture
 * diffs.
 * May use: app, model (and model.edit), npu.
 */
package org.s3nas.workbench.app.supernet;
