package dev.gale.cli;

import dev.gale.engine.HeapBudget;
import dev.gale.engine.OutOfDirectMemoryException;
import dev.gale.engine.UnreachableTargetException;
import dev.gale.engine.Version;
import dev.gale.plan.InvalidPlanException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Leak tracking samples allocations on the hot path; tests turn it on, runs do not need it.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        SecondSignal.install(); // the process's own handlers: not for run(), which tests call in theirs
        int code = run(args, System.out, System.err);
        DecidedExit.set(code);
        System.exit(code);
    }

    /** Runs gale with {@code args}, writing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // Made from the streams themselves, so that checkError() sees their errors (stdout closed, a broken pipe).
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            CommandLine cl = commandLine(args, o, e);
            boolean verbose = Arrays.asList(args).contains("--verbose");
            // Habits of other tools, which picocli would read as something else and report out of place.
            Optional<String> missing = MissingCommand.line(cl, args).or(() -> MissingCommand.unknownCommand(cl, args));
            if (missing.isPresent()) {
                return handle(UserException.invalid(missing.get()), e, verbose);
            }
            List<String> singleDash = SingleDashOptions.lines(cl, args);
            if (!singleDash.isEmpty()) {
                return handle(UserException.invalid(singleDash), e, verbose);
            }
            try {
                return cl.execute(args);
            } catch (OutOfMemoryError oom) {
                // An Error passes picocli's handler, which takes Exceptions: uncaught, it was a stack trace and exit 1.
                return outOfMemory(oom, e, verbose);
            }
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
        // '@FILE' is gale's own syntax (--body @FILE); picocli would read the file as more arguments.
        cl.setExpandAtFiles(false);
        WholeNumberConverter.register(cl);
        collectErrors(cl);
        cl.setParameterExceptionHandler((ex, a) -> handle(
                rejected(List.of(ex), ex.getCommandLine(), List.of()),
                ex.getCommandLine().getErr(),
                verbose));
        cl.setExecutionStrategy(parsed -> execute(parsed, verbose));
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> handle(ex, c.getErr(), verbose));
        return cl;
    }

    /** Makes picocli parse on past a rejected argument, for every command, so that all of them are reported. */
    private static void collectErrors(CommandLine cl) {
        cl.getCommandSpec().parser().collectErrors(true);
        cl.getSubcommands().values().forEach(Main::collectErrors);
    }

    /**
     * Runs the command the arguments name, unless picocli rejected some of them: then reports each, together
     * with the problems the command finds in the rest if it is an {@link InputCheck}, and exits 2 having run
     * nothing.
     */
    private static int execute(CommandLine.ParseResult parsed, boolean verbose) {
        List<Exception> errors = new ArrayList<>();
        CommandLine command = parsed.commandSpec().commandLine();
        for (CommandLine c : parsed.asCommandLineList()) {
            errors.addAll(c.getParseResult().errors());
            command = c;
        }
        if (errors.isEmpty()) {
            return new CommandLine.RunLast().execute(parsed);
        }
        List<String> more = List.of();
        // Only when every rejection is a value that did not convert are the other arguments where the user
        // put them. After an unknown option or an option missing its value, picocli reads the following
        // arguments out of place ('--conections 5 URL' takes 5 for the URL), and the command would report
        // problems with values the user never gave.
        if (command.getCommand() instanceof InputCheck check && errors.stream().allMatch(Main::isValueNotConverted)) {
            applyDefaults(command);
            try {
                more = check.problems();
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(command, "checking the arguments failed", e); // a bug: exit 4
            }
        }
        return handle(rejected(errors, command, more), command.getErr(), verbose);
    }

    /** True if {@code e} rejects only the value of a known option, which does not convert to the option's type. */
    private static boolean isValueNotConverted(Exception e) {
        return e instanceof CommandLine.ParameterException p
                && !(p instanceof CommandLine.UnmatchedArgumentException)
                && !(p instanceof CommandLine.MissingParameterException)
                && p.getArgSpec() != null
                && p.getArgSpec().isOption()
                && p.getCause() instanceof CommandLine.TypeConversionException;
    }

    /**
     * Gives each option the command line did not set its default value. picocli (4.7.7) skips that step
     * when, collecting errors, the last argument it parses is rejected ({@code URL -d 10x}); the defaults are
     * then taken from a fresh instance of the command that parses no arguments.
     */
    private static void applyDefaults(CommandLine command) {
        CommandLine fresh = new CommandLine(command.getCommand().getClass());
        fresh.getCommandSpec().parser().collectErrors(true); // its required arguments are missing
        fresh.parseArgs();
        for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
            if (o.defaultValue() != null && !command.getParseResult().hasMatchedOption(o)) {
                o.setValue(fresh.getCommandSpec().findOption(o.longestName()).getValue());
            }
        }
    }

    /**
     * The arguments picocli rejected, one line each that points to the command's help, followed by the
     * command's own {@code problems}; the rejections are attached (suppressed) for {@code --verbose}.
     */
    private static UserException rejected(List<Exception> errors, CommandLine command, List<String> problems) {
        List<String> lines = new ArrayList<>();
        for (Exception e : errors) {
            CommandLine where = e instanceof CommandLine.ParameterException p ? p.getCommandLine() : command;
            String help = "See '" + where.getCommandSpec().qualifiedName() + " --help'.";
            List<String> unknown =
                    e instanceof CommandLine.UnmatchedArgumentException u ? UnknownOptions.lines(u) : List.of();
            if (unknown.isEmpty()) {
                lines.add(oneLine(e.getMessage()) + ". " + help);
            } else {
                unknown.forEach(u -> lines.add(u + (u.endsWith("?") ? " " : ". ") + help));
            }
        }
        lines.addAll(problems);
        UserException invalid = new UserException(ExitCodes.INVALID_INPUT, lines);
        errors.forEach(invalid::addSuppressed);
        return invalid;
    }

    /**
     * Reports an {@link OutOfMemoryError} in one line and returns exit 4 (the stack trace only under {@code
     * --verbose}): a heap too small for what was asked, which the run's own check did not foresee.
     */
    static int outOfMemory(OutOfMemoryError oom, PrintWriter err, boolean verbose) {
        err.println("error: out of memory (" + oom.getMessage() + "): the JVM's " + heapSize()
                + " heap is too small for this run; use fewer threads, fewer request names or connections, or a larger"
                + " heap (GALE_JAVA_OPTS=-Xmx...)"
                + (verbose ? "" : ". Run with --verbose for the stack trace"));
        if (verbose) {
            oom.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** This JVM's maximum heap, as {@link HeapBudget#size} writes sizes. */
    static String heapSize() {
        return HeapBudget.size(Runtime.getRuntime().maxMemory());
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
            lines = u.lines();
        } else if (ex instanceof OutOfDirectMemoryException d) {
            code = ExitCodes.ENVIRONMENT; // this machine's JVM, as a heap too small for the histograms is
            lines = List.of(d.getMessage());
        } else {
            code = ExitCodes.INTERNAL;
            lines = List.of("internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        for (String line : lines) {
            err.println("error: " + dev.gale.plan.Printable.of(line));
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

    /** {@code gale} without a command: nothing was asked for, so it is a usage error (exit 2), on stderr. */
    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.println("error: no command given: try 'gale demo', or 'gale run URL'; 'gale --help' lists them all");
        spec.commandLine().usage(err);
        return ExitCodes.INVALID_INPUT;
    }

    /** Prints gale's version and the Java runtime. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gale " + Version.get() + " (Java " + Runtime.version() + ")"};
        }
    }
}
