package io.objmeta.api;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * versionIds and uploadIds, derived from the revision of the write that created them, so every
 * replica (and a replay of the log) produces the same ones.
 *
 * <p>Format: a one-letter kind ({@code v} for versions, {@code u} for uploads) followed by
 * exactly 13 characters of Crockford base32 in lower case
 * ({@code 0123456789abcdefghjkmnpqrstvwxyz}, whose characters ascend in ASCII) encoding
 * {@code Long.MAX_VALUE - revision}, most significant digit first. Revision 1 is
 * {@code v7zzzzzzzzzzzy}, revision 2 {@code v7zzzzzzzzzzzx}. Because the width is fixed and
 * the number decreases as the revision grows, <b>a newer version's id sorts first</b>
 * (lexicographically, in UTF-8 and UTF-16 alike), so a store can key versions by
 * {@code key + versionId} and read them newest first. The null version ({@value
 * #NULL_VERSION_ID}) of unversioned and suspended buckets is not of this form: order versions
 * by revision, not by id, when it may be present.
 *
 * <p>Clients must treat ids as opaque; {@link #revisionOfVersionId} and
 * {@link #revisionOfUploadId} exist for the store and for tools.
 */
public final class Ids {
  private Ids() {}

  /** The versionId of the single version in unversioned and suspended buckets (S3). */
  public static final String NULL_VERSION_ID = "null";

  private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final int DIGITS = 13; // 13 * 5 = 65 bits >= 63
  private static final char VERSION_KIND = 'v';
  private static final char UPLOAD_KIND = 'u';

  /** The versionId of a version created at {@code revision} (>= 1). */
  public static String versionId(long revision) {
    return encode(VERSION_KIND, revision);
  }

  /** The uploadId of an upload created at {@code revision} (>= 1). */
  public static String uploadId(long revision) {
    return encode(UPLOAD_KIND, revision);
  }

  /** The revision a versionId was derived from; empty for "null" or any foreign string. */
  public static OptionalLong revisionOfVersionId(String versionId) {
    return decode(VERSION_KIND, versionId);
  }

  /** The revision an uploadId was derived from; empty for any foreign string. */
  public static OptionalLong revisionOfUploadId(String uploadId) {
    return decode(UPLOAD_KIND, uploadId);
  }

  private static String encode(char kind, long revision) {
    if (revision < 1) {
      throw new IllegalArgumentException("revision: " + revision + " (expected: >= 1)");
    }
    long n = Long.MAX_VALUE - revision;
    char[] out = new char[DIGITS + 1];
    out[0] = kind;
    for (int i = DIGITS; i >= 1; i--) {
      out[i] = ALPHABET.charAt((int) (n & 31));
      n >>>= 5;
    }
    return new String(out);
  }

  private static OptionalLong decode(char kind, String id) {
    if (requireNonNull(id, "id").length() != DIGITS + 1 || id.charAt(0) != kind) {
      return OptionalLong.empty();
    }
    long n = 0;
    for (int i = 1; i <= DIGITS; i++) {
      int digit = ALPHABET.indexOf(id.charAt(i));
      // the first digit holds the top 5 of 65 bits: above 7 would overflow 63 bits
      if (digit < 0 || (i == 1 && digit > 7)) {
        return OptionalLong.empty();
      }
      n = (n << 5) | digit;
    }
    if (n == Long.MAX_VALUE) { // would be revision 0, which no write has
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.MAX_VALUE - n);
  }
}
