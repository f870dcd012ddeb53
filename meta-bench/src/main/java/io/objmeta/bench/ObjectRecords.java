package io.objmeta.bench;

import com.google.protobuf.ByteString;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.PutObjectRequest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The PutObject commands of the engine workloads: a CAS create ({@code expectedRevision = 0}) of a new key with
 * about {@code recordBytes} of metadata, the "~256 B" object of DESIGN.md. Every record has a 32-hex-digit etag,
 * a content type, two user metadata entries and a size; the location (opaque bytes naming where the data lives)
 * pads the serialized {@code PutObjectRequest} to {@code recordBytes}. Keys of one length give records of one
 * length, so {@link #serializedBytes()} is the size of every record. Thread-safe.
 */
final class ObjectRecords {

    static final String BUCKET = "bench";
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final long SIZE_BASE = 1 << 20; // + (n & 0xffff): a 3-byte varint whatever n is
    private static final HexFormat HEX = HexFormat.of();

    private final ByteString location;
    private final int serializedBytes;

    /**
     * @param recordBytes target size of a serialized PutObjectRequest; records need about 110 bytes without
     *                    a location, so smaller targets give records of that minimum
     * @param keyChars    length of every key that will be put (ASCII)
     */
    ObjectRecords(int recordBytes, int keyChars) {
        int bare = request("k".repeat(keyChars), 0, ByteString.EMPTY).getSerializedSize();
        // the location field takes 1 tag byte + a varint length + the bytes (within a byte of the target)
        int room = recordBytes - bare - 1;
        byte[] bytes = new byte[Math.max(0, room - varintSize(Math.max(0, room)))];
        new SplittableRandom(42).nextBytes(bytes); // incompressible, like real metadata
        this.location = ByteString.copyFrom(bytes);
        Command sample = put("k".repeat(keyChars), 0, 1);
        Validation.validate(sample); // what a store would reject must never be benchmarked
        this.serializedBytes = sample.getPutObject().getSerializedSize();
    }

    /** Bytes of every serialized PutObjectRequest (for keys of the length given to the constructor). */
    int serializedBytes() {
        return serializedBytes;
    }

    /** The create of {@code key}, the {@code n}-th object, stamped with {@code timestampMillis}. */
    Command put(String key, long n, long timestampMillis) {
        return Command.newBuilder().setPutObject(request(key, n, location)).setTimestampMillis(timestampMillis)
                .build();
    }

    private static PutObjectRequest request(String key, long n, ByteString location) {
        return PutObjectRequest.newBuilder()
                .setBucket(BUCKET)
                .setKey(key)
                .setSize(SIZE_BASE + (n & 0xffff))
                .setEtag(HEX.toHexDigits(mix(n)) + HEX.toHexDigits(mix(~n)))
                .setContentType(CONTENT_TYPE)
                .putUserMetadata("owner", "user-" + HEX.toHexDigits((short) n))
                .putUserMetadata("source", "metabench")
                .setLocation(location)
                .setExpectedRevision(0) // CAS create: the key must not exist
                .build();
    }

    private static int varintSize(int n) {
        return n < 1 << 7 ? 1 : n < 1 << 14 ? 2 : n < 1 << 21 ? 3 : 4;
    }

    /** A bijection of longs that scatters consecutive numbers (the SplitMix64 finalizer). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
