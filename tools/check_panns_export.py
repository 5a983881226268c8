#!/usr/bin/env python3
"""Loads an `audioprune export --format panns` file into PANNs' own network definition and runs it.

    /usr/bin/python3 tools/check_panns_export.py PANNS_PYTORCH_DIR EXPORT.safetensors INPUT.npy OUT.npy

PANNS_PYTORCH_DIR is the pytorch/ folder of a checkout of qiuqiangkong/audioset_tagging_cnn (its
models.py is imported, not copied here). The script builds PANNs' Cnn14 / Cnn10 / Cnn6 with the
constructor arguments of the file's metadata, gives every conv block the widths of the file (the
loader shown in docs/interchange.md), loads the state dict (only the front end's kernels may be
missing: PANNs' constructor computes them), and saves clipwise_output for INPUT.npy, a log-mel
batch (batch, 1, frames, 64) as PANNs' logmel_extractor outputs it, to OUT.npy. It made
src/test/resources/interchange/panns_cnn14_pruned_clipwise.npy from the checked-in export of
PannsExportTest (provenance: provenance.json, "panns_export").

Debian packages neither torchlibrosa nor safetensors: the front-end modules are replaced by
identities (the network is run from the log-mel on, which is what the comparison needs), and the
safetensors file is read with numpy (8-byte header length, JSON header, raw little-endian data).
"""
import json
import os
import re
import sys
import types

import numpy as np
import torch
import torch.nn as nn


def stub_torchlibrosa():
    """torchlibrosa's Spectrogram / LogmelFilterBank as identities, SpecAugmentation unused in eval."""
    class Identity(nn.Module):
        def __init__(self, *args, **kwargs):
            super().__init__()

        def forward(self, x):
            return x
    pkg = types.ModuleType('torchlibrosa')
    stft = types.ModuleType('torchlibrosa.stft')
    aug = types.ModuleType('torchlibrosa.augmentation')
    stft.Spectrogram = stft.LogmelFilterBank = Identity
    aug.SpecAugmentation = Identity
    pkg.stft, pkg.augmentation = stft, aug
    sys.modules.update({'torchlibrosa': pkg, 'torchlibrosa.stft': stft, 'torchlibrosa.augmentation': aug})


def read_safetensors(path):
    with open(path, 'rb') as f:
        n = int.from_bytes(f.read(8), 'little')
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop('__metadata__', {})
    tensors = {}
    for name, t in header.items():
        assert t['dtype'] == 'F32', (name, t['dtype'])
        start, end = t['data_offsets']
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype='<f4').reshape(t['shape']).copy())
    return tensors, meta


def load_pruned(models, sd, meta):
    """The loader of docs/interchange.md: PANNs' class, then every conv, BN and fc sized from the file."""
    info = json.loads(meta['audioprune'])
    model = getattr(models, {'cnn14': 'Cnn14', 'cnn10': 'Cnn10', 'cnn6': 'Cnn6'}[info['family']])(**info['constructor'])
    for key, w in sd.items():
        m = re.fullmatch(r'(conv_block\d+)\.conv(\d)\.weight', key)
        if m:
            block, j = getattr(model, m.group(1)), m.group(2)
            k = w.shape[2]
            setattr(block, 'conv' + j, nn.Conv2d(w.shape[1], w.shape[0], k, padding=k // 2, bias=False))
            setattr(block, 'bn' + j, nn.BatchNorm2d(w.shape[0]))
    for fc in ('fc1', 'fc_audioset'):
        setattr(model, fc, nn.Linear(sd[fc + '.weight'].shape[1], sd[fc + '.weight'].shape[0]))
    missing, unexpected = model.load_state_dict(sd, strict=False)
    assert not unexpected, unexpected
    assert all(k.startswith(('spectrogram_extractor.', 'logmel_extractor.')) for k in missing), missing
    return model.eval(), info


def main(panns_dir, export, inp, out):
    stub_torchlibrosa()
    sys.path.insert(0, os.path.abspath(panns_dir))
    import models  # PANNs' pytorch/models.py
    sd, meta = read_safetensors(export)
    model, info = load_pruned(models, sd, meta)
    widths = [[getattr(getattr(model, 'conv_block%d' % b), 'conv%d' % j).out_channels
               for j in range(1, len(info['conv_block_widths'][0]) + 1)] for b in range(1, len(info['conv_block_widths']) + 1)]
    assert widths == info['conv_block_widths'], (widths, info['conv_block_widths'])
    x = torch.from_numpy(np.load(inp))
    with torch.no_grad():
        clipwise = model(x)['clipwise_output']
    np.save(out, clipwise.numpy().astype(np.float32))
    print('%s: PANNs %s (%s) widths %s loaded; clipwise_output %s -> %s (torch %s)' % (
        export, info['family'], type(model).__name__, widths, tuple(clipwise.shape), out, torch.__version__))


if __name__ == '__main__':
    main(*sys.argv[1:5])
