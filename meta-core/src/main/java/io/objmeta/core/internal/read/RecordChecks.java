package io.objmeta.core.internal.read;

import com.google.protobuf.InvalidProtocolBufferException;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.Upload;
import io.objmeta.core.CoreInspector.Problem;
import io.objmeta.core.internal.store.Keys;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Record-level checks of every database (see the {@code io.objmeta.core} package documentation for the layouts):
 * each key has its table's shape, each value decodes, and the change log and garbage queue carry their key's
 * revision, in order, never above the store's. Fed one record at a time, in key order, database by database.
 */
public final class RecordChecks {
    private final long storeRevision;
    private final long compactedRevision;
    private final Consumer<Problem> sink;
    private long lastRevision; // last revision seen in the current database (changes, garbage)

    public RecordChecks(long storeRevision, long compactedRevision, Consumer<Problem> sink) {
        this.storeRevision = storeRevision;
        this.compactedRevision = compactedRevision;
        this.sink = sink;
    }

    /** Starts a new database. */
    public void begin(String db) {
        lastRevision = 0;
    }

    public void check(String db, byte[] key, byte[] value) {
        try {
            switch (db) {
                case "meta" -> expect(value.length == 8, "value is " + value.length + " bytes (expected: 8, a u64)");
                case "buckets" -> {
                    Bucket b = Bucket.parseFrom(value);
                    expect(b.getName().equals(Keys.string(key)), "record names bucket \"" + b.getName() + "\"");
                }
                case "versions" -> {
                    objectRow(key);
                    ObjectVersion.parseFrom(value);
                }
                case "uploads" -> {
                    long rev = objectRow(key);
                    Upload u = Upload.parseFrom(value);
                    expect(u.getRevision() == rev, "record says revision " + u.getRevision());
                }
                case "uploadIds" -> expect(key.length == 16, "key is " + key.length + " bytes (expected: 16)");
                case "parts" -> {
                    expect(key.length == 20, "key is " + key.length + " bytes (expected: 20)");
                    Part p = Part.parseFrom(value);
                    expect(p.getPartNumber() == Keys.getU32(key, 16), "record says part " + p.getPartNumber());
                }
                case "garbage" -> ordered(key, GarbageItem.parseFrom(value).getRevision(), false);
                case "changes" -> ordered(key, Change.parseFrom(value).getRevision(), true);
                case "requests" -> {
                    expect(key.length >= 10 && key[key.length - 9] == 0,
                            "key is not clientId 00 sequence(8)");
                    expect(value.length >= 8, "value is " + value.length + " bytes (expected: timestamp(8) + result)");
                    CommandResult.parseFrom(Arrays.copyOfRange(value, 8, value.length));
                }
                case "requestExpiry" -> expect(key.length >= 18 && value.length == 0,
                        "expected key timestamp(8) clientId 00 sequence(8) and an empty value");
                default -> {
                    // overflow: chunks of long keys, checked through the tables that own them
                }
            }
        } catch (InvalidProtocolBufferException e) {
            sink.accept(new Problem(db, key, "value does not decode: " + e.getMessage()));
        } catch (Bad e) {
            sink.accept(new Problem(db, key, e.getMessage()));
        } catch (RuntimeException e) {
            sink.accept(new Problem(db, key, "key does not decode: " + e.getMessage()));
        }
    }

    /** Checks {@code bid(8) · enc(key) · u64}; returns the trailing u64. */
    private static long objectRow(byte[] row) {
        expect(row.length >= 8 + 2 + 8, "key is " + row.length + " bytes (expected: bid(8) enc(key) revision(8))");
        int[] end = new int[1];
        Keys.decodeKey(row, 8, end);
        expect(end[0] == row.length - 8, "key has " + (row.length - end[0]) + " bytes after the encoded key "
                + "(expected: 8)");
        return Keys.getU64(row, row.length - 8);
    }

    private void ordered(byte[] key, long recordRevision, boolean changeLog) {
        expect(key.length == 12, "key is " + key.length + " bytes (expected: revision(8) index(4))");
        long rev = Keys.getU64(key, 0);
        expect(recordRevision == rev, "record says revision " + recordRevision);
        expect(rev >= lastRevision, "revision " + rev + " after " + lastRevision + ": out of order");
        expect(rev <= storeRevision, "revision " + rev + " above the store's " + storeRevision);
        if (changeLog) {
            expect(rev > compactedRevision, "revision " + rev + " at or below compactedRevision "
                    + compactedRevision + " (should have been pruned)");
        }
        lastRevision = rev;
    }

    private static void expect(boolean ok, String problem) {
        if (!ok) {
            throw new Bad(problem);
        }
    }

    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message, null, false, false);
        }
    }

    /** A row key in words; hex when it does not parse. */
    public static String describe(String db, byte[] key) {
        try {
            return switch (db) {
                case "meta", "buckets" -> "\"" + escape(Keys.string(key)) + "\"";
                case "versions", "uploads" -> {
                    int[] end = new int[1];
                    String k = Keys.string(Keys.decodeKey(key, 8, end));
                    long rev = Keys.getU64(key, key.length - 8);
                    yield "bucket id " + Keys.getU64(key, 0) + ", key \"" + escape(k) + "\", "
                            + (db.equals("versions") ? "revision " + ~rev : "upload revision " + rev);
                }
                case "uploadIds" -> "bucket id " + Keys.getU64(key, 0) + ", upload revision " + Keys.getU64(key, 8);
                case "parts" -> "bucket id " + Keys.getU64(key, 0) + ", upload revision " + Keys.getU64(key, 8)
                        + ", part " + Keys.getU32(key, 16);
                case "garbage", "changes" -> "revision " + Keys.getU64(key, 0) + ", index " + Keys.getU32(key, 8);
                default -> "0x" + HexFormat.of().formatHex(key);
            };
        } catch (RuntimeException e) {
            return "0x" + HexFormat.of().formatHex(key);
        }
    }

    /** Control characters, quotes and backslashes escaped, so any key prints on one line. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
