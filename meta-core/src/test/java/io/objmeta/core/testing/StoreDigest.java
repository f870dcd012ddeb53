package io.objmeta.core.testing;

import io.objmeta.core.MetaCore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Digests of a store's canonical dump ({@link MetaCore#dumpCanonical}: records of {@code name, key, value}, each
 * field a big-endian u32 length and its bytes). {@link #data} leaves out the one record that says where in the
 * log the store is ({@code meta/appliedIndex}), so it compares what the store holds: a batch that applies only
 * failed commands moves the applied index and nothing else.
 */
public final class StoreDigest {
    private static final byte[] META = "meta".getBytes(StandardCharsets.UTF_8);
    private static final byte[] APPLIED_INDEX = "appliedIndex".getBytes(StandardCharsets.UTF_8);

    private StoreDigest() {
    }

    /** {@link MetaCore#canonicalDigest()}, unchecked. */
    public static String full(MetaCore core) {
        try {
            return core.canonicalDigest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of every record of the canonical dump but {@code meta/appliedIndex}. */
    public static String data(MetaCore core) {
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        try {
            core.dumpCanonical(dump);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer in = ByteBuffer.wrap(dump.toByteArray());
        MessageDigest md = sha256();
        while (in.hasRemaining()) {
            int start = in.position();
            byte[] name = field(in);
            byte[] key = field(in);
            field(in);
            if (Arrays.equals(name, META) && Arrays.equals(key, APPLIED_INDEX)) {
                continue;
            }
            md.update(in.array(), start, in.position() - start);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] field(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
