package dev.gale.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The lines that name the long options of a command given with one dash, as vegeta and hey write them:
 * {@code -duration=5s: gale's long options take two dashes: --duration=5s}. picocli reads such an argument as a
 * cluster of short options ({@code -d uration=5s}, {@code -t imeout}) and the arguments after it out of place, so
 * when there is one, these lines are all that is reported, as after an unknown option.
 *
 * <p>Only an argument that is one dash and the exact name of a long option of the command, with or without
 * {@code =VALUE}, is named: {@code -d2s}, {@code -t2} and {@code -n10} are short options with their values, and an
 * argument that is the value of the option before it ({@code --body -rate=5}) is left alone.
 */
final class SingleDashOptions {
    private SingleDashOptions() {}

    /**
     * One line for each long option given with one dash to the command {@code args} name, in order; none when
     * there is none, or no command.
     */
    static List<String> lines(CommandLine gale, String[] args) {
        int at = 0;
        while (at < args.length && !gale.getSubcommands().containsKey(args[at])) {
            at++;
        }
        if (at == args.length) {
            return List.of();
        }
        Map<String, OptionSpec> options =
                gale.getSubcommands().get(args[at]).getCommandSpec().optionsMap();
        List<String> lines = new ArrayList<>();
        for (int i = at + 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break; // the rest are no options
            }
            OptionSpec option = options.get(arg);
            if (option != null) {
                if (option.arity().min() > 0) {
                    i++; // its value, whatever it looks like
                }
                continue;
            }
            if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
                int eq = arg.indexOf('=');
                String name = "-" + (eq < 0 ? arg : arg.substring(0, eq));
                if (options.containsKey(name)) {
                    lines.add(arg + ": gale's long options take two dashes: -" + arg);
                }
            }
        }
        return lines;
    }
}
