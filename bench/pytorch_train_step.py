#!/usr/bin/python3
"""PyTorch reference for TrainStepBenchmark: one DCASE21-Net training step (Adam, cross-entropy).

Same network, batch, input size and thread count as the DJL side; prints one JSON line with
the per-step times in milliseconds (wall, and CPU time of the calling thread).
Usage: pytorch_train_step.py THREADS BATCH MELS FRAMES WARMUP STEPS [--arch dcase21|cnn14r] [--channels-last]
(THREADS 0: the build's default; cnn14r: PANNs CNN14 without bn0, binary cross-entropy, as
TrainLayoutBenchmark builds it; --channels-last: model and input in torch.channels_last)
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Dcase21(nn.Module):
    def __init__(self, mels, frames, classes=10):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 7, padding=3)
        self.b1 = nn.BatchNorm2d(16, eps=1e-3)
        self.c2 = nn.Conv2d(16, 16, 7, padding=3)
        self.b2 = nn.BatchNorm2d(16, eps=1e-3)
        self.c3 = nn.Conv2d(16, 32, 7, padding=3)
        self.b3 = nn.BatchNorm2d(32, eps=1e-3)
        self.pool2 = (4, frames // 5)
        self.fc1 = nn.Linear(32 * (mels // 20), 100)
        self.fc2 = nn.Linear(100, classes)

    def forward(self, x):
        x = F.relu(self.b1(self.c1(x)))
        x = F.relu(self.b2(self.c2(x)))
        x = F.dropout(F.max_pool2d(x, 5), 0.3, self.training)
        x = F.relu(self.b3(self.c3(x)))
        x = F.dropout(F.max_pool2d(x, self.pool2), 0.3, self.training)
        x = F.dropout(F.relu(self.fc1(x.flatten(1))), 0.3, self.training)
        return self.fc2(x)


class Cnn14NoBn0(nn.Module):
    """PANNs CNN14 in the project's layout (B, 1, mels, frames), bn0 left out (see TrainLayoutBenchmark)."""

    def __init__(self, classes=527, widths=(64, 128, 256, 512, 1024, 2048)):
        super().__init__()
        layers, cin = [], 1
        for b, w in enumerate(widths):
            layers += [nn.Conv2d(cin, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU(),
                       nn.Conv2d(w, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()]
            if b < len(widths) - 1:
                layers.append(nn.AvgPool2d(2))
            layers.append(nn.Dropout(0.2))
            cin = w
        self.features = nn.Sequential(*layers)
        self.fc1 = nn.Linear(cin, cin)
        self.fc_audioset = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.features(x).mean(2)
        x = x.max(2).values + x.mean(2)
        x = F.dropout(x, 0.5, self.training)
        x = F.dropout(F.relu(self.fc1(x)), 0.5, self.training)
        return self.fc_audioset(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("numbers", type=int, nargs=6)
    ap.add_argument("--arch", default="dcase21", choices=["dcase21", "cnn14r"])
    ap.add_argument("--channels-last", action="store_true")
    a = ap.parse_args()
    threads, batch, mels, frames, warmup, steps = a.numbers
    if threads > 0:  # 0: keep this build's default, as a naive script would
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    multi_label = a.arch == "cnn14r"
    net = Cnn14NoBn0() if multi_label else Dcase21(mels, frames)
    net.train()
    x = torch.randn(batch, 1, mels, frames)
    if multi_label:
        y = (torch.rand(batch, 527) < 0.02).float()
        loss_fn = F.binary_cross_entropy_with_logits
    else:
        y = torch.randint(0, 10, (batch,))
        loss_fn = F.cross_entropy
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    times, cpu, fwd, bwd, upd = [], [], [], [], []
    for i in range(warmup + steps):
        c0, t0 = time.thread_time(), time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.item()
        c1 = time.thread_time()
        loss.backward()
        c2 = time.thread_time()
        opt.step()
        c3 = time.thread_time()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000.0)
            cpu.append((c3 - c0) * 1000.0)
            fwd.append((c1 - c0) * 1000.0)
            bwd.append((c2 - c1) * 1000.0)
            upd.append((c3 - c2) * 1000.0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "step_ms": times,
                      "cpu_ms": cpu, "forward_ms": fwd, "backward_ms": bwd, "update_ms": upd}))


if __name__ == "__main__":
    main()
