package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class IdsProperties {

  @Property
  void versionIdRoundTrips(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long revision) {
    String id = Ids.versionId(revision);
    assertThat(id).hasSize(14).startsWith("v");
    assertThat(Ids.revisionOfVersionId(id)).hasValue(revision);
    assertThat(Ids.revisionOfUploadId(id)).isEmpty(); // kinds do not mix
  }

  @Property
  void uploadIdRoundTrips(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long revision) {
    String id = Ids.uploadId(revision);
    assertThat(id).hasSize(14).startsWith("u");
    assertThat(Ids.revisionOfUploadId(id)).hasValue(revision);
    assertThat(Ids.revisionOfVersionId(id)).isEmpty();
  }

  @Property
  void newerSortsFirst(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long a,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long b) {
    // the larger (newer) revision must have the smaller id: the order is reversed
    assertThat(Integer.signum(Ids.versionId(a).compareTo(Ids.versionId(b))))
        .isEqualTo(Long.compare(b, a));
    assertThat(Integer.signum(Ids.uploadId(a).compareTo(Ids.uploadId(b))))
        .isEqualTo(Long.compare(b, a));
  }

  @Property
  void adjacentRevisionsSortNewestFirst(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE - 1) long r) {
    assertThat(Ids.versionId(r + 1)).isLessThan(Ids.versionId(r));
  }

  /** Any accepted string is canonical: parsing then formatting gives it back. */
  @Property
  void parsedIdsAreCanonical(@ForAll("idLike") String s) {
    OptionalLong revision = Ids.revisionOfVersionId(s);
    revision.ifPresent(r -> assertThat(Ids.versionId(r)).isEqualTo(s));
  }

  @Provide
  Arbitrary<String> idLike() {
    Arbitrary<String> wellFormed = Arbitraries.strings()
        .withChars("0123456789abcdefghjkmnpqrstvwxyz").ofLength(13);
    Arbitrary<String> noisy = Arbitraries.strings()
        .withChars("0123456789abcdefghjkmnpqrstvwxyzilouABC-").ofMinLength(12).ofMaxLength(14);
    return Arbitraries.oneOf(wellFormed, noisy).map(d -> "v" + d);
  }

  @Example
  void knownValues() {
    assertThat(Ids.versionId(1)).isEqualTo("v7zzzzzzzzzzzy");
    assertThat(Ids.versionId(2)).isEqualTo("v7zzzzzzzzzzzx");
    assertThat(Ids.versionId(Long.MAX_VALUE)).isEqualTo("v0000000000000");
    assertThat(Ids.uploadId(1)).isEqualTo("u7zzzzzzzzzzzy");
  }

  @Example
  void foreignStringsHaveNoRevision() {
    assertThat(Ids.revisionOfVersionId(Ids.NULL_VERSION_ID)).isEmpty();
    assertThat(Ids.revisionOfVersionId("")).isEmpty();
    assertThat(Ids.revisionOfVersionId("v")).isEmpty();
    assertThat(Ids.revisionOfVersionId("v7zzzzzzzzzzzz")).isEmpty(); // revision 0
    assertThat(Ids.revisionOfVersionId("v8000000000000")).isEmpty(); // past 63 bits
    assertThat(Ids.revisionOfVersionId("v7ZZZZZZZZZZZY")).isEmpty(); // upper case
    assertThat(Ids.revisionOfVersionId("v7zzzzzzzzzzzu")).isEmpty(); // not Crockford
    assertThat(Ids.revisionOfVersionId("3HjkYVpB2Fo.1")).isEmpty();  // an S3 id
  }

  @Example
  void revisionsStartAtOne() {
    assertThatThrownBy(() -> Ids.versionId(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revision: 0 (expected: >= 1)");
  }
}
