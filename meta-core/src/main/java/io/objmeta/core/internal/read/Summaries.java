package io.objmeta.core.internal.read;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.internal.store.Protos;
import java.io.IOException;

/**
 * Listing rows read straight off a stored {@link ObjectVersion} record: only the fields a summary carries are
 * decoded; user metadata, location and parts (most of a record's bytes) are skipped, never materialized. Same
 * result as parsing the record and copying the fields (a property test holds the two together); a record that
 * does not decode is corruption ({@link Protos#corrupt}).
 */
final class Summaries {
    private static final int KEY = tag(ObjectVersion.KEY_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int VERSION_ID = tag(ObjectVersion.VERSION_ID_FIELD_NUMBER,
            WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int REVISION = tag(ObjectVersion.REVISION_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int SIZE = tag(ObjectVersion.SIZE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int ETAG = tag(ObjectVersion.ETAG_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int LAST_MODIFIED = tag(ObjectVersion.LAST_MODIFIED_FIELD_NUMBER,
            WireFormat.WIRETYPE_VARINT);
    private static final int STORAGE_CLASS = tag(ObjectVersion.STORAGE_CLASS_FIELD_NUMBER,
            WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int DELETE_MARKER = tag(ObjectVersion.IS_DELETE_MARKER_FIELD_NUMBER,
            WireFormat.WIRETYPE_VARINT);

    private Summaries() {
    }

    /** The summary row of a stored version record. */
    static ObjectSummary summary(byte[] record, boolean latest) {
        ObjectSummary.Builder b = ObjectSummary.newBuilder();
        try {
            CodedInputStream in = CodedInputStream.newInstance(record);
            for (int t = in.readTag(); t != 0; t = in.readTag()) {
                if (t == KEY) {
                    b.setKey(in.readStringRequireUtf8());
                } else if (t == VERSION_ID) {
                    b.setVersionId(in.readStringRequireUtf8());
                } else if (t == REVISION) {
                    b.setRevision(in.readInt64());
                } else if (t == SIZE) {
                    b.setSize(in.readInt64());
                } else if (t == ETAG) {
                    b.setEtag(in.readStringRequireUtf8());
                } else if (t == LAST_MODIFIED) {
                    b.setLastModified(in.readInt64());
                } else if (t == STORAGE_CLASS) {
                    b.setStorageClass(in.readStringRequireUtf8());
                } else if (t == DELETE_MARKER) {
                    b.setIsDeleteMarker(in.readBool());
                } else if (!in.skipField(t)) {
                    break; // an end-group tag: not in a well-formed record
                }
            }
        } catch (IOException e) {
            throw Protos.corrupt(e);
        }
        return b.setIsLatest(latest).build();
    }

    /** Whether a stored version record is a delete marker, without decoding the rest of it. */
    static boolean isDeleteMarker(byte[] record) {
        boolean marker = false;
        try {
            CodedInputStream in = CodedInputStream.newInstance(record);
            for (int t = in.readTag(); t != 0; t = in.readTag()) {
                if (t == DELETE_MARKER) {
                    marker = in.readBool(); // the last occurrence wins, as in a full parse
                } else if (!in.skipField(t)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw Protos.corrupt(e);
        }
        return marker;
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }
}
