package org.audioprune;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.audioprune.cli.Main;
import picocli.CommandLine;

/** Runs the CLI in-process, as {@code ./audioprune ARGS} would, and captures what it prints. */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
