package org.audioprune.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Child-JVM entry point for tests that need their own working folder: runs each argument as one
 * command line (fields separated by U+001F, so that empty arguments survive) and prints
 * {@code EXIT <code> <stderr on one line>} per command.
 */
public final class CliInFolder {
    private CliInFolder() {
    }

    public static void main(String[] commands) {
        for (String command : commands) {
            StringWriter err = new StringWriter();
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(command.split("\u001f", -1));
            System.out.println("EXIT " + code + " " + err.toString().strip().replace('\n', '|'));
        }
        System.out.flush();
    }
}
