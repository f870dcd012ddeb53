package io.objmeta.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Listing rows decoded off the stored bytes equal rows copied from a full parse of the record. */
class SummariesProperties {
    @Property(tries = 500)
    void summaryEqualsTheFieldsOfAFullParse(@ForAll("versions") ObjectVersion v, @ForAll boolean latest) {
        byte[] record = v.toByteArray();

        assertThat(Summaries.summary(record, latest)).isEqualTo(copied(v, latest));
        assertThat(Summaries.isDeleteMarker(record)).isEqualTo(v.getIsDeleteMarker());
    }

    @Example
    void aTruncatedRecordIsCorruptionNotAnEmptyRow() {
        byte[] record = ObjectVersion.newBuilder().setKey("a/b").setEtag("\"e\"").setIsDeleteMarker(true).build()
                .toByteArray();
        byte[] torn = Arrays.copyOf(record, 4);

        assertThatThrownBy(() -> Summaries.summary(torn, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("corrupt record in the store");
        assertThatThrownBy(() -> Summaries.isDeleteMarker(torn)).isInstanceOf(IllegalStateException.class);
    }

    private static ObjectSummary copied(ObjectVersion v, boolean latest) {
        return ObjectSummary.newBuilder().setKey(v.getKey()).setVersionId(v.getVersionId())
                .setRevision(v.getRevision()).setSize(v.getSize()).setEtag(v.getEtag())
                .setLastModified(v.getLastModified()).setStorageClass(v.getStorageClass()).setIsLatest(latest)
                .setIsDeleteMarker(v.getIsDeleteMarker()).build();
    }

    @Provide
    Arbitrary<ObjectVersion> versions() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40); // any code points, control ones included
        Arbitrary<Long> longs = Arbitraries.longs(); // negative ones take ten varint bytes
        Arbitrary<Map<String, String>> metadata = Arbitraries.maps(text, text).ofMaxSize(4);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Part> part = Combinators.combine(Arbitraries.integers().between(1, 10000), text, longs)
                .as((n, etag, size) -> Part.newBuilder().setPartNumber(n).setEtag(etag).setSize(size).build());
        return Combinators.combine(text, text, longs, longs, text, text, longs, metadata)
                .as((key, vid, rev, size, etag, type, modified, md) -> ObjectVersion.newBuilder().setKey(key)
                        .setVersionId(vid).setRevision(rev).setSize(size).setEtag(etag).setContentType(type)
                        .setLastModified(modified).putAllUserMetadata(md))
                .flatMap(b -> Combinators.combine(text, bytes, Arbitraries.of(true, false),
                                part.list().ofMaxSize(3))
                        .as((cls, loc, marker, parts) -> b.setStorageClass(cls).setLocation(ByteString.copyFrom(loc))
                                .setIsDeleteMarker(marker).addAllParts(parts).build()));
    }
}
