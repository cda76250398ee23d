package org.s3nas.workbench.model;

/**
 * The latency-aware loss of phase 2.
 * <ul>
 * <li>{@code TARGET} (the default): Eq. 9's term on both sides of the target band [(1 - tolerance) T, T], steered by
 * the target controller (a gain on the thresholds' step, a guard that stops a step from jumping over the band, and a
 * repair on the latency table at the end), so the search lands in the band;</li>
 * <li>{@code S3NAS}: the paper's Eq. 9 as written, acting only above T (with the paper's optimiser values it
 * reproduces the paper's behaviour, overshoot included);</li>
 * <li>{@code SINGLE_PATH}: Single-Path NAS's Eq. 6, lambda1 log(L), for comparison.</li>
 * </ul>
 */
public enum LossKind { S3NAS, SINGLE_PATH, TARGET }
