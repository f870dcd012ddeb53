package io.objmeta.core.internal.apply;

import io.objmeta.api.proto.Part;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * S3's multipart etag: {@code hex(md5(md5(part1) || md5(part2) || ...)) + "-" + partCount}, where each part's md5
 * is its etag decoded from hex. A part etag that is not 32 hex digits (a frontend may use another digest)
 * contributes the md5 of its UTF-8 text instead, so the result stays deterministic. Quotes around etags are
 * ignored when comparing, as S3 clients send both forms. The composite is quoted, as S3 returns it
 * ({@code "9b2c...-3"}), when the parts were sent quoted, so it reads like the etags the frontend stores.
 */
final class Etags {
    private Etags() {
    }

    static String multipart(List<Part> parts) {
        MessageDigest md = md5();
        for (Part p : parts) {
            md.update(digestOf(unquote(p.getEtag())));
        }
        String composite = HexFormat.of().formatHex(md.digest()) + "-" + parts.size();
        boolean quoted = !parts.isEmpty() && parts.get(0).getEtag().startsWith("\"");
        return quoted ? "\"" + composite + "\"" : composite;
    }

    static boolean same(String a, String b) {
        return unquote(a).equals(unquote(b));
    }

    private static String unquote(String e) {
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static byte[] digestOf(String etag) {
        if (etag.length() == 32 && etag.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(etag);
        }
        return md5().digest(etag.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
