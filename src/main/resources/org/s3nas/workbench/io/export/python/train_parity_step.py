#!/usr/bin/env python3
"""One final-training step from given weights, for the workbench's parity test against its ND4J trainer.

    python3 train_parity_step.py --state DIR --input step.json --output result.json

DIR holds the ND4J network's weights (state.json + state.f32, as `export-training --initial-state` writes); step.json
holds the batch (NHWC floats as the engine reads them), the labels, the step and the steps per epoch. result.json: the
loss, the gradient norm before clipping, and per tensor (the engine's names and layouts) the gradient the update used,
the weight and its EMA after the step; and the schedule's learning rate and the EMA decay at a few steps.
"""
import json
import os
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3nas_torch as s3  # noqa: E402
import s3nas_train as tr  # noqa: E402


def main():
    args, exported, step, x, y = s3.parity_step_inputs("training.json")
    cfg = exported["config"]
    net = tr.FixedNet(exported["network"], cfg["dropout"], cfg["stochasticDepth"])
    net.load_nd4j_state(args.state)
    net.train()
    trainer = tr.Trainer(net, cfg)
    spe = step["stepsPerEpoch"]
    lr = tr.learning_rate(cfg["learningRate"], cfg["warmupEpochs"], cfg["lrDecay"], cfg["lrDecayEpochs"], step["step"], spe)
    gradients = {}

    def keep(model):
        for name, p, layout in model.nd4j_tensors():
            gradients[name] = tr.to_nd4j(p.grad, layout).tolist()

    ce, _, norm = trainer.step(net, x, y, lr, step["step"], keep)
    tensors = {}
    for name, p, layout in net.nd4j_tensors():
        ema = dict(net.named_parameters())
        key = next(k for k, v in ema.items() if v is p)
        tensors[name] = {"gradient": gradients[name], "value": tr.to_nd4j(p, layout).tolist(),
                         "ema": tr.to_nd4j(trainer.ema[key].view_as(p), layout).tolist()}
    out = {"loss": float(ce), "learningRate": lr, "gradientNorm": norm, "tensors": tensors,
           "schedule": [tr.learning_rate(cfg["learningRate"], cfg["warmupEpochs"], cfg["lrDecay"], cfg["lrDecayEpochs"], s, spe)
                        for s in step["scheduleSteps"]],
           "emaDecay": [tr.ema_decay(cfg["emaDecay"], k) for k in step["scheduleSteps"]]}
    with open(args.output, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
