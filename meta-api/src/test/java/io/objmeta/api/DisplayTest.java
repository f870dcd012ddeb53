package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.objmeta.api.proto.Versioning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DisplayTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "plain        | abc          | \"abc\"",
      "empty        | ''           | \"\"",
      "quote        | a\"b         | \"a\\\"b\"",
      "backslash    | a\\b         | \"a\\\\b\"",
  })
  void quotesAndEscapes(String what, String in, String out) {
    assertThat(Display.quote(in)).isEqualTo(out);
  }

  @Test
  void escapesControlCharactersAndUnpairedSurrogates() {
    assertThat(Display.quote("a\nb\rc\td\u0000e\u001b\u007f\u0085"))
        .isEqualTo("\"a\\nb\\rc\\td\\u0000e\\u001B\\u007F\\u0085\"");
    assertThat(Display.quote("x\uD800y\uDC00")).isEqualTo("\"x\\uD800y\\uDC00\"");
    assertThat(Display.quote("\u2028")).isEqualTo("\"\\u2028\"");
    assertThat(Display.quote("ü😀")).isEqualTo("\"ü😀\"");
  }

  @Test
  void truncatesAfter64CodePointsWithoutSplittingPairs() {
    assertThat(Display.quote("a".repeat(64))).isEqualTo("\"" + "a".repeat(64) + "\"");
    assertThat(Display.quote("a".repeat(65))).isEqualTo("\"" + "a".repeat(64) + "\"…");
    // 63 ASCII then a surrogate pair: the pair is the 64th code point, kept whole
    assertThat(Display.quote("a".repeat(63) + "😀😀"))
        .isEqualTo("\"" + "a".repeat(63) + "😀\"…");
    // a long run of escapes stays bounded: 64 code points, each at most 6 characters
    assertThat(Display.quote("\u0000".repeat(10_000))).hasSize(2 + 64 * 6 + 1);
  }

  @Test
  void rendersOtherValues() {
    assertThat(Display.value(42L)).isEqualTo("42");
    assertThat(Display.value(null)).isEqualTo("null");
    assertThat(Display.value(ByteString.copyFrom(new byte[3]))).isEqualTo("3 bytes");
    assertThat(Display.value(Versioning.ENABLED)).isEqualTo("ENABLED");
    assertThat(Display.value(Versioning.UNRECOGNIZED)).isEqualTo("unrecognized");
  }
}
