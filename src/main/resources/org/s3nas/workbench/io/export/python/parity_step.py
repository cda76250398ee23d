#!/usr/bin/env python3
"""One search step's loss and gradients from a given state, for the workbench's parity test against its ND4J engine.

    python3 parity_step.py --state DIR --input step.json --output result.json

DIR holds the engine's state (state.json + state.f32, as `export-search --initial-state` writes); step.json holds the
batch (NHWC floats as the engine reads them, labels), the phase (1: fixed choices, CE only; 2: the thresholds decide,
CE + Eq. 9). result.json: loss, cross-entropy, latency (ms), latency term, and the threshold gradients dLoss/dt.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3nas_torch as s3  # noqa: E402


def main():
    args, exported, step, x, y = s3.parity_step_inputs("search.json")
    cfg = exported["config"]
    net = s3.Supernet(exported["supernet"])
    net.load_nd4j_state(args.state)
    net.latency_into_weights = cfg["loss"] != "TARGET"
    net.train()
    choices = None if step["phase"] == 2 else [[tuple(sk) for sk in b] for b in step["choices"]]
    logits, indicators = net(x, choices)
    ce = F.cross_entropy(logits, y, label_smoothing=cfg["labelSmoothing"])
    latency = s3.Latency(exported["latency"], exported["supernet"]).ms(indicators)
    term = s3.latency_term(latency, cfg) if step["phase"] == 2 else latency * 0
    loss = ce.double() + term
    loss.backward()
    g = net.thresholds.grad
    out = {"loss": float(loss), "crossEntropy": float(ce), "latencyMs": float(latency), "latencyTerm": float(term),
           "thresholdGradients": [0.0] * net.thresholds.numel() if g is None else [float(v) for v in g],
           "depthwiseGradientNorm": float(sum(float((u.depthwise.grad ** 2).sum()) for b in net.blocks for u in b.units
                                              if u.depthwise.grad is not None) ** 0.5)}
    with open(args.output, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
