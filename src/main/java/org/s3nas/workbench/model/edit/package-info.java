/**
 * Edits of a supernet as pure functions on the immutable model records: stage and block structure, per-block
 * overrides, depth distributions (paper §4.1), MBConv/MixConv conversion, candidate lists as text. The supernet
 * editor (app/supernet) records each as one undoable step; nothing here knows JavaFX.
 */
package org.s3nas.workbench.model.edit;
