package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagingTest {

  @ParameterizedTest(name = "maxKeys {0} -> {1}")
  @CsvSource({"0, 0", "1, 1", "999, 999", "1000, 1000", "1001, 1000", "2147483647, 1000"})
  void capsAt1000(int requested, int effective) {
    ListObjectsRequest r = ListObjectsRequest.newBuilder().setMaxKeys(requested).build();
    assertThat(Paging.effectiveMaxKeys(r)).isEqualTo(effective);
  }

  @Test
  void absentMeans1000() {
    assertThat(Paging.effectiveMaxKeys(ListObjectsRequest.getDefaultInstance())).isEqualTo(1000);
    assertThat(Paging.effectiveLimit(ListGarbageRequest.getDefaultInstance())).isEqualTo(1000);
  }

  @Test
  void negativeIsInvalid() {
    assertThatThrownBy(() -> Paging.effectiveMaxKeys(
        ListObjectsRequest.newBuilder().setMaxKeys(-1).build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("maxKeys: -1 (expected: >= 0)");
  }
}
