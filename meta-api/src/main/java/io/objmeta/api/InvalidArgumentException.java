package io.objmeta.api;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Bad input, rejected before it reaches the log (INVALID_ARGUMENT, HTTP 400). The message is
 * always {@code "<field>: <value> (expected: <rule>)"}, e.g.
 * {@code "partNumber: 10001 (expected: 1..10000)"}; {@link #field()} is the JSON name of the
 * field, with a path inside lists ({@code "ops[3].put.key"}).
 */
public final class InvalidArgumentException extends MetadataException {
  private final String field;
  private final String value; // as displayed: strings quoted, escaped and truncated
  private final String rule;

  /** {@code value} is shown as given; use {@link #of} to render a raw value safely. */
  public InvalidArgumentException(String field, String value, String rule) {
    super(Code.INVALID_ARGUMENT, field + ": " + value + " (expected: " + rule + ")");
    this.field = requireNonNull(field, "field");
    this.value = requireNonNull(value, "value");
    this.rule = requireNonNull(rule, "rule");
  }

  /**
   * Renders {@code value} for the message: strings quoted with control characters escaped and
   * cut after {@value Limits#MAX_DISPLAY_CHARS} characters; numbers and enums as they are.
   */
  public static InvalidArgumentException of(String field, @Nullable Object value, String rule) {
    return new InvalidArgumentException(field, Display.value(value), rule);
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String rule() {
    return rule;
  }
}
