"""The workbench's final training on PyTorch: the fixed network, the paper's 5.1 schedule, EMA, one training step.

Written by S3NAS Workbench (`export-training`). The math follows the workbench's ND4J engine (train/FixedNet.java,
FinalTrainer.java, Schedule.java, Ema.java, Optimiser.java, engine/BatchNorm.java, engine/RmsProp.java) so that one
step from the same weights gives the same loss and gradients; data, BN, RMSProp and the run-folder writers are the
search package's (s3nas_torch.py), imported:

* each block's branches merged by kernel (paper Fig. 8), each its own expand slice (none when the block's expansion
  is exactly 1) -> BN -> act -> depthwise k x k -> BN -> act; squeeze-and-excitation over all the block's expanded
  channels (global pool -> FC -> ReLU -> FC -> sigmoid -> multiply); the projection sums the branches; BN; residual
  with stochastic depth (per image, drop rate linear in the residual block's index up to the last one's);
* stem conv -> BN -> act; head 1x1 conv -> BN -> act -> global pool -> dropout -> FC;
* BN eps 1e-3, running statistics 0.9 * running + 0.1 * batch (biased variance), re-estimated for the weights an
  evaluation uses (the average over the first training batches);
* learning rate: linear warm-up to lr over the first W epochs' steps, then lr * decay^floor(epoch / decayEpochs);
* label-smoothed cross-entropy, L2 weight decay on conv/FC weights, global-norm clipping, RMSProp as the engine's;
* EMA of every weight with decay min(D, (1 + n) / (10 + n)) after n updates.
"""
import math
import os
import random
import struct
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

import s3nas_torch as s3

MODEL_MAGIC, MODEL_VERSION, FRAME_MAGIC, FRAME_VERSION = 0x53334D44, 1, 0x5333434B, 1


# ------------------------------------------------------------------------------------------------ network

class Branch(nn.Module):
    def __init__(self, cin, cout, kernel, expansion, stride, expand, act):
        super().__init__()
        self.k, self.stride, self.pad = kernel, stride, (kernel - 1) // 2
        self.cj = expansion * cin
        self.expand = nn.Parameter(torch.zeros(self.cj, cin, 1, 1)) if expand else None
        self.bn_e = s3.BatchNorm(self.cj, act) if expand else None
        self.depthwise = nn.Parameter(torch.zeros(self.cj, 1, kernel, kernel))
        self.bn_d = s3.BatchNorm(self.cj, act)
        self.project = nn.Parameter(torch.zeros(cout, self.cj, 1, 1))

    def forward(self, x):
        a = self.bn_e(F.conv2d(x, self.expand)) if self.expand is not None else x
        return self.bn_d(F.conv2d(a, self.depthwise, stride=self.stride, padding=self.pad, groups=self.cj))


class Se(nn.Module):
    """Squeeze-and-excitation over the concatenation of a block's branch outputs."""

    def __init__(self, c, cse):
        super().__init__()
        self.reduce = nn.Linear(c, cse)
        self.expand = nn.Linear(cse, c)
        with torch.no_grad():
            self.reduce.bias.zero_()
            self.expand.bias.zero_()

    def forward(self, outs):
        e = torch.sigmoid(self.expand(F.relu(self.reduce(torch.cat(outs, 1).mean((2, 3))))))
        scaled, at = [], 0
        for o in outs:
            c = o.shape[1]
            scaled.append(o * e[:, at: at + c, None, None])
            at += c
        return scaled


class FixedBlock(nn.Module):
    def __init__(self, spec, drop_rate):
        super().__init__()
        self.spec = spec
        self.index, self.skip, self.residual = spec["index"], spec["skip"], spec["residual"]
        self.drop_rate = drop_rate
        self.branches = nn.ModuleList([] if self.skip else [
            Branch(spec["inChannels"], spec["outChannels"], b["kernel"], b["expansion"], spec["stride"], spec["expand"], spec["activation"])
            for b in spec["branches"]])
        total = sum(b.cj for b in self.branches)
        self.se = Se(total, spec["seChannels"]) if spec["seChannels"] > 0 and not self.skip else None
        self.bn_p = None if self.skip else s3.BatchNorm(spec["outChannels"], None)

    def forward(self, x):
        if self.skip:
            return x
        outs = [b(x) for b in self.branches]
        if self.se is not None:
            outs = self.se(outs)
        p = None
        for b, o in zip(self.branches, outs):
            y = F.conv2d(o, b.project)
            p = y if p is None else p + y
        out = self.bn_p(p)
        if not self.residual:
            return out
        if self.training and self.drop_rate > 0:
            keep = (torch.rand(out.shape[0], 1, 1, 1, device=out.device) >= self.drop_rate).to(out.dtype) / (1 - self.drop_rate)
            out = out * keep
        return out + x


def drop_rates(blocks, stochastic_depth):
    """Per block: 0, or for the residual non-skip blocks a rate growing linearly to stochastic_depth at the last one."""
    residual = [b for b in blocks if b["residual"] and not b["skip"]]
    out, i = [], 0
    for b in blocks:
        if b["residual"] and not b["skip"]:
            out.append(stochastic_depth if len(residual) <= 1 else stochastic_depth * i / (len(residual) - 1.0))
            i += 1
        else:
            out.append(0.0)
    return out


class FixedNet(nn.Module):
    """One fixed architecture (NCHW) as the workbench's FixedNet computes it; forward(images) -> logits."""

    # the search package's loader of the ND4J engine's tensors (state.json + state.f32), through nd4j_tensors()
    load_nd4j_state = s3.Supernet.load_nd4j_state

    def __init__(self, network, dropout, stochastic_depth):
        super().__init__()
        stem, head = network["stem"], network["head"]
        self.stem_k, self.stem_s = stem["kernel"], max(1, stem["stride"])
        self.stem = nn.Parameter(torch.zeros(stem["channels"], network["inputChannels"], self.stem_k, self.stem_k))
        self.bn_s = s3.BatchNorm(stem["channels"], stem["activation"])
        rates = drop_rates(network["blocks"], stochastic_depth)
        self.blocks = nn.ModuleList([FixedBlock(b, r) for b, r in zip(network["blocks"], rates)])
        head_in = network["blocks"][-1]["outChannels"] if network["blocks"] else stem["channels"]
        self.head = nn.Parameter(torch.zeros(head["featureChannels"], head_in, 1, 1))
        self.bn_h = s3.BatchNorm(head["featureChannels"], head["activation"])
        self.dropout = dropout
        self.fc = nn.Linear(head["featureChannels"], head["classes"])
        self.register_buffer("thresholds", torch.zeros(0, dtype=torch.float64), persistent=False)  # none: for load_nd4j_state

    def forward(self, x):
        x = self.bn_s(F.conv2d(x, self.stem, stride=self.stem_s, padding=(self.stem_k - 1) // 2))
        for b in self.blocks:
            x = b(x)
        x = self.bn_h(F.conv2d(x, self.head)).mean((2, 3))
        return self.fc(F.dropout(x, self.dropout, self.training))

    def initialise(self, seed):
        """He normal with fan-out for convs (and the SE FCs, as the engine), FC uniform in +-1/sqrt(fan-in), biases 0."""
        g = torch.Generator().manual_seed(seed)
        # an expand slice's fan-out is its block's expanded channels (all branches), as the engine's
        expanded = {"b%d.k%d.expand.w" % (b.index, br.k): sum(o.cj for o in b.branches) for b in self.blocks for br in b.branches}
        with torch.no_grad():
            for name, p, layout in self.nd4j_tensors():
                if layout == "vec":
                    continue
                if name == "fc.w":
                    r = 1 / math.sqrt(p.shape[1])
                    p.copy_((torch.rand(p.shape, generator=g) * 2 - 1) * r)
                else:
                    if name in expanded:
                        fan_out = expanded[name]
                    elif layout == "stem":
                        fan_out = p.shape[0] * p.shape[2] * p.shape[3]
                    elif layout == "dw":
                        fan_out = p.shape[2] * p.shape[3]
                    else:  # 'io' 1x1 convs and the SE's FCs: their outputs
                        fan_out = p.shape[0]
                    p.copy_(torch.randn(p.shape, generator=g) * math.sqrt(2.0 / fan_out))

    def nd4j_tensors(self):
        """(engine name, tensor, layout) in the ND4J FixedNet's order (its checkpoints' and model file's); layouts as
        s3nas_torch.Supernet.nd4j_tensors: 'stem' [k,k,in,out], 'io' [in,out] 1x1, 'dw' [k*k, c], 'fc' [in, out], 'vec'."""
        out = [("stem.w", self.stem, "stem")] + bn_tensors("stem.bn", self.bn_s)
        for b in self.blocks:
            for br in b.branches:
                n = "b%d.k%d" % (b.index, br.k)
                if br.expand is not None:
                    out += [(n + ".expand.w", br.expand, "io")] + bn_tensors(n + ".expand.bn", br.bn_e)
                out += [(n + ".depthwise.w", br.depthwise, "dw")] + bn_tensors(n + ".depthwise.bn", br.bn_d)
                out += [(n + ".project.w", br.project, "io")]
            if b.se is not None:
                n = "b%d.se" % b.index
                out += [(n + ".reduce.w", b.se.reduce.weight, "fc"), (n + ".reduce.b", b.se.reduce.bias, "vec"),
                        (n + ".expand.w", b.se.expand.weight, "fc"), (n + ".expand.b", b.se.expand.bias, "vec")]
            if b.bn_p is not None:
                out += bn_tensors("b%d.project.bn" % b.index, b.bn_p)
        out += [("head.w", self.head, "io")] + bn_tensors("head.bn", self.bn_h)
        out += [("fc.w", self.fc.weight, "fc"), ("fc.b", self.fc.bias, "vec")]
        return out

    def norms(self):
        """The batch norms in the engine's order."""
        return [m for _, m in self.named_modules() if isinstance(m, s3.BatchNorm)]

    def decayed(self):
        """The tensors weight decay applies to (conv and FC weights)."""
        return [p for _, p, layout in self.nd4j_tensors() if layout != "vec"]


def bn_tensors(name, bn):
    return [(name + ".gamma", bn.weight, "vec"), (name + ".beta", bn.bias, "vec")]


def to_nd4j(t, layout):
    """A tensor in the ND4J engine's flat layout (the inverse of load_nd4j_state's)."""
    t = t.detach().float().cpu()
    if layout == "stem":
        t = t.permute(2, 3, 1, 0)
    elif layout == "io":
        t = t.reshape(t.shape[0], t.shape[1]).t()
    elif layout == "dw":
        t = t.squeeze(1).permute(1, 2, 0)
    elif layout == "fc":
        t = t.t()
    return t.contiguous().reshape(-1)


# ------------------------------------------------------------------------------------------------ recipe

def learning_rate(lr, warmup_epochs, decay, decay_epochs, step, steps_per_epoch):
    """Schedule.java: linear warm-up from lr / W to lr over the first W steps, then lr * decay^floor(epoch / decayEpochs)."""
    warmup_steps = warmup_epochs * steps_per_epoch
    if step < warmup_steps:
        return lr * (step + 1) / math.ceil(warmup_steps)
    return lr * decay ** math.floor((step / steps_per_epoch) / decay_epochs)


def ema_decay(decay, n):
    """Ema.java: the decay of update n (0-based), TF's num_updates rule."""
    return min(decay, (1.0 + n) / (10.0 + n))


class Trainer:
    """The optimiser state of a training: RMSProp (the search package's), the EMA of every weight, AMP's scaler."""

    def __init__(self, net, cfg, amp=False):
        self.net, self.cfg = net, cfg
        self.opt = s3.RmsPropTF(net.parameters(), lr=cfg["learningRate"], decay=cfg["rmsDecay"], momentum=cfg["rmsMomentum"],
                                eps=cfg["rmsEpsilon"])
        self.scaler = torch.cuda.amp.GradScaler(enabled=amp)
        self.amp = amp
        self.decayed = set(id(p) for p in net.decayed())
        self.ema = {n: p.detach().clone() for n, p in net.named_parameters()}

    def step(self, model, x, y, lr, n, on_gradients=None):
        """One optimiser step on (x, y) through `model` (the net or its DDP wrapper): label-smoothed CE, backward, weight
        decay, clipping, RMSProp, the EMA update (n: the 0-based step). on_gradients(net) sees the gradients the update
        uses. Returns (CE, logits, gradient norm before clipping)."""
        cfg = self.cfg
        for g in self.opt.param_groups:
            g["lr"] = lr
        self.opt.zero_grad(set_to_none=True)
        with torch.autocast(device_type=x.device.type, enabled=self.amp):
            logits = model(x)
            ce = F.cross_entropy(logits.float(), y, label_smoothing=cfg["labelSmoothing"])
        self.scaler.scale(ce).backward()
        self.scaler.unscale_(self.opt)
        params = list(self.net.parameters())
        with torch.no_grad():
            if cfg["weightDecay"] > 0:
                for p in params:
                    if id(p) in self.decayed and p.grad is not None:
                        p.grad.add_(p, alpha=cfg["weightDecay"])
            norm = s3.clip_global(params, cfg["gradientClip"] if cfg["gradientClip"] > 0 else float("inf"))
        if on_gradients is not None:
            on_gradients(self.net)
        self.scaler.step(self.opt)
        self.scaler.update()
        d = ema_decay(cfg["emaDecay"], n)
        with torch.no_grad():
            for name, p in self.net.named_parameters():
                self.ema[name].mul_(d).add_(p.detach(), alpha=1 - d)
        return ce, logits, norm

    def state_dict(self):
        return {"optimizer": self.opt.state_dict(), "scaler": self.scaler.state_dict(), "ema": {n: t.cpu() for n, t in self.ema.items()}}

    def load_state_dict(self, st):
        self.opt.load_state_dict(st["optimizer"])
        self.scaler.load_state_dict(st["scaler"])
        for n, t in st["ema"].items():
            self.ema[n].copy_(t)

    def swap_ema(self):
        """Exchanges the weights and their EMA (in for an evaluation, out after it)."""
        with torch.no_grad():
            for name, p in self.net.named_parameters():
                t = p.detach().clone()
                p.copy_(self.ema[name])
                self.ema[name].copy_(t)


# ------------------------------------------------------------------------------------------------ BN statistics

def calibrate(net, batches, all_reduce=None):
    """BN running statistics = the average of the batch statistics (mean, biased variance) over `batches` (training-mode
    forwards, no update of anything else), averaged over the processes by all_reduce(list of tensors) when given."""
    norms = net.norms()
    sums = {id(m): [0, 0] for m in norms}
    count = [0]

    def hook(m, inputs, _):
        xf = inputs[0].detach().float()
        mean = xf.mean((0, 2, 3))
        var = ((xf * xf).mean((0, 2, 3)) - mean * mean).clamp_min(0)
        s = sums[id(m)]
        s[0], s[1] = s[0] + mean, s[1] + var

    handles = [m.register_forward_hook(hook) for m in norms]
    was = net.training
    net.train()
    try:
        with torch.no_grad():
            for x in batches:
                net(x)
                count[0] += 1
    finally:
        for h in handles:
            h.remove()
        net.train(was)
    if count[0] == 0:
        return
    stats = [torch.stack([sums[id(m)][0], sums[id(m)][1]]) / count[0] for m in norms]
    if all_reduce is not None:
        stats = all_reduce(stats)
    for m, st in zip(norms, stats):
        m.running_mean.copy_(st[0])
        m.running_var.copy_(st[1])


def running_statistics(net):
    return [(m.running_mean.clone(), m.running_var.clone()) for m in net.norms()]


def restore_statistics(net, saved):
    for m, (mean, var) in zip(net.norms(), saved):
        m.running_mean.copy_(mean)
        m.running_var.copy_(var)


# ------------------------------------------------------------------------------------------------ data

def training_split(dataset, resolution, limit, seed):
    """The search package's split (s3nas_torch.Split: shuffle, limit, validation, resize, normalisation) and the
    per-channel mean and standard deviation it normalised with, which the model file records. The statistics are
    recomputed from the raw training images of the split and checked against it."""
    split = s3.Split(dataset, resolution, limit, seed)
    channels = dataset.get("channels", 1)
    if split.lazy is not None:  # ImageFolder: normalised with ImageNet's statistics as it is read
        if channels == 3:
            return split, list(s3.ImageFolderData.MEAN), list(s3.ImageFolderData.STD)
        return split, [0.0] * channels, [1.0] * channels
    x, labels = s3.read_idx(dataset["path"], "train") if dataset["format"] == "IDX" else s3.read_cifar10(dataset["path"], False)
    order = list(range(x.shape[0]))
    random.Random(seed).shuffle(order)
    n_val = len(split.val_labels)
    train_idx = order[n_val: n_val + split.train_count()]
    raw = resize(x[train_idx], resolution)
    mean = raw.mean((0, 2, 3), keepdim=True)
    std = ((raw * raw).mean((0, 2, 3), keepdim=True) - mean * mean).clamp_min(0).sqrt().clamp_min(1e-3)
    if not torch.equal(labels[train_idx], split.train_labels) or not torch.allclose((raw - mean) / std, split.train, atol=1e-5):
        raise ValueError("the training split's normalisation could not be reproduced (s3nas_torch.Split changed?)")
    return split, mean.flatten().tolist(), std.flatten().tolist()


def resize(x, resolution):
    if x.shape[-1] == resolution and x.shape[-2] == resolution:
        return x
    return F.interpolate(x, size=(resolution, resolution), mode="bilinear", align_corners=False)


def test_split(dataset, resolution, limit, mean, std):
    """The dataset's test split (IDX t10k, CIFAR-10 test_batch.bin, or an ImageFolder's val/ or test/ folder), the
    first `limit` images (0 = all), normalised with the training split's statistics. None when an ImageFolder tree
    has no test folder."""
    fmt, folder = dataset["format"], dataset["path"]
    if fmt == "IMAGEFOLDER":
        for name in ("val", "test"):
            if os.path.isdir(os.path.join(folder, name)):
                data = s3.ImageFolderData(os.path.join(folder, name), resolution, dataset.get("channels", 3))
                n = len(data) if limit <= 0 else min(limit, len(data))
                return data.load(list(range(n))), data.labels[:n]
        return None
    x, y = s3.read_idx(folder, "t10k") if fmt == "IDX" else s3.read_cifar10(folder, True)
    if limit > 0:
        x, y = x[:limit], y[:limit]
    x = resize(x, resolution)
    m, s = torch.tensor(mean).view(1, -1, 1, 1), torch.tensor(std).view(1, -1, 1, 1)
    return (x - m) / s, y


# ------------------------------------------------------------------------------------------------ the model file

def write_model(path, net, mean, std):
    """model.bin as the ND4J FinalTrainer writes it (what the workbench's TrainedNetwork and se-rank load): the input
    normalisation, every tensor by name in the engine's layout, the BN running statistics; big-endian, inside the
    workbench's checkpoint frame (magic, version, body, body length, CRC-32)."""
    body = [struct.pack(">iii", MODEL_MAGIC, MODEL_VERSION, len(mean))]
    for m, s in zip(mean, std):
        body.append(struct.pack(">ff", m, s))
    tensors = net.nd4j_tensors()
    body.append(struct.pack(">i", len(tensors)))
    for name, p, layout in tensors:
        v = to_nd4j(p, layout)
        encoded = name.encode("utf-8")
        body.append(struct.pack(">H", len(encoded)) + encoded + struct.pack(">i", v.numel()))
        body.append(struct.pack(">%df" % v.numel(), *v.tolist()))
    for m in net.norms():
        for t in (m.running_mean, m.running_var):
            body.append(struct.pack(">%df" % t.numel(), *t.float().cpu().tolist()))
    data = b"".join(body)
    s3.write_atomically(path, struct.pack(">ii", FRAME_MAGIC, FRAME_VERSION) + data
                        + struct.pack(">qq", len(data), zlib.crc32(data) & 0xFFFFFFFF))


def write_history(run_dir, rows):
    """history.json and history.csv as the workbench's TrainRun writes them."""
    keys = ("loss", "trainAccuracy", "validationAccuracy", "learningRate")
    s3.write_atomically(os.path.join(run_dir, "history.json"), s3.dumps({"format": 1, "steps": rows}))
    lines = ["step,epoch,loss,train_accuracy,validation_accuracy,learning_rate"]
    for r in rows:
        lines.append(",".join([str(r["step"]), str(r["epoch"])] + [s3.fmt6(r[k]) for k in keys]))
    s3.write_atomically(os.path.join(run_dir, "history.csv"), "\n".join(lines) + "\n")
