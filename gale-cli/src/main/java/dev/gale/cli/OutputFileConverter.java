package dev.gale.cli;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * An output file's path as typed, on the command line ({@code --json FILE}) or in a plan's {@code output}
 * section. A path ending with a slash names a folder, which the path itself would forget ({@code
 * Path.of("out/")} is {@code out}): {@code --json out/} wrote a file named {@code out}. So does one ending
 * with {@code .} or {@code ..}, which no file can be.
 */
final class OutputFileConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        String why = problem(value);
        if (why != null) {
            throw new CommandLine.TypeConversionException("'" + value + "' " + why);
        }
        return Path.of(value);
    }

    /** Why {@code value} cannot name an output file, or null if it can. */
    static String problem(String value) {
        if (value.length() > 1 && (value.endsWith("/") || value.endsWith(File.separator))) {
            return "ends with '/', so it names a folder; give a file name in that folder";
        }
        try {
            Path name = Path.of(value).getFileName();
            if (name != null && (name.toString().equals(".") || name.toString().equals(".."))) {
                return "names a folder (its last part is " + name + "); give a file name in that folder";
            }
            return null;
        } catch (InvalidPathException e) {
            return "is not a file name here (" + e.getReason() + ")";
        }
    }
}
