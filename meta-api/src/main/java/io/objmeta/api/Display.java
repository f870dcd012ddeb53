package io.objmeta.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.ProtocolMessageEnum;
import org.jspecify.annotations.Nullable;

/**
 * Renders values for error messages. Values come from clients, so a message must stay short
 * and printable whatever they hold: strings are quoted, control characters, quotes,
 * backslashes and unpaired surrogates escaped ({@code \n}, {@code \"}, {@code \u0007},
 * {@code \uD800}), and only the first {@value Limits#MAX_DISPLAY_CHARS} code points shown,
 * followed by {@code …} outside the quotes (a surrogate pair is never cut).
 */
final class Display {
  private Display() {}

  static String value(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof ByteString b) {
      return b.size() + " bytes";
    }
    if (value instanceof ProtocolMessageEnum e) {
      return enumName(e);
    }
    return value.toString(); // numbers, booleans, Java enums
  }

  /** A proto enum by name, or its number when the value is not one this build knows. */
  static String enumName(ProtocolMessageEnum e) {
    if (e instanceof Enum<?> en && "UNRECOGNIZED".equals(en.name())) {
      return "unrecognized";
    }
    return e.getValueDescriptor().getName();
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), Limits.MAX_DISPLAY_CHARS) + 8);
    out.append('"');
    int shown = 0;
    int i = 0;
    while (i < s.length()) {
      if (shown == Limits.MAX_DISPLAY_CHARS) {
        return out.append("\"…").toString();
      }
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(i + 1));
        i += 2;
      } else {
        escape(out, c);
        i++;
      }
      shown++;
    }
    return out.append('"').toString();
  }

  private static void escape(StringBuilder out, char c) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (Character.isISOControl(c)
            || Character.isSurrogate(c) // unpaired: a pair was handled by the caller
            || c == '\u2028'
            || c == '\u2029') {
          out.append(String.format("\\u%04X", (int) c));
        } else {
          out.append(c);
        }
      }
    }
  }
}
