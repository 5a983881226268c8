package org.audioprune.cli;

import org.audioprune.AudioPruneException;
import org.audioprune.Engine;
import org.audioprune.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code audioprune} command line. */
@Command(name = "audioprune",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Graph-centrality filter pruning for audio CNNs (King, Singh & Plumbley, WASPAA 2023).",
            "Train a network, rank its convolution filters, cut it physically, fine-tune it and report accuracy, "
                + "parameters, MACs and latency.",
            "",
            "Start with '@|bold audioprune demo|@': it needs no data and shows the whole pipeline."},
        subcommands = {
            DemoCommand.class,
            FeaturesCommand.class,
            DatasetCommand.class,
            SummaryCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            RankCommand.class,
            PruneCommand.class,
            FinetuneCommand.class,
            SweepCommand.class,
            SensitivityCommand.class,
            ImportCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for a user error (bad input, bad option value). */
    public static final int EXIT_USER_ERROR = 2;
    /** Exit code for an unexpected internal failure. */
    public static final int EXIT_INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        Engine.configureOffline();
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // the job is larger than the heap (the up-front estimates catch the usual cases first)
            System.err.println("audioprune: error: out of memory (Java heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): use smaller inputs or batches, or give "
                    + "more with AUDIOPRUNE_JAVA_OPTS=-Xmx...");
            code = EXIT_USER_ERROR;
        }
        System.exit(code);
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setResourceBundle(new HelpTexts());
        cl.setExecutionStrategy(Main::execute);
        cl.setExecutionExceptionHandler(Main::handleException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * A bad option or argument: one line and a pointer to the command's help, instead of picocli's
     * default of the message followed by the whole usage text.
     */
    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions().subList(0,
                    Math.min(3, u.getSuggestions().size()))) + "?";
        }
        String message = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
        cmd.getErr().println("audioprune: error: " + message + hint + " (see '" + helpFor(cmd)
                + "')");
        return EXIT_USER_ERROR;
    }

    /** How to get the help of {@code cmd}: {@code audioprune help train}, {@code audioprune dataset info --help}. */
    static String helpFor(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (cmd.getParent() == null) {
            return name + " --help";
        }
        return cmd.getParent().getParent() == null ? "audioprune help " + cmd.getCommandName() : name + " --help";
    }

    /** Runs the command with the library's progress bars and warnings going to this command line's stderr. */
    private static int execute(CommandLine.ParseResult parsed) {
        Progress.configure(parsed.commandSpec().commandLine().getErr());
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            Progress.configure(null);
        }
    }

    /** One line on stderr, never a stack trace, unless AUDIOPRUNE_DEBUG is set. */
    private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        Progress.endLine(cl.getErr());
        if (System.getenv("AUDIOPRUNE_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        if (e instanceof AudioPruneException) {
            cl.getErr().println("audioprune: error: " + oneLine(e.getMessage()));
            return EXIT_USER_ERROR;
        }
        if (e instanceof ai.djl.engine.EngineException && e.getMessage() != null
                && e.getMessage().contains("can't allocate memory")) {
            // libtorch's allocator: the job needs more native memory than the machine has
            cl.getErr().println("audioprune: error: out of memory in the PyTorch engine (" + oneLine(e.getMessage())
                    + "); use smaller inputs or batches");
            return EXIT_USER_ERROR;
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        cl.getErr().println("audioprune: internal error: " + oneLine(msg)
                + " (set AUDIOPRUNE_DEBUG=1 for the stack trace)");
        return EXIT_INTERNAL_ERROR;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"audioprune " + (v == null ? "dev" : v)};
        }
    }
}
