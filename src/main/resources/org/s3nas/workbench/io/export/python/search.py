#!/usr/bin/env python3
"""The S3NAS search (paper 2.4: phase 1 supernet training, phase 2 threshold search with the Eq. 9 loss) on PyTorch.

One process:             python3 search.py [options]
One machine, N GPUs:     torchrun --standalone --nproc_per_node=N search.py [options]
Several machines:        torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:29400 \
                             --rdzv_id=JOB search.py [options]          (the same command on every machine)
Resume after a crash:    the same launcher with  search.py --resume RUN_DIR

The run folder has the workbench's format (search-config.json, history.json/csv, architecture.json, result.json,
checkpoint metadata), so the workbench opens and follows it (Search view: Open run folder, or `s3nas search --follow`).
Written by S3NAS Workbench (`export-search`); the search's settings are in search.json beside this file.
"""
import argparse
import datetime
import math
import os
import random
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3nas_torch as s3  # noqa: E402

VALIDATION_DURING_RUN = 2000
CALIBRATION_BATCHES = 10


def parse_args(argv=None):
    a = argparse.ArgumentParser(description="S3NAS search on PyTorch (DDP under torchrun).")
    a.add_argument("--out", help="run folder (default: runs/<project>-<time>)")
    a.add_argument("--resume", metavar="DIR", help="continue the run in DIR from its last checkpoint (its stored settings)")
    a.add_argument("--phase1-epochs", type=int)
    a.add_argument("--phase2-epochs", type=int)
    a.add_argument("--target-ms", type=float)
    a.add_argument("--batch-size", type=int, help="global batch over all processes (default: the project's); "
                                                   "the learning rate scales with it (the paper's rate per 256 images)")
    a.add_argument("--threshold-lr-scale", type=float)
    a.add_argument("--threshold-momentum", type=float)
    a.add_argument("--checkpoint-every", type=int, help="checkpoint every STEPS steps (default: the project's)")
    a.add_argument("--initial-state", metavar="DIR", help="start from the ND4J engine's initial state (export-search --initial-state)")
    s3.add_run_options(a, "search.json")
    return a.parse_args(argv)


def settings(args):
    """The run's settings: stored in the run folder when resuming, else search.json with the command-line overrides."""
    exported, run = s3.read_settings(args)
    if run is not None:
        return exported, run, args.resume
    cfg = dict(exported["config"])
    for option, key in (("phase1_epochs", "phase1Epochs"), ("phase2_epochs", "phase2Epochs"), ("limit_images", "limitImages"),
                        ("target_ms", "targetLatencyMs"), ("seed", "seed"), ("threshold_lr_scale", "thresholdLearningRateScale"),
                        ("threshold_momentum", "thresholdMomentum"), ("checkpoint_every", "checkpointEverySteps")):
        if getattr(args, option) is not None:
            cfg[key] = getattr(args, option)
    dataset = s3.dataset_of(exported, args, cfg)
    batch = args.batch_size or cfg["batchSize"]
    run = {"format": 1, "engine": "pytorch", "config": cfg, "dataset": dataset, "globalBatch": batch,
           "learningRate": cfg["learningRate"] * batch / cfg["batchSize"],
           "initialState": os.path.abspath(args.initial_state) if args.initial_state else None}
    out = args.out or os.path.join("runs", "%s-%s" % (exported["project"], datetime.datetime.now().strftime("%Y%m%d-%H%M%S")))
    return exported, run, out


class Search(s3.Run):
    def __init__(self, args):
        super().__init__(args, settings)
        cfg = self.cfg
        self.data = s3.Split(self.run["dataset"], cfg["trainingResolution"], cfg["limitImages"], cfg["seed"])
        self.split_batch(self.run["globalBatch"], "search.batchSize")
        self.total_epochs = cfg["phase1Epochs"] + cfg["phase2Epochs"]
        self.net = s3.Supernet(self.exported["supernet"]).to(self.device)
        self.net.initialise(cfg["seed"])
        if self.run.get("initialState"):
            self.net.load_nd4j_state(self.run["initialState"])
        self.latency = s3.Latency(self.exported["latency"], self.exported["supernet"])
        # loss TARGET: the target controller (the workbench's docs/target-controller.md) steers phase 2 into the band
        self.controller = s3.TargetController(cfg) if cfg["loss"] == "TARGET" else None
        self.net.latency_into_weights = self.controller is None
        weights = [p for n_, p in self.net.named_parameters() if n_ != "thresholds"]
        self.decayed = set(id(p) for p in self.net.decayed())
        self.opt = s3.RmsPropTF([
            {"params": weights, "lr": self.run["learningRate"], "momentum": cfg["rmsMomentum"]},
            {"params": [self.net.thresholds], "lr": self.run["learningRate"] * cfg["thresholdLearningRateScale"],
             "momentum": cfg["thresholdMomentum"]}], lr=self.run["learningRate"], decay=cfg["rmsDecay"], momentum=cfg["rmsMomentum"],
            eps=cfg["rmsEpsilon"])
        self.scaler = torch.cuda.amp.GradScaler(enabled=self.amp)
        # the training's wall-clock seconds since the run first started, continued across resumes (NaN: unknown)
        self.elapsed_before, self.clock_start = 0.0, time.time()
        # every process computes the same path; unused parameters differ from step to step (sampled paths, skips)
        self.begin(find_unused_parameters=True)

    # ---- helpers

    def phase(self):
        return 1 if self.epoch < self.cfg["phase1Epochs"] else 2

    def learning_rate(self):
        epochs = self.step / self.steps_per_epoch
        return self.run["learningRate"] * self.cfg["lrDecay"] ** math.floor(epochs / self.cfg["lrDecayEpochs"])

    # ---- one step

    def train_step(self):
        cfg, phase = self.cfg, self.phase()
        x, y = self.next_batch()
        choices = self.net.sample_choices(random.Random("%d:path:%d" % (cfg["seed"], self.step))) if phase == 1 else None
        lr = self.learning_rate()
        gain = self.controller.gain if self.controller is not None else 1.0
        for g, scale in zip(self.opt.param_groups, (1.0, cfg["thresholdLearningRateScale"] * gain)):
            g["lr"] = lr * scale
        self.opt.param_groups[1]["active"] = phase == 2
        self.opt.zero_grad(set_to_none=True)
        with torch.autocast(device_type=self.device.type, enabled=self.amp):
            logits, indicators = self.model(x, choices)
            ce = F.cross_entropy(logits.float(), y, label_smoothing=cfg["labelSmoothing"])
        latency = self.latency.ms(indicators)
        term = s3.latency_term(latency, cfg) if phase == 2 else latency * 0
        loss = ce + term.to(ce.device).float()
        if not math.isfinite(float(ce)):
            self.diverged("the cross-entropy is not finite (%s)" % float(ce), phase)
        self.scaler.scale(loss).backward()
        self.scaler.unscale_(self.opt)
        with torch.no_grad():
            wd = cfg["weightDecay"]
            params = [p for p in self.net.parameters() if p is not self.net.thresholds]
            if wd > 0:
                for p in params:
                    if id(p) in self.decayed and p.grad is not None:
                        p.grad.add_(p, alpha=wd)
            norm = s3.clip_global(params + ([self.net.thresholds] if phase == 2 else []), cfg["gradientClip"])
        if not math.isfinite(norm) and not self.amp:
            self.diverged("a gradient is not finite", phase)
        before = self.net.thresholds.detach().cpu().tolist()
        self.scaler.step(self.opt)
        self.scaler.update()
        control = {"simulatedLatencyMs": float("nan"), "gain": float("nan"), "crossings": 0, "heldBack": 0}
        if phase == 2:
            control = self.control_step(indicators, before)
        correct = float((logits.argmax(1) == y).sum())
        ce_sum, correct_sum = self.all_sum([float(ce) * len(y), correct])
        ce_mean = ce_sum / self.global_batch
        epoch_end = self.count_step(lambda: self.validate(VALIDATION_DURING_RUN))
        row = {"step": self.step, "epoch": self.epoch - 1 if epoch_end else self.epoch, "phase": phase,
               "loss": ce_mean + float(term), "crossEntropy": ce_mean, "latencyTerm": float(term), "latencyMs": float(latency),
               "trainAccuracy": correct_sum / self.global_batch,
               "validationAccuracy": self.last_validation if epoch_end else float("nan"), "learningRate": lr,
               "thresholds": [float(t) for t in self.net.thresholds.detach().cpu()], "control": control,
               "elapsedSeconds": self.elapsed_before + time.time() - self.clock_start}
        # the path the step used (phase 1: sampled; phase 2: what the thresholds selected in its forward pass)
        path = choices if choices is not None else [[u.chosen(uk, ue) for u, (uk, ue) in zip(b.units, ind)]
                                                    for b, ind in zip(self.net.blocks, indicators)]
        row["choices"] = s3.block_codes(self.exported["supernet"], path)
        self.history.append(row)
        return row

    def control_step(self, indicators, before):
        """After phase 2's updates: the controller's guard on the thresholds' step (with the new weights' split energies)
        and its gain; what the step did to the decoded architecture (splits that crossed, crossings held back). The
        simulated latency stays NaN: the MIDAP simulator is the workbench's (the table latency is in latencyMs)."""
        g = s3.SplitGeometry(self.net, self.latency)
        bits_before = [float(u) > 0.5 for row in indicators for uk, ue in row for u in list(uk) + list(ue)]
        held, gain = 0, float("nan")
        t = self.net.thresholds.detach().cpu().tolist()
        if self.controller is not None:
            t, _, held = self.controller.guard(g, before, t)
            with torch.no_grad():
                self.net.thresholds.copy_(torch.tensor(t, dtype=torch.float64))
            self.controller.update(g.latency_ms(t))
            gain = self.controller.gain
        bits_after = g.indicator_bits(t)
        return {"simulatedLatencyMs": float("nan"), "gain": gain, "crossings": sum(a != b for a, b in zip(bits_before, bits_after)),
                "heldBack": held}

    def repair_into_band(self):
        """The final repair (loss TARGET, after a phase 2), as the ND4J engine's SearchEngine.repairIntoBand: when the
        decoded architecture's latency is outside the band (the controller says so), the thresholds move to the nearest
        architecture in it (s3.TargetRepair over the latency table P; there is no simulator here, and the table is the
        simulator's latency to ~0.01 %). Returns result.json's `repair` (before/after on the table), or None."""
        if self.controller is None or self.cfg["phase2Epochs"] <= 0:
            return None
        g = s3.SplitGeometry(self.net, self.latency)
        t = self.net.thresholds.detach().cpu().tolist()
        before = g.latency_ms(t)
        if self.controller.in_band(before):
            return None
        t, table_before, table_after, movement, changes = s3.TargetRepair.repair(g, t, self.controller.lower, self.controller.target)
        with torch.no_grad():
            self.net.thresholds.copy_(torch.tensor(t, dtype=torch.float64))
            if self.distributed:  # every process ends with process 0's thresholds (the same computation, bit for bit)
                dist.broadcast(self.net.thresholds.data, 0)
        blocks = self.exported["supernet"]["blocks"]
        text = []
        for b, j, (k0, e0), (k1, e1) in changes:
            sk = blocks[b]["superkernels"][j]
            text.append("block %d superkernel %d: k%d e%d -> k%d e%d" % (b + 1, j + 1, sk["kernelSizes"][k0], sk["expansions"][e0],
                                                                      sk["kernelSizes"][k1], sk["expansions"][e1]))
        self.log("final repair: %.4f ms -> %.4f ms on the latency table (band %.4f-%.4f ms), %d superkernel%s changed"
                 % (table_before, table_after, self.controller.lower, self.controller.target, len(text), "" if len(text) == 1 else "s"))
        return {"beforeMs": table_before, "afterMs": table_after, "tableBeforeMs": table_before, "tableAfterMs": table_after,
                "thresholdMovement": movement, "changes": text}

    def diverged(self, what, phase):
        raise SystemExit("error: training diverged at step %d (phase %d, epoch %d): %s; lower the learning rate (%.4g) or the "
                         "gradient clip (%.4g) and start again" % (self.step + 1, phase, self.epoch, what, self.learning_rate(),
                                                                   self.cfg["gradientClip"]))

    @torch.no_grad()
    def validate(self, max_images):
        """Accuracy of the path the thresholds select, BN statistics recalibrated on it with the first training batches."""
        n = len(self.data.val_labels)
        n = min(max_images, n) if max_images > 0 else n
        if n == 0:
            return float("nan")
        self.net.train()
        for b in range(min(CALIBRATION_BATCHES, self.data.train_count() // self.batch)):
            x, _ = self.data.batch(list(range(b * self.batch, (b + 1) * self.batch)))
            self.net(x.to(self.device))
        self.net.eval()
        correct = 0
        mine = list(range(self.rank, n, self.world))
        for i in range(0, len(mine), self.batch):
            x, y = self.data.batch(mine[i: i + self.batch], validation=True)
            with torch.autocast(device_type=self.device.type, enabled=self.amp):
                logits, _ = self.net(x.to(self.device))
            correct += float((logits.argmax(1).cpu() == y).sum())
        self.net.train()
        return self.all_sum([correct])[0] / n

    def threshold_path_latency(self):
        with torch.no_grad():
            ind = []
            for b in self.net.blocks:
                row = []
                for u in b.units:
                    _, _, uk, ue, _ = u.masks(self.net.thresholds, None)
                    row.append((uk, ue))
                ind.append(row)
            return float(self.latency.ms(ind))

    # ---- run folder

    def checkpoint(self, name="checkpoint.pt"):
        if self.rank != 0:
            return
        state = {"format": 1, "step": self.step, "epoch": self.epoch, "batchInEpoch": self.batch_in_epoch,
                 "lastValidation": self.last_validation, "model": self.net.state_dict(), "optimizer": self.opt.state_dict(),
                 "scaler": self.scaler.state_dict(), "history": self.history, "worldSize": self.world,
                 "gain": self.controller.gain if self.controller is not None else None,
                 "elapsedSeconds": self.elapsed_before + time.time() - self.clock_start}
        self.save(state, self.steps_per_epoch * self.total_epochs, name, phase=self.phase())

    def restore(self):
        st = self.load()
        self.net.load_state_dict(st["model"])
        self.opt.load_state_dict(st["optimizer"])
        self.scaler.load_state_dict(st["scaler"])
        self.elapsed_before = st.get("elapsedSeconds", float("nan"))
        if self.controller is not None and st.get("gain") is not None:
            self.controller.gain = st["gain"]
        self.log("resumed %s at step %d (epoch %d)" % (self.dir, self.step, self.epoch))

    def write_history(self):
        if self.rank == 0:
            s3.write_history(self.dir, self.net.threshold_names, self.history)

    def progress(self, row, images_per_second):
        total = self.steps_per_epoch * self.total_epochs
        val = row["validationAccuracy"]
        self.log(("step %d (%.0f%%) epoch %d phase %d  loss %.4f  ce %.4f  latency-term %.4f  latency %.4f ms (target %.4f)  "
                  "train-acc %.3f%s  lr %.5f  %.0f img/s") % (
            row["step"], 100.0 * row["step"] / max(1, total), row["epoch"], row["phase"], row["loss"], row["crossEntropy"],
            row["latencyTerm"], row["latencyMs"], self.cfg["targetLatencyMs"], row["trainAccuracy"],
            "" if math.isnan(val) else "  val-acc %.3f" % val, row["learningRate"], images_per_second))

    def step_and_checkpoint(self):
        """One step; a checkpoint every checkpointEverySteps steps and at each phase's end (phase1.pt: the supernet
        after phase 1, which a second search can start from). Returns (history row, whether a checkpoint was written)."""
        phase_before = self.phase()
        row = self.train_step()
        phase_end = self.batch_in_epoch == 0 and (self.epoch >= self.total_epochs or self.phase() != phase_before)
        due = self.step % self.cfg["checkpointEverySteps"] == 0 or phase_end
        if due:
            self.checkpoint()
        if phase_end and phase_before == 1:
            self.checkpoint("phase1.pt")
        return row, due

    def run_search(self):
        if self.rank == 0:
            os.makedirs(self.dir, exist_ok=True)
            if not self.args.resume:
                s3.write_atomically(os.path.join(self.dir, "search-config.json"), s3.dumps(self.cfg))
                s3.write_atomically(os.path.join(self.dir, "run.json"), s3.dumps(self.run))
            self.write_history()
        self.log("search %s -> %s (%d process%s, %s, batch %d = %d x %d)%s" % (
            self.exported["project"], self.dir, self.world, "" if self.world == 1 else "es", self.device.type,
            self.global_batch, self.world, self.batch, " (resumed)" if self.args.resume else ""))
        t0 = self.clock_start = time.time()
        images_per_second = self.step_loop(self.total_epochs)
        seconds = time.time() - t0
        repair = self.repair_into_band()
        latency = self.threshold_path_latency()
        choices = self.net.decode_choices()
        # named by its latency, as the ND4J engine names its result (on the table here: the workbench simulates on import)
        name = "%s %.4f ms" % (self.exported["supernet"]["name"], latency)
        arch = s3.architecture(self.exported["supernet"], choices, name)
        accuracy = self.validate(0)
        self.checkpoint()
        if self.rank == 0:
            s3.write_atomically(os.path.join(self.dir, "architecture.json"), s3.dumps({"format": 1, "architecture": arch}))
            # judged by the table latency (no simulator here; the workbench simulates the architecture on import) against
            # the band [(1 - tolerance) T, T] as the controller sees it, whatever the loss (as the ND4J engine's result)
            band = self.controller or s3.TargetController(self.cfg)
            lower, met = band.lower, band.in_band(latency)
            result = {"format": 1, "architecture": arch, "validationAccuracy": accuracy,
                      "status": "SUCCEEDED" if met else "TARGET_MISSED", "estimatedLatencyMs": latency, "simulatedLatencyMs": None,
                      "targetLatencyMs": self.cfg["targetLatencyMs"], "targetLowerMs": lower, "targetMet": met,
                      "latencyOfTarget": latency / self.cfg["targetLatencyMs"], "repair": repair, "steps": self.step,
                      "thresholds": dict(zip(self.net.threshold_names, [float(t) for t in self.net.thresholds.detach().cpu()])),
                      "engine": self.engine(images_per_second, seconds)}
            s3.write_atomically(os.path.join(self.dir, "result.json"), s3.dumps(result))
        self.log("done: validation accuracy %.4f, estimated latency %.4f ms (target %.4f ms); %d blocks; %.0f img/s over the run"
                 % (accuracy, latency, self.cfg["targetLatencyMs"], len(arch["blocks"]), images_per_second))
        self.log("written: %s" % os.path.join(self.dir, "architecture.json"))


def main(argv=None):
    args = parse_args(argv)
    s3.main(lambda: Search(args).run_search())


if __name__ == "__main__":
    main()
