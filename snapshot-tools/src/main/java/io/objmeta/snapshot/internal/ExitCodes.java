package io.objmeta.snapshot.internal;

/** The exit codes of every {@code metasnap} command (documented in the README and in {@code --help}). */
public final class ExitCodes {
    /** Done; for {@code verify} nothing wrong was found, for {@code diff} the inputs are equal. */
    public static final int OK = 0;
    /** {@code verify} found problems; {@code diff} found differences. */
    public static final int PROBLEMS = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** Input (path, bucket, key) not found, unreadable, of no known kind, or in use by a running process. */
    public static final int NOT_FOUND = 3;
    /** Input damaged so that the command cannot run (use {@code verify} to see everything wrong). */
    public static final int DAMAGED = 4;

    public static final String HELP = "%nExit codes: 0 ok, 1 problems found (verify) or differences (diff), 2 usage,"
            + " 3 input not found / unreadable / in use, 4 damaged input.";

    private ExitCodes() {
    }
}
