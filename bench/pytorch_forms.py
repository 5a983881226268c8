#!/usr/bin/python3
"""PyTorch side of bench InferenceFormsBenchmark: the networks the Java side wrote (DIR/NET/spec.json,
one .npy per checkpoint tensor), rebuilt in torch.nn from the spec, in several exact inference forms.

  export DIR NET...   writes DIR/NET/frozen.pt (torch.jit.script + freeze: conv-BN folded, dense NCHW),
                      DIR/NET/mkldnn.pt (BN folded by hand, feature maps in oneDNN's blocked layout:
                      to_mkldnn -> mkldnn_convolution/ReLU/pooling -> to_dense; weights dense, reordered
                      by oneDNN on every call) and DIR/NET/mkldnn-packed.pt (the same, weights reordered
                      once on the first call and kept), for DJL to load
  time DIR NET... --threads T --batch B --rounds R --warmup W
                      prints one markdown row per (network, form): same columns as the Java side
                      (median wall, median / p25 / p75 thread CPU in ms), forms run interleaved
  breakdown DIR NET   per-op CPU ms at batch 1 (conv layers and the first max-pool alone) in NCHW,
                      NHWC (channels_last) and oneDNN blocked layout

Same weights as the Java side; every form is checked against the eager network (1e-4).
"""
import argparse
import json
import os
import statistics
import sys
import time
from typing import List, Optional

import numpy as np
import torch
import torch.fx.experimental.optimization
from torch import nn
import torch.nn.functional as F


def load(d, net):
    spec = json.load(open(os.path.join(d, net, "spec.json")))
    w = {f[:-4]: torch.from_numpy(np.load(os.path.join(d, net, f))) for f in os.listdir(os.path.join(d, net))
         if f.endswith(".npy")}
    return spec, w


class MelNorm(nn.Module):
    """PANNs bn0: batch norm over the mel axis of (B, 1, mels, T)."""

    def __init__(self, bn):
        super().__init__()
        self.bn = bn

    def forward(self, x):
        return self.bn(x.transpose(1, 2)).transpose(1, 2)


class GlobalPool(nn.Module):
    """Mean over frequency, then max + mean over time (the spec's globalPool)."""

    def forward(self, x):
        x = x.mean(2)
        return x.max(2).values + x.mean(2)


def bn_from(w, prefix, n, eps):
    bn = nn.BatchNorm2d(n, eps=eps)
    bn.weight.data, bn.bias.data = w[prefix + ".gamma"], w[prefix + ".beta"]
    bn.running_mean.data, bn.running_var.data = w[prefix + ".running_mean"], w[prefix + ".running_var"]
    return bn


def eager(spec, w):
    """The spec as a torch.nn.Sequential in eval mode."""
    mods = []
    for l in spec["layers"]:
        t = l["type"]
        if t == "conv":
            c = nn.Conv2d(l["inChannels"], l["outChannels"], (l["kernelH"], l["kernelW"]),
                          padding=(l["padH"], l["padW"]), bias=l["bias"])
            c.weight.data = w[l["name"] + ".weight"]
            if l["bias"]:
                c.bias.data = w[l["name"] + ".bias"]
            mods.append(c)
            if l["batchNorm"]:
                mods.append(bn_from(w, l["name"] + ".bn", l["outChannels"], l["bnEpsilon"]))
            if l["activation"] == "relu":
                mods.append(nn.ReLU())
        elif t == "pool":
            k = (l["kernelH"], l["kernelW"])
            mods.append(nn.MaxPool2d(k) if l["kind"] == "max" else nn.AvgPool2d(k))
        elif t == "adaptivePool":
            # window = stride = in // target: the same as PyTorch's adaptive pooling when the target divides
            # the input, as at the networks' reference inputs
            k = (l["targetH"], l["targetW"])
            mods.append(nn.AdaptiveMaxPool2d(k) if l["kind"] == "max" else nn.AdaptiveAvgPool2d(k))
        elif t == "dropout":
            mods.append(nn.Dropout(l["rate"]))
        elif t == "flatten":
            mods.append(nn.Flatten())
        elif t == "melBatchNorm":
            mods.append(MelNorm(bn_from(w, l["name"], l["features"], l["epsilon"])))
        elif t == "globalPool":
            mods.append(GlobalPool())
        elif t == "dense":
            d = nn.Linear(l["inFeatures"], l["outFeatures"])
            d.weight.data, d.bias.data = w[l["name"] + ".weight"], w[l["name"] + ".bias"]
            mods.append(d)
            if l["activation"] == "relu":
                mods.append(nn.ReLU())
        else:
            raise ValueError("unknown layer type " + t)
    return nn.Sequential(*mods).eval()


class ToMkldnn(nn.Module):
    def forward(self, x):
        return x.to_mkldnn()


class ToDense(nn.Module):
    def forward(self, x):
        return x.to_dense()


class MkldnnConv(nn.Module):
    """Conv on oneDNN-layout maps; the (BN-folded) weight stays dense and oneDNN reorders it per call."""

    def __init__(self, weight, bias, padding: List[int]):
        super().__init__()
        self.register_buffer("weight", weight)
        self.register_buffer("bias", bias)
        self.padding = padding

    def forward(self, x):
        return torch.mkldnn_convolution(x, self.weight, self.bias, self.padding, [1, 1], [1, 1], 1)


class PackedMkldnnConv(nn.Module):
    """As MkldnnConv, but the weight is reordered to oneDNN's layout once, on the first call, and kept
    (what optimize_for_inference's prepacking does; an MKLDNN tensor cannot be saved, so it is made
    after loading)."""
    packed: Optional[torch.Tensor]

    def __init__(self, weight, bias, padding: List[int]):
        super().__init__()
        self.register_buffer("weight", weight)
        self.register_buffer("bias", bias)
        self.padding = padding
        self.packed = None

    def forward(self, x):
        p = self.packed
        if p is None:
            p = torch.ops.aten.mkldnn_reorder_conv2d_weight(self.weight.to_mkldnn(), self.padding, [1, 1], [1, 1], 1)
            self.packed = p
        return torch.mkldnn_convolution(x, p, self.bias, self.padding, [1, 1], [1, 1], 1)


def mkldnn_form(spec, w, packed=False):
    """Feature maps in oneDNN's blocked layout from the first conv to the last pooling layer."""
    mods, blocked = [], False
    layers = spec["layers"]
    for i, l in enumerate(layers):
        t = l["type"]
        if t == "conv":
            if not blocked:
                mods.append(ToMkldnn())
                blocked = True
            wt, b = w[l["name"] + ".weight"].clone(), (w[l["name"] + ".bias"].clone() if l["bias"]
                                                       else torch.zeros(l["outChannels"]))
            if l["batchNorm"]:
                p = l["name"] + ".bn"
                s = w[p + ".gamma"].double() / torch.sqrt(w[p + ".running_var"].double() + l["bnEpsilon"])
                wt = (wt.double() * s[:, None, None, None]).float()
                b = ((b.double() - w[p + ".running_mean"].double()) * s + w[p + ".beta"].double()).float()
            mods.append((PackedMkldnnConv if packed else MkldnnConv)(wt, b, [l["padH"], l["padW"]]))
            if l["activation"] == "relu":
                mods.append(nn.ReLU())
        elif t == "pool" and blocked:
            k = (l["kernelH"], l["kernelW"])
            mods.append(nn.MaxPool2d(k) if l["kind"] == "max" else nn.AvgPool2d(k))
        elif t == "dropout":
            continue
        else:
            if blocked:
                mods.append(ToDense())
                blocked = False
            mods.extend(list(eager({"layers": [l]}, w).children()))
    return nn.Sequential(*mods).eval()


def fused_cl(net):
    return torch.fx.experimental.optimization.fuse(net).to(memory_format=torch.channels_last)


def scripted_ofi(net):
    return torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.script(net)))


def export(a):
    for net in a.nets:
        spec, w = load(a.dir, net)
        e = eager(spec, w)
        x = torch.randn(2, 1, spec["input"]["nMels"], spec["input"]["frames"])
        with torch.no_grad():
            frozen = torch.jit.freeze(torch.jit.script(e))
            mk = torch.jit.script(mkldnn_form(spec, w))
            packed = torch.jit.script(mkldnn_form(spec, w, packed=True))
            for name, m in (("frozen", frozen), ("mkldnn", mk), ("mkldnn-packed", packed)):
                path = os.path.join(a.dir, net, name + ".pt")
                m.save(path)  # before any call: a reordered (MKLDNN) weight cannot be saved
                loaded = torch.jit.load(path)
                assert torch.allclose(loaded(x), e(x), atol=1e-4, rtol=1e-4), net + " " + name + ": not equivalent"


def percentile(v, q):
    return float(np.percentile(np.asarray(v), q))


def time_forms(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    version = "PyTorch " + torch.__version__.split("a")[0]
    for net in a.nets:
        spec, w = load(a.dir, net)
        e = eager(spec, w)
        x = torch.randn(a.batch, 1, spec["input"]["nMels"], spec["input"]["frames"])
        xcl = x.contiguous(memory_format=torch.channels_last)
        with torch.no_grad():
            forms = [("eager", e, x), ("eager, BN fused + channels-last", fused_cl(e), xcl),
                     ("TorchScript freeze + optimize_for_inference", scripted_ofi(e), x),
                     ("oneDNN blocked maps (scripted)", torch.jit.script(mkldnn_form(spec, w)), x),
                     ("oneDNN blocked maps, weights reordered once (scripted)",
                      torch.jit.script(mkldnn_form(spec, w, packed=True)), x)]
            if a.forms:
                forms = [f for f in forms if any(f[0].startswith(p) for p in a.forms.split(","))]
        with torch.inference_mode():
            ref = e(x)
            for name, m, inp in forms:
                assert torch.allclose(m(inp), ref, atol=1e-4, rtol=1e-4), name + ": not equivalent"
                for _ in range(a.warmup):
                    m(inp)
            wall = [[] for _ in forms]
            cpu = [[] for _ in forms]
            for r in range(a.rounds):
                for k in range(len(forms)):
                    j = (k + r) % len(forms)
                    _, m, inp = forms[j]
                    c0, t0 = time.thread_time(), time.perf_counter()
                    m(inp)
                    wall[j].append((time.perf_counter() - t0) * 1e3)
                    cpu[j].append((time.thread_time() - c0) * 1e3)
        for (name, _, _), wl, cl in zip(forms, wall, cpu):
            print("| %d | %s | %d | %s %s | %.2f | %.2f | %.2f | %.2f | %s |" % (
                a.threads, net, a.batch, version, name, statistics.median(wl), statistics.median(cl),
                percentile(cl, 25), percentile(cl, 75), " ".join("%.2f" % c for c in cl) if a.raw else ""),
                flush=True)


def breakdown(a):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    version = "PyTorch " + torch.__version__.split("a")[0]
    for net in a.nets:
        spec, w = load(a.dir, net)
        h, t = spec["input"]["nMels"], spec["input"]["frames"]
        first_pool = True
        for l in spec["layers"]:
            if l["type"] == "pool":
                if first_pool:
                    first_pool = False
                    k = (l["kernelH"], l["kernelW"])
                    x = torch.randn(1, c, h, t)
                    cases = [("NCHW", lambda x=x: F.max_pool2d(x, k) if l["kind"] == "max" else F.avg_pool2d(x, k))]
                    xc = x.contiguous(memory_format=torch.channels_last)
                    cases.append(("NHWC", lambda xc=xc: F.max_pool2d(xc, k) if l["kind"] == "max"
                                  else F.avg_pool2d(xc, k)))
                    xm = x.to_mkldnn()
                    cases.append(("oneDNN blocked", lambda xm=xm: F.max_pool2d(xm, k) if l["kind"] == "max"
                                  else F.avg_pool2d(xm, k)))
                    report(version, net, "%s-pool %dx%d on %dx%dx%d" % (l["kind"], k[0], k[1], c, h, t), cases)
                h, t = h // l["kernelH"], t // l["kernelW"]
            if l["type"] != "conv":
                continue
            c = l["inChannels"]
            x = torch.randn(1, c, h, t)
            wt, b = w[l["name"] + ".weight"], torch.zeros(l["outChannels"])
            pad = (l["padH"], l["padW"])
            xc, wc = x.contiguous(memory_format=torch.channels_last), wt.contiguous(memory_format=torch.channels_last)
            xm = x.to_mkldnn()
            wm = torch._C._nn.mkldnn_reorder_conv2d_weight(wt.to_mkldnn(), list(pad), [1, 1], [1, 1], 1)
            cases = [("NCHW", lambda: F.conv2d(x, wt, b, padding=pad)),
                     ("NHWC", lambda: F.conv2d(xc, wc, b, padding=pad)),
                     ("oneDNN blocked, dense weight", lambda: torch.mkldnn_convolution(xm, wt, b, list(pad), [1, 1], [1, 1], 1)),
                     ("oneDNN blocked, prepacked weight", lambda: torch.mkldnn_convolution(xm, wm, b, list(pad), [1, 1], [1, 1], 1))]
            report(version, net, "conv %s %d->%d %dx%d on %dx%d" % (l["name"], c, l["outChannels"], l["kernelH"],
                                                                 l["kernelW"], h, t), cases)
            c = l["outChannels"]


def report(version, net, op, cases, rounds=41):
    with torch.inference_mode():
        for _, f in cases:
            for _ in range(3):
                f()
        cpu = [[] for _ in cases]
        for r in range(rounds):
            for k, (_, f) in enumerate(cases):
                c0 = time.thread_time()
                f()
                cpu[k].append((time.thread_time() - c0) * 1e3)
    for (layout, _), c in zip(cases, cpu):
        print("| %s | %s | %s | %s | %.3f |" % (version, net, op, layout, statistics.median(c)), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["export", "time", "breakdown"])
    ap.add_argument("dir")
    ap.add_argument("nets", nargs="+")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=31)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--forms", default="", help="comma-separated prefixes of the forms to time (default all)")
    ap.add_argument("--raw", action="store_true", help="also print every round's CPU ms")
    a = ap.parse_args()
    {"export": export, "time": time_forms, "breakdown": breakdown}[a.command](a)


if __name__ == "__main__":
    sys.exit(main())
