package org.s3nas.workbench.search;

/** The trainable thresholds (one per kernel ring and per channel slice, initialised to 0) with their RMSProp state. */
final class Thresholds {
    final double[] value, grad, ms, mom;
    final String[] names;

    Thresholds(java.util.List<String> names) {
        int n = names.size();
        this.names = names.toArray(new String[0]);
        value = new double[n];
        grad = new double[n];
        ms = new double[n];
        mom = new double[n];
    }

    int count() { return value.length; }
}
