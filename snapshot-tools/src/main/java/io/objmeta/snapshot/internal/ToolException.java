package io.objmeta.snapshot.internal;

/** A failure the command reports as one message and an exit code (see {@link io.objmeta.snapshot.MetaSnap}). */
public final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public ToolException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ToolException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The input is missing, unreadable, of no known kind, or in use. */
    public static ToolException notFound(String message) {
        return new ToolException(ExitCodes.NOT_FOUND, message);
    }

    /** The input is damaged so that the command cannot run. */
    public static ToolException damaged(String message) {
        return new ToolException(ExitCodes.DAMAGED, message);
    }
}
