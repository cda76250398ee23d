#!/usr/bin/env python3
"""The final training of one architecture (paper 5.1: RMSProp, warm-up then exponential decay, EMA, label smoothing,
dropout, stochastic depth) on PyTorch, as the workbench's ND4J trainer computes it.

One process:             python3 train.py [options]
One machine, N GPUs:     torchrun --standalone --nproc_per_node=N train.py [options]
Several machines:        torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:29400 \
                             --rdzv_id=JOB train.py [options]          (the same command on every machine)
Resume after a crash:    the same launcher with  train.py --resume RUN_DIR

The run folder has the workbench's training format (train-config.json, architecture.json, history.json/csv,
checkpoint metadata, model.bin, result.json): the Training view lists it and se-rank reads its model.
Written by S3NAS Workbench (`export-training`); the architecture and the recipe are in training.json beside this file.
"""
import argparse
import math
import os
import re
import sys
import time

import torch
import torch.distributed as dist

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3nas_torch as s3  # noqa: E402
import s3nas_train as tr  # noqa: E402


def parse_args(argv=None):
    a = argparse.ArgumentParser(description="Final training on PyTorch (DDP under torchrun).")
    a.add_argument("--out", help="run folder (default: the workbench's, <project folder>/runs/train-<architecture>, "
                                 "when that folder exists here, else runs/train-<architecture>)")
    a.add_argument("--resume", metavar="DIR", help="continue the training in DIR from its last checkpoint (its stored settings)")
    a.add_argument("--epochs", type=int)
    a.add_argument("--test-images", type=int, help="evaluate on at most N test images (0: the whole test split)")
    a.add_argument("--validation-images", type=int, help="validate on at most N images at each epoch end (0: all)")
    a.add_argument("--batch-size", type=int, help="global batch over all processes (default: the exported one); "
                                                   "the learning rate scales with it unless --lr is given")
    a.add_argument("--lr", type=float, help="peak learning rate for the global batch")
    a.add_argument("--warmup-epochs", type=float)
    a.add_argument("--dropout", type=float)
    a.add_argument("--stochastic-depth", type=float)
    a.add_argument("--ema", type=float, help="EMA decay of the weights")
    a.add_argument("--checkpoint-every", type=int, help="checkpoint every STEPS steps (and at each epoch end)")
    a.add_argument("--initial-state", metavar="DIR", help="start from the ND4J network's weights (export-training --initial-state)")
    s3.add_run_options(a, "training.json")
    return a.parse_args(argv)


def slug(name):
    """TrainRun.slug: lower case, runs of other characters as one '-'."""
    s = re.sub(r"^-+|-+$", "", re.sub(r"[^a-z0-9._]+", "-", name.lower()))
    return s or "unnamed"


def default_run_folder(exported):
    """The workbench's run folder of this training (<project folder>/runs/train-<architecture>) where the project's
    folder exists (the Training view lists it there, se-rank reads it), else runs/train-<architecture> here."""
    folder = exported.get("runFolder")
    if folder and os.path.isdir(os.path.dirname(os.path.dirname(folder))):
        return folder
    return os.path.join("runs", "train-" + slug(exported["architecture"]["name"]))


def settings(args):
    """The run's settings: stored in the run folder when resuming, else training.json with the command-line overrides.
    The configuration (train-config.json) records the values used: the global batch and its learning rate."""
    exported, run = s3.read_settings(args)
    if run is not None:
        return exported, run, args.resume
    cfg = dict(exported["config"])
    for option, key in (("epochs", "epochs"), ("limit_images", "limitImages"), ("test_images", "testImages"),
                        ("validation_images", "validationImages"), ("warmup_epochs", "warmupEpochs"), ("dropout", "dropout"),
                        ("stochastic_depth", "stochasticDepth"), ("ema", "emaDecay"), ("seed", "seed"),
                        ("checkpoint_every", "checkpointEverySteps")):
        if getattr(args, option) is not None:
            cfg[key] = getattr(args, option)
    if args.batch_size:
        cfg["learningRate"] = cfg["learningRate"] * args.batch_size / cfg["batchSize"]
        cfg["batchSize"] = args.batch_size
    if args.lr is not None:
        cfg["learningRate"] = args.lr
    for key, low, high in (("dropout", 0, 1), ("stochasticDepth", 0, 1), ("emaDecay", 0, 1)):
        if not low <= cfg[key] < high:
            raise SystemExit("error: %s must be in [%g, %g), was %g" % (key, low, high, cfg[key]))
    if cfg["epochs"] < 1 or cfg["batchSize"] < 1 or cfg["checkpointEverySteps"] < 1:
        raise SystemExit("error: epochs, batch size and checkpoint interval must be at least 1")
    dataset = s3.dataset_of(exported, args, cfg)
    run = {"format": 1, "engine": "pytorch", "config": cfg, "dataset": dataset,
           "initialState": os.path.abspath(args.initial_state) if args.initial_state else None}
    out = args.out or default_run_folder(exported)
    return exported, run, out


class Training(s3.Run):
    def __init__(self, args):
        super().__init__(args, settings)
        cfg = self.cfg
        resolution = self.exported["network"]["resolution"]
        self.data, self.mean, self.std = tr.training_split(self.run["dataset"], resolution, cfg["limitImages"], cfg["seed"])
        self.split_batch(cfg["batchSize"], "batchSize")
        self.net = tr.FixedNet(self.exported["network"], cfg["dropout"], cfg["stochasticDepth"])
        self.net.initialise(cfg["seed"])
        if self.run.get("initialState"):
            self.net.load_nd4j_state(self.run["initialState"])
        self.net.to(self.device)
        self.trainer = tr.Trainer(self.net, cfg, self.amp)
        # BN statistics stay per process (no SyncBN); evaluations re-estimate them over all processes
        self.begin(broadcast_buffers=False)

    # ---- helpers

    def learning_rate(self):
        c = self.cfg
        return tr.learning_rate(c["learningRate"], c["warmupEpochs"], c["lrDecay"], c["lrDecayEpochs"], self.step, self.steps_per_epoch)

    def all_mean(self, tensors):
        if not self.distributed:
            return tensors
        out = []
        for t in tensors:
            t = t.clone()
            dist.all_reduce(t)
            out.append(t / self.world)
        return out

    # ---- one step

    def train_step(self):
        cfg = self.cfg
        x, y = self.next_batch()
        # dropout and stochastic depth from the seed and the step, as the augmentation: a resumed run repeats them
        torch.manual_seed(self.step_seed())
        lr = self.learning_rate()
        ce, logits, norm = self.trainer.step(self.model, x, y, lr, self.step)
        if not math.isfinite(float(ce)) or (not math.isfinite(norm) and not self.amp):
            raise SystemExit("error: the loss diverged (%s) at step %d; lower the learning rate (%.4g)" % (float(ce), self.step + 1, lr))
        correct = float((logits.argmax(1) == y).sum())
        ce_sum, correct_sum = self.all_sum([float(ce) * len(y), correct])
        n = len(self.data.val_labels)
        epoch_end = self.count_step(lambda: self.evaluate(True, lambda: self.accuracy(
            min(cfg["validationImages"], n) if cfg["validationImages"] > 0 else n, validation=True)))
        row = {"step": self.step, "epoch": self.epoch - 1 if epoch_end else self.epoch, "loss": ce_sum / self.global_batch,
               "trainAccuracy": correct_sum / self.global_batch,
               "validationAccuracy": self.last_validation if epoch_end else float("nan"), "learningRate": lr}
        self.history.append(row)
        return row

    # ---- evaluation

    def evaluate(self, ema, body):
        """body() with the EMA (or the raw) weights in place and BN statistics re-estimated for them on the first
        training batches; the training's weights and statistics are restored after."""
        saved = tr.running_statistics(self.net)
        if ema:
            self.trainer.swap_ema()
        try:
            self.calibrate()
            return body()
        finally:
            if ema:
                self.trainer.swap_ema()
            tr.restore_statistics(self.net, saved)

    def calibrate(self):
        batches = max(1, min(self.cfg["calibrationBatches"], self.data.train_count() // self.global_batch))
        xs = []
        for b in range(batches):
            start = b * self.global_batch + self.rank * self.batch
            xs.append(self.data.batch(list(range(start, start + self.batch)))[0].to(self.device))
        tr.calibrate(self.net, xs, self.all_mean)

    @torch.no_grad()
    def accuracy(self, n, validation=False, test=None):
        """Accuracy on the first n validation images, or on the test images (x, y); the processes share the images."""
        if n == 0:
            return float("nan")
        self.net.eval()
        correct = 0
        mine = list(range(self.rank, n, self.world))
        for i in range(0, len(mine), self.batch):
            idx = mine[i: i + self.batch]
            if test is None:
                x, y = self.data.batch(idx, validation=validation)
            else:
                x, y = test[0][idx], test[1][idx]
            with torch.autocast(device_type=self.device.type, enabled=self.amp):
                logits = self.net(x.to(self.device))
            correct += float((logits.argmax(1).cpu() == y).sum())
        self.net.train()
        return self.all_sum([correct])[0] / n

    # ---- run folder

    def checkpoint(self):
        if self.rank != 0:
            return
        state = {"format": 1, "step": self.step, "epoch": self.epoch, "batchInEpoch": self.batch_in_epoch,
                 "lastValidation": self.last_validation, "model": self.net.state_dict(), "trainer": self.trainer.state_dict(),
                 "history": self.history, "worldSize": self.world}
        self.save(state, self.steps_per_epoch * self.cfg["epochs"])

    def restore(self):
        st = self.load()
        self.net.load_state_dict(st["model"])
        self.trainer.load_state_dict(st["trainer"])
        self.log("resumed %s at step %d (epoch %d)" % (self.dir, self.step, self.epoch))

    def write_history(self):
        if self.rank == 0:
            tr.write_history(self.dir, self.history)

    def progress(self, row, images_per_second):
        total = self.steps_per_epoch * self.cfg["epochs"]
        val = row["validationAccuracy"]
        self.log("step %d/%d (%.0f%%) epoch %d  loss %.4f  train-acc %.3f%s  lr %.5f  %.0f img/s" % (
            row["step"], total, 100.0 * row["step"] / max(1, total), row["epoch"], row["loss"], row["trainAccuracy"],
            "" if math.isnan(val) else "  val-acc %.3f" % val, row["learningRate"], images_per_second))

    def step_and_checkpoint(self):
        """One step; a checkpoint every checkpointEverySteps steps and at each epoch end. Returns (history row, whether
        a checkpoint was written)."""
        row = self.train_step()
        due = self.step % self.cfg["checkpointEverySteps"] == 0 or self.batch_in_epoch == 0
        if due:
            self.checkpoint()
        return row, due

    def train(self):
        cfg, arch = self.cfg, self.exported["architecture"]
        if self.rank == 0:
            os.makedirs(self.dir, exist_ok=True)
            if not self.args.resume:
                for name in ("result.json", "model.bin", "checkpoint.pt", "checkpoint.json"):
                    if os.path.exists(os.path.join(self.dir, name)):
                        os.remove(os.path.join(self.dir, name))
                s3.write_atomically(os.path.join(self.dir, "train-config.json"), s3.dumps(cfg))
                s3.write_atomically(os.path.join(self.dir, "architecture.json"), s3.dumps({"format": 1, "architecture": arch}))
                s3.write_atomically(os.path.join(self.dir, "run.json"), s3.dumps(self.run))
            self.write_history()
        self.log("train '%s' (%d blocks, simulated %.4f ms) -> %s (%d process%s, %s, batch %d = %d x %d)%s" % (
            arch["name"], len(arch["blocks"]), self.exported["simulatedLatencyMs"], self.dir, self.world, "" if self.world == 1 else "es",
            self.device.type, self.global_batch, self.world, self.batch, " (resumed)" if self.args.resume else ""))
        self.log("  %d epochs of %d steps, lr %.4g (warm-up %.2f epochs, x%.3g every %.3g epochs), EMA %.4g, dropout %.2f, "
                 "stochastic depth %.2f, label smoothing %.2f" % (
                     cfg["epochs"], self.steps_per_epoch, cfg["learningRate"], cfg["warmupEpochs"], cfg["lrDecay"], cfg["lrDecayEpochs"],
                     cfg["emaDecay"], cfg["dropout"], cfg["stochasticDepth"], cfg["labelSmoothing"]))
        t0 = time.time()
        images_per_second = self.step_loop(cfg["epochs"])
        test = tr.test_split(self.run["dataset"], self.exported["network"]["resolution"], cfg["testImages"], self.mean, self.std)
        test_name = "test"
        if test is None:  # an ImageFolder tree without val/ or test/: the held-out validation split
            n = len(self.data.val_labels)
            test = self.data.batch(list(range(n)), validation=True)
            test_name = "validation"
        n_test = len(test[1])
        self.log("testing on %d %s images" % (n_test, test_name))
        raw = self.evaluate(False, lambda: self.accuracy(n_test, test=test))
        # the EMA weights with their re-estimated statistics: measured, then written as the model
        self.trainer.swap_ema()
        saved = tr.running_statistics(self.net)
        try:
            self.calibrate()
            accuracy = self.accuracy(n_test, test=test)
            if self.rank == 0:
                tr.write_model(os.path.join(self.dir, "model.bin"), self.net, self.mean, self.std)
        finally:
            self.trainer.swap_ema()
            tr.restore_statistics(self.net, saved)
        self.checkpoint()
        seconds = time.time() - t0
        if self.rank == 0:
            n_val = len(self.data.val_labels)
            result = {"format": 1, "architecture": arch["name"], "testAccuracy": accuracy, "testAccuracyRaw": raw,
                      "validationAccuracy": self.last_validation, "trainImages": self.data.train_count(),
                      "validationImages": min(cfg["validationImages"], n_val) if cfg["validationImages"] > 0 else n_val,
                      "testImages": n_test, "epochs": cfg["epochs"], "steps": self.step, "batchSize": self.global_batch,
                      "parameters": sum(p.numel() for p in self.net.parameters()), "seconds": seconds,
                      "simulatedLatencyMs": self.exported["simulatedLatencyMs"], "project": self.exported["project"],
                      "testSplit": test_name,
                      "engine": self.engine(images_per_second, seconds)}
            s3.write_atomically(os.path.join(self.dir, "result.json"), s3.dumps(result))
        self.log("test accuracy %.4f (EMA weights; raw %.4f) on %d %s images, validation %.4f; %d training images x %d epochs; "
                 "%.0f img/s over the run" % (accuracy, raw, n_test, test_name, self.last_validation, self.data.train_count(), cfg["epochs"],
                                             images_per_second))
        self.log("written: %s, %s" % (os.path.join(self.dir, "result.json"), os.path.join(self.dir, "model.bin")))


def main(argv=None):
    args = parse_args(argv)
    s3.main(lambda: Training(args).train())


if __name__ == "__main__":
    main()
