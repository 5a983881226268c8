package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --help}: formats cleanly, explains every option in whole sentences, shows defaults. */
class HelpTextTest {

    /** Every command and sub-command, depth first. */
    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        out.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!out.contains(sub)) {
                out.addAll(commands(sub));
            }
        }
        return out;
    }

    private static String path(CommandSpec spec) {
        return spec.qualifiedName(" ");
    }

    @Test
    void helpOfEveryCommandPrintsNoPicocliWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> outputs = new ArrayList<>();
        try {
            for (CommandLine c : commands(Main.commandLine())) {
                List<String> args = new ArrayList<>(List.of(path(c.getCommandSpec()).split(" ")));
                args.set(0, "help");
                if (args.size() == 1) {
                    args.add("--help"); // the top-level command
                    args.remove(0);
                }
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                outputs.add(r.out());
            }
        } finally {
            System.setErr(original);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertEquals("", warnings);
        outputs.forEach(o -> assertTrue(o.contains("Usage: audioprune"), o));
    }

    @Test
    void everyDescriptionLineEndsASentence() {
        List<String> broken = new ArrayList<>();
        for (CommandLine c : commands(Main.commandLine())) {
            CommandSpec spec = c.getCommandSpec();
            int width = spec.usageMessage().width();
            for (String line : spec.usageMessage().description()) {
                // picocli starts every element on a new line and wraps it at the width: a longer element
                // must be a whole paragraph, or its last words end up alone on a line of their own
                if (line.strip().length() > width && !endsASentence(line)) {
                    broken.add(path(spec) + ": " + line);
                }
            }
            for (OptionSpec o : spec.options()) {
                if (o.description().length == 0) {
                    broken.add(path(spec) + " " + o.longestName() + ": no description");
                }
                for (String line : o.description()) {
                    if (!endsASentence(line)) {
                        broken.add(path(spec) + " " + o.longestName() + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyOptionWithADefaultShowsIt() {
        List<String> silent = new ArrayList<>();
        for (CommandLine c : commands(Main.commandLine())) {
            CommandSpec spec = c.getCommandSpec();
            for (OptionSpec o : spec.options()) {
                String text = String.join(" ", o.description()); // picocli has interpolated ${DEFAULT-VALUE}
                if (o.defaultValue() != null && !(text.contains("default") && text.contains(o.defaultValue()))) {
                    silent.add(path(spec) + " " + o.longestName() + " (default " + o.defaultValue() + ")");
                }
            }
        }
        assertEquals(List.of(), silent);
    }

    @Test
    void criterionHelpListsTheRegistry() {
        for (String command : List.of("rank", "prune", "demo")) {
            CliRun r = CliRun.of("help", command);
            String text = r.out().replaceAll("\\s+", " ");
            for (org.audioprune.prune.Criterion c : org.audioprune.prune.Criterion.values()) {
                assertTrue(text.contains(" " + c.label() + ",") || text.contains(" " + c.label() + ".")
                        || text.contains(" " + c.label() + ";"), command + " --help should list " + c.label());
            }
        }
    }

    /**
     * A description element that picocli wraps is a paragraph: empty, or ending like a sentence. (Option
     * descriptions always wrap, in their narrow column; a command's own lines only when longer than the
     * usage width.)
     */
    private static boolean endsASentence(String line) {
        String s = line.strip().replaceAll("(%n)+$", "");
        return s.isEmpty() || s.endsWith(".") || s.endsWith(":") || s.endsWith(".|@");
    }
}
