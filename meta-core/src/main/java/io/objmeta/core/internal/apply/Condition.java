package io.objmeta.core.internal.apply;

import io.objmeta.api.ConflictException;
import io.objmeta.api.proto.ObjectVersion;

/**
 * An optimistic CAS condition on the live current version of a key (the latest version unless that is a delete
 * marker): {@code expectedRevision = 0} means none may exist, {@code N} that its revision is N;
 * {@code expectedEtag} that its etag is E. Evaluated at apply time, inside the atomic step that writes.
 */
record Condition(boolean hasRevision, long expectedRevision, boolean hasEtag, String expectedEtag) {
    static final Condition NONE = new Condition(false, 0, false, "");

    /** Throws {@link ConflictException} carrying the current revision (0 when there is no live version). */
    void check(ObjectVersion live, int opIndex) {
        long current = live == null ? 0 : live.getRevision();
        if (hasRevision && expectedRevision != current) {
            throw conflict("expectedRevision: " + expectedRevision + " (current revision: " + current + ")", current,
                    opIndex);
        }
        if (hasEtag && (live == null || !live.getEtag().equals(expectedEtag))) {
            throw conflict("expectedEtag: \"" + expectedEtag + "\" (current etag: "
                    + (live == null ? "none, the key has no live version" : "\"" + live.getEtag() + "\"") + ")",
                    current, opIndex);
        }
    }

    private static ConflictException conflict(String what, long current, int opIndex) {
        String prefix = opIndex >= 0 ? "ops[" + opIndex + "]: " : "";
        return opIndex >= 0 ? new ConflictException(prefix + what, current, opIndex)
                : new ConflictException(what, current);
    }
}
