/**
 * S3NAS Workbench: NPU-aware neural architecture search on a simulated MIDAP NPU. {@link org.s3nas.workbench.Main}
 * builds the command line ({@code cli}) and adds the two commands that need the window's code ({@code gui},
 * {@code bench timeline}). Data flows one way: model -> npu -> engine -> search, train -> post, experiments -> io ->
 * app, cli; LayeringTest holds the plan.
 */
package org.s3nas.workbench;
