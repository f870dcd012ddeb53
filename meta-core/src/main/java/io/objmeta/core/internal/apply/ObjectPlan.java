package io.objmeta.core.internal.apply;

import io.objmeta.api.proto.ObjectVersion;
import java.util.List;

/**
 * A checked object write, ready to execute at a revision: the version to add (or none), the versions to remove
 * permanently, and what the change feed and reply say.
 *
 * @param bucket       bucket name
 * @param bid          bucket id bytes
 * @param key          object key
 * @param keyPrefix    {@code bid + enc(key)}
 * @param newVersion   the version to write, its versionId and revision filled at execution; null for none
 * @param nullVersion  whether the new version's id is "null" (else derived from the revision)
 * @param removed      versions removed permanently (their locations go to the garbage queue)
 * @param objectDelta  change of the bucket's objectCount
 * @param bytesDelta   change of the bucket's bytesUsed
 * @param kind         what the reply and change feed report
 */
record ObjectPlan(String bucket, byte[] bid, String key, byte[] keyPrefix, ObjectVersion.Builder newVersion,
                  boolean nullVersion, List<ObjectVersion> removed, long objectDelta, long bytesDelta, Kind kind) {
    enum Kind {
        /** a new version (put or completed upload) */
        PUT,
        /** a delete marker */
        MARKER,
        /** one version removed permanently (delete with versionId, or delete in an unversioned bucket) */
        REMOVE,
        /** nothing to do (delete of an absent key in an unversioned bucket) */
        NOOP
    }

    boolean changesState() {
        return kind != Kind.NOOP;
    }
}
