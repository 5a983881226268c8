package org.audioprune.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte for the tests (independent of {@link WavReader}). */
public final class TestWav {
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    /** Appends a chunk; odd sizes get their pad byte. */
    public TestWav chunk(String id, byte[] body) {
        return rawChunk(id, body.length, body);
    }

    /** Appends a chunk whose header declares {@code declaredSize} whatever the body holds. */
    public TestWav rawChunk(String id, long declaredSize, byte[] body) {
        chunks.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        chunks.writeBytes(le(4).putInt((int) declaredSize).array());
        chunks.writeBytes(body);
        if (body.length % 2 == 1 && declaredSize == body.length) {
            chunks.write(0);
        }
        return this;
    }

    /** A plain 16-byte fmt chunk. */
    public TestWav fmt(int tag, int channels, int rate, int bits) {
        ByteBuffer b = le(16);
        b.putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk whose sub-format is {@code subTag}. */
    TestWav fmtExtensible(int subTag, int channels, int rate, int bits) {
        ByteBuffer b = le(40);
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits)
                .putShort((short) 22).putShort((short) bits).putInt(0)
                .putShort((short) subTag)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    /** The whole file: RIFF header plus the chunks so far. */
    public byte[] bytes() {
        byte[] body = chunks.toByteArray();
        ByteBuffer b = le(12 + body.length);
        b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + body.length)
                .put("WAVE".getBytes(StandardCharsets.ISO_8859_1)).put(body);
        return b.array();
    }

    static byte[] pcm16(short... v) {
        ByteBuffer b = le(2 * v.length);
        for (short s : v) {
            b.putShort(s);
        }
        return b.array();
    }

    static byte[] pcm24(int... v) {
        byte[] out = new byte[3 * v.length];
        for (int i = 0; i < v.length; i++) {
            out[3 * i] = (byte) v[i];
            out[3 * i + 1] = (byte) (v[i] >> 8);
            out[3 * i + 2] = (byte) (v[i] >> 16);
        }
        return out;
    }

    static byte[] pcm32(int... v) {
        ByteBuffer b = le(4 * v.length);
        for (int s : v) {
            b.putInt(s);
        }
        return b.array();
    }

    public static byte[] float32(float... v) {
        ByteBuffer b = le(4 * v.length);
        for (float s : v) {
            b.putFloat(s);
        }
        return b.array();
    }

    public static byte[] float64(double... v) {
        ByteBuffer b = le(8 * v.length);
        for (double s : v) {
            b.putDouble(s);
        }
        return b.array();
    }

    /** A mono 32-bit float WAV holding {@code x}. */
    static byte[] monoFloat(int rate, float[] x) {
        return new TestWav().fmt(3, 1, rate, 32).chunk("data", float32(x)).bytes();
    }

    /** A little-endian buffer of {@code n} bytes. */
    public static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
