/**
 * A fixed architecture as a trainable network ({@link org.s3nas.workbench.train.FixedNet}: merged branches, SE,
 * every activation, dropout, stochastic depth) and its final training from scratch (schedule, EMA, BN
 * re-estimation, checkpoints, the trained model file and the run with its folder and events).
 * May use: model, engine (and engine.data), post (the excitations a trained network offers SE ranking), search (the loss).
 */
package org.s3nas.workbench.train;
