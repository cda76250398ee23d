#!/usr/bin/python3
"""The search engine's benchmark network rebuilt in PyTorch, timed the same way as `s3nas bench engine`.

The network is the project's supernet (default: sample-projects/fashion-mnist.json) with every superkernel at its
largest kernel and expansion, BN and masks on, batch 128:
stem conv + BN + act; per block and superkernel: 1x1 expand + BN + act, depthwise superkernel (its largest kernel,
weight multiplied by the kernel-ring mask) + BN + act, multiplied by the channel-slice mask; concat; 1x1 project
+ BN; residual; head 1x1 conv + BN + act, global average pool, FC. One training step = forward, cross-entropy with
label smoothing 0.1, backward, gradient clipping at 10 (global norm), RMSProp (alpha 0.9, momentum 0.9, eps 1e-3,
weight decay 1e-5). One forward pass = eval mode, no autograd.

Run: /usr/bin/python3 src/bench/python/torch_step.py [PROJECT] [--batch 128] [--steps 10] [--warmup 3] [--threads N]
(Debian: apt-get install -y python3-torch)
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def act(name):
    return {"RELU": nn.ReLU(), "RELU6": nn.ReLU6()}[name]


class Superkernel(nn.Module):
    def __init__(self, cin, cj, k, stride, activation):
        super().__init__()
        self.expand = nn.Conv2d(cin, cj, 1, bias=False)
        self.bn_e = nn.BatchNorm2d(cj, eps=1e-3, momentum=0.1)
        self.dw = nn.Conv2d(cj, cj, k, stride=stride, padding=k // 2, groups=cj, bias=False)
        self.bn_d = nn.BatchNorm2d(cj, eps=1e-3, momentum=0.1)
        self.act_e = act(activation)
        self.act_d = act(activation)
        # largest choice: every ring and slice on, but the masks are applied as in the engine
        self.register_buffer("kernel_mask", torch.ones(1, 1, k, k))
        self.register_buffer("channel_mask", torch.ones(1, cj, 1, 1))
        self.stride = stride
        self.k = k

    def forward(self, x):
        e = self.act_e(self.bn_e(self.expand(x)))
        w = self.dw.weight * self.kernel_mask
        d = F.conv2d(e, w, stride=self.stride, padding=self.k // 2, groups=e.shape[1])
        return self.act_d(self.bn_d(d)) * self.channel_mask


class Block(nn.Module):
    def __init__(self, cin, cout, stride, residual, sks, activation):
        super().__init__()
        self.units = nn.ModuleList(Superkernel(cin, e * cin, k, stride, activation) for k, e in sks)
        total = sum(e * cin for _, e in sks)
        self.project = nn.Conv2d(total, cout, 1, bias=False)
        self.bn_p = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.1)
        self.residual = residual

    def forward(self, x):
        y = self.bn_p(self.project(torch.cat([u(x) for u in self.units], 1)))
        return x + y if self.residual else y


def block_positions(supernet):
    """Same rules as model.Supernet.blockPositions(): first block of a stage takes the stride."""
    c = supernet["stem"]["channels"]
    out = []
    for st in supernet["stages"]:
        for b in range(st["depth"]):
            stride = st["stride"] if b == 0 else 1
            residual = st.get("residual", True) and stride == 1 and c == st["width"]
            sks_json = st.get("overrides", {}).get(str(b), st["superkernels"])
            sks = []
            for sk in sks_json:
                es = sk["expansions"]
                if sk.get("zeroOnlyWithResidual") and not residual:
                    es = [e for e in es if e != 0]
                sks.append((max(sk["kernelSizes"]), max(es)))
            out.append((c, st["width"], stride, residual, sks, st["activation"]))
            c = st["width"]
    return out


class Net(nn.Module):
    def __init__(self, s):
        super().__init__()
        stem = s["stem"]
        cin = s["input"]["channels"]
        self.stem = nn.Sequential(nn.Conv2d(cin, stem["channels"], stem["kernel"], stride=stem["stride"],
                                            padding=stem["kernel"] // 2, bias=False),
                                  nn.BatchNorm2d(stem["channels"], eps=1e-3), act(stem["activation"]))
        pos = block_positions(s)
        self.blocks = nn.Sequential(*[Block(*p) for p in pos])
        last = pos[-1][1] if pos else stem["channels"]
        head = s["head"]
        self.head = nn.Sequential(nn.Conv2d(last, head["featureChannels"], 1, bias=False),
                                  nn.BatchNorm2d(head["featureChannels"], eps=1e-3), act(head["activation"]))
        self.fc = nn.Linear(head["featureChannels"], head["classes"])

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.fc(x.mean((2, 3)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("project", nargs="?", default=os.path.join(here, "..", "..", "..", "sample-projects", "fashion-mnist.json"))
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    s = json.load(open(a.project))["supernet"]
    res, cin, classes = s["input"]["height"], s["input"]["channels"], s["head"]["classes"]
    net = Net(s)
    opt = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-3, momentum=0.9, weight_decay=1e-5)
    x = torch.randn(a.batch, cin, res, res)
    y = torch.randint(0, classes, (a.batch,))
    with open("/proc/loadavg") as f:
        load_before = " ".join(f.read().split()[:3])
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, mkldnn {torch.backends.mkldnn.is_available()}: "
          f"{s['name']}, largest path, batch {a.batch}, {res}x{res}x{cin}, load average before: {load_before}")
    train, fwd = [], []
    for i in range(a.warmup + a.steps):
        net.train()
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y, label_smoothing=0.1)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
        opt.step()
        t1 = time.perf_counter()
        net.eval()
        with torch.no_grad():
            net(x)
        t2 = time.perf_counter()
        if i >= a.warmup:
            train.append((t1 - t0) * 1000)
            fwd.append((t2 - t1) * 1000)
    tm, fm = statistics.median(train), statistics.median(fwd)
    print(f"train step: {tm:.1f} ms  {a.batch * 1000 / tm:.0f} images/s")
    print(f"forward:    {fm:.1f} ms  {a.batch * 1000 / fm:.0f} images/s")
    with open("/proc/loadavg") as f:
        print(f"load average after: {' '.join(f.read().split()[:3])}  (median of {a.steps} steps after {a.warmup} warm-up)")


if __name__ == "__main__":
    main()
