#!/usr/bin/env python3
"""Test fixtures for org.audioprune.interchange, made by the real tools (docs/interchange.md).

Run with Debian's interpreter (python3-torch 1.13, python3-numpy, python3-h5py):

    /usr/bin/python3 tools/make_interchange_fixtures.py src/test/resources/interchange

Writes (all seeded, so a re-run gives the same numbers; the legacy .pth files differ byte-wise
between runs because that format names storages by memory address, their contents do not):

- panns_cnn14_small.pth (torch.save zip format) and panns_cnn14_small_legacy.pth
  (_use_new_zipfile_serialization=False, the torch-1.0-era layout of the released PANNs files):
  {'iteration': 1000, 'model': state_dict} of a reduced-width Cnn14 with PANNs' module names and
  operations (pytorch/models.py: bn0 between two transposes, conv blocks, the max+mean head, fc1,
  fc_audioset; written for this project, front end excluded, bn0 included),
  widths 4, 6, 8, 10, 12, 16, 527 classes, plus logmel_extractor.melW: librosa's Slaney bank
  (sr 32000, n_fft 1024, 64 mels, 50-14000 Hz) from the independent numpy reference
  tools/reference_frontend.py. The 4.2 MB of STFT kernels a real checkpoint also carries are left
  out, except in panns_cnn14_bad_stft.pth (torchlibrosa's kernels for n_fft 8: must be refused).
- panns_cnn6_small.pth: a reduced Cnn6 (one 5x5 conv per block), widths 3, 5, 7, 9, 20 classes.
- panns_*_input.npy (batch 3, 1, frames 96, 64 mels: the log-mel PANNs feeds bn0), and PyTorch's
  outputs on it: panns_*_logits.npy (fc_audioset) and panns_*_clipwise.npy (sigmoid).
- panns_cnn14_melw_16k.pth: the cnn14 fixture with a 16 kHz mel bank (same shape): must be refused.
- dcase21_keras.h5: a DCASE 2021 Task 1A baseline (pruned widths 12, 8, 24) in the layout Keras'
  model.save(h5) writes (model_weights/<layer>/<layer>/kernel:0, layer_names / weight_names attrs,
  model_config JSON); TensorFlow is not packaged by Debian, so h5py writes Keras's layout and the
  network is computed by a PyTorch transcription of the Keras layers (channels-last flatten).
- dcase21_weights.npy: the same 22 arrays as a pickled NumPy object array (np.save, allow_pickle).
- dcase21_input.npy (3, 40, 50, 1) channels-last features and dcase21_probs.npy (softmax).
- malicious_zip.pth, malicious_legacy.pth, malicious_object.npy: pickles whose loading runs
  os.system('touch /tmp/audioprune-pickle-marker') in Python (verified here, then the marker is
  removed); unknown_class.pth references a class that is not part of a state dict.
- panns_packed.h5 (4 clips of 0.5 s, contiguous, like PANNs' pack script) and
  panns_packed_gzip.h5 (2 clips of 10 s = 320000 samples, gzip-chunked): audio_name S20,
  waveform int16 (clip i: round(0.2 sin(2 pi 220 (i+1) t) 32767)), target bool (N, 527),
  attribute sample_rate 32000; *.labels.json lists each clip's positive classes.
- features_X.npy (6, 40, 20, 1) float32 + features_Y_onehot.npy (6, 3) float32, and
  features_Y_int.npy (6,) int64: the authors' precomputed-feature layout, small.

provenance.json records the library versions.
"""
import json
import math
import os
import pickle
import subprocess
import sys
import zipfile

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_frontend import mel_filterbank  # noqa: E402  (independent numpy librosa reference)

MARKER = "/tmp/audioprune-pickle-marker"


# ------------------------------------------------------------------ PANNs-structured networks
# Written for this project from the architecture (method.md section 3): the module names, shapes and
# operations are those of PANNs' pytorch/models.py (Cnn14 / Cnn6), so that state_dict() has PANNs'
# keys and forward() computes what PANNs' forward computes from the log-mel on.
class Block(nn.Module):
    """conv_blockN: (conv k x k, pad (k-1)/2, no bias -> BN -> ReLU) x convs, then avg-pool."""

    def __init__(self, cin, cout, convs, k):
        super().__init__()
        for j in range(1, convs + 1):
            setattr(self, 'conv%d' % j, nn.Conv2d(cin if j == 1 else cout, cout, kernel_size=(k, k),
                                                  stride=(1, 1), padding=((k - 1) // 2,) * 2, bias=False))
        for j in range(1, convs + 1):
            setattr(self, 'bn%d' % j, nn.BatchNorm2d(cout))
        self.convs = convs
        for j in range(1, convs + 1):
            nn.init.xavier_uniform_(getattr(self, 'conv%d' % j).weight)

    def forward(self, x, pool):
        for j in range(1, self.convs + 1):
            x = F.relu_(getattr(self, 'bn%d' % j)(getattr(self, 'conv%d' % j)(x)))
        return F.avg_pool2d(x, kernel_size=pool)


class PannsNet(nn.Module):
    """Cnn14 (convs=2, k=3, 6 blocks, the last pooling 1x1) or Cnn6 (convs=1, k=5, 4 blocks)."""

    def __init__(self, widths, classes_num, convs, k):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(64)
        for i, cout in enumerate(widths):
            setattr(self, 'conv_block%d' % (i + 1), Block(1 if i == 0 else widths[i - 1], cout, convs, k))
        self.fc1 = nn.Linear(widths[-1], widths[-1], bias=True)
        self.fc_audioset = nn.Linear(widths[-1], classes_num, bias=True)
        self.blocks = len(widths)
        nn.init.xavier_uniform_(self.fc1.weight)
        nn.init.xavier_uniform_(self.fc_audioset.weight)

    def forward(self, x):  # x: (batch, 1, time_steps, mel_bins), what logmel_extractor outputs
        x = self.bn0(x.transpose(1, 3)).transpose(1, 3)
        for i in range(1, self.blocks + 1):
            last_of_six = self.blocks == 6 and i == 6
            x = getattr(self, 'conv_block%d' % i)(x, (1, 1) if last_of_six else (2, 2))
            x = F.dropout(x, p=0.2, training=self.training)
        x = torch.mean(x, dim=3)                       # over mel bins
        x = torch.max(x, dim=2)[0] + torch.mean(x, dim=2)  # over time
        x = F.dropout(x, p=0.5, training=self.training)
        x = F.relu_(self.fc1(x))
        logits = self.fc_audioset(x)
        return logits, torch.sigmoid(logits)


def randomise_batch_norms(model, gen):
    """Trained-looking BN statistics, so that a wrong epsilon, axis or transposition shows."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.weight.data = torch.rand(n, generator=gen) * 1.5 + 0.25
            m.bias.data = torch.randn(n, generator=gen) * 0.2
            m.running_mean.data = torch.randn(n, generator=gen) * 0.3
            m.running_var.data = torch.rand(n, generator=gen) * 2 + 0.05
            m.num_batches_tracked.fill_(12345)


def stft_kernels(n_fft):
    """torchlibrosa's Spectrogram kernels (hann, DFT), (n_fft/2+1, 1, n_fft) each."""
    n = np.arange(n_fft)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / n_fft)  # periodic hann (fftbins=True)
    w = np.exp(-2j * np.pi * np.outer(n, n) / n_fft)     # DFTBase.dft_matrix
    out = n_fft // 2 + 1
    real = np.real(w[:, :out] * window[:, None]).T[:, None, :]
    imag = np.imag(w[:, :out] * window[:, None]).T[:, None, :]
    return (torch.tensor(real, dtype=torch.float32), torch.tensor(imag, dtype=torch.float32))


def panns_checkpoint(model, sample_rate=32000, stft_n_fft=None):
    """{'iteration', 'model'} with the front-end keys first, as PANNs registers the extractors first.

    Real checkpoints carry the STFT kernels (2 x 513 x 1024 floats = 4.2 MB); the fixtures leave
    them out (the importer treats them as optional, checking their shape when present) except for
    a tiny wrongly-shaped pair (stft_n_fft=8) that must be refused."""
    full = type(model.state_dict())()
    if stft_n_fft:
        full['spectrogram_extractor.stft.conv_real.weight'], full['spectrogram_extractor.stft.conv_imag.weight'] = \
            stft_kernels(stft_n_fft)
    melw = mel_filterbank(sample_rate, 1024, 64, 50.0, 14000.0).T  # (513, 64), librosa's bank transposed
    full['logmel_extractor.melW'] = torch.tensor(melw, dtype=torch.float32)
    state = model.state_dict()
    for k, v in state.items():
        full[k] = v
    full._metadata = state._metadata  # as state_dict() pickles it: an OrderedDict with a BUILD state
    return {'iteration': 1000, 'model': full}


def make_panns(out, name, widths, classes, convs, k, seed):
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = PannsNet(widths, classes, convs, k)
    randomise_batch_norms(model, gen)
    model.eval()
    x = torch.randn(3, 1, 96, 64, generator=gen) * 10 - 40  # dB-like log-mel values
    with torch.no_grad():
        logits, clipwise = model(x)
    ckpt = panns_checkpoint(model)
    torch.save(ckpt, os.path.join(out, 'panns_%s_small.pth' % name))
    if name == 'cnn14':
        torch.save(ckpt, os.path.join(out, 'panns_cnn14_small_legacy.pth'), _use_new_zipfile_serialization=False)
        torch.save(panns_checkpoint(model, sample_rate=16000), os.path.join(out, 'panns_cnn14_melw_16k.pth'))
        torch.save(panns_checkpoint(model, stft_n_fft=8), os.path.join(out, 'panns_cnn14_bad_stft.pth'))
    np.save(os.path.join(out, 'panns_%s_input.npy' % name), x.numpy().astype(np.float32))
    np.save(os.path.join(out, 'panns_%s_logits.npy' % name), logits.numpy().astype(np.float32))
    np.save(os.path.join(out, 'panns_%s_clipwise.npy' % name), clipwise.numpy().astype(np.float32))
    reloaded = torch.load(os.path.join(out, 'panns_%s_small.pth' % name))
    assert all(torch.equal(reloaded['model'][k], v) for k, v in ckpt['model'].items())


# ------------------------------------------------------------------ DCASE21 Net in Keras's layout
KERAS_LAYERS = [  # (name, class) as tf.keras names the layers of the baseline's Sequential model
    ('conv2d', 'Conv2D'), ('batch_normalization', 'BatchNormalization'), ('activation', 'Activation'),
    ('conv2d_1', 'Conv2D'), ('batch_normalization_1', 'BatchNormalization'), ('activation_1', 'Activation'),
    ('max_pooling2d', 'MaxPooling2D'), ('dropout', 'Dropout'),
    ('conv2d_2', 'Conv2D'), ('batch_normalization_2', 'BatchNormalization'), ('activation_2', 'Activation'),
    ('max_pooling2d_1', 'MaxPooling2D'), ('dropout_1', 'Dropout'), ('flatten', 'Flatten'),
    ('dense', 'Dense'), ('dropout_2', 'Dropout'), ('dense_1', 'Dense'),
]


def keras_weights(widths, classes, rng):
    """The 22 arrays of model.get_weights(), in layer order (HWIO kernels, dense (in, out))."""
    arrays = []
    cin = 1
    for cout in widths:
        arrays.append((rng.standard_normal((7, 7, cin, cout)) * math.sqrt(2.0 / (49 * cin))).astype(np.float32))
        arrays.append((rng.standard_normal(cout) * 0.1).astype(np.float32))           # conv bias
        arrays.append((rng.random(cout) * 1.5 + 0.25).astype(np.float32))             # gamma
        arrays.append((rng.standard_normal(cout) * 0.2).astype(np.float32))           # beta
        arrays.append((rng.standard_normal(cout) * 0.3).astype(np.float32))           # moving_mean
        # small variances on purpose: Keras's epsilon 1e-3 vs PyTorch's 1e-5 then changes the output
        arrays.append((rng.random(cout) * 0.01 + 0.0005).astype(np.float32))          # moving_variance
        cin = cout
    flat = widths[-1] * 2  # 40 mels / 5 / 4 = 2 rows, 1 column after the (4, frames/5) pool
    arrays.append((rng.standard_normal((flat, 100)) * 0.2).astype(np.float32))
    arrays.append((rng.standard_normal(100) * 0.1).astype(np.float32))
    arrays.append((rng.standard_normal((100, classes)) * 0.2).astype(np.float32))
    arrays.append((rng.standard_normal(classes) * 0.1).astype(np.float32))
    return arrays


def keras_forward(arrays, x_nhwc):
    """The Keras layers transcribed to PyTorch: x is (batch, mels, frames, 1), channels last."""
    x = torch.tensor(x_nhwc).permute(0, 3, 1, 2)  # NHWC -> NCHW for torch's conv
    frames = x.shape[3]
    pools = [None, (5, 5), (4, frames // 5)]
    for i in range(3):
        k, b, g, beta, mean, var = (torch.tensor(a) for a in arrays[6 * i:6 * i + 6])
        x = F.conv2d(x, k.permute(3, 2, 0, 1), b, padding=3)  # 'same' for 7x7, stride 1
        x = (x - mean[None, :, None, None]) / torch.sqrt(var[None, :, None, None] + 1e-3)
        x = x * g[None, :, None, None] + beta[None, :, None, None]
        x = F.relu(x)
        if pools[i] is not None:
            x = F.max_pool2d(x, pools[i])
    x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # Keras Flatten of the NHWC map
    x = F.relu(x @ torch.tensor(arrays[18]) + torch.tensor(arrays[19]))
    x = x @ torch.tensor(arrays[20]) + torch.tensor(arrays[21])
    return torch.softmax(x, dim=1).numpy()


def model_config(widths, classes, frames):
    layers = []
    for name, cls in KERAS_LAYERS:
        cfg = {'name': name, 'trainable': True, 'dtype': 'float32'}
        if cls == 'BatchNormalization':
            cfg.update(axis=[3], momentum=0.99, epsilon=0.001, center=True, scale=True)
        layers.append({'class_name': cls, 'config': cfg})
    layers[0]['config']['batch_input_shape'] = [None, 40, frames, 1]
    return json.dumps({'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': layers}})


def write_keras_h5(path, arrays, widths, classes, frames):
    names = {'Conv2D': ['kernel:0', 'bias:0'],
             'BatchNormalization': ['gamma:0', 'beta:0', 'moving_mean:0', 'moving_variance:0'],
             'Dense': ['kernel:0', 'bias:0']}
    it = iter(arrays)
    with h5py.File(path, 'w') as f:
        f.attrs['backend'] = b'tensorflow'
        f.attrs['keras_version'] = b'2.4.0'
        f.attrs['model_config'] = model_config(widths, classes, frames).encode()
        g = f.create_group('model_weights')
        g.attrs['backend'] = b'tensorflow'
        g.attrs['keras_version'] = b'2.4.0'
        g.attrs['layer_names'] = np.array([n.encode() for n, _ in KERAS_LAYERS])
        for name, cls in KERAS_LAYERS:
            lg = g.create_group(name)
            weight_names = [('%s/%s' % (name, w)).encode() for w in names.get(cls, [])]
            lg.attrs['weight_names'] = np.array(weight_names, dtype='S') if weight_names else np.array([], dtype='S1')
            for w in names.get(cls, []):
                lg.create_dataset('%s/%s' % (name, w), data=next(it))


def make_dcase21(out):
    rng = np.random.default_rng(2021)
    widths, classes, frames = [12, 8, 24], 10, 50
    arrays = keras_weights(widths, classes, rng)
    x = (rng.standard_normal((3, 40, frames, 1)) * 1.0).astype(np.float32)
    write_keras_h5(os.path.join(out, 'dcase21_keras.h5'), arrays, widths, classes, frames)
    obj = np.empty(len(arrays), dtype=object)
    obj[:] = arrays
    np.save(os.path.join(out, 'dcase21_weights.npy'), obj, allow_pickle=True)
    np.save(os.path.join(out, 'dcase21_input.npy'), x)
    np.save(os.path.join(out, 'dcase21_probs.npy'), keras_forward(arrays, x).astype(np.float32))


# ------------------------------------------------------------------ malicious pickles
class Evil:
    def __reduce__(self):
        return os.system, ('touch ' + MARKER,)


class NotAStateDict:
    pass


def prove_malicious(path, loader):
    if os.path.exists(MARKER):
        os.remove(MARKER)
    try:
        loader(path)
    except Exception:
        pass
    assert os.path.exists(MARKER), path + ' did not run its payload in Python'
    os.remove(MARKER)


def make_malicious(out):
    payload = {'model': {'conv_block1.conv1.weight': Evil()}}
    z = os.path.join(out, 'malicious_zip.pth')
    torch.save(payload, z)
    legacy = os.path.join(out, 'malicious_legacy.pth')
    torch.save(payload, legacy, _use_new_zipfile_serialization=False)
    npy = os.path.join(out, 'malicious_object.npy')
    arr = np.empty(2, dtype=object)
    arr[0] = np.zeros(3, dtype=np.float32)
    arr[1] = Evil()
    np.save(npy, arr, allow_pickle=True)
    # torch.load of 1.13 unpickles with the full pickle module: loading runs the payload
    prove_malicious(z, lambda p: torch.load(p))
    prove_malicious(legacy, lambda p: torch.load(p))
    prove_malicious(npy, lambda p: np.load(p, allow_pickle=True))
    torch.save({'model': {'x': NotAStateDict()}}, os.path.join(out, 'unknown_class.pth'))
    # the pickles name their callables; check they say what the tests expect
    with zipfile.ZipFile(z) as zf:
        data = zf.read([n for n in zf.namelist() if n.endswith('data.pkl')][0])
    assert b'posix' in data and b'system' in data


# ------------------------------------------------------------------ PANNs packed HDF5, features
def make_packed(path, n, samples, compress, seed):
    """A PANNs-packed file; beside it PATH.labels.json lists each clip's positive classes."""
    rng = np.random.default_rng(seed)
    labels = {}
    t = np.arange(samples) / 32000.0
    with h5py.File(path, 'w') as hf:
        hf.create_dataset('audio_name', shape=(n,), dtype='S20')
        kw = dict(compression='gzip', chunks=(1, samples)) if compress else {}
        hf.create_dataset('waveform', shape=(n, samples), dtype=np.int16, **kw)
        hf.create_dataset('target', shape=(n, 527), dtype=bool)
        hf.attrs.create('sample_rate', data=32000, dtype=np.int32)
        for i in range(n):
            hf['audio_name'][i] = ('Y%010d.wav' % (1000 + i)).encode()
            tone = 0.2 * np.sin(2 * np.pi * (220.0 * (i + 1)) * t)
            hf['waveform'][i] = np.round(tone * 32767).astype(np.int16)
            target = np.zeros(527, dtype=bool)
            target[rng.choice(527, size=i % 3 + 1, replace=False)] = True
            target[0] = i % 2 == 0
            hf['target'][i] = target
            labels['Y%010d.wav' % (1000 + i)] = [int(k) for k in np.flatnonzero(target)]
    with open(path[:-3] + '.labels.json', 'w') as f:
        json.dump(labels, f, indent=1)
        f.write('\n')


def make_features(out):
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((6, 40, 20, 1)) * 2 - 5).astype(np.float32)
    y = np.array([0, 1, 2, 0, 1, 2], dtype=np.int64)
    np.save(os.path.join(out, 'features_X.npy'), x)
    np.save(os.path.join(out, 'features_Y_int.npy'), y)
    np.save(os.path.join(out, 'features_Y_onehot.npy'), np.eye(3, dtype=np.float32)[y])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'src/test/resources/interchange'
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    make_panns(out, 'cnn14', [4, 6, 8, 10, 12, 16], 527, 2, 3, seed=14)
    make_panns(out, 'cnn6', [3, 5, 7, 9], 20, 1, 5, seed=6)
    make_dcase21(out)
    make_malicious(out)
    make_packed(os.path.join(out, 'panns_packed.h5'), 4, 16000, False, seed=1)
    make_packed(os.path.join(out, 'panns_packed_gzip.h5'), 2, 320000, True, seed=2)
    make_features(out)
    with open(os.path.join(out, 'provenance.json'), 'w') as f:
        json.dump({'script': 'tools/make_interchange_fixtures.py', 'python': sys.version.split()[0],
                   'torch': torch.__version__, 'numpy': np.__version__, 'h5py': h5py.__version__,
                   'hdf5': h5py.version.hdf5_version,
                   'interpreter': sys.executable}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
