/**
 * The command line: one picocli command per class, each a thin shell that parses flags into a
 * {@link dev.gale.plan.Plan} and calls the library. {@link dev.gale.cli.Main} maps every failure to a
 * one-line message and an exit code ({@link dev.gale.cli.ExitCodes}).
 */
package dev.gale.cli;
