package io.objmeta.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.bench.testing.FlatJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Report sample(Map<String, Object> extra) {
        return new Report("wal", "wal", 64, 10.0, 123_456, 12_345.6, 512.25, 1_024.5, 2_048.125, 4_096.0, 7, extra);
    }

    @Test
    void jsonLineParsesBackToTheSameFields() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fsyncs", 2_345L);
        extra.put("recordsPerFsync", 52.64);
        extra.put("syncMode", "SYNC");
        extra.put("note", "a \"quoted\"\tword\nand a \u0001 control");
        String json = sample(extra).toJson();

        assertThat(json).doesNotContain("\n");
        Map<String, Object> parsed = FlatJson.parse(json);
        assertThat(parsed).containsExactly(
                Map.entry("workload", "wal"),
                Map.entry("target", "wal"),
                Map.entry("threads", 64.0),
                Map.entry("seconds", 10.0),
                Map.entry("ops", 123_456.0),
                Map.entry("opsPerSec", 12_345.6),
                Map.entry("p50Micros", 512.25),
                Map.entry("p99Micros", 1_024.5),
                Map.entry("p999Micros", 2_048.125),
                Map.entry("maxMicros", 4_096.0),
                Map.entry("errors", 7.0),
                Map.entry("fsyncs", 2_345.0),
                Map.entry("recordsPerFsync", 52.64),
                Map.entry("syncMode", "SYNC"),
                Map.entry("note", "a \"quoted\"\tword\nand a \u0001 control"));
    }

    @Test
    void latencyWithoutSuccessfulCallsIsNullNotZero() {
        Report none = new Report("get", "etcd", 1, 1.0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                5, Map.of());
        assertThat(FlatJson.parse(none.toJson())).containsEntry("p50Micros", FlatJson.NULL)
                .containsEntry("maxMicros", FlatJson.NULL).containsEntry("errors", 5.0);
    }

    @Test
    void decimalsAreRoundedToThreePlaces() {
        assertThat(Json.decimal(1234.56789)).isEqualTo("1234.568");
        assertThat(Json.decimal(10.0)).isEqualTo("10");
        assertThat(Json.decimal(1e-7)).isEqualTo("0");
        assertThat(Json.decimal(1e12)).isEqualTo("1000000000000");
    }

    @Test
    void extraMayNotShadowAFixedField() {
        assertThatThrownBy(() -> sample(Map.of("ops", 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra key: ops");
    }

    @Test
    void tableHasAHeaderARowAndTheExtras() {
        String table = Report.table(List.of(sample(Map.of("fsyncs", 2_345L))));
        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().toList().get(0)).startsWith("workload").contains("ops/s", "p99.9 us", "errors");
        assertThat(table.lines().toList().get(1)).contains("123456", "12345.6", "512.3", "7");
        assertThat(table.lines().toList().get(2)).contains("fsyncs=2345");
    }
}
