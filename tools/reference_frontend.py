#!/usr/bin/env python3
"""Independent numpy reference of the AudioPrune log-mel front ends (docs/frontends.md).

Written from the published formulas (librosa's Slaney mel scale and filter bank, librosa.stft with
center=True / pad_mode='reflect', Kaiser's windowed-sinc design), not from the Java sources. numpy
only; the optional --self-check additionally compares against scipy/torch/torchaudio when present.

Regenerate the test fixtures (WAV inputs + expected .npy outputs, ~0.4 MB) with:

    /usr/bin/python3 tools/reference_frontend.py --fixtures src/test/resources/audio

Other modes:

    tools/reference_frontend.py --self-check          # cross-check against scipy/torch/torchaudio
    tools/reference_frontend.py --bench 20            # throughput of this reference, 20 s of audio
    tools/reference_frontend.py --features dcase21 IN.wav OUT.npy   (IN.wav written by this script)

The fixtures are deterministic (seeded noise plus tones), so regenerating them gives identical files.
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np

# ---------------------------------------------------------------- front-end definitions
FRONT_ENDS = {
    "dcase21": dict(sr=44100, n_fft=2048, win_length=1764, hop=882, window="hamming",
                    power=1, n_mels=40, fmin=0.0, fmax=22050.0, log="ln", log_c=np.finfo(float).eps),
    "panns": dict(sr=32000, n_fft=1024, win_length=1024, hop=320, window="hann",
                  power=2, n_mels=64, fmin=50.0, fmax=14000.0, log="db", log_c=1e-10),
}


# Slaney mel scale: linear (200/3 Hz per mel) below 1 kHz, logarithmic (ln(6.4)/27 per mel) above
F_SP = 200.0 / 3
MIN_LOG_HZ = 1000.0
MIN_LOG_MEL = MIN_LOG_HZ / F_SP
LOGSTEP = math.log(6.4) / 27.0


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    return np.where(f >= MIN_LOG_HZ, MIN_LOG_MEL + np.log(np.maximum(f, 1e-300) / MIN_LOG_HZ) / LOGSTEP, f / F_SP)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    return np.where(m >= MIN_LOG_MEL, MIN_LOG_HZ * np.exp(LOGSTEP * (m - MIN_LOG_MEL)), F_SP * m)


def mel_filterbank(sr, n_fft, n_mels, fmin, fmax):
    """Triangles between n_mels+2 mel-spaced edges, sampled at k*sr/n_fft, area-normalised."""
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs[None, :] - lo) / (mid - lo)
    falling = (hi - freqs[None, :]) / (hi - mid)
    tri = np.maximum(0.0, np.minimum(rising, falling))
    return tri * (2.0 / (hi - lo))


def periodic_window(kind, n):
    c = np.cos(2 * np.pi * np.arange(n) / n)
    return 0.54 - 0.46 * c if kind == "hamming" else 0.5 - 0.5 * c


def log_mel(x, fe):
    """x: float64 mono at fe['sr']; returns (n_mels, 1 + len(x)//hop) float64."""
    n_fft, hop = fe["n_fft"], fe["hop"]
    win = np.zeros(n_fft)
    off = (n_fft - fe["win_length"]) // 2
    win[off:off + fe["win_length"]] = periodic_window(fe["window"], fe["win_length"])
    padded = np.pad(x, n_fft // 2, mode="reflect")
    n_frames = 1 + (len(padded) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n_frames)[:, None]
    spec = np.abs(np.fft.rfft(padded[idx] * win[None, :], axis=1)) ** fe["power"]
    mel = mel_filterbank(fe["sr"], n_fft, fe["n_mels"], fe["fmin"], fe["fmax"]) @ spec.T
    if fe["log"] == "ln":
        return np.log(mel + fe["log_c"])
    return 10.0 * np.log10(np.maximum(mel, fe["log_c"]))


# ---------------------------------------------------------------- resampler definition
STOPBAND_DB = 80.0
PASSBAND_EDGE = 0.90


def resample(x, from_rate, to_rate):
    """Kaiser-windowed sinc: y[n] = sum_k x[k] h(n*from/to - k); see docs/frontends.md."""
    if from_rate == to_rate:
        return x.copy()
    g = math.gcd(from_rate, to_rate)
    up, down = to_rate // g, from_rate // g
    f_low = min(from_rate, to_rate)
    fc = (PASSBAND_EDGE + 1) / 2 * f_low / 2
    transition = (1 - PASSBAND_EDGE) * f_low / 2
    c = 2 * fc / from_rate
    half_width = (STOPBAND_DB - 7.95) / (2.285 * 2 * np.pi * transition / from_rate) / 2
    beta = 0.1102 * (STOPBAND_DB - 8.7)
    half = int(math.ceil(half_width))
    n_out = -(-len(x) * up // down)
    y = np.empty(n_out)
    for s in range(0, n_out, 4096):
        n = np.arange(s, min(n_out, s + 4096), dtype=np.int64)
        q, p = (n * down) // up, (n * down) % up
        k = q[:, None] + np.arange(-half + 1, half + 1)[None, :]
        tau = p[:, None] / up + (q[:, None] - k)
        r = tau / half_width
        inside = np.abs(r) < 1
        h = np.where(inside, c * np.sinc(c * tau) * np.i0(beta * np.sqrt(np.clip(1 - r * r, 0, None)))
                     / np.i0(beta), 0.0)
        valid = (k >= 0) & (k < len(x))
        y[n] = np.sum(np.where(valid, h * x[np.clip(k, 0, len(x) - 1)], 0.0), axis=1)
    return y


def features(x, rate, name):
    """What `audioprune features` computes: resample (rounded to float32 like AudioLoader), log-mel."""
    fe = FRONT_ENDS[name]
    mono = resample(x, rate, fe["sr"]).astype(np.float32).astype(np.float64)
    return log_mel(mono, fe)


# ---------------------------------------------------------------- WAV writing (fixtures)
def quantise(x, kind):
    """The exact sample values a reader decodes from the file this script writes."""
    if kind == "s16":
        q = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)
        return q, q / 32768.0
    if kind == "s24":
        q = np.clip(np.round(x * 8388608), -8388608, 8388607).astype(np.int32)
        return q, q / 8388608.0
    q = x.astype(np.float32)
    return q, q.astype(np.float64)


def wav_bytes(q, kind, rate, extensible=False):
    """q: (frames, channels) quantised samples."""
    channels = q.shape[1]
    bits = {"s16": 16, "s24": 24, "f32": 32}[kind]
    tag = 3 if kind == "f32" else 1
    block = channels * bits // 8
    if kind == "s24":
        v = q.reshape(-1).astype("<i4").view(np.uint8).reshape(-1, 4)[:, :3]
        data = v.tobytes()
    elif kind == "s16":
        data = q.astype("<i2").tobytes()
    else:
        data = q.astype("<f4").tobytes()
    if extensible:
        guid = struct.pack("<H", tag) + bytes([0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71])
        fmt = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * block, block, bits, 22, bits, 0) + guid
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    # an odd-sized unknown chunk before the data exercises chunk skipping and padding
    junk = b"AudioPrune fixture"[:17]
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"LIST" + struct.pack("<I", len(junk)) + junk + b"\0"
            + b"data" + struct.pack("<I", len(data)) + data)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_signal(rate, seconds, channels, seed):
    """Seeded white noise plus a few tones: broadband, so every mel band is well above the log floor."""
    rng = np.random.default_rng(seed)
    n = int(round(rate * seconds))
    t = np.arange(n) / rate
    out = np.empty((n, channels))
    for ch in range(channels):
        tones = sum(0.1 * np.sin(2 * np.pi * f * t + ch) for f in (220.0, 1000.0 + 300 * ch, 5000.0))
        out[:, ch] = 0.08 * rng.standard_normal(n) + tones
    return np.clip(out, -0.99, 0.99)


FIXTURES = [
    # name, rate, seconds, channels, sample kind, extensible
    ("noise_44100_s16_stereo", 44100, 0.5, 2, "s16", False),
    ("noise_32000_s24", 32000, 0.5, 1, "s24", False),
    ("noise_44100_f32", 44100, 0.4, 1, "f32", False),
    ("noise_48000_s16", 48000, 0.4, 1, "s16", False),
    ("noise_22050_f32_extensible", 22050, 0.5, 1, "f32", True),
]

MEL_FIXTURE = dict(sr=16000, n_fft=512, n_mels=24, fmin=50.0, fmax=7000.0)


def write_npy(path, a):
    np.save(path, a)


def make_fixtures(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    index = []
    for i, (name, rate, seconds, channels, kind, ext) in enumerate(FIXTURES):
        x = test_signal(rate, seconds, channels, seed=1000 + i)
        q, decoded = quantise(x, kind)
        with open(os.path.join(out_dir, name + ".wav"), "wb") as f:
            f.write(wav_bytes(q, kind, rate, ext))
        mono = decoded.mean(axis=1)
        for fe in FRONT_ENDS:
            ref = features(mono, rate, fe).astype(np.float32)
            write_npy(os.path.join(out_dir, f"{name}.{fe}.npy"), ref)
            index.append(dict(wav=name + ".wav", front_end=fe, npy=f"{name}.{fe}.npy", shape=list(ref.shape)))
    m = MEL_FIXTURE
    bank = mel_filterbank(m["sr"], m["n_fft"], m["n_mels"], m["fmin"], m["fmax"])
    write_npy(os.path.join(out_dir, "mel_sr16000_nfft512_nmels24_fmin50_fmax7000.npy"), bank)
    with open(os.path.join(out_dir, "fixtures.json"), "w") as f:
        json.dump(dict(generated_by="tools/reference_frontend.py --fixtures", fixtures=index,
                       mel=dict(file="mel_sr16000_nfft512_nmels24_fmin50_fmax7000.npy", **m)), f, indent=1)
    total = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
    print(f"wrote {len(index)} feature references, 1 mel bank to {out_dir} ({total / 1e6:.2f} MB)")


def read_wav(path):
    """Minimal reader for the files this script writes (mono mix, rate)."""
    b = open(path, "rb").read()
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack("<I", b[pos + 4:pos + 8])[0]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", b[pos + 8:pos + 24])
            if fmt[0] == 0xFFFE:
                fmt = (struct.unpack("<H", b[pos + 32:pos + 34])[0],) + fmt[1:]
        elif cid == b"data":
            data = b[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
    tag, channels, rate, _, _, bits = fmt
    if tag == 3:
        v = np.frombuffer(data, "<f4").astype(np.float64)
    elif bits == 16:
        v = np.frombuffer(data, "<i2") / 32768.0
    elif bits == 24:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        v = ((raw[:, 0] | raw[:, 1] << 8 | raw[:, 2] << 16) ^ 0x800000) - 0x800000
        v = v / 8388608.0
    else:
        v = np.frombuffer(data, "<i4") / 2147483648.0
    return v.reshape(-1, channels).mean(axis=1), rate


def self_check():
    """Compares the pieces with scipy / torch / torchaudio where those are installed."""
    import importlib
    ok = True
    if importlib.util.find_spec("torchaudio"):
        import torchaudio.functional as AF
        for fe in FRONT_ENDS.values():
            ta = AF.melscale_fbanks(fe["n_fft"] // 2 + 1, fe["fmin"], fe["fmax"], fe["n_mels"], fe["sr"],
                                    norm="slaney", mel_scale="slaney").double().numpy().T
            ours = mel_filterbank(fe["sr"], fe["n_fft"], fe["n_mels"], fe["fmin"], fe["fmax"])
            err = np.max(np.abs(ta - ours)) / np.max(ours)
            print(f"mel bank vs torchaudio (float32, sr={fe['sr']}): max rel. error {err:.2e}")
            ok &= err < 1e-5
    if importlib.util.find_spec("scipy"):
        import scipy.signal as ss
        for kind, n in (("hamming", 1764), ("hann", 1024)):
            err = np.max(np.abs(ss.get_window(kind, n, fftbins=True) - periodic_window(kind, n)))
            print(f"{kind} window vs scipy: {err:.2e}")
            ok &= err < 1e-12
    if importlib.util.find_spec("torch"):
        import torch
        x = np.random.default_rng(0).standard_normal(8000)
        for fe in FRONT_ENDS.values():
            win = torch.tensor(periodic_window(fe["window"], fe["win_length"]))
            st = torch.stft(torch.tensor(x), fe["n_fft"], fe["hop"], fe["win_length"], win, center=True,
                            pad_mode="reflect", return_complex=True).abs().numpy() ** fe["power"]
            mel = mel_filterbank(fe["sr"], fe["n_fft"], fe["n_mels"], fe["fmin"], fe["fmax"]) @ st
            ref = np.log(mel + fe["log_c"]) if fe["log"] == "ln" else 10 * np.log10(np.maximum(mel, fe["log_c"]))
            err = np.max(np.abs(ref - log_mel(x, fe)))
            print(f"log-mel with torch.stft (sr={fe['sr']}): max abs. difference {err:.2e}")
            ok &= err < 1e-6
    # resampler: 1 kHz keeps its level, a tone above the new Nyquist is removed
    t = np.arange(24000) / 48000
    y = resample(np.sin(2 * np.pi * 1000 * t), 48000, 32000)[1000:-1000]
    z = resample(np.sin(2 * np.pi * 17000 * t), 48000, 32000)[1000:-1000]
    lvl, stop = 20 * np.log10(np.sqrt(2 * np.mean(y ** 2))), 20 * np.log10(np.sqrt(2 * np.mean(z ** 2)))
    print(f"resampler 48k->32k: 1 kHz at {lvl:+.4f} dB, 17 kHz at {stop:.1f} dB")
    ok &= abs(lvl) < 0.01 and stop < -70
    print("self-check", "passed" if ok else "FAILED")
    return ok


def bench(seconds):
    """Seconds of audio per second of wall time, single process, for both front ends."""
    rng = np.random.default_rng(0)
    for name, fe in FRONT_ENDS.items():
        x = rng.standard_normal(int(fe["sr"] * seconds)) * 0.1
        log_mel(x[: fe["sr"]], fe)
        start = time.perf_counter()
        log_mel(x, fe)
        dt = time.perf_counter() - start
        print(f"numpy-reference {name} {seconds / dt:.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", metavar="DIR", help="write fixture WAVs and reference .npy files to DIR")
    ap.add_argument("--self-check", action="store_true", help="compare against scipy/torch/torchaudio")
    ap.add_argument("--bench", type=float, metavar="SECONDS", help="time the reference on SECONDS of audio")
    ap.add_argument("--features", nargs=3, metavar=("FRONT_END", "IN_WAV", "OUT_NPY"))
    a = ap.parse_args()
    if a.fixtures:
        make_fixtures(a.fixtures)
    if a.self_check and not self_check():
        sys.exit(1)
    if a.bench:
        bench(a.bench)
    if a.features:
        x, rate = read_wav(a.features[1])
        write_npy(a.features[2], features(x, rate, a.features[0]).astype(np.float32))


if __name__ == "__main__":
    main()
