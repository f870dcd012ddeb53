package io.objmeta.core.internal.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.io.IOException;

/** Parsing stored records: a record that does not decode is corruption of the store, never a user error. */
public final class Protos {
    private Protos() {
    }

    public static <T> T parse(Parser<T> parser, byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw corrupt(e);
        }
    }

    /** The error for a stored record that does not decode (also for readers that decode records field by field). */
    public static IllegalStateException corrupt(IOException e) {
        return new IllegalStateException("corrupt record in the store: " + e.getMessage(), e);
    }
}
