package org.s3nas.workbench.model;

/**
 * Where the images come from. {@code path} is a directory (IDX: train/t10k image and label files, gzip or not;
 * CIFAR-10: data_batch_*.bin and test_batch.bin); relative paths resolve against the project file's folder.
 */
public record DatasetSpec(DatasetFormat format, String path, int classes, double validationFraction, boolean augment) {}
