package io.objmeta.core.internal.read;

import io.objmeta.core.internal.store.Keys;

/** Seek targets shared by the listings. */
final class Scan {
    private Scan() {
    }

    /** The first row after every row of {@code key}: rows are {@code bid + enc(key) + suffix}. */
    static byte[] afterKey(byte[] bid, byte[] key) {
        return Keys.successor(Keys.concat(bid, Keys.encodeKey(key)));
    }

    /**
     * Where a listing resumes after a key marker: past the marker's common prefix when the marker rolls up into
     * one (a page that ended on a common prefix returns it as the marker, and resuming must not list it again, as
     * S3), else just past the marker key.
     */
    static byte[] afterMarker(byte[] bid, byte[] marker, byte[] prefix, byte[] delimiter) {
        byte[] cp = Keys.startsWith(marker, prefix) ? commonPrefix(marker, prefix, delimiter) : null;
        return cp != null ? afterPrefix(bid, cp) : afterKey(bid, marker);
    }

    /** The first row after every key that starts with {@code prefix}. */
    static byte[] afterPrefix(byte[] bid, byte[] prefix) {
        return Keys.successor(Keys.concat(bid, Keys.escape(prefix)));
    }

    /** The common prefix of {@code key} (up to and including the first delimiter after the listing prefix). */
    static byte[] commonPrefix(byte[] key, byte[] prefix, byte[] delimiter) {
        if (delimiter.length == 0) {
            return null;
        }
        outer:
        for (int i = prefix.length; i <= key.length - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (key[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return java.util.Arrays.copyOf(key, i + delimiter.length);
        }
        return null;
    }

    static byte[] max(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
