package io.objmeta.snapshot.internal;

import io.objmeta.core.internal.embedded.Snapshots;
import java.io.IOException;
import java.nio.file.Path;

/** SHA-256 of a file, as snapshot manifests state it (the same function the store uses to write them). */
public final class Checksums {
    private Checksums() {
    }

    public static String sha256(Path file) {
        try {
            return Snapshots.sha256(file);
        } catch (IOException e) {
            throw ToolException.notFound(file + ": cannot read: " + e.getMessage());
        }
    }
}
