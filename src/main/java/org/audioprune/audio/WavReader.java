package org.audioprune.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.audioprune.AudioPruneException;

/**
 * Decodes RIFF/WAVE files: integer PCM of 16, 24 or 32 bits, IEEE float of 32 or 64 bits, plain or
 * WAVE_FORMAT_EXTENSIBLE, any number of channels, mixed down to mono by averaging the channels.
 *
 * <p>Written by hand because javax.sound.sampled does not reliably read 24-bit, 32-bit float or
 * WAVE_FORMAT_EXTENSIBLE files, and the format is only a chunk list plus little-endian samples.
 * Unknown chunks are skipped, odd-sized chunks honour their pad byte. Every defect is reported as an
 * {@link AudioPruneException} whose one-line message starts with the file name.
 */
public final class WavReader {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ADPCM = 2;
    private static final int FORMAT_IEEE_FLOAT = 3;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    /** Mono samples (channel average) at the file's own sample rate. */
    public record MonoAudio(int sampleRate, int channels, double[] samples) {
    }

    /** Reads {@code file} and averages its channels. */
    public static MonoAudio readMono(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new AudioPruneException(file + ": permission denied");
        } catch (IOException | OutOfMemoryError e) {
            throw new AudioPruneException(file + ": cannot read: " + e.getMessage());
        }
        return decode(bytes, file.toString());
    }

    /** Decodes WAV bytes; {@code name} only labels error messages. */
    public static MonoAudio decode(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw new AudioPruneException(name + ": empty file");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
            String what = bytes.length >= 4 && tag(bytes, 0).equals("RIFX")
                    ? "big-endian RIFX WAV files are not supported"
                    : "not a WAV file (no RIFF/WAVE header)";
            throw new AudioPruneException(name + ": " + what);
        }
        Format format = null;
        int dataStart = -1;
        long dataSize = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = tag(bytes, pos);
            long size = Integer.toUnsignedLong(bb.getInt(pos + 4));
            int body = pos + 8;
            long available = bytes.length - body;
            if (id.equals("fmt ")) {
                if (size > available) {
                    throw new AudioPruneException(name + ": fmt chunk is truncated");
                }
                format = parseFormat(bb, body, (int) size, name);
            } else if (id.equals("data")) {
                if (size > available) {
                    throw new AudioPruneException(name + ": data chunk declares " + size
                            + " bytes but only " + available + " remain (truncated file)");
                }
                dataStart = body;
                dataSize = size;
                if (format != null) {
                    break;
                }
            }
            // chunks are word aligned: an odd-sized chunk is followed by one pad byte
            long next = body + size + (size & 1);
            if (next > bytes.length) {
                break;
            }
            pos = (int) next;
        }
        if (format == null) {
            throw new AudioPruneException(name + ": WAV file has no fmt chunk");
        }
        if (dataStart < 0) {
            throw new AudioPruneException(name + ": WAV file has no data chunk");
        }
        long frames = dataSize / format.blockAlign;
        if (frames == 0) {
            throw new AudioPruneException(name + ": WAV file contains no audio samples");
        }
        double[] mono = mixDown(bb, dataStart, (int) frames, format);
        if (format.encoding == FORMAT_IEEE_FLOAT) {
            for (int i = 0; i < mono.length; i++) {
                if (!Double.isFinite(mono[i])) {
                    throw new AudioPruneException(name + ": sample frame " + i + " is not a finite number ("
                            + mono[i] + ")");
                }
            }
        }
        return new MonoAudio(format.sampleRate, format.channels, mono);
    }

    private record Format(int encoding, int channels, int sampleRate, int bitsPerSample, int blockAlign) {
    }

    private static Format parseFormat(ByteBuffer bb, int at, int size, String name) {
        if (size < 16) {
            throw new AudioPruneException(name + ": fmt chunk too short (" + size + " bytes)");
        }
        int tag = Short.toUnsignedInt(bb.getShort(at));
        int channels = Short.toUnsignedInt(bb.getShort(at + 2));
        long sampleRate = Integer.toUnsignedLong(bb.getInt(at + 4));
        int blockAlign = Short.toUnsignedInt(bb.getShort(at + 12));
        int bits = Short.toUnsignedInt(bb.getShort(at + 14));
        if (tag == FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw new AudioPruneException(name + ": WAVE_FORMAT_EXTENSIBLE fmt chunk too short ("
                        + size + " bytes)");
            }
            // the sub-format GUID starts with the actual format tag
            tag = Short.toUnsignedInt(bb.getShort(at + 24));
        }
        if (channels == 0) {
            throw new AudioPruneException(name + ": WAV header declares zero channels");
        }
        if (sampleRate == 0 || sampleRate > 10_000_000) {
            throw new AudioPruneException(name + ": invalid sample rate " + sampleRate + " Hz");
        }
        String encoding = switch (tag) {
            case FORMAT_PCM -> bits == 16 || bits == 24 || bits == 32 ? null : bits + "-bit integer PCM";
            case FORMAT_IEEE_FLOAT -> bits == 32 || bits == 64 ? null : bits + "-bit float";
            case FORMAT_ADPCM -> "ADPCM (format 2)";
            case FORMAT_ALAW -> "A-law (format 6)";
            case FORMAT_MULAW -> "mu-law (format 7)";
            default -> "format tag " + tag;
        };
        if (encoding != null) {
            throw new AudioPruneException(name + ": unsupported WAV encoding " + encoding
                    + " (supported: 16/24/32-bit integer PCM, 32/64-bit float)");
        }
        if (blockAlign != channels * (bits / 8)) {
            throw new AudioPruneException(name + ": inconsistent WAV header (block align " + blockAlign
                    + " for " + channels + " channels of " + bits + " bits)");
        }
        return new Format(tag, channels, (int) sampleRate, bits, blockAlign);
    }

    private static double[] mixDown(ByteBuffer bb, int start, int frames, Format f) {
        double[] mono = new double[frames];
        int width = f.bitsPerSample / 8;
        double scale = 1.0 / f.channels;
        int p = start;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < f.channels; c++, p += width) {
                sum += sample(bb, p, f);
            }
            mono[i] = sum * scale;
        }
        return mono;
    }

    private static double sample(ByteBuffer bb, int p, Format f) {
        if (f.encoding == FORMAT_IEEE_FLOAT) {
            return f.bitsPerSample == 32 ? bb.getFloat(p) : bb.getDouble(p);
        }
        return switch (f.bitsPerSample) {
            case 16 -> bb.getShort(p) / 32768.0;
            case 24 -> ((bb.get(p) & 0xff) | (bb.get(p + 1) & 0xff) << 8 | bb.get(p + 2) << 16) / 8388608.0;
            default -> bb.getInt(p) / 2147483648.0;
        };
    }

    private static String tag(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }
}
