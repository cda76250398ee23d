/**
 * Where runs live, for the workbench and the command line alike: the {@link org.s3nas.workbench.workspace.Workspace}
 * of a project file owns run ids and the run folders of searches, trainings, reports and random searches, finds
 * trained networks, and keeps the latency tables (the project's sidecar, profiles cached for the process). No UI.
 * May use: model, npu, engine, search, train, post, experiments, io. Never JavaFX, never app or cli.
 */
package org.s3nas.workbench.workspace;
