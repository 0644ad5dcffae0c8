package dev.gale.cli;

import dev.gale.engine.UnreachableTargetException;
import dev.gale.engine.Version;
import dev.gale.plan.InvalidPlanException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gale} command and the one place that turns failures into a message and an exit code: invalid
 * input exits 2, an unreachable target 3, a bug 4 (with a stack trace only under {@code --verbose}).
 */
@Command(
        name = "gale",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "A high-concurrency HTTP load generator that measures latency from each request's intended"
                + " send time.",
        subcommands = {
            RunCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            CommandLine.HelpCommand.class
        },
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Leak tracking samples allocations on the hot path; tests turn it on, runs do not need it.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs gale with {@code args}, writing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(args, o, e).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    static CommandLine commandLine(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            w.println("error: " + oneLine(ex.getMessage()) + ". See '" + command + " --help'.");
            if (verbose) {
                ex.printStackTrace(w);
            }
            return ExitCodes.INVALID_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> handle(ex, c.getErr(), verbose));
        return cl;
    }

    static int handle(Exception ex, PrintWriter err, boolean verbose) {
        int code;
        List<String> lines;
        if (ex instanceof UserException u) {
            code = u.exitCode();
            lines = u.lines();
        } else if (ex instanceof InvalidPlanException p) {
            code = ExitCodes.INVALID_INPUT;
            lines = p.problems();
        } else if (ex instanceof UnreachableTargetException u) {
            code = ExitCodes.ENVIRONMENT;
            lines = List.of(u.getMessage());
        } else {
            code = ExitCodes.INTERNAL;
            lines = List.of("internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        for (String line : lines) {
            err.println("error: " + line);
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String oneLine(String s) {
        String m = s == null
                ? "invalid arguments"
                : s.strip().replace(System.lineSeparator(), " ").replace('\n', ' ');
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints gale's version and the Java runtime. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gale " + Version.get() + " (Java " + Runtime.version() + ")"};
        }
    }
}
