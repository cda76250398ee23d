package org.s3nas.workbench.model;

public enum RunStatus { PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED }
