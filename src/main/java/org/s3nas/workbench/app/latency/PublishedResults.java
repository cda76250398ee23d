package org.s3nas.workbench.app.latency;

import java.util.Map;
import java.util.Optional;

/**
 * Published figures of the built-in reference networks, for the compare-models table (paper Table 6). These are
 * quoted, not measured here; the table marks them "published".
 */
public final class PublishedResults {
    private PublishedResults() {}

    /** A quoted ImageNet top-1 accuracy (0..1) and where it comes from. */
    public record Accuracy(double top1, String source) {}

    /*
     * ImageNet top-1 (single crop, FP32) as the original papers report it:
     * - MobileNetV1 1.0-224: 70.6 % (Howard et al., "MobileNets", arXiv 1704.04861, Table 8).
     * - MobileNetV2 1.0-224: 72.0 % (Sandler et al., "MobileNetV2", CVPR 2018, Table 4).
     * - EfficientNet-B0..B4: 77.1, 79.1, 80.1, 81.6, 82.9 % (Tan and Le, "EfficientNet", ICML 2019, Table 2). The S3NAS
     *   paper's Table 6 quotes lower figures for B1..B4 (78.8, 79.8, 81.0, 82.6 %), the official code's results with
     *   baseline preprocessing only.
     * - EfficientNet-Lite0..4: 75.1, 76.7, 77.6, 79.8, 81.5 % (the TensorFlow TPU repository's EfficientNet-Lite README,
     *   float models; the release that defines Lite; S3NAS Table 6 quotes the same for Lite2..4).
     */
    private static final Map<String, Accuracy> ACCURACY = Map.ofEntries(
            Map.entry("mobilenet-v1", new Accuracy(0.706, "Howard et al. 2017, Table 8")),
            Map.entry("mobilenet-v2", new Accuracy(0.720, "Sandler et al. 2018, Table 4")),
            Map.entry("efficientnet-b0", new Accuracy(0.771, "Tan & Le 2019, Table 2")),
            Map.entry("efficientnet-b1", new Accuracy(0.791, "Tan & Le 2019, Table 2")),
            Map.entry("efficientnet-b2", new Accuracy(0.801, "Tan & Le 2019, Table 2")),
            Map.entry("efficientnet-b3", new Accuracy(0.816, "Tan & Le 2019, Table 2")),
            Map.entry("efficientnet-b4", new Accuracy(0.829, "Tan & Le 2019, Table 2")),
            Map.entry("efficientnet-lite0", new Accuracy(0.751, "EfficientNet-Lite release (TF TPU repo)")),
            Map.entry("efficientnet-lite1", new Accuracy(0.767, "EfficientNet-Lite release (TF TPU repo)")),
            Map.entry("efficientnet-lite2", new Accuracy(0.776, "EfficientNet-Lite release (TF TPU repo)")),
            Map.entry("efficientnet-lite3", new Accuracy(0.798, "EfficientNet-Lite release (TF TPU repo)")),
            Map.entry("efficientnet-lite4", new Accuracy(0.815, "EfficientNet-Lite release (TF TPU repo)")));

    /** MIDAP latencies the S3NAS paper reports in Table 6 (the authors' simulator), in ms, for the reproduction column. */
    private static final Map<String, Double> PAPER_LATENCY_MS = Map.of(
            "efficientnet-b1", 2.47, "efficientnet-b2", 3.31, "efficientnet-b3", 5.22, "efficientnet-b4", 11.42,
            "efficientnet-lite2", 2.51, "efficientnet-lite3", 3.50, "efficientnet-lite4", 5.84);

    public static Optional<Accuracy> accuracy(String network) { return Optional.ofNullable(ACCURACY.get(network)); }

    /** The paper's MIDAP latency of a reference network, or NaN where Table 6 does not list it. */
    public static double paperLatencyMs(String network) { return PAPER_LATENCY_MS.getOrDefault(network, Double.NaN); }
}
