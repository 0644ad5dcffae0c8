package dev.gale.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The line for arguments that start as those of {@code gale run} do, without the command, as wrk, hey and ab
 * take them ({@code gale -c 10 -d 2s URL}): {@code gale needs a command first: gale run -c 10 -d 2s URL}, where
 * picocli said {@code Unknown option: '-c'} or {@code Unmatched argument at index 0}.
 */
final class MissingCommand {
    private MissingCommand() {}

    /** What the shell takes as one word without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /**
     * The line to report when the first of {@code args} is a URL, a plan file or an option of {@code gale run},
     * and none of {@code gale}'s own options or commands; empty otherwise.
     */
    static Optional<String> line(CommandLine gale, String[] args) {
        if (args.length == 0) {
            return Optional.empty();
        }
        String first = args[0];
        if (gale.getSubcommands().containsKey(first)
                || gale.getCommandSpec().optionsMap().containsKey(first)) {
            return Optional.empty();
        }
        Map<String, OptionSpec> run =
                gale.getSubcommands().get("run").getCommandSpec().optionsMap();
        boolean runs = first.startsWith("-")
                ? run.containsKey(first)
                        || (first.startsWith("--")
                                && first.contains("=")
                                && run.containsKey(first.substring(0, first.indexOf('='))))
                        || (!first.startsWith("--") && first.length() > 2 && run.containsKey(first.substring(0, 2)))
                : first.regionMatches(true, 0, "http://", 0, 7)
                        || first.regionMatches(true, 0, "https://", 0, 8)
                        || RunCommand.isPlanFile(first);
        if (!runs) {
            return Optional.empty();
        }
        // The command given after the options (gale -d 2s run URL) goes first; none given is run.
        String command = "run";
        java.util.List<String> rest = new java.util.ArrayList<>(Arrays.asList(args));
        for (int i = 1; i < args.length; i++) {
            if (gale.getSubcommands().containsKey(args[i])) {
                command = rest.remove(i);
                break;
            }
        }
        String line = rest.stream().map(MissingCommand::quoted).collect(Collectors.joining(" "));
        return Optional.of("gale needs a command first: gale " + command + " " + line);
    }

    /** A word that can only be meant as a command: letters, and dashes between them. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z-]*");

    /**
     * The line for a first argument that is a word but no command of {@code gale}'s ({@code gale runn -c 10
     * URL}): {@code unknown command 'runn'; did you mean 'run'? ...}, where picocli blamed the option after it
     * ({@code Unknown option: '-c'}) or said {@code Unmatched argument at index 0}; empty otherwise.
     */
    static Optional<String> unknownCommand(CommandLine gale, String[] args) {
        if (args.length == 0
                || !WORD.matcher(args[0]).matches()
                || gale.getSubcommands().containsKey(args[0])) {
            return Optional.empty();
        }
        String given = args[0].toLowerCase(java.util.Locale.ROOT);
        java.util.List<String> commands = gale.getSubcommands().entrySet().stream()
                .filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey)
                .toList();
        // gale version: an option of gale's own, written as a command.
        String meant = gale.getCommandSpec().optionsMap().containsKey("--" + given) ? "gale --" + given : null;
        int best = meant != null ? 0 : Math.max(1, given.length() / 3) + 1;
        for (String c : commands) {
            int d = c.startsWith(given) ? 0 : UnknownOptions.edits(given, c);
            if (d < best) {
                best = d;
                meant = c;
            }
        }
        return Optional.of("unknown command '" + args[0] + "'"
                + (meant == null ? "" : "; did you mean '" + meant + "'?")
                + " (gale's commands: " + String.join(", ", commands) + "; see 'gale --help')");
    }

    /** {@code arg} as a POSIX shell reads it back: in single quotes unless it is plain. */
    private static String quoted(String arg) {
        return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
