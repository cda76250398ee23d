/**
 * The Post view (paper §4.3): compound scaling and selective SE removal, with the trained runs they start from.
 * May use: app, model, npu, post, train, io.
 */
package org.s3nas.workbench.app.post;
