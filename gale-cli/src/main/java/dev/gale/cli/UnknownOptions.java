package dev.gale.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The lines that name the unknown options of a command line, each with the option the user most likely meant:
 * {@code Unknown option: '--treshold'; did you mean --threshold?}. Arguments picocli could not match that are
 * no options are left out when there is an unknown option: they are the values that followed it, read out of
 * place ({@code --treshold p99<1s URL} takes {@code p99<1s} for the URL and leaves the URL over).
 *
 * <p>picocli's own suggestions ({@link CommandLine.UnmatchedArgumentException#getSuggestions()}) are the options
 * that share the first two letters: none for {@code --treshold}. Here a misspelling is an option a letter or
 * two away (an edit: a letter added, taken away, changed, or two swapped), or the one option that starts with
 * what was typed ({@code --thres}).
 */
final class UnknownOptions {
    private UnknownOptions() {}

    /**
     * Options of other load generators that gale names otherwise: the option, whose it is, gale's option and
     * what to know of it. Only for a command that has gale's option.
     */
    private static final Map<String, String[]> OTHER_TOOLS = Map.of(
            "-z", new String[] {"hey's duration", "-d", ", as in wrk"},
            "--vus", new String[] {"k6's virtual users", "-c", " (--connections)"},
            "-u", new String[] {"k6's virtual users", "-c", " (--connections)"},
            "--iterations", new String[] {"k6's request count", "-n", " (--requests)"},
            "-i", new String[] {"k6's request count", "-n", " (--requests)"},
            "--rps", new String[] {"a rate", "-R", " (--rate): the total rate in req/s, an open model"},
            "-q", new String[] {"hey's rate per worker", "-R", " (--rate): the total rate in req/s, an open model"});

    /** A negative number, a value rather than an option. */
    private static final Pattern NUMBER = Pattern.compile("-[0-9.]+");

    /**
     * One line for each unknown option among {@code e}'s unmatched arguments, in order, or none if there is no
     * unknown option among them (then picocli's message says what is wrong).
     */
    static List<String> lines(CommandLine.UnmatchedArgumentException e) {
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> lines = new ArrayList<>();
        for (String arg : e.getUnmatched()) {
            if (arg.length() > 1 && arg.startsWith("-") && !NUMBER.matcher(arg).matches()) {
                // --rps=100, and a short one with its value attached: -z2s.
                String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String[] other = OTHER_TOOLS.getOrDefault(
                        option, option.startsWith("--") ? null : OTHER_TOOLS.get(option.substring(0, 2)));
                if (other != null && spec.optionsMap().containsKey(other[1])) {
                    lines.add("Unknown option: '" + arg + "' (" + other[0] + "); gale's is " + other[1] + other[2]);
                    continue;
                }
                String meant = meant(arg, spec.options());
                lines.add("Unknown option: '" + arg + "'" + (meant == null ? "" : "; did you mean " + meant + "?"));
            }
        }
        return lines;
    }

    /**
     * The long option {@code arg} (with any {@code =VALUE} after it) is most likely a misspelling of, or null if
     * none is close: the one option it begins, else the options the fewest edits away, at most one edit per four
     * letters (and one for shorter names), {@code --a or --b} when two are as close.
     */
    static String meant(String arg, List<OptionSpec> options) {
        int eq = arg.indexOf('=');
        String given = (eq < 0 ? arg : arg.substring(0, eq)).toLowerCase(Locale.ROOT);
        if (!given.startsWith("--") || given.length() < 4) {
            return null; // -x: any other letter is as close
        }
        List<String> names = new ArrayList<>();
        for (OptionSpec o : options) {
            if (!o.hidden()) {
                for (String n : o.names()) {
                    if (n.startsWith("--")) {
                        names.add(n);
                    }
                }
            }
        }
        List<String> started = names.stream().filter(n -> n.startsWith(given)).toList();
        if (started.size() == 1) {
            return started.get(0);
        }
        int allowed = Math.max(1, (given.length() - 2) / 4);
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String n : names) {
            int d = edits(given.substring(2), n.substring(2));
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (d == best) {
                closest.add(n);
            }
        }
        return best > allowed ? null : String.join(" or ", closest); // no names: best stays MAX_VALUE
    }

    /**
     * The edits that turn {@code a} into {@code b}: letters added, taken away or changed, and two neighbours
     * swapped, each counting one (the optimal string alignment distance).
     */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
