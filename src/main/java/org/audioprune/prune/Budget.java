package org.audioprune.prune;

import java.util.Locale;
import org.audioprune.AudioPruneException;
import org.audioprune.model.Complexity;

/**
 * A complexity limit the pruned network must meet, as a user writes it: {@code macs<=30M},
 * {@code params<=128k}, optionally restricted to some conv layers ({@code macs<=30M@C2-C3};
 * default: every conv layer). Amounts take the decimal suffixes k, M and G (DCASE's limits are
 * 30 M MACs and 128 k parameters). MACs and parameters are counted as {@link Complexity} does, at
 * the network's reference input.
 *
 * @param measure what is limited
 * @param limit   the largest allowed count
 * @param layers  the layers the search may prune ({@link PruningPlan#parseLayers} syntax)
 */
public record Budget(Measure measure, long limit, String layers) {

    /** What a budget limits. */
    public enum Measure {
        MACS("macs", "MACs"),
        PARAMS("params", "parameters");

        private final String label;
        private final String noun;

        Measure(String label, String noun) {
            this.label = label;
            this.noun = noun;
        }

        /** {@code macs} or {@code params}, as in {@code macs<=30M}. */
        public String label() {
            return label;
        }

        /** What reports call it. */
        public String noun() {
            return noun;
        }

        /** The count of this measure in {@code c}. */
        public long of(Complexity c) {
            return this == MACS ? c.macs() : c.params();
        }
    }

    public Budget {
        if (limit < 1) {
            throw new AudioPruneException("budget " + measure.label() + "<=" + limit + " must be at least 1");
        }
        layers = layers == null || layers.isBlank() ? "all" : layers.trim();
    }

    /** True if {@code text} is written as a budget ({@code macs<=...} or {@code params<=...}). */
    public static boolean isBudget(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.startsWith("macs<=") || t.startsWith("params<=");
    }

    /**
     * Parses {@code macs<=30M}, {@code params<=23k}, {@code macs<=30M@C1-C2}.
     *
     * @throws AudioPruneException naming the text for anything else
     */
    public static Budget parse(String text) {
        String t = text.trim();
        int le = t.indexOf("<=");
        if (!isBudget(t) || le < 0) {
            throw new AudioPruneException("budget '" + text + "' is not macs<=N or params<=N (e.g. macs<=30M, "
                    + "params<=128k, macs<=30M@C2-C3)");
        }
        Measure m = t.substring(0, le).equalsIgnoreCase("macs") ? Measure.MACS : Measure.PARAMS;
        String rest = t.substring(le + 2);
        int at = rest.indexOf('@');
        String amount = at < 0 ? rest : rest.substring(0, at);
        return new Budget(m, parseAmount(amount, "budget '" + text + "'"), at < 0 ? null : rest.substring(at + 1));
    }

    /**
     * {@code 30M} → 30 000 000: a positive number with an optional decimal suffix k/K (10³), M (10⁶)
     * or G (10⁹); {@code what} names the value in the error message.
     */
    public static long parseAmount(String text, String what) {
        String s = text.trim();
        double scale = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k', 'K' -> scale = 1e3;
                case 'M' -> scale = 1e6;
                case 'G' -> scale = 1e9;
                default -> scale = 1;
            }
        }
        String number = scale == 1 ? s : s.substring(0, s.length() - 1);
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new AudioPruneException(what + ": '" + text + "' is not an amount (a number with an optional k, M "
                    + "or G, e.g. 30M or 23k)");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new AudioPruneException(what + ": '" + text + "' must be a positive amount");
        }
        return (long) Math.floor(v * scale + 1e-6);
    }

    /** {@code macs<=30000000} or {@code macs<=30000000@C2-C3}: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return measure.label() + "<=" + limit + (layers.equals("all") ? "" : "@" + layers);
    }
}
