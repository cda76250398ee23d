package org.s3nas.workbench.app;

/** A labelled figure in a view's summary strip ("Input" → "28 × 28 × 1"), with a tooltip saying what it means. */
public record Fact(String label, String value, String hint) {}
