package io.objmeta.core.internal.read;

import io.objmeta.api.InvalidArgumentException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Continuation tokens: opaque to clients, {@code base64url(version 1, kind, last item bytes)} here. The kind says
 * whether the last item of the page was a key ({@code k}) or a common prefix ({@code p}), because resuming after
 * a common prefix skips everything under it.
 */
final class Tokens {
    static final byte KEY = 'k';
    static final byte PREFIX = 'p';
    private static final byte VERSION = 1;

    private Tokens() {
    }

    record Position(byte kind, byte[] item) {
    }

    static String encode(byte kind, byte[] item) {
        byte[] raw = new byte[item.length + 2];
        raw[0] = VERSION;
        raw[1] = kind;
        System.arraycopy(item, 0, raw, 2, item.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static Position decode(String field, String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw bad(field, token);
        }
        if (raw.length < 2 || raw[0] != VERSION || (raw[1] != KEY && raw[1] != PREFIX)) {
            throw bad(field, token);
        }
        return new Position(raw[1], Arrays.copyOfRange(raw, 2, raw.length));
    }

    private static InvalidArgumentException bad(String field, String token) {
        return InvalidArgumentException.of(field, token, "a token returned as nextContinuationToken by an earlier page");
    }
}
