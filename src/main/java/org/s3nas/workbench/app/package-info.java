/**
 * The JavaFX workbench: the shell (main window, theme, dialogs, project store), the task executor that runs long
 * work off the FX thread, the shared helpers ({@link org.s3nas.workbench.app.Views}), and one package per view
 * (view + view-model side by side). Views only bind and forward to their view-model; view-models hold no JavaFX nodes.
 * May use: every other package except cli.
 */
package org.s3nas.workbench.app;
