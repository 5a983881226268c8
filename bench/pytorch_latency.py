#!/usr/bin/python3
"""PyTorch reference for bench InferenceLatencyBenchmark: CPU latency of the unpruned dcase21 network
vs the `paper` preset (C1, C2, C3 = 8, 8, 32), batch 1 and a big batch, in several PyTorch forms.

Same method as the Java side: both networks in one process, same settings, run interleaved
(A B A B ...) after warm-up, medians in ms. Prints markdown table rows
(| threads | form | batch | wall unpruned, paper, speed-up | thread CPU unpruned, paper, speed-up |;
the CPU time is the compute time at 1 intra-op thread, where every op runs on the calling thread).

Usage: /usr/bin/python3 bench/pytorch_latency.py [--threads 1] [--rounds 61] [--rounds-big 5]
       [--big-batch 64] [--warmup 5] [--warmup-big 1]
"""
import argparse
import contextlib
import statistics
import time

import torch
import torch.fx.experimental.optimization
from torch import nn


def dcase21(c1, c2, c3, n_mels=40, frames=500, classes=10):
    """The DCASE 2021 Task 1A baseline (spec method.md section 3), eval mode."""
    def unit(cin, cout):
        return [nn.Conv2d(cin, cout, 7, padding=3), nn.BatchNorm2d(cout, eps=1e-3), nn.ReLU()]
    net = nn.Sequential(
        *unit(1, c1), *unit(c1, c2), nn.MaxPool2d(5), nn.Dropout(0.3),
        *unit(c2, c3), nn.MaxPool2d((n_mels // 5 // 2, frames // 5)), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(c3 * 2, 100), nn.ReLU(), nn.Dropout(0.3), nn.Linear(100, classes))
    with torch.no_grad():  # non-trivial running statistics, so folding has something to fold
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.normal_()
                m.running_var.uniform_(0.5, 1.5)
                m.weight.normal_()
                m.bias.normal_()
    return net.eval()


def fused(net):
    """Conv+BN folded (torch.fx fuser), as InferenceOptimizer does."""
    return torch.fx.experimental.optimization.fuse(net)


def scripted(net):
    """TorchScript, frozen and optimize_for_inference (conv-BN folding, oneDNN layout propagation)."""
    with torch.no_grad():
        return torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.script(net)))


def median_ms(fns, warmup, rounds):
    """(wall, thread CPU) medians in ms per function, run interleaved after warm-up."""
    for f in fns:
        for _ in range(warmup):
            f()
    wall = [[] for _ in fns]
    cpu = [[] for _ in fns]
    for _ in range(rounds):
        for k, f in enumerate(fns):
            c0, t0 = time.thread_time(), time.perf_counter()
            f()
            wall[k].append((time.perf_counter() - t0) * 1e3)
            cpu[k].append((time.thread_time() - c0) * 1e3)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads)")
    ap.add_argument("--rounds", type=int, default=61, help="timed interleaved rounds at batch 1")
    ap.add_argument("--rounds-big", type=int, default=5, help="timed interleaved rounds at the big batch")
    ap.add_argument("--big-batch", type=int, default=64, help="the big batch size")
    ap.add_argument("--warmup", type=int, default=5, help="untimed runs per network first, batch 1")
    ap.add_argument("--warmup-big", type=int, default=1, help="untimed runs per network first, big batch")
    a = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    full, paper = dcase21(16, 16, 32), dcase21(8, 8, 32)
    version = "PyTorch " + torch.__version__.split("a")[0]
    for batch in (1, a.big_batch):
        rounds = a.rounds if batch == 1 else a.rounds_big
        x = torch.randn(batch, 1, 40, 500)
        x_cl = x.contiguous(memory_format=torch.channels_last)
        forms = [("eager", lambda n: n, x, None)]
        if batch == 1:
            forms += [("eager, oneDNN off (im2col+GEMM)", lambda n: n, x, False),
                      ("eager, BN fused + channels-last",
                       lambda n: fused(n).to(memory_format=torch.channels_last), x_cl, None)]
        forms += [("TorchScript freeze + optimize_for_inference", scripted, x, None)]
        for name, make, inp, mkldnn in forms:
            nets = [make(full), make(paper)]
            flags = torch.backends.mkldnn.flags(enabled=mkldnn) if mkldnn is not None else contextlib.nullcontext()
            with torch.inference_mode(), flags:
                for n, ref in zip(nets, (full, paper)):
                    assert torch.allclose(n(inp), ref(x), atol=1e-4), name + ": not equivalent"
                ms = median_ms([lambda: nets[0](inp), lambda: nets[1](inp)],
                               a.warmup if batch == 1 else a.warmup_big, rounds)
            (uw, uc), (pw, pc) = ms
            cpu = "%.2f | %.2f | **%.2fx**" % (uc, pc, uc / pc) if a.threads == 1 else "– | – | –"
            print("| %d | %s %s | %d | %.2f | %.2f | %.2fx | %s |"
                  % (a.threads, version, name, batch, uw, pw, uw / pw, cpu), flush=True)


if __name__ == "__main__":
    main()
