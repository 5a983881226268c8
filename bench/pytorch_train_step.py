#!/usr/bin/python3
"""PyTorch reference for TrainStepBenchmark: one DCASE21-Net training step (Adam, cross-entropy).

Same network, batch, input size and thread count as the DJL side; prints one JSON line with
the per-step times in milliseconds. Usage: pytorch_train_step.py THREADS BATCH MELS FRAMES WARMUP STEPS (THREADS 0: the build's default)
"""
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


def main():
    threads, batch, mels, frames, warmup, steps = (int(a) for a in sys.argv[1:7])
    if threads > 0:  # 0: keep this build's default, as a naive script would
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    net = Dcase21(mels, frames)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(batch, 1, mels, frames)
    y = torch.randint(0, 10, (batch,))
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        loss.item()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000.0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "step_ms": times}))


if __name__ == "__main__":
    main()
