package org.audioprune.interchange;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.LogMelFrontEnd;
import org.audioprune.audio.MelFilterBank;

/**
 * A {@link LogMelFrontEnd} as ONNX nodes, computed in float64 as the Java front end computes (a
 * float32 DFT would lose the quiet bands' log values to cancellation): reflect padding by n_fft/2
 * ({@code Pad}, numpy's 'reflect'), ONNX's {@code STFT} (opset 17) with the periodic window placed
 * in its n_fft frame, |X|² or |X| per bin, the Slaney mel bank as a {@code MatMul}, then
 * ln(x + c) or 10·log10(max(x, c)); cast to float32 and laid out (batch, 1, n_mels, frames).
 */
final class OnnxFrontEnd {
    private OnnxFrontEnd() {
    }

    /** The front end {@code fe} on {@code waveform} (batch, samples) float32 mono at its sample rate. */
    static String emit(OnnxGraph g, FrontEnd fe, String waveform) {
        if (!(fe instanceof LogMelFrontEnd logMel)) {
            throw new AudioPruneException("front end " + fe.name() + " has no ONNX form");
        }
        LogMelFrontEnd.Config c = logMel.config();
        int half = c.nFft() / 2;
        String x = g.node("Cast", List.of(waveform),
                OnnxGraph.attrs().integer("to", OnnxMl.TensorProto.DataType.DOUBLE_VALUE));
        x = g.node("Pad", List.of(x, g.ints("fe_pads", 0, half, 0, half)), OnnxGraph.attrs().text("mode", "reflect"));
        x = g.node("Unsqueeze", x, g.ints("fe_axis_signal", 2));                   // (batch, samples + n_fft, 1)
        String window = g.doubles("fe_window", logMel.frameWindow(), c.nFft());
        x = g.node("STFT", List.of(x, g.scalar("fe_hop", c.hopLength()), window, g.scalar("fe_n_fft", c.nFft())),
                OnnxGraph.attrs().integer("onesided", 1));                        // (batch, frames, bins, 2)
        x = g.node("ReduceSum", List.of(g.node("Mul", x, x), g.ints("fe_axis_complex", 3)),
                OnnxGraph.attrs().integer("keepdims", 0));                        // |X|², (batch, frames, bins)
        if (c.spectrum() == LogMelFrontEnd.Spectrum.MAGNITUDE) {
            x = g.node("Sqrt", x);
        }
        MelFilterBank bank = logMel.melFilterBank();
        int bins = bank.nBins();
        double[] melT = new double[bins * bank.nMels()];
        for (int k = 0; k < bins; k++) {
            for (int m = 0; m < bank.nMels(); m++) {
                melT[k * bank.nMels() + m] = bank.weight(m, k);
            }
        }
        x = g.node("MatMul", x, g.doubles("fe_mel_bank", melT, bins, bank.nMels()));  // (batch, frames, mels)
        double constant = c.logConstant();
        if (c.logScale() == LogMelFrontEnd.LogScale.NATURAL_LOG_PLUS) {
            x = g.node("Log", g.node("Add", x, g.doubles("fe_log_offset", new double[] {constant})));
        } else {
            x = g.node("Log", g.node("Max", x, g.doubles("fe_log_floor", new double[] {constant})));
            x = g.node("Mul", x, g.doubles("fe_db_per_neper", new double[] {10 / Math.log(10)}));
        }
        x = g.node("Transpose", List.of(x), OnnxGraph.attrs().ints("perm", 0, 2, 1));  // (batch, mels, frames)
        x = g.node("Cast", List.of(x), OnnxGraph.attrs().integer("to", OnnxMl.TensorProto.DataType.FLOAT_VALUE));
        return g.node("Unsqueeze", x, g.ints("fe_axis_channel", 1));
    }
}
