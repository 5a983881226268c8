package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void helpListsEverySubcommand() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String sub : new String[] {"demo", "features", "dataset", "summary", "train", "evaluate",
                "rank", "prune", "finetune"}) {
            assertTrue(out.toString().contains(sub), "help must list " + sub);
        }
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertNotEquals(0, cl.execute("no-such-command"));
    }
}
