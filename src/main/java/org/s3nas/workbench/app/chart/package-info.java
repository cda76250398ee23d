/**
 * The live run charts' interactive pieces, shared by every dashboard (Search, Training): {@link
 * org.s3nas.workbench.app.chart.LiveChart} wraps a chart-fx XYChart with a crosshair and hover readout, zoom / pan
 * and a reset that returns to following the run; {@link org.s3nas.workbench.app.chart.ChartLines} draws a run's
 * series under the user's {@link org.s3nas.workbench.app.chart.ChartOptions} (TensorBoard's debiased EMA smoothing,
 * {@link org.s3nas.workbench.app.chart.EmaSmoothing}; step or wall-clock x axis, {@link
 * org.s3nas.workbench.app.chart.XAxisMode} over a run's {@link org.s3nas.workbench.app.chart.StepClock}); {@link
 * org.s3nas.workbench.app.chart.ChartControls} is the bar that sets those options. EmaSmoothing, StepClock, XAxisMode
 * and ReadoutFormat are plain Java (no JavaFX). chart-fx is the one chart stack for live series.
 * May use: JavaFX, ControlsFX, chart-fx; nothing else of the workbench (the dashboards use it, not the other way).
 */
package org.s3nas.workbench.app.chart;
