/**
 * Datasets for the engines: IDX (MNIST, Fashion-MNIST) and CIFAR-10 readers, the shuffled split into training and
 * validation images, resizing, per-channel normalisation and the crop/flip augmentation.
 * May use: model (dataset specifications), engine (its RNG).
 */
package org.s3nas.workbench.engine.data;
