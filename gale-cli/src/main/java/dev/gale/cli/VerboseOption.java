package dev.gale.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --verbose} flag, mixed into every command that runs. {@link Main} reads it from the raw
 * arguments rather than from this field, since it must know before the arguments are parsed (and when they
 * cannot be); the field is here so that picocli accepts the flag and lists it in each command's help.
 */
final class VerboseOption {
    @Option(names = "--verbose", description = "Print stack traces with errors. Default: off.")
    boolean verbose;
}
