package org.audioprune.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.audioprune.io.NpyArray;
import org.junit.jupiter.api.Test;

class MelFilterBankTest {
    private static final MelFilterBank DCASE = new MelFilterBank(44100, 2048, 40, 0, 22050);
    private static final MelFilterBank PANNS = new MelFilterBank(32000, 1024, 64, 50, 14000);

    @Test
    void slaneyMelScaleAtHandWorkedPoints() {
        // linear part: 200/3 Hz per mel; the log part starts at 1000 Hz = mel 15 with ln(6.4)/27 per mel,
        // so 6400 Hz = 15 + 27 = mel 42
        assertEquals(0.0, MelFilterBank.hzToMel(0), 0);
        assertEquals(7.5, MelFilterBank.hzToMel(500), 1e-12);
        assertEquals(15.0, MelFilterBank.hzToMel(1000), 1e-12);
        assertEquals(42.0, MelFilterBank.hzToMel(6400), 1e-12);
        assertEquals(15 + 27 * Math.log(22.05) / Math.log(6.4), MelFilterBank.hzToMel(22050), 1e-12);
        assertEquals(6400.0, MelFilterBank.melToHz(42), 1e-9);
        assertEquals(500.0, MelFilterBank.melToHz(7.5), 1e-12);
        for (double hz : new double[] {50, 999.9, 1000, 1000.1, 8000, 14000}) {
            assertEquals(hz, MelFilterBank.melToHz(MelFilterBank.hzToMel(hz)), 1e-9 * hz);
        }
    }

    @Test
    void bandEdgesAreMelSpaced() {
        // dcase21: 42 points from mel 0 to hz_to_mel(22050) ≈ 59.99, step ≈ 1.4632 mel ≈ 97.55 Hz (linear part)
        double[] e = DCASE.edgesHz();
        assertEquals(42, e.length);
        assertEquals(0.0, e[0], 0);
        assertEquals(22050.0, e[41], 1e-9);
        double step = (15 + 27 * Math.log(22.05) / Math.log(6.4)) / 41;
        assertEquals(200.0 / 3 * step, e[1], 1e-9);
        assertEquals(97.54873924791443, e[1], 1e-9);
        assertEquals(195.09747849582885, e[2], 1e-9);
        assertEquals(19939.702880902943, e[40], 1e-7);
        double[] p = PANNS.edgesHz();
        assertEquals(50.0, p[0], 1e-9);
        assertEquals(14000.0, p[65], 1e-8);
    }

    @Test
    void weightsFollowTheClosedFormula() {
        // band 0 of dcase21 rises from 0 Hz to 97.55 Hz, falls to 195.10 Hz, peak 2/195.10;
        // bin 2 is 2·44100/2048 = 43.07 Hz: 43.07/97.55 · 2/195.10
        double f2 = 2 * 44100.0 / 2048;
        assertEquals(f2 / 97.54873924791443 * 2 / 195.09747849582885, DCASE.weight(0, 2), 1e-12);
        // values of torchaudio.functional.melscale_fbanks(norm='slaney', mel_scale='slaney') (float32)
        assertEquals(0.004525800235569477, DCASE.weight(0, 2), 1e-8);
        assertEquals(0.009051600471138954, DCASE.weight(0, 4), 1e-8);
        assertEquals(0.004662272986024618, DCASE.weight(0, 7), 1e-8);
        assertEquals(0.00012187828542664647, DCASE.weight(39, 1000), 1e-9);
        assertEquals(0.0, DCASE.weight(10, 60), 0);
        assertEquals(0.004289090167731047, PANNS.weight(0, 2), 1e-8);
        assertEquals(0.01501181535422802, PANNS.weight(0, 3), 1e-8);
        assertEquals(0.005957747343927622, PANNS.weight(20, 40), 1e-8);
        assertEquals(0.00044706984772346914, PANNS.weight(63, 440), 1e-9);
    }

    @Test
    void nonZeroRangesAreContiguousAndExact() {
        assertEquals(1, DCASE.firstBin(0));
        assertEquals(10, DCASE.endBin(0));
        assertEquals(838, DCASE.firstBin(39));
        // bin 1024 is 22050 Hz = fmax: the weight is 0 up to rounding, because mel_to_hz(hz_to_mel(22050))
        // comes back as 22050.000000000004 in double (numpy gives the same 8.58e-19)
        assertEquals(1025, DCASE.endBin(39));
        assertEquals(0.0, DCASE.weight(39, 1024), 1e-17);
        assertEquals(2, PANNS.firstBin(0));
        assertEquals(448, PANNS.endBin(63));
        for (MelFilterBank b : new MelFilterBank[] {DCASE, PANNS}) {
            for (int m = 0; m < b.nMels(); m++) {
                for (int k = 0; k < b.nBins(); k++) {
                    boolean inside = k >= b.firstBin(m) && k < b.endBin(m);
                    assertEquals(inside, b.weight(m, k) > 0, "band " + m + " bin " + k);
                }
            }
        }
    }

    @Test
    void slaneyNormalisationGivesUnitArea() {
        // each triangle has height 2/(f[m+2]-f[m]) and base f[m+2]-f[m]: area 1 (in Hz); the bin sum
        // times the bin spacing approximates it within about one bin of the triangle's width
        double df = 32000.0 / 1024;
        double[] e = PANNS.edgesHz();
        for (int m = 0; m < 64; m++) {
            double sum = 0;
            for (int k = 0; k < PANNS.nBins(); k++) {
                sum += PANNS.weight(m, k) * df;
            }
            double width = e[m + 2] - e[m];
            assertEquals(1.0, sum, 2 * df / width + 1e-9, "band " + m);
        }
    }

    @Test
    void applyUsesTheWholeBand() {
        double[] spectrum = new double[DCASE.nBins()];
        java.util.Arrays.fill(spectrum, 1.0);
        double[] out = new double[40];
        DCASE.apply(spectrum, out);
        for (int m = 0; m < 40; m++) {
            double rowSum = 0;
            for (int k = 0; k < DCASE.nBins(); k++) {
                rowSum += DCASE.weight(m, k);
            }
            assertEquals(rowSum, out[m], 1e-15);
        }
    }

    @Test
    void equalsTheReferenceScriptsFixture() throws Exception {
        Path file = Path.of(getClass().getResource("/audio/mel_sr16000_nfft512_nmels24_fmin50_fmax7000.npy").toURI());
        NpyArray ref = NpyArray.read(file);
        assertArrayEquals(new int[] {24, 257}, ref.shape());
        MelFilterBank b = new MelFilterBank(16000, 512, 24, 50, 7000);
        for (int m = 0; m < 24; m++) {
            for (int k = 0; k < 257; k++) {
                assertEquals(ref.data()[m * 257 + k], b.weight(m, k), 1e-14, "band " + m + " bin " + k);
            }
        }
    }
}
