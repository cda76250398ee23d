/**
 * What runs searches and trainings to answer a question: the random-search baseline and the reproduction report
 * (its budgets, its JSON).
 * May use: model, npu, engine, search, train, post.
 */
package org.s3nas.workbench.experiments;
