package dev.gale.cli;

import java.io.File;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * An output file's path as typed. A path ending with a slash names a folder, which the path itself would
 * forget ({@code Path.of("out/")} is {@code out}): {@code --json out/} wrote a file named {@code out}.
 */
final class OutputFileConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.length() > 1 && (value.endsWith("/") || value.endsWith(File.separator))) {
            throw new CommandLine.TypeConversionException("'" + value + "' ends with '/', so it names a folder;"
                    + " give a file name, such as " + value + "run.json");
        }
        return Path.of(value);
    }
}
