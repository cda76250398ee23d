/**
 * The live-run dashboard the Search and Training views share: a run's chart series ({@link
 * org.s3nas.workbench.app.run.RunSeries}, bounded by {@link org.s3nas.workbench.app.run.Trace}) filled from any
 * {@link org.s3nas.workbench.engine.RunEvent} or history row, the run in progress as a task
 * ({@link org.s3nas.workbench.app.run.RunJob}), the chart-fx charts and cards ({@link org.s3nas.workbench.app.run.RunCharts}),
 * the dashboard's frame ({@link org.s3nas.workbench.app.run.DashboardFrame}), the configuration sheet of a record and
 * the notices a dashboard shows ({@link org.s3nas.workbench.app.run.Notices}).
 * A kind of run extends it with its own series and charts in its view's package (the search's thresholds, latency and
 * block choices stay in app.search).
 * The charts' hover readout, zoom, smoothing and x axis come from app.chart (the run's elapsed times go into its
 * StepClock).
 * May use: app, app.chart, model, engine (RunEvent, BackgroundRun). Never a view's package (app.search, app.train), never search
 * or train.
 */
package org.s3nas.workbench.app.run;
