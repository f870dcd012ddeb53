package io.objmeta.bench;

/**
 * The keys of the read workloads: {@code keys} keys under {@code prefixes} prefixes, laid out as
 * {@code p0000/k000000}, so a delimiter listing of the bucket meets one common prefix per prefix. Prefix
 * {@code p} holds {@code keys / prefixes} keys, the first {@code keys % prefixes} prefixes one more. Numbers are
 * zero-padded to one width (at least 4 and 6 digits), so every key has the same length and the global index
 * {@code i} of a key follows the keys' sort order. Immutable.
 */
final class KeySpace {

    private final long keys;
    private final int prefixes;
    private final long base; // keys in each prefix, before the remainder
    private final long remainder; // prefixes with one key more
    private final int prefixDigits;
    private final int keyDigits;

    KeySpace(long keys, int prefixes) {
        if (prefixes < 1 || keys < prefixes) {
            throw new IllegalArgumentException("keys, prefixes: " + keys + ", " + prefixes
                    + " (expected: 1 <= prefixes <= keys)");
        }
        this.keys = keys;
        this.prefixes = prefixes;
        this.base = keys / prefixes;
        this.remainder = keys % prefixes;
        this.prefixDigits = Math.max(4, digits(prefixes - 1));
        this.keyDigits = Math.max(6, digits(base + (remainder > 0 ? 1 : 0) - 1));
    }

    long keys() {
        return keys;
    }

    int prefixes() {
        return prefixes;
    }

    long keysIn(int prefix) {
        return base + (prefix < remainder ? 1 : 0);
    }

    /** {@code p0042/}: the prefix with its delimiter, as a delimiter listing returns it. */
    String prefix(int prefix) {
        StringBuilder s = new StringBuilder(prefixDigits + 2).append('p');
        pad(s, prefix, prefixDigits);
        return s.append('/').toString();
    }

    /** The {@code j}-th key of a prefix. */
    String key(int prefix, long j) {
        StringBuilder s = new StringBuilder(keyChars()).append('p');
        pad(s, prefix, prefixDigits);
        s.append("/k");
        pad(s, j, keyDigits);
        return s.toString();
    }

    /** The {@code i}-th key in sort order, {@code 0 <= i < keys}. */
    String key(long i) {
        long big = remainder * (base + 1); // keys of the prefixes with one more
        if (i < big) {
            return key((int) (i / (base + 1)), i % (base + 1));
        }
        return key((int) (remainder + (i - big) / base), (i - big) % base);
    }

    /** Length of every key. */
    int keyChars() {
        return 1 + prefixDigits + 2 + keyDigits;
    }

    private static int digits(long n) {
        return Long.toString(Math.max(0, n)).length();
    }

    static void pad(StringBuilder s, long n, int width) {
        String digits = Long.toString(n);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        s.append(digits);
    }
}
