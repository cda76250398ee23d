package org.s3nas.workbench.app;

/** One read-only line of a property sheet: category, display name, description (tooltip) and formatted value. */
public record PropertyRow(String category, String name, String description, String value) {}
