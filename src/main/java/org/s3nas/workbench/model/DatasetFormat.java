package org.s3nas.workbench.model;

/** On-disk image dataset formats the search engine reads. */
public enum DatasetFormat { IDX, CIFAR10 }
