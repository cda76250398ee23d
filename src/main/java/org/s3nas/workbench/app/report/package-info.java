/**
 * The Report view: the reproduction report's budgets, its run and its tables.
 * May use: app, app.search, model, npu, search, experiments, io.
 */
package org.s3nas.workbench.app.report;
