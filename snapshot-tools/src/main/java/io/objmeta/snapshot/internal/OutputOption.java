package io.objmeta.snapshot.internal;

import picocli.CommandLine.Option;

/** {@code -o human|json}, mixed into the commands that print a report. */
public final class OutputOption {
    public enum Format { human, json }

    @Option(names = {"-o", "--output"}, defaultValue = "human", paramLabel = "FORMAT",
            description = "human (default) or json")
    Format format = Format.human;

    public boolean json() {
        return format == Format.json;
    }
}
