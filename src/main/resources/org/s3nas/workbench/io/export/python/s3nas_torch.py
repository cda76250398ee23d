"""S3NAS search on PyTorch: the workbench's supernet, latency table and search, for one GPU or many (DDP).

Written by S3NAS Workbench (`export-search`). Needs only PyTorch (1.13 or 2.x); Pillow only for ImageFolder data.
The math follows the workbench's ND4J engine (search/SupernetNet.java, SearchEngine.java, Losses.java, RmsProp.java,
npu/DifferentiableLatency.java) so that one step from the same state gives the same loss and threshold gradients:

* superkernel (paper Eq. 1-3): the depthwise weight is the largest kernel; kernel ring i is switched by
  u_k1 * ... * u_ki, then channel slice d by u_e1 * ... * u_ed, measured on the kernel-masked weight; the channel
  switch multiplies the projection's input channels (a masked depthwise weight alone would let BN's shift through);
* indicator x = mean(w_split^2) / nu - t, nu = 2 / (k * k) (the depthwise weights' initial variance), u = 1(x > 0)
  forward, sigmoid(x) backward (straight-through);
* latency (Eq. 7/8): per block sum over (k, e) tuples of P * prod_j F_j G_j, plus stem and head;
* loss (Eq. 9): CE (label smoothing) + lambda1 * log(1 + lambda2 * ReLU(L - T)), or Single-Path's lambda1 * log(L);
* RMSProp as the authors' TF code (eps inside the square root, lr inside the momentum), the thresholds with their
  own rate scale and momentum; weight decay on conv/FC weights; global-norm clipping (thresholds in phase 2).
"""
import argparse
import datetime
import gzip
import io
import json
import math
import os
import random
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BN_EPS = 1e-3
BN_RUNNING = 0.9  # running = 0.9 * running + 0.1 * batch (biased variance), as the ND4J engine
HISTORY_FIELDS = ("step", "epoch", "phase", "loss", "crossEntropy", "latencyTerm", "latencyMs", "trainAccuracy",
                  "validationAccuracy", "learningRate")
CONTROL_FIELDS = ("simulatedLatencyMs", "gain")


# ------------------------------------------------------------------------------------------------ network

def activation(name):
    if name is None:
        return None
    return {
        "RELU": F.relu,
        "RELU6": F.relu6,
        "SWISH": lambda x: x * torch.sigmoid(x),
        "HSWISH": lambda x: x * F.relu6(x + 3) / 6,
        "SIGMOID": torch.sigmoid,
        "HSIGMOID": lambda x: F.relu6(x + 3) / 6,
    }[name]


class BatchNorm(nn.Module):
    """BN over N, H, W with eps 1e-3; running statistics as the ND4J engine keeps them (biased variance)."""

    def __init__(self, c, act):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.register_buffer("running_mean", torch.zeros(c))
        self.register_buffer("running_var", torch.ones(c))
        self.act = activation(act)

    def forward(self, x, residual=None):
        if self.training:
            y = F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, BN_EPS)
            with torch.no_grad():
                xf = x.detach().float()
                mean = xf.mean((0, 2, 3))
                var = (xf * xf).mean((0, 2, 3)) - mean * mean
                self.running_mean.mul_(BN_RUNNING).add_(mean, alpha=1 - BN_RUNNING)
                self.running_var.mul_(BN_RUNNING).add_(var.clamp_min(0), alpha=1 - BN_RUNNING)
        else:
            y = F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, BN_EPS)
        if residual is not None:
            y = y + residual
        return y if self.act is None else self.act(y)


def straight_through(x):
    """u = 1(x > 0) forward, d u / d x = sigmoid'(x) backward."""
    s = torch.sigmoid(x)
    return (x > 0).to(x.dtype) + s - s.detach()


class Superkernel(nn.Module):
    """One superkernel of a block: its expand slice, its depthwise superkernel, its rows of the projection."""

    def __init__(self, cin, cout, kernel_sizes, expansions, stride, act, threshold_index):
        super().__init__()
        self.ks, self.es = list(kernel_sizes), list(expansions)
        self.k = self.ks[-1]
        self.pad = (self.k - 1) // 2
        self.stride = stride
        self.cj = self.es[-1] * cin
        self.nu = 2.0 / (self.k * self.k)
        self.nk, self.ne = len(self.ks), len(self.es)
        self.expand = nn.Parameter(torch.zeros(self.cj, cin, 1, 1))
        self.bn_e = BatchNorm(self.cj, act)
        self.depthwise = nn.Parameter(torch.zeros(self.cj, 1, self.k, self.k))
        self.bn_d = BatchNorm(self.cj, act)
        self.project = nn.Parameter(torch.zeros(cout, self.cj, 1, 1))
        ring = torch.zeros(self.nk, self.k, self.k)
        for ky in range(self.k):
            for kx in range(self.k):
                radius = max(abs(ky - self.pad), abs(kx - self.pad))
                r = 0
                while self.ks[r] < 2 * radius + 1:
                    r += 1
                ring[r, ky, kx] = 1
        sl = torch.zeros(self.ne, self.cj)
        for c in range(self.cj):
            s = 0
            while c >= self.es[s] * cin:
                s += 1
            sl[s, c] = 1
        self.register_buffer("ring", ring, persistent=False)
        self.register_buffer("slice", sl, persistent=False)
        self.ring_count = [float(ring[r].sum()) * self.cj for r in range(self.nk)]
        self.slice_count = [float(sl[s].sum()) * self.k * self.k for s in range(self.ne)]
        # thresholds: kernel rings 1..K-1 then channel slices 1..E-1 (the engine's order)
        self.tk = [None] + [threshold_index + i - 1 for i in range(1, self.nk)]
        self.te = [None] + [threshold_index + self.nk - 1 + d - 1 for d in range(1, self.ne)]
        self.threshold_names = []

    def masks(self, thresholds, choice, latency_into_weights=True):
        """Kernel-ring and channel-slice switches: from the thresholds (choice None) or a fixed (kernel, expansion)
        index pair. Returns (per-tap kernel mask, per-channel mask, kernel indicators, expansion indicators, x). The
        indicators returned for the latency carry its gradient to the weights too (the paper), or with
        latency_into_weights False to the thresholds only (the target controller: through the weights the term shrinks
        the splits' energies, and the weights' momentum keeps switching splits off after the term has stopped)."""
        w = self.depthwise
        if choice is None:
            ring_e = torch.einsum("ckl,rkl->r", (w.double() ** 2).squeeze(1), self.ring.double())
            uk, xk, mk = self.switches(ring_e, self.ring_count, self.tk, thresholds, latency_into_weights)
            tap = sum(m.float() * self.ring[r] for r, m in enumerate(mk))
            wk = w * tap
            slice_e = torch.mv(self.slice.double(), (wk.double() ** 2).sum((1, 2, 3)))
            ue, xe, me = self.switches(slice_e, self.slice_count, self.te, thresholds, latency_into_weights)
            chan = sum(m.float() * self.slice[s] for s, m in enumerate(me))
            return tap, chan, uk, ue, xk + xe
        kc, ec = choice
        tap = self.ring[: kc + 1].sum(0)
        chan = self.slice[: ec + 1].sum(0)
        one = torch.ones((), dtype=torch.float64, device=w.device)
        uk = [one * (1 if i <= kc else 0) for i in range(1, self.nk)]
        ue = [one * (1 if d <= ec else 0) for d in range(1, self.ne)]
        return tap, chan, uk, ue, []

    def switches(self, energies, counts, index, thresholds, latency_into_weights):
        """The switches of a superkernel's splits (kernel rings or channel slices) from their summed squared weights:
        per split past the first, its indicator u (for the latency), its x = mean energy / nu - t, and per split the
        product of the switches up to it (the first split is always on)."""
        us, xs = [], []
        masks = [torch.ones((), dtype=torch.float64, device=energies.device)]
        for i in range(1, len(counts)):
            energy = energies[i] / counts[i] / self.nu
            x = energy - thresholds[index[i]]
            u = straight_through(x)
            xs.append(x)
            us.append(u if latency_into_weights else straight_through(energy.detach() - thresholds[index[i]]))
            masks.append(masks[-1] * u)
        return us, xs, masks

    def chosen(self, uk, ue):
        c = 0
        while c < self.nk - 1 and float(uk[c]) > 0.5:
            c += 1
        d = 0
        while d < self.ne - 1 and float(ue[d]) > 0.5:
            d += 1
        return c, d

    def zeroed(self, ue):
        return self.es[0] == 0 and (not ue or float(ue[0]) < 0.5)

    def forward(self, x, tap, chan):
        e = self.bn_e(F.conv2d(x, self.expand))
        d = self.bn_d(F.conv2d(e, self.depthwise * tap, stride=self.stride, padding=self.pad, groups=self.cj))
        return F.conv2d(d, self.project * chan.view(1, -1, 1, 1))


class SearchBlock(nn.Module):
    def __init__(self, spec, threshold_index):
        super().__init__()
        self.spec = spec
        self.cin, self.cout, self.stride = spec["inChannels"], spec["outChannels"], spec["stride"]
        self.residual = spec["residual"]
        units = []
        names = []
        for j, sk in enumerate(spec["superkernels"]):
            u = Superkernel(self.cin, self.cout, sk["kernelSizes"], sk["expansions"], self.stride, spec["activation"], threshold_index)
            base = "b%d.sk%d" % (spec["index"], j)
            names += [base + ".kernel%d" % k for k in u.ks[1:]] + [base + ".expansion%d" % e for e in u.es[1:]]
            threshold_index += u.nk - 1 + u.ne - 1
            units.append(u)
        self.units = nn.ModuleList(units)
        self.bn_p = BatchNorm(self.cout, None)
        self.threshold_names = names
        self.threshold_end = threshold_index


class Supernet(nn.Module):
    """The workbench's supernet (NCHW). forward(images, thresholds mode or fixed choices) -> logits, indicators."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        stem, head = net["stem"], net["head"]
        self.stem_k, self.stem_s = stem["kernel"], stem["stride"]
        self.stem = nn.Parameter(torch.zeros(stem["channels"], net["inputChannels"], self.stem_k, self.stem_k))
        self.bn_s = BatchNorm(stem["channels"], stem["activation"])
        blocks, names, t = [], [], 0
        for spec in net["blocks"]:
            b = SearchBlock(spec, t)
            t = b.threshold_end
            names += b.threshold_names
            blocks.append(b)
        self.blocks = nn.ModuleList(blocks)
        head_in = net["blocks"][-1]["outChannels"] if net["blocks"] else stem["channels"]
        self.head = nn.Parameter(torch.zeros(head["featureChannels"], head_in, 1, 1))
        self.bn_h = BatchNorm(head["featureChannels"], head["activation"])
        self.fc = nn.Linear(head["featureChannels"], head["classes"])
        self.thresholds = nn.Parameter(torch.zeros(t, dtype=torch.float64))
        self.threshold_names = names
        self.latency_into_weights = True

    def initialise(self, seed):
        """He normal with fan-out (EfficientNet's conv initialiser), FC uniform in +-1/sqrt(fan-in), thresholds 0."""
        g = torch.Generator().manual_seed(seed)

        def he(p, fan_out):
            with torch.no_grad():
                p.copy_(torch.randn(p.shape, generator=g) * math.sqrt(2.0 / fan_out))

        he(self.stem, self.stem_k * self.stem_k * self.stem.shape[0])
        for b in self.blocks:
            total = sum(u.cj for u in b.units)
            for u in b.units:
                he(u.expand, total)
                he(u.depthwise, u.k * u.k)
                he(u.project, b.cout)
        he(self.head, self.head.shape[0])
        with torch.no_grad():
            r = 1 / math.sqrt(self.fc.weight.shape[1])
            self.fc.weight.copy_((torch.rand(self.fc.weight.shape, generator=g) * 2 - 1) * r)
            self.fc.bias.zero_()
            self.thresholds.zero_()

    def decayed(self):
        """The parameters weight decay applies to (conv and FC weights; not BN, biases or thresholds)."""
        out = [self.stem, self.head, self.fc.weight]
        for b in self.blocks:
            for u in b.units:
                out += [u.expand, u.depthwise, u.project]
        return out

    def forward(self, x, choices=None, thresholds_mode=True):
        """choices: None (thresholds decide, phase 2) or per block, per superkernel (kernel index, expansion index).
        Returns logits and, per block, per superkernel, the (kernel, expansion) indicator lists (Eq. 7's u)."""
        x = self.bn_s(F.conv2d(x, self.stem, stride=self.stem_s, padding=(self.stem_k - 1) // 2))
        indicators = []
        for bi, b in enumerate(self.blocks):
            masks = [u.masks(self.thresholds, None if choices is None else choices[bi][j], self.latency_into_weights)
                     for j, u in enumerate(b.units)]
            indicators.append([(m[2], m[3]) for m in masks])
            zeroed = [u.zeroed(m[3]) for u, m in zip(b.units, masks)]
            if b.residual and all(zeroed):
                continue  # a skip: the block is not computed (its indicators still carry the latency gradient)
            p = None
            for u, m, z in zip(b.units, masks, zeroed):
                # a zeroed superkernel still runs while the thresholds train: its straight-through gradient may switch it back on
                if z and not (self.training and choices is None):
                    continue
                y = u(x, m[0], m[1])
                p = y if p is None else p + y
            if p is None:
                h = (x.shape[2] + b.stride - 1) // b.stride
                p = x.new_zeros(x.shape[0], b.cout, h, (x.shape[3] + b.stride - 1) // b.stride)
            x = b.bn_p(p, x if b.residual else None)
        x = self.bn_h(F.conv2d(x, self.head))
        return self.fc(x.mean((2, 3))), indicators

    def decode_choices(self):
        """Per block, per superkernel: (kernel index, expansion index) the thresholds select."""
        out = []
        with torch.no_grad():
            for b in self.blocks:
                row = []
                for u in b.units:
                    _, _, uk, ue, _ = u.masks(self.thresholds, None)
                    row.append(u.chosen(uk, ue))
                out.append(row)
        return out

    def sample_choices(self, rnd):
        """Phase 1: every choice of every superkernel equally likely (a zeroed superkernel is one choice)."""
        out = []
        for b in self.blocks:
            row = []
            for u in b.units:
                zero = u.es[0] == 0
                nonzero = u.ne - (1 if zero else 0)
                n = u.nk * nonzero + (1 if zero else 0)
                c = rnd.randrange(n)
                if zero and c == n - 1:
                    row.append((0, 0))
                else:
                    row.append((c % u.nk, c // u.nk + (1 if zero else 0)))
            out.append(row)
        return out

    def indicator_inputs(self):
        """Every x = mean(w_split^2) / nu - t, in threshold order."""
        xs = []
        with torch.no_grad():
            for b in self.blocks:
                for u in b.units:
                    xs += [float(v) for v in u.masks(self.thresholds, None)[4]]
        return xs

    # ---- the ND4J engine's parameter layout (initial state and parity checks)

    def nd4j_tensors(self):
        """(engine name, tensor, layout) in the engine's order; layouts: 'stem' [k,k,in,out], 'io' [in,out] 1x1,
        'dw' [k*k, c], 'fc' [in, out], 'vec'."""
        out = [("stem.w", self.stem, "stem"), ("stem.bn.gamma", self.bn_s.weight, "vec"), ("stem.bn.beta", self.bn_s.bias, "vec")]
        for b in self.blocks:
            for j, u in enumerate(b.units):
                n = "b%d.sk%d" % (b.spec["index"], j)
                out += [(n + ".expand.w", u.expand, "io"), (n + ".expand.bn.gamma", u.bn_e.weight, "vec"),
                        (n + ".expand.bn.beta", u.bn_e.bias, "vec"), (n + ".depthwise.w", u.depthwise, "dw"),
                        (n + ".depthwise.bn.gamma", u.bn_d.weight, "vec"), (n + ".depthwise.bn.beta", u.bn_d.bias, "vec"),
                        (n + ".project.w", u.project, "io")]
            out += [("b%d.project.bn.gamma" % b.spec["index"], b.bn_p.weight, "vec"),
                    ("b%d.project.bn.beta" % b.spec["index"], b.bn_p.bias, "vec")]
        out += [("head.w", self.head, "io"), ("head.bn.gamma", self.bn_h.weight, "vec"), ("head.bn.beta", self.bn_h.bias, "vec"),
                ("fc.w", self.fc.weight, "fc"), ("fc.b", self.fc.bias, "vec")]
        return out

    def load_nd4j_state(self, folder):
        """Loads the engine's initial state that `export-search --initial-state` wrote (state.json + state.f32)."""
        with open(os.path.join(folder, "state.json")) as f:
            index = json.load(f)
        with open(os.path.join(folder, "state.f32"), "rb") as f:
            raw = f.read()
        flat = torch.tensor(struct.unpack("<%df" % (len(raw) // 4), raw), dtype=torch.float32)
        entries = {e["name"]: e for e in index["tensors"]}
        with torch.no_grad():
            for name, p, layout in self.nd4j_tensors():
                e = entries.get(name)
                if e is None:
                    raise ValueError("%s: the engine state has no tensor %s (another supernet?)" % (folder, name))
                v = flat[e["offset"]: e["offset"] + e["size"]]
                if layout == "stem":
                    o, i, k, _ = p.shape
                    v = v.view(k, k, i, o).permute(3, 2, 0, 1)
                elif layout == "io":
                    o, i = p.shape[0], p.shape[1]
                    v = v.view(i, o).t().reshape(o, i, 1, 1)
                elif layout == "dw":
                    c, _, k, _ = p.shape
                    v = v.view(k, k, c).permute(2, 0, 1).unsqueeze(1)
                elif layout == "fc":
                    o, i = p.shape
                    v = v.view(i, o).t()
                if v.numel() != p.numel():
                    raise ValueError("%s: tensor %s has %d values, the supernet expects %d" % (folder, name, v.numel(), p.numel()))
                p.copy_(v.reshape(p.shape))
            self.thresholds.copy_(torch.tensor(index["thresholds"], dtype=torch.float64))


# ------------------------------------------------------------------------------------------------ latency (Eq. 7/8)

class Latency:
    """stem + head + sum over blocks of Eq. 8 over the profiled table P (ms), differentiable in the indicators."""

    def __init__(self, latency, supernet):
        self.expansion_counts = [[len(sk["expansions"]) for sk in b["superkernels"]] for b in supernet["blocks"]]
        self.constant = latency["stemMs"] + latency["headMs"]
        self.blocks, self.flat = [], []
        for b in latency["blocks"]:
            radix = b["radix"]
            p = torch.tensor(b["ms"], dtype=torch.float64)
            self.blocks.append((radix, p.view(*reversed(radix)) if radix else p))
            self.flat.append((radix, b["ms"]))

    def block_ms(self, b, row):
        """Block b's entry of P for hard choices (per superkernel (kernel index, expansion index)): digit c * E + d per
        superkernel, superkernel 0 the least significant (Eq. 8 with 0/1 indicators)."""
        radix, ms = self.flat[b]
        t, weight = 0, 1
        for r, (c, d), e in zip(radix, row, self.expansion_counts[b]):
            t += (c * e + d) * weight
            weight *= r
        return ms[t]

    def table_ms(self, choices):
        """The table latency of hard choices (per block, per superkernel (kernel index, expansion index)): Eq. 8 with
        0/1 indicators is P of the chosen tuple (digit c * E + d per superkernel, superkernel 0 the least significant)."""
        return self.constant + sum(self.block_ms(b, row) for b, row in enumerate(choices))

    @staticmethod
    def conditions(us):
        """Eq. 7: cond[c] = prod_{i<c} u_i * (1 - u_c if c is not the last)."""
        out, prefix = [], 1.0
        for u in us:
            out.append(prefix * (1 - u))
            prefix = prefix * u
        out.append(prefix)
        return torch.stack([c if torch.is_tensor(c) else torch.tensor(c, dtype=torch.float64) for c in out])

    def ms(self, indicators):
        total = torch.tensor(self.constant, dtype=torch.float64)
        for (radix, p), units in zip(self.blocks, indicators):
            t = p
            for uk, ue in units:  # superkernel 0 is the least significant digit: contract the last axis first
                # on the CPU whatever the device of the network: a few hundred multiplications
                f = self.conditions([u.double().cpu() for u in uk])
                g = self.conditions([u.double().cpu() for u in ue])
                t = torch.matmul(t, (f[:, None] * g[None, :]).reshape(-1))
            total = total + t
        return total


def latency_term(latency_ms, cfg):
    """Eq. 9 (S3NAS), Single-Path NAS's Eq. 6, or the target controller's two-sided term (TARGET: Eq. 9 above T plus
    its mirror below the band's lower edge (1 - tolerance) T); 0 when lambda1 is 0."""
    l1, l2 = cfg["lambda1"], cfg["lambda2"]
    if l1 <= 0:
        return latency_ms * 0
    if cfg["loss"] == "SINGLE_PATH":
        return l1 * torch.log(torch.clamp(latency_ms, min=1e-9))
    above = l1 * torch.log1p(l2 * F.relu(latency_ms - cfg["targetLatencyMs"]))
    if cfg["loss"] == "TARGET":
        return above + l1 * torch.log1p(l2 * F.relu(target_lower(cfg) - latency_ms))
    return above


def target_lower(cfg):
    tol = cfg.get("targetTolerance")
    return (1 - (0.03 if tol is None else tol)) * cfg["targetLatencyMs"]


# ------------------------------------------------------------------------------------------------ target controller

class SplitGeometry:
    """The decoded architecture as a function of the thresholds alone, for the weights at one moment: every split's
    energy (x + t) taken out of the weights once (a channel slice's per kernel ring, as it is measured on the
    kernel-masked weight), so that the choices, the table latency and each threshold's margin cost no forward pass."""

    def __init__(self, net, latency):
        self.latency = latency
        self.units = []  # (block, ring energies, slice energies [d][r], kernel threshold ids, expansion threshold ids)
        with torch.no_grad():
            for bi, b in enumerate(net.blocks):
                for u in b.units:
                    e = (u.depthwise.detach().double().cpu().squeeze(1) ** 2)  # [c, k, k]
                    per = torch.einsum("ckl,rkl->cr", e, u.ring.double().cpu())  # [c, rings]
                    ring = (per.sum(0) / torch.tensor(u.ring_count, dtype=torch.float64) / u.nu).tolist()
                    sl = torch.mm(u.slice.double().cpu(), per)  # [slices, rings]
                    sl = (sl / torch.tensor(u.slice_count, dtype=torch.float64).clamp_min(1)[:, None] / u.nu).tolist()
                    self.units.append((bi, ring, sl, u.tk, u.te, u.nk, u.ne))
        self.count = sum(u.nk - 1 + u.ne - 1 for b in net.blocks for u in b.units)

    def choices(self, t):
        out = [[] for _ in self.latency.blocks]
        for bi, ring, sl, tk, te, nk, ne in self.units:
            kc = 0
            while kc + 1 < nk and ring[kc + 1] - t[tk[kc + 1]] > 0:
                kc += 1
            ec = 0
            while ec + 1 < ne and sum(sl[ec + 1][: kc + 1]) - t[te[ec + 1]] > 0:
                ec += 1
            out[bi].append((kc, ec))
        return out

    def indicator_bits(self, t):
        """Every hard indicator as the engine reads it off its masks (slices measured at the chosen kernel)."""
        bits = []
        for bi, ring, sl, tk, te, nk, ne in self.units:
            kc, prefix = 0, True
            for i in range(1, nk):
                on = ring[i] - t[tk[i]] > 0
                bits.append(on)
                if prefix and on:
                    kc = i
                prefix = prefix and on
            for d in range(1, ne):
                bits.append(sum(sl[d][: kc + 1]) - t[te[d]] > 0)
        return bits

    def latency_ms(self, t):
        return self.latency.table_ms(self.choices(t))

    def inputs(self, t):
        x = [0.0] * self.count
        for (bi, ring, sl, tk, te, nk, ne), (kc, _) in zip(self.units, [c for row in self.choices(t) for c in row]):
            for i in range(1, nk):
                x[tk[i]] = ring[i] - t[tk[i]]
            for d in range(1, ne):
                x[te[d]] = sum(sl[d][: kc + 1]) - t[te[d]]
        return x


class TargetController:
    """Steers phase 2's decoded architecture into the band [(1 - tolerance) T, T] (loss TARGET): a gain on the
    thresholds' rate that grows outside the band and relaxes inside it, and a step guard that takes a step's crossings
    closest-first and holds back any that would jump over the band or leave it (the workbench's TargetController)."""
    MAX_GAIN, RELAX, HOLD_SHORT = 50.0, 0.5, 0.1

    def __init__(self, cfg):
        self.target, self.lower = cfg["targetLatencyMs"], target_lower(cfg)
        self.gain = 1.0

    def in_band(self, ms):
        return self.lower <= ms <= self.target

    def band_error(self, ms):
        if ms > self.target:
            return ms / self.target - 1
        if ms < self.lower:
            return ms / self.lower - 1
        return 0.0

    def update(self, decoded_ms):
        e = abs(self.band_error(decoded_ms))
        if not math.isfinite(e):
            return
        self.gain = max(1.0, self.gain * self.RELAX) if e == 0 else min(self.MAX_GAIN, self.gain * (1 + min(1.0, e)))

    def accepts(self, before, after):
        if self.in_band(before):
            return self.in_band(after)
        if before > self.target:
            return after >= self.lower
        return after <= self.target

    def guard(self, g, before, after):
        """The step from thresholds `before` to `after` crossing by crossing; returns (thresholds, crossed, held back)."""
        x0 = g.inputs(before)
        t = list(after)
        at, crossing = {}, []
        for i in range(len(before)):
            d = after[i] - before[i]
            if d == 0:
                continue
            a = x0[i] / d
            if 0 < a <= 1:
                at[i] = a
                crossing.append(i)
                t[i] = before[i]
        crossing.sort(key=lambda i: at[i])
        current = g.latency_ms(t)
        crossed = held = 0
        for i in crossing:
            keep = t[i]
            t[i] = after[i]
            nxt = g.latency_ms(t)
            if nxt == current or self.accepts(current, nxt):
                if nxt != current:
                    crossed += 1
                current = nxt
            else:
                t[i] = before[i] + (1 - self.HOLD_SHORT) * at[i] * (after[i] - before[i])
                held += 1
                if g.latency_ms(t) != current:
                    t[i] = keep
        return t, crossed, held


class TargetRepair:
    """The final repair on the latency table (the workbench's search/TargetRepair): when phase 2 ends with its decoded
    architecture outside the band, the nearest architecture inside it, "nearest" by threshold margin (reaching a choice
    costs the sum of |x| over the indicators that must change side). Eq. 8 is a sum over blocks, so this is a
    multiple-choice knapsack, one choice per block, solved exactly by dynamic programming over the latency in steps of
    1/512 of the band. With nothing of the space in the band: the slowest at or below the target, only then the
    fastest. repair() returns the thresholds that decode to it, the table latency before and after, the movement and
    the changes (block position, superkernel, from (kernel, expansion) index, to (kernel, expansion) index)."""
    MARGIN, FLIP, STEPS_PER_BAND = 1e-3, 1e-9, 512

    @staticmethod
    def side(energy, index, on, t):
        x = energy - t[index]
        if (x > 0) == on:
            return 0.0
        t[index] = energy - TargetRepair.MARGIN if on else energy + TargetRepair.MARGIN
        return abs(x) + TargetRepair.FLIP

    @staticmethod
    def impose(unit, kc, ec, t):
        """Moves the unit's thresholds in t so that it chooses (kc, ec); returns the movement."""
        _, ring, sl, tk, te, nk, ne = unit
        cost = 0.0
        for i in range(1, min(nk - 1, kc + 1) + 1):
            cost += TargetRepair.side(ring[i], tk[i], i <= kc, t)
        for d in range(1, min(ne - 1, ec + 1) + 1):
            cost += TargetRepair.side(sum(sl[d][: kc + 1]), te[d], d <= ec, t)
        return cost

    @staticmethod
    def repair(g, thresholds, lower, upper):
        if not lower <= upper:
            raise ValueError("empty band [%s, %s]" % (lower, upper))
        t0 = list(thresholds)
        current = g.choices(t0)
        before = g.latency.table_ms(current)
        blocks = [[u for u in g.units if u[0] == b] for b in range(len(current))]
        options = []  # per block: (choices per superkernel, latency change, cost)
        for b, units in enumerate(blocks):
            combos = [[]]
            for u in units:
                combos = [c + [(kc, ec)] for c in combos for kc in range(u[5]) for ec in range(u[6])]
            now = g.latency.block_ms(b, current[b])
            options.append([(c, g.latency.block_ms(b, c) - now, sum(TargetRepair.impose(u, kc, ec, list(t0))
                                                                    for u, (kc, ec) in zip(units, c))) for c in combos])
        step = max(upper - lower, 1e-12) / TargetRepair.STEPS_PER_BAND
        lat = torch.tensor([before], dtype=torch.float64)
        cost = torch.zeros(1, dtype=torch.float64)
        back = []  # per block: (previous state, option) of every state after it
        for opts in options:
            dl = torch.tensor([o[1] for o in opts], dtype=torch.float64)
            dc = torch.tensor([o[2] for o in opts], dtype=torch.float64)
            n, m = len(lat), len(opts)
            L, C = (lat[:, None] + dl[None, :]).reshape(-1), (cost[:, None] + dc[None, :]).reshape(-1)
            key = torch.round(L / step).long()
            # the least cost of each latency bucket (the first on a tie): stable sorts by cost, then by bucket
            by_cost = torch.sort(C, stable=True).indices
            order = by_cost[torch.sort(key[by_cost], stable=True).indices]
            k = key[order]
            first = torch.ones(len(k), dtype=torch.bool)
            first[1:] = k[1:] != k[:-1]
            keep = order[first]
            back.append((torch.div(keep, m, rounding_mode="floor"), keep % m))
            lat, cost = L[keep], C[keep]
        best = TargetRepair.choose(lat.tolist(), cost.tolist(), lower, upper)
        chosen, s = [None] * len(options), best
        for b in range(len(options) - 1, -1, -1):
            prev, opt = back[b]
            chosen[b] = options[b][int(opt[s])][0]
            s = int(prev[s])
        t, changes, movement = list(t0), [], 0.0
        for b, units in enumerate(blocks):
            for j, (u, (kc, ec)) in enumerate(zip(units, chosen[b])):
                movement += TargetRepair.impose(u, kc, ec, t)
                if (kc, ec) != tuple(current[b][j]):
                    changes.append((b, j, current[b][j], (kc, ec)))
        return t, before, g.latency_ms(t), movement, changes

    @staticmethod
    def choose(lat, cost, lower, upper):
        """In the band: least cost (then highest latency); else the slowest at or below the upper edge; else the fastest."""
        in_band = under = fastest = -1
        for i, (l, c) in enumerate(zip(lat, cost)):
            if lower <= l <= upper and (in_band < 0 or c < cost[in_band] or (c == cost[in_band] and l > lat[in_band])):
                in_band = i
            if l <= upper and (under < 0 or l > lat[under] or (l == lat[under] and c < cost[under])):
                under = i
            if fastest < 0 or l < lat[fastest]:
                fastest = i
        return in_band if in_band >= 0 else under if under >= 0 else fastest


# ------------------------------------------------------------------------------------------------ optimiser

class RmsPropTF(torch.optim.Optimizer):
    """ms = decay*ms + (1-decay)*g^2; mom = momentum*mom + lr*g/sqrt(ms+eps); w -= mom (ms starts at 0)."""

    def __init__(self, params, lr, decay, momentum, eps):
        super().__init__(params, dict(lr=lr, decay=decay, momentum=momentum, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            if not group.get("active", True):
                continue
            for p in group["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["ms"] = torch.zeros_like(p)
                    st["mom"] = torch.zeros_like(p)
                g = p.grad
                st["ms"].mul_(group["decay"]).addcmul_(g, g, value=1 - group["decay"])
                st["mom"].mul_(group["momentum"]).add_(g / torch.sqrt(st["ms"] + group["eps"]) * group["lr"])
                p.sub_(st["mom"])


def clip_global(params, clip):
    """Scales every gradient so that the global norm is at most clip; returns the norm before clipping."""
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return 0.0
    norm = math.sqrt(sum(float((g.double() ** 2).sum()) for g in grads))
    if norm > clip and norm > 0:
        for g in grads:
            g.mul_(clip / norm)
    return norm


# ------------------------------------------------------------------------------------------------ data

def _open(path):
    with open(path, "rb") as f:
        head = f.read(2)
    return gzip.open(path, "rb") if head == b"\x1f\x8b" else open(path, "rb")


def _find(folder, stems):
    for s in stems:
        for name in (s, s + ".gz"):
            p = os.path.join(folder, name)
            if os.path.exists(p):
                return p
    raise FileNotFoundError("%s: neither %s nor %s.gz in %s" % (os.path.join(folder, stems[0] + ".gz"), stems[0], stems[0], folder))


def read_idx(folder, split):
    images = _find(folder, [split + "-images-idx3-ubyte", split + "-images.idx3-ubyte"])
    labels = _find(folder, [split + "-labels-idx1-ubyte", split + "-labels.idx1-ubyte"])
    with _open(images) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 0x803:
            raise ValueError("%s: not an IDX image file (magic %#x)" % (images, magic))
        px = torch.frombuffer(bytearray(f.read(n * rows * cols)), dtype=torch.uint8)
    with _open(labels) as f:
        magic, m = struct.unpack(">II", f.read(8))
        if magic != 0x801:
            raise ValueError("%s: not an IDX label file (magic %#x)" % (labels, magic))
        lb = torch.frombuffer(bytearray(f.read(m)), dtype=torch.uint8)
    if m != n:
        raise ValueError("%s: %d labels but %s holds %d images" % (labels, m, os.path.basename(images), n))
    return px.view(n, 1, rows, cols).float() / 255, lb.long()


def read_cifar10(folder, test):
    files = [os.path.join(folder, "test_batch.bin")] if test else \
        [os.path.join(folder, "data_batch_%d.bin" % i) for i in range(1, 6) if os.path.exists(os.path.join(folder, "data_batch_%d.bin" % i))]
    if not files or not os.path.exists(files[0]):
        raise FileNotFoundError("%s: file not found (CIFAR-10 binary batches expected)" % (files[0] if files else os.path.join(folder, "data_batch_1.bin")))
    xs, ys = [], []
    for f in files:
        raw = torch.frombuffer(bytearray(open(f, "rb").read()), dtype=torch.uint8).view(-1, 3073)
        ys.append(raw[:, 0].long())
        xs.append(raw[:, 1:].reshape(-1, 3, 32, 32).float() / 255)
    return torch.cat(xs), torch.cat(ys)


class ImageFolderData:
    """An ImageNet-style tree (one folder per class, sorted names = labels), decoded lazily with Pillow."""
    MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)

    def __init__(self, folder, resolution, channels):
        classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
        if not classes:
            raise FileNotFoundError("%s: no class folders (an ImageFolder tree has one folder per class)" % folder)
        self.items = []
        for label, c in enumerate(classes):
            for root, _, names in sorted(os.walk(os.path.join(folder, c))):
                for n in sorted(names):
                    if n.lower().endswith((".jpg", ".jpeg", ".png", ".bmp", ".webp")):
                        self.items.append((os.path.join(root, n), label))
        self.labels = torch.tensor([l for _, l in self.items], dtype=torch.long)
        self.resolution, self.channels = resolution, channels

    def __len__(self):
        return len(self.items)

    def load(self, indices):
        try:
            from PIL import Image
        except ImportError:
            raise SystemExit("ImageFolder data needs Pillow: pip install pillow (Debian: apt-get install python3-pil)")
        out = torch.empty(len(indices), self.channels, self.resolution, self.resolution)
        for i, idx in enumerate(indices):
            img = Image.open(self.items[idx][0]).convert("RGB" if self.channels == 3 else "L")
            w, h = img.size
            s = self.resolution / min(w, h)
            img = img.resize((max(self.resolution, round(w * s)), max(self.resolution, round(h * s))), Image.BILINEAR)
            w, h = img.size
            left, top = (w - self.resolution) // 2, (h - self.resolution) // 2
            img = img.crop((left, top, left + self.resolution, top + self.resolution))
            t = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8).float().div(255)
            t = t.view(self.resolution, self.resolution, self.channels).permute(2, 0, 1)
            if self.channels == 3:
                t = (t - torch.tensor(self.MEAN).view(3, 1, 1)) / torch.tensor(self.STD).view(3, 1, 1)
            out[i] = t
        return out


class Split:
    """Training and validation images: shuffled with the seed, limited, split, resized, normalised per channel
    with the training split's statistics (as the workbench's Datasets.split), or an ImageFolder read lazily."""

    def __init__(self, dataset, resolution, limit, seed):
        fmt, folder = dataset["format"], dataset["path"]
        if not os.path.isdir(folder):
            raise FileNotFoundError("%s: dataset folder not found (pass --data DIR)" % folder)
        self.lazy = None
        if fmt == "IMAGEFOLDER":
            self.lazy = ImageFolderData(os.path.join(folder, "train") if os.path.isdir(os.path.join(folder, "train")) else folder,
                                        resolution, dataset.get("channels", 3))
            n, labels = len(self.lazy), self.lazy.labels
            x = None
        else:
            x, labels = read_idx(folder, "train") if fmt == "IDX" else read_cifar10(folder, False)
            n = x.shape[0]
        if int(labels.max()) >= dataset["classes"]:
            raise ValueError("%s: a label is %d but the project declares %d classes" % (folder, int(labels.max()), dataset["classes"]))
        order = list(range(n))
        random.Random(seed).shuffle(order)
        use = min(limit, n) if limit > 0 else n
        n_val = int(round(use * dataset["validationFraction"]))
        if dataset["validationFraction"] > 0 and n_val == 0 and use > 1:
            n_val = 1
        val_idx, train_idx = order[:n_val], order[n_val:use]
        if self.lazy is not None:
            self.train_index, self.val_index = torch.tensor(train_idx), torch.tensor(val_idx)
            self.train_labels, self.val_labels = labels[self.train_index], labels[self.val_index]
            return
        train, val = x[train_idx], x[val_idx]
        if train.shape[-1] != resolution or train.shape[-2] != resolution:
            train = F.interpolate(train, size=(resolution, resolution), mode="bilinear", align_corners=False)
            if len(val_idx):
                val = F.interpolate(val, size=(resolution, resolution), mode="bilinear", align_corners=False)
        mean = train.mean((0, 2, 3), keepdim=True)
        std = ((train * train).mean((0, 2, 3), keepdim=True) - mean * mean).clamp_min(0).sqrt().clamp_min(1e-3)
        self.train, self.val = (train - mean) / std, (val - mean) / std
        self.train_labels, self.val_labels = labels[train_idx], labels[val_idx]

    def train_count(self):
        return len(self.train_labels)

    def batch(self, indices, validation=False):
        idx = torch.as_tensor(indices, dtype=torch.long)
        if self.lazy is not None:
            base = self.val_index if validation else self.train_index
            return self.lazy.load(base[idx].tolist()), (self.val_labels if validation else self.train_labels)[idx]
        if validation:
            return self.val[idx], self.val_labels[idx]
        return self.train[idx], self.train_labels[idx]


def crop_flip(x, gen):
    """Random shift within a padding of max(1, size/8) (zero fill: the channel mean) and a horizontal flip (p = 1/2)."""
    n, c, h, w = x.shape
    pad = max(1, min(h, w) // 8)
    padded = F.pad(x, (pad, pad, pad, pad))
    shifts = torch.randint(0, 2 * pad + 1, (n, 2), generator=gen)
    flips = torch.rand(n, generator=gen) < 0.5
    out = torch.empty_like(x)
    for i in range(n):
        dy, dx = int(shifts[i, 0]), int(shifts[i, 1])
        src = padded[i].flip(-1) if flips[i] else padded[i]
        out[i] = src[:, dy: dy + h, dx: dx + w]
    return out


# ------------------------------------------------------------------------------------------------ run folder

def write_atomically(path, text_or_bytes):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def json_value(v):
    """NaN and infinities as the strings the workbench's writer uses."""
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    if isinstance(v, list):
        return [json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: json_value(x) for k, x in v.items()}
    return v


def dumps(obj):
    return json.dumps(json_value(obj), indent=2)


def fmt6(v):
    return "" if isinstance(v, float) and math.isnan(v) else ("%.6g" % v)


def write_history(run_dir, names, rows):
    write_atomically(os.path.join(run_dir, "history.json"), dumps({"format": 1, "thresholdNames": names, "steps": rows}))
    lines = ["step,epoch,phase,loss,cross_entropy,latency_term,latency_ms,train_accuracy,validation_accuracy,learning_rate,"
             "simulated_latency_ms,controller_gain,crossings,held_back,elapsed_seconds" + "".join("," + n for n in names)]
    for r in rows:
        vals = [str(r["step"]), str(r["epoch"]), str(r["phase"])] + [fmt6(r[k]) for k in HISTORY_FIELDS[3:]]
        c = r["control"]
        vals += [fmt6(c[k]) for k in CONTROL_FIELDS] + [str(c["crossings"]), str(c["heldBack"])]
        vals.append(fmt6(r.get("elapsedSeconds", float("nan"))))  # absent in rows written before it was recorded
        vals += [fmt6(t) for t in r["thresholds"]]
        lines.append(",".join(vals))
    write_atomically(os.path.join(run_dir, "history.csv"), "\n".join(lines) + "\n")


def block_code(branches):
    """The packed configuration of one block (the workbench's HistoryRow.blockCode, the heatmap's cell): the set of
    kernel sizes its non-zero superkernels use in the high 16 bits (kernel k is bit (k - 1) // 2), the total expansion
    (0 = a skip) in the low 16. branches: per superkernel (kernel size, expansion)."""
    total, kernels = 0, 0
    for k, e in branches:
        if e <= 0:
            continue
        total += e
        kernels |= 1 << min(15, max(0, (k - 1) // 2))
    return kernels << 16 | min(total, 0xFFFF)


def block_codes(net_spec, choices):
    """history.json's `choices` of a step: block_code of every block of the path (per block, per superkernel (kernel
    index, expansion index))."""
    return [block_code([(sk["kernelSizes"][c], sk["expansions"][d]) for sk, (c, d) in zip(spec["superkernels"], row)])
            for spec, row in zip(net_spec["blocks"], choices)]


def architecture(net_spec, choices, name):
    """The architecture the choices select, in the workbench's JSON (skips removed, as the ND4J engine's result)."""
    blocks = []
    for spec, row in zip(net_spec["blocks"], choices):
        branches = [{"kernel": sk["kernelSizes"][c], "expansion": sk["expansions"][d]} for sk, (c, d) in zip(spec["superkernels"], row)]
        if spec["residual"] and all(b["expansion"] == 0 for b in branches):
            continue
        blk = dict(spec["template"])
        blk["branches"] = branches
        blocks.append(blk)
    a = dict(net_spec["architecture"])
    a["name"] = name
    a["blocks"] = blocks
    return a


def processes(args):
    """This process's place in the run, for search.py and train.py alike: DDP when started by torchrun (NCCL on GPUs,
    gloo on CPUs), its device, its CPU threads (the cores shared by the processes of a machine, or --threads), and
    whether mixed precision is on (GPU, unless --no-amp). Returns (distributed, rank, world size, device, amp)."""
    import torch.distributed as dist
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    use_cuda = torch.cuda.is_available() if args.device is None else args.device.startswith("cuda")
    if distributed:
        dist.init_process_group("nccl" if use_cuda else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
    else:
        rank, world = 0, 1
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device("cuda", local) if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    else:
        per = max(1, (os.cpu_count() or 1) // int(os.environ.get("LOCAL_WORLD_SIZE", "1")))
        torch.set_num_threads(args.threads or per)
    return distributed, rank, world, device, use_cuda and not args.no_amp


def save_checkpoint(path, state):
    """torch.save through write_atomically: a crash while writing leaves the previous checkpoint whole."""
    buf = io.BytesIO()
    torch.save(state, buf)
    write_atomically(path, buf.getvalue())


def load_checkpoint(path, rank, distributed):
    """A run's checkpoint for every process: process 0 reads the file, the others receive it from process 0."""
    box = [None]
    if rank == 0:
        if not os.path.exists(path):
            raise SystemExit("error: %s: not found (the run wrote no checkpoint yet: start it again without --resume)" % path)
        box[0] = torch.load(path, map_location="cpu")
    if distributed:
        import torch.distributed as dist
        dist.broadcast_object_list(box, src=0)
    return box[0]


def epoch_order(count, seed, epoch):
    """The training images' order in an epoch: the same on every process and after a resume (seeded by seed and epoch)."""
    order = list(range(count))
    random.Random("%d:order:%d" % (seed, epoch)).shuffle(order)
    return order


def all_sum(values, device, distributed):
    """Each value summed over the processes (float64), as a list."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if distributed:
        import torch.distributed as dist
        dist.all_reduce(t)
    return t.tolist()


# ------------------------------------------------------------------------------------------------ a run's process

def add_run_options(parser, config_file):
    """The options search.py and train.py share: where the exported settings and the data are, and how this process
    runs and reports (each script adds its own before these)."""
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--config", default=os.path.join(here, config_file), help="the exported settings (default: %s here)" % config_file)
    parser.add_argument("--limit-images", type=int, help="use only K training images (before the validation split)")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--data", metavar="DIR", help="dataset folder (default: the exported one)")
    parser.add_argument("--format", choices=["IDX", "CIFAR10", "IMAGEFOLDER"], help="dataset format (default: the exported one)")
    parser.add_argument("--history-every", type=float, default=2.0, metavar="S", help="write history.json at most every S seconds")
    parser.add_argument("--progress-every", type=float, default=2.0, metavar="S", help="a progress line at most every S seconds")
    parser.add_argument("--threads", type=int, help="CPU threads per process (default: cores / local processes)")
    parser.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    parser.add_argument("--no-amp", action="store_true", help="no mixed precision on the GPU")


def read_settings(args):
    """The exported settings, and with --resume the run's own (run.json in its folder): (exported, run or None)."""
    with open(args.config) as f:
        exported = json.load(f)
    if not args.resume:
        return exported, None
    path = os.path.join(args.resume, "run.json")
    if not os.path.exists(path):
        raise SystemExit("error: %s: not found (is %s a run folder of this package?)" % (path, args.resume))
    with open(path) as f:
        return exported, json.load(f)


def dataset_of(exported, args, cfg):
    """The run's dataset: the exported one with --data and --format applied. For IDX and CIFAR-10 the configuration
    records the folder too (the workbench reads the run's configuration to find the data it used)."""
    dataset = dict(exported["dataset"])
    if args.data:
        dataset["path"] = os.path.abspath(args.data)
    if args.format:
        dataset["format"] = args.format
    if dataset["format"] in ("IDX", "CIFAR10"):
        cfg["dataset"] = dict(cfg["dataset"], path=dataset["path"], format=dataset["format"])
    return dataset


class Run:
    """What a search process and a training process share: its place among the processes, the run's settings and
    folder, the global batch split over the processes, the epoch order, the step loop with its checkpoint, history and
    progress cadence, the checkpoint's metadata, and the engine's figures in result.json. A subclass sets self.step,
    self.epoch, self.batch_in_epoch, self.history and implements step_and_checkpoint, checkpoint, write_history and
    progress, and restore when it can resume."""

    def __init__(self, args, settings):
        self.distributed, self.rank, self.world, self.device, self.amp = processes(args)
        self.args = args
        self.exported, self.run, self.dir = settings(args)
        self.cfg = self.run["config"]
        self.step, self.epoch, self.batch_in_epoch, self.last_validation = 0, 0, 0, float("nan")
        self.history = []

    def begin(self, **ddp):
        """Once the network and its optimiser exist: the checkpoint's state with --resume (the subclass's restore), the
        network wrapped for DDP when there are several processes (ddp: DistributedDataParallel's options), the order
        of the current epoch."""
        if self.args.resume:
            self.restore()
        self.model = self.net
        if self.distributed:
            self.model = torch.nn.parallel.DistributedDataParallel(self.net, **ddp)
        self.order = self.order_of(self.epoch)

    def split_batch(self, global_batch, batch_key):
        """Each process's share of the global batch; the data must hold at least one global batch."""
        self.global_batch = global_batch
        if global_batch % self.world:
            raise SystemExit("error: the batch (%d) does not split evenly over %d processes: pass --batch-size"
                             % (global_batch, self.world))
        self.batch = global_batch // self.world
        n = self.data.train_count()
        if n < global_batch:
            raise SystemExit("error: %s: %d is more than the %d training images available (after the validation split "
                             "and the image limit)" % (batch_key, global_batch, n))
        self.steps_per_epoch = n // global_batch

    def step_seed(self):
        """The seed of what a step draws (augmentation, dropout): from the run's seed, the step and the process, so a
        resumed run draws the same."""
        return self.cfg["seed"] * 1000003 + self.step * 7919 + self.rank

    def next_batch(self):
        """This process's share of the step's batch in the epoch's order, augmented when the dataset says so, on the
        device."""
        start = self.batch_in_epoch * self.global_batch + self.rank * self.batch
        x, y = self.data.batch(self.order[start: start + self.batch])
        if self.run["dataset"].get("augment"):
            x = crop_flip(x, torch.Generator().manual_seed(self.step_seed()))
        return x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)

    def count_step(self, validate):
        """Counts the step done; at an epoch's end the next epoch's order and validate()'s accuracy (the run's last
        validation). Returns whether the epoch ended."""
        self.step += 1
        self.batch_in_epoch += 1
        epoch_end = self.batch_in_epoch >= self.steps_per_epoch
        if epoch_end:
            self.batch_in_epoch = 0
            self.epoch += 1
            self.order = self.order_of(self.epoch)
            self.last_validation = validate()
        return epoch_end

    def log(self, line):
        if self.rank == 0:
            print(line, flush=True)

    def order_of(self, epoch):
        return epoch_order(self.data.train_count(), self.cfg["seed"], epoch)

    def all_sum(self, values):
        return all_sum(values, self.device, self.distributed)

    def step_loop(self, epochs):
        """Steps until `epochs` epochs are done: history.json at most every --history-every seconds (a checkpoint writes
        it too), a progress line at most every --progress-every seconds and at each epoch end. Returns the images per
        second over the steps (NaN when no step ran)."""
        last_progress = last_history = time.time()
        steps_since, images_total, seconds_total = 0, 0, 0.0
        while self.epoch < epochs:
            row, checkpointed = self.step_and_checkpoint()
            steps_since += 1
            if checkpointed:
                last_history = time.time()
            now = time.time()
            if now - last_history >= self.args.history_every:
                self.write_history()
                last_history = now
            if now - last_progress >= self.args.progress_every or self.batch_in_epoch == 0:
                images_total += steps_since * self.global_batch
                seconds_total += now - last_progress
                self.progress(row, steps_since * self.global_batch / max(1e-9, now - last_progress))
                last_progress, steps_since = now, 0
        return images_total / seconds_total if seconds_total > 0 else float("nan")

    def save(self, state, total_steps, name="checkpoint.pt", **meta):
        """Process 0 writes the checkpoint `name`; for the run's checkpoint.pt also checkpoint.json (its metadata: the
        workbench reads it) and history.json."""
        if self.rank != 0:
            return
        save_checkpoint(os.path.join(self.dir, name), state)
        if name == "checkpoint.pt":
            meta = dict({"format": 1, "engine": "pytorch", "file": name, "step": self.step, "epoch": self.epoch}, **meta)
            meta.update({"batchInEpoch": self.batch_in_epoch, "totalSteps": total_steps, "worldSize": self.world,
                         "device": self.device.type, "written": datetime.datetime.now().isoformat(timespec="seconds")})
            write_atomically(os.path.join(self.dir, "checkpoint.json"), dumps(meta))
        self.write_history()

    def load(self):
        """The run's checkpoint (every process); restores the step counters and the history."""
        st = load_checkpoint(os.path.join(self.dir, "checkpoint.pt"), self.rank, self.distributed)
        self.step, self.epoch, self.batch_in_epoch = st["step"], st["epoch"], st["batchInEpoch"]
        self.last_validation, self.history = st["lastValidation"], st["history"]
        return st

    def engine(self, images_per_second, seconds):
        """result.json's `engine`."""
        return {"name": "pytorch", "torch": torch.__version__, "processes": self.world, "device": self.device.type,
                "imagesPerSecond": images_per_second, "seconds": seconds}


def main(run):
    """A script's entry: run() with a missing file or a bad value said in one line; the process group closed after."""
    try:
        run()
    except (FileNotFoundError, ValueError) as e:
        raise SystemExit("error: %s" % e)
    finally:
        import torch.distributed as dist
        if dist.is_available() and dist.is_initialized():
            dist.destroy_process_group()


def parity_step_inputs(config_file):
    """A parity script's inputs (the workbench's parity tests run one step here and in its ND4J engine): --config (the
    exported settings, default config_file here), --state (the engine's weights), --input (the step: the batch as the
    engine reads it, NHWC floats, and its labels), --output (where the script writes its result). One CPU thread, as the
    engine's side. Returns (args, exported settings, step, images as NCHW, labels)."""
    a = argparse.ArgumentParser()
    a.add_argument("--config", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), config_file))
    a.add_argument("--state", required=True)
    a.add_argument("--input", required=True)
    a.add_argument("--output", required=True)
    args = a.parse_args()
    torch.set_num_threads(1)
    with open(args.config) as f:
        exported = json.load(f)
    with open(args.input) as f:
        step = json.load(f)
    n, h, w, c = step["shape"]
    x = torch.tensor(step["images"], dtype=torch.float32).view(n, h, w, c).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(step["labels"], dtype=torch.long)
    return args, exported, step, x, y
