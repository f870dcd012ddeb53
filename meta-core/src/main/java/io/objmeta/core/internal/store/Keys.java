package io.objmeta.core.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Order-preserving key encodings. An object key (UTF-8 bytes, which may contain 0x00) is escaped so that
 * byte-wise comparison of encodings equals byte-wise comparison of keys even when more fields follow:
 * {@code 0x00 -> 0x00 0xFF}, and the key ends with the terminator {@code 0x00 0x01}. A key that is a prefix of
 * another therefore sorts first ({@code 00 01 < 00 FF} and {@code 00 01 < any byte >= 01}). Integers are
 * big-endian, so they sort numerically; "newest first" uses {@code ~revision}.
 */
public final class Keys {
    public static final byte[] TERMINATOR = {0x00, 0x01};

    private Keys() {
    }

    /** The escaped key bytes without terminator: encodes a listing prefix. */
    public static byte[] escape(byte[] key) {
        int zeros = 0;
        for (byte b : key) {
            if (b == 0) {
                zeros++;
            }
        }
        if (zeros == 0) {
            return key.clone();
        }
        byte[] out = new byte[key.length + zeros];
        int j = 0;
        for (byte b : key) {
            out[j++] = b;
            if (b == 0) {
                out[j++] = (byte) 0xFF;
            }
        }
        return out;
    }

    /** Escaped key plus terminator. */
    public static byte[] encodeKey(byte[] key) {
        byte[] e = escape(key);
        byte[] out = Arrays.copyOf(e, e.length + 2);
        out[e.length] = TERMINATOR[0];
        out[e.length + 1] = TERMINATOR[1];
        return out;
    }

    /**
     * Decodes an escaped, terminated key starting at {@code from}; returns the raw key and stores the offset just
     * past the terminator in {@code end[0]}.
     */
    public static byte[] decodeKey(byte[] buf, int from, int[] end) {
        int escapes = 0;
        for (int i = from; i < buf.length; i++) {
            if (buf[i] != 0) {
                continue;
            }
            if (i + 1 >= buf.length) {
                throw new IllegalStateException("key encoding ends inside an escape at " + i);
            }
            byte n = buf[++i];
            if (n == 0x01) {
                end[0] = i + 1;
                return escapes == 0 ? Arrays.copyOfRange(buf, from, i - 1) : unescape(buf, from, i - 1, escapes);
            }
            if (n != (byte) 0xFF) {
                throw new IllegalStateException("bad escape 00 " + (n & 0xff) + " at " + (i - 1));
            }
            escapes++;
        }
        throw new IllegalStateException("key encoding has no terminator");
    }

    /** {@code buf[from, to)} with each escaped {@code 00 FF} back to {@code 00}. */
    private static byte[] unescape(byte[] buf, int from, int to, int escapes) {
        byte[] out = new byte[to - from - escapes];
        for (int i = from, j = 0; i < to; i++) {
            out[j++] = buf[i];
            if (buf[i] == 0) {
                i++; // the 0xFF after it
            }
        }
        return out;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String string(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int j = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, j, p.length);
            j += p.length;
        }
        return out;
    }

    public static byte[] u64(long v) {
        byte[] b = new byte[8];
        putU64(b, 0, v);
        return b;
    }

    public static void putU64(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static long getU64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    public static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static int getU32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    public static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The smallest byte string greater than every string starting with {@code prefix}, or null when none exists
     * (the prefix is all 0xFF). Used to seek past everything under a prefix.
     */
    public static byte[] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] out = Arrays.copyOf(prefix, i + 1);
                out[i]++;
                return out;
            }
        }
        return null;
    }
}
