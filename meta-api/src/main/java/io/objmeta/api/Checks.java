package io.objmeta.api;

import com.google.protobuf.ByteString;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.RequestId;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Field-level rules, each throwing {@link InvalidArgumentException} with the message
 * {@code "<field>: <value> (expected: <rule>)"}. The field is passed in because the same rule
 * applies at several paths ({@code key}, {@code ops[3].put.key}).
 *
 * <p>Shown values follow one policy: a value that is too long is shown by its size
 * ({@code 1025 bytes}), any other bad value quoted (see {@link Display}).
 */
final class Checks {
  private Checks() {}

  static final String RULE_BUCKET_LENGTH = "3..63 characters";
  static final String RULE_BUCKET_CHARS = "only a-z, 0-9, '.' and '-'";
  static final String RULE_BUCKET_ENDS = "starts and ends with a letter or digit";
  static final String RULE_BUCKET_PERIODS = "no two adjacent periods";
  static final String RULE_BUCKET_IPV4 = "not formatted as an IPv4 address";
  static final String RULE_KEY = "1..1024 bytes of UTF-8";
  static final String RULE_KEY_PART = "at most 1024 bytes of UTF-8";
  static final String RULE_SURROGATES = "valid Unicode, no unpaired surrogates";
  static final String RULE_METADATA_NAME =
      "non-empty names of lowercase HTTP token characters: a-z 0-9 !#$%&'*+-.^_`|~";
  static final String RULE_METADATA_VALUE = "no control characters except tab";
  static final String RULE_METADATA_SIZE = "at most 2048 bytes of names and values in UTF-8";
  static final String RULE_LOCATION = "at most 262144 bytes";
  static final String RULE_NON_NEGATIVE = ">= 0";
  static final String RULE_ETAG = "1..1024 printable ASCII characters";
  static final String RULE_CONTENT_TYPE = "at most 256 printable ASCII characters";
  static final String RULE_STORAGE_CLASS = "at most 32 characters of A-Z and '_'";
  static final String RULE_VERSION_ID = "at most 64 printable ASCII characters";
  static final String RULE_UPLOAD_ID = "1..64 printable ASCII characters";
  static final String RULE_PART_NUMBER = "1..10000";
  static final String RULE_PART_NUMBER_MARKER = "0..10000";
  static final String RULE_LABEL_COUNT = "at most 64 entries";
  static final String RULE_LABEL_KEY =
      "keys of 1..63 characters a-z 0-9 '.' '_' '-' '/', starting with a letter or digit";
  static final String RULE_LABEL_VALUE = "at most 255 characters";
  static final String RULE_NO_CONTROL = "no control characters";
  static final String RULE_QUOTA = ">= 0, 0 means unlimited";
  static final String RULE_CLIENT_ID = "1..128 printable ASCII characters";
  static final String RULE_SEQUENCE = ">= 1";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9][a-z0-9._/-]*");
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  static InvalidArgumentException invalid(String field, Object value, String rule) {
    return InvalidArgumentException.of(field, value, rule);
  }

  static InvalidArgumentException invalidShown(String field, String shown, String rule) {
    return new InvalidArgumentException(field, shown, rule);
  }

  static void bucket(String field, String name) {
    if (name.length() < Limits.MIN_BUCKET_NAME_CHARS) {
      throw invalid(field, name, RULE_BUCKET_LENGTH);
    }
    if (name.length() > Limits.MAX_BUCKET_NAME_CHARS) {
      throw invalidShown(field, name.length() + " characters", RULE_BUCKET_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isLowerAlnum(c) || c == '.' || c == '-')) {
        throw invalid(field, name, RULE_BUCKET_CHARS);
      }
    }
    if (!isLowerAlnum(name.charAt(0)) || !isLowerAlnum(name.charAt(name.length() - 1))) {
      throw invalid(field, name, RULE_BUCKET_ENDS);
    }
    if (name.contains("..")) {
      throw invalid(field, name, RULE_BUCKET_PERIODS);
    }
    if (digitsAndPeriodsOnly(name) && IPV4.matcher(name).matches()) {
      throw invalid(field, name, RULE_BUCKET_IPV4);
    }
  }

  /** Required key: 1..1024 bytes of UTF-8. */
  static void key(String field, String key) {
    if (key.isEmpty()) {
      throw invalid(field, key, RULE_KEY);
    }
    int bytes = utf8Length(field, key);
    if (bytes > Limits.MAX_KEY_BYTES) {
      throw invalidShown(field, bytes + " bytes", RULE_KEY);
    }
  }

  /** A key that may be empty (a prefix, a marker, an optional key): at most 1024 bytes. */
  static void keyPart(String field, String s) {
    int bytes = utf8Length(field, s);
    if (bytes > Limits.MAX_KEY_BYTES) {
      throw invalidShown(field, bytes + " bytes", RULE_KEY_PART);
    }
  }

  /** An optional key (empty = not given); when given, the key rules. */
  static void optionalKey(String field, String key) {
    if (!key.isEmpty()) {
      key(field, key);
    }
  }

  static void userMetadata(String field, Map<String, String> metadata) {
    long total = 0; // bound the work before looking at entries one by one
    boolean allValid = true; // checked without allocating: every put passes here
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      total += utf8LengthLenient(e.getKey()) + utf8LengthLenient(e.getValue());
      allValid = allValid && validMetadataEntry(e.getKey(), e.getValue());
    }
    if (total > Limits.MAX_USER_METADATA_BYTES) {
      throw invalidShown(field, total + " bytes", RULE_METADATA_SIZE);
    }
    if (allValid) {
      return;
    }
    // sorted, so the entry reported is the same whatever order the map arrived in
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || !allLowerTokens(name)) {
        throw invalid(field, name, RULE_METADATA_NAME);
      }
      String value = e.getValue();
      utf8Length(field + "." + name, value);
      if (hasControlOtherThanTab(value)) {
        throw invalid(field + "." + name, value, RULE_METADATA_VALUE);
      }
    }
  }

  /** What the loop reporting a bad entry checks, as one allocation-free test. */
  private static boolean validMetadataEntry(String name, String value) {
    if (name.isEmpty() || !allLowerTokens(name) || hasControlOtherThanTab(value)) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return false; // unpaired: UTF-8 cannot encode it
        }
      }
    }
    return true;
  }

  private static boolean allLowerTokens(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isLowerToken(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControlOtherThanTab(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        return true;
      }
    }
    return false;
  }

  static void location(String field, ByteString location) {
    if (location.size() > Limits.MAX_LOCATION_BYTES) {
      throw invalidShown(field, location.size() + " bytes", RULE_LOCATION);
    }
  }

  static void nonNegative(String field, long value) {
    if (value < 0) {
      throw invalid(field, value, RULE_NON_NEGATIVE);
    }
  }

  static void etag(String field, String etag) {
    printableAscii(field, etag, 1, Limits.MAX_ETAG_CHARS, RULE_ETAG);
  }

  static void contentType(String field, String contentType) {
    printableAscii(field, contentType, 0, Limits.MAX_CONTENT_TYPE_CHARS, RULE_CONTENT_TYPE);
  }

  static void storageClass(String field, String storageClass) {
    if (storageClass.length() > Limits.MAX_STORAGE_CLASS_CHARS) {
      throw invalidShown(field, storageClass.length() + " characters", RULE_STORAGE_CLASS);
    }
    for (int i = 0; i < storageClass.length(); i++) {
      char c = storageClass.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || c == '_')) {
        throw invalid(field, storageClass, RULE_STORAGE_CLASS);
      }
    }
  }

  /** An optional versionId (empty = latest / not given). */
  static void versionId(String field, String versionId) {
    printableAscii(field, versionId, 0, Limits.MAX_ID_CHARS, RULE_VERSION_ID);
  }

  static void uploadId(String field, String uploadId) {
    printableAscii(field, uploadId, 1, Limits.MAX_ID_CHARS, RULE_UPLOAD_ID);
  }

  static void partNumber(String field, int partNumber) {
    if (partNumber < Limits.MIN_PART_NUMBER || partNumber > Limits.MAX_PART_NUMBER) {
      throw invalid(field, partNumber, RULE_PART_NUMBER);
    }
  }

  static void partNumberMarker(String field, int marker) {
    if (marker < 0 || marker > Limits.MAX_PART_NUMBER) {
      throw invalid(field, marker, RULE_PART_NUMBER_MARKER);
    }
  }

  static void labels(String field, Map<String, String> labels) {
    if (labels.size() > Limits.MAX_LABELS) {
      throw invalidShown(field, labels.size() + " entries", RULE_LABEL_COUNT);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      labelKey(field, e.getKey());
      String valueField = field + "." + e.getKey();
      String value = e.getValue();
      utf8Length(valueField, value);
      int chars = value.codePointCount(0, value.length());
      if (chars > Limits.MAX_LABEL_VALUE_CHARS) {
        throw invalidShown(valueField, chars + " characters", RULE_LABEL_VALUE);
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw invalid(valueField, value, RULE_NO_CONTROL);
      }
    }
  }

  static void labelKey(String field, String key) {
    if (key.length() > Limits.MAX_LABEL_KEY_CHARS) {
      throw invalidShown(field, key.length() + " characters", RULE_LABEL_KEY);
    }
    if (!LABEL_KEY.matcher(key).matches()) {
      throw invalid(field, key, RULE_LABEL_KEY);
    }
  }

  static void quota(String field, Quota quota) {
    if (quota.getMaxObjects() < 0) {
      throw invalid(field + ".maxObjects", quota.getMaxObjects(), RULE_QUOTA);
    }
    if (quota.getMaxBytes() < 0) {
      throw invalid(field + ".maxBytes", quota.getMaxBytes(), RULE_QUOTA);
    }
  }

  static void requestId(String field, RequestId id) {
    printableAscii(field + ".clientId", id.getClientId(), 1, Limits.MAX_CLIENT_ID_CHARS,
        RULE_CLIENT_ID);
    if (id.getSequence() < 1) {
      throw invalid(field + ".sequence", id.getSequence(), RULE_SEQUENCE);
    }
  }

  /** Absent, or a count >= 0; above {@link Limits#MAX_PAGE_SIZE} is capped, not rejected. */
  static void pageSize(String field, boolean present, int value) {
    if (present && value < 0) {
      throw invalid(field, value, RULE_NON_NEGATIVE);
    }
  }

  /** Proto enums arrive as numbers; an unknown number must not become a default silently. */
  static void enumKnown(String field, boolean recognized, int number, String rule) {
    if (!recognized) {
      throw invalid(field, number, rule);
    }
  }

  private static void printableAscii(String field, String s, int min, int max, String rule) {
    if (s.length() > max) {
      throw invalidShown(field, s.length() + " characters", rule);
    }
    if (s.length() < min) {
      throw invalid(field, s, rule);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw invalid(field, s, rule);
      }
    }
  }

  /** UTF-8 length of s; rejects unpaired surrogates, which UTF-8 cannot encode. */
  static int utf8Length(String field, String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (!Character.isSurrogate(c)) {
        bytes += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        throw invalid(field, s, RULE_SURROGATES);
      }
    }
    return bytes;
  }

  /** UTF-8 length counting an unpaired surrogate as 3 bytes: totals come before entries. */
  private static long utf8LengthLenient(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    return bytes;
  }

  /** The only names {@link #IPV4} can match; most names are not, and skip the matcher. */
  private static boolean digitsAndPeriodsOnly(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isLowerToken(int c) {
    return isLowerAlnum(c) || TOKEN_SYMBOLS.indexOf(c) >= 0;
  }
}
