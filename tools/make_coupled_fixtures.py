#!/usr/bin/python3
"""Fixtures for importing PANNs' coupled-channel networks (issue 13): reduced-width MobileNetV1,
MobileNetV2, ResNet22 and ResNet38 with PANNs' module names, and PyTorch's outputs.

Run with Debian's python3-torch (/usr/bin/python3 tools/make_coupled_fixtures.py [OUT]); writes to
src/test/resources/interchange:
- panns_<net>_small.pth: {'iteration', 'model': state_dict} (the mel bank included, as real
  checkpoints carry it; the STFT kernels left out like the Cnn fixtures), every width divided by 8
  (16 for ResNet22, 32 for ResNet38; fc1 too), 10 classes, trained-looking random batch-norm statistics.
- panns_<net>_input.npy (batch 2, 1, 96 frames, 64 mels: the log-mel PANNs feeds bn0) and
  panns_<net>_logits.npy (fc_audioset on it, eval mode).
- coupled_provenance.json: the package versions.

The modules below follow PANNs' pytorch/models.py (qiuqiangkong/audioset_tagging_cnn) line for line
from bn0 on: conv_bn / conv_dw of MobileNetV1, InvertedResidual of MobileNetV2, _ResnetBasicBlock /
_ResNet of the ResNets with their avg-pool downsample, ConvBlock, and the shared head.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_interchange_fixtures import panns_checkpoint, randomise_batch_norms  # noqa: E402

DIV = 8  # width divisor; the ResNets set their own (make), keeping the files small


def head(model, x, dropout_before_fc1=True):
    x = torch.mean(x, dim=3)
    x = torch.max(x, dim=2)[0] + torch.mean(x, dim=2)
    if dropout_before_fc1:
        x = F.dropout(x, p=0.5, training=model.training)
    x = F.relu_(model.fc1(x))
    return model.fc_audioset(x)


class MobileNetV1(nn.Module):
    def __init__(self, classes_num):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(64)

        def conv_bn(inp, oup, stride):
            return nn.Sequential(nn.Conv2d(inp, oup, 3, 1, 1, bias=False), nn.AvgPool2d(stride), nn.BatchNorm2d(oup),
                                 nn.ReLU(inplace=True))

        def conv_dw(inp, oup, stride):
            return nn.Sequential(nn.Conv2d(inp, inp, 3, 1, 1, groups=inp, bias=False), nn.AvgPool2d(stride),
                                 nn.BatchNorm2d(inp), nn.ReLU(inplace=True), nn.Conv2d(inp, oup, 1, 1, 0, bias=False),
                                 nn.BatchNorm2d(oup), nn.ReLU(inplace=True))

        w = [c // DIV for c in (32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024)]
        strides = (2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1)
        layers = [conv_bn(1, w[0], 2)] + [conv_dw(w[i - 1], w[i], strides[i]) for i in range(1, 14)]
        self.features = nn.Sequential(*layers)
        self.fc1 = nn.Linear(w[-1], w[-1], bias=True)
        self.fc_audioset = nn.Linear(w[-1], classes_num, bias=True)

    def forward(self, x):
        x = self.bn0(x.transpose(1, 3)).transpose(1, 3)
        return head(self, self.features(x))


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden_dim = round(inp * expand_ratio)
        self.use_res_connect = stride == 1 and inp == oup
        if expand_ratio == 1:
            self.conv = nn.Sequential(
                nn.Conv2d(hidden_dim, hidden_dim, 3, 1, 1, groups=hidden_dim, bias=False), nn.AvgPool2d(stride),
                nn.BatchNorm2d(hidden_dim), nn.ReLU6(inplace=True), nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
                nn.BatchNorm2d(oup))
        else:
            self.conv = nn.Sequential(
                nn.Conv2d(inp, hidden_dim, 1, 1, 0, bias=False), nn.BatchNorm2d(hidden_dim), nn.ReLU6(inplace=True),
                nn.Conv2d(hidden_dim, hidden_dim, 3, 1, 1, groups=hidden_dim, bias=False), nn.AvgPool2d(stride),
                nn.BatchNorm2d(hidden_dim), nn.ReLU6(inplace=True), nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
                nn.BatchNorm2d(oup))

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, classes_num):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(64)
        setting = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 2], [6, 160, 3, 1],
                   [6, 320, 1, 1]]
        input_channel = 32 // DIV
        last_channel = 1280 // DIV
        features = [nn.Sequential(nn.Conv2d(1, input_channel, 3, 1, 1, bias=False), nn.AvgPool2d(2),
                                  nn.BatchNorm2d(input_channel), nn.ReLU6(inplace=True))]
        for t, c, n, s in setting:
            output_channel = c // DIV
            for i in range(n):
                features.append(InvertedResidual(input_channel, output_channel, s if i == 0 else 1, t))
                input_channel = output_channel
        features.append(nn.Sequential(nn.Conv2d(input_channel, last_channel, 1, 1, 0, bias=False),
                                      nn.BatchNorm2d(last_channel), nn.ReLU6(inplace=True)))
        self.features = nn.Sequential(*features)
        self.fc1 = nn.Linear(last_channel, 1024 // DIV, bias=True)
        self.fc_audioset = nn.Linear(1024 // DIV, classes_num, bias=True)

    def forward(self, x):
        x = self.bn0(x.transpose(1, 3)).transpose(1, 3)
        return head(self, self.features(x), dropout_before_fc1=False)


class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
        self.conv2 = nn.Conv2d(cout, cout, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x, pool_size):
        x = F.relu_(self.bn1(self.conv1(x)))
        x = F.relu_(self.bn2(self.conv2(x)))
        return F.avg_pool2d(x, kernel_size=pool_size)


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride, downsample):
        super().__init__()
        self.stride = stride
        self.conv1 = nn.Conv2d(inplanes, planes, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = F.avg_pool2d(x, kernel_size=(2, 2)) if self.stride == 2 else x
        out = self.relu(self.bn1(self.conv1(out)))
        out = F.dropout(out, p=0.1, training=self.training)
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(identity)
        return self.relu(out + identity)


class ResNetBody(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.inplanes = 64 // DIV
        for s, (planes, blocks) in enumerate(zip((64, 128, 256, 512), layers)):
            setattr(self, 'layer%d' % (s + 1), self._make_layer(planes // DIV, blocks, 1 if s == 0 else 2))

    def _make_layer(self, planes, blocks, stride):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(nn.AvgPool2d(kernel_size=2), nn.Conv2d(self.inplanes, planes, 1, 1, bias=False),
                                       nn.BatchNorm2d(planes))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes, 1, None) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


class ResNet(nn.Module):
    def __init__(self, layers, classes_num):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(64)
        self.conv_block1 = ConvBlock(1, 64 // DIV)
        self.resnet = ResNetBody(layers)
        self.conv_block_after1 = ConvBlock(512 // DIV, 2048 // DIV)
        self.fc1 = nn.Linear(2048 // DIV, 2048 // DIV)
        self.fc_audioset = nn.Linear(2048 // DIV, classes_num, bias=True)

    def forward(self, x):
        x = self.bn0(x.transpose(1, 3)).transpose(1, 3)
        x = F.dropout(self.conv_block1(x, pool_size=(2, 2)), p=0.2, training=self.training)
        x = self.resnet(x)
        x = F.dropout(F.avg_pool2d(x, kernel_size=(2, 2)), p=0.2, training=self.training)
        x = F.dropout(self.conv_block_after1(x, pool_size=(1, 1)), p=0.2, training=self.training)
        return head(self, x)


def make(out, name, model, seed):
    gen = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            m.weight.data = torch.randn(m.weight.shape, generator=gen) * (2.0 / fan_in) ** 0.5
            if m.bias is not None:
                m.bias.data = torch.randn(m.bias.shape, generator=gen) * 0.1
    randomise_batch_norms(model, gen)
    model.eval()
    x = torch.randn(2, 1, 96, 64, generator=gen) * 10 - 40
    with torch.no_grad():
        logits = model(x)
    torch.save(panns_checkpoint(model), os.path.join(out, 'panns_%s_small.pth' % name))
    np.save(os.path.join(out, 'panns_%s_input.npy' % name), x.numpy().astype(np.float32))
    np.save(os.path.join(out, 'panns_%s_logits.npy' % name), logits.numpy().astype(np.float32))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'src/test/resources/interchange'
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    torch.manual_seed(13)
    make(out, 'mobilenetv1', MobileNetV1(10), seed=101)
    make(out, 'mobilenetv2', MobileNetV2(10), seed=102)
    global DIV
    DIV = 16
    make(out, 'resnet22', ResNet([2, 2, 2, 2], 10), seed=122)
    DIV = 32
    make(out, 'resnet38', ResNet([3, 4, 6, 3], 10), seed=138)
    with open(os.path.join(out, 'coupled_provenance.json'), 'w') as f:
        json.dump({'script': 'tools/make_coupled_fixtures.py', 'python': sys.version.split()[0],
                   'torch': torch.__version__, 'numpy': np.__version__, 'interpreter': sys.executable}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
