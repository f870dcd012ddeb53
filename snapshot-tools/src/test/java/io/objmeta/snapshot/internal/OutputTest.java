package io.objmeta.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** JSON strings, CSV cells and table layout. */
class OutputTest {
    @Test
    void jsonEscapesEveryControlCharacter() {
        assertThat(Json.string("a\"b\\c\nd\u0000e\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0000e\\u2028\"");
        assertThat(Json.write(Json.obj("n", 1L, "s", "x", "l", List.of(true, "y"), "z", null)))
                .isEqualTo("{\"n\":1,\"s\":\"x\",\"l\":[true,\"y\"],\"z\":null}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"plain|plain", "a,b|\"a,b\"", "say \"hi\"|\"say \"\"hi\"\"\""})
    void csvCellsQuoteOnlyWhenNeeded(String in, String out) {
        assertThat(DumpCommand.cell(in)).isEqualTo(out);
        assertThat(DumpCommand.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void tablesPadColumnsAndRightAlignNumbers() {
        StringWriter s = new StringWriter();
        Text.table(new PrintWriter(s, true), List.of(new String[] {"name", "n"}, new String[] {"a", "5"},
                new String[] {"bbb", "123"}));
        assertThat(s.toString().lines()).containsExactly("name    n", "a       5", "bbb   123");
        assertThat(Text.key("plain/key")).isEqualTo("plain/key");
        assertThat(Text.key("new\nline")).isEqualTo("\"new\\u000aline\"");
        assertThat(Text.bytes(1536)).isEqualTo("1.5 KiB");
    }
}
