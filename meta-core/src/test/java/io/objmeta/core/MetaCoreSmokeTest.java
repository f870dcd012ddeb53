package io.objmeta.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.ConflictException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreFixture;
import org.junit.jupiter.api.Test;

class MetaCoreSmokeTest {
    @Test
    void putGetListDeleteWithCas() {
        try (CoreFixture f = CoreFixture.create()) {
            f.createBucket("photos", Versioning.UNVERSIONED);
            assertThat(f.put("photos", "a/1.jpg", "e1", 10).getVersionId()).isEqualTo("null");
            f.put("photos", "a/2.jpg", "e2", 20);
            f.put("photos", "b.txt", "e3", 30);
            assertThat(f.get("photos", "a/1.jpg").getEtag()).isEqualTo("e1");
            var page = f.list(ListObjectsRequest.newBuilder().setBucket("photos").setDelimiter("/").build());
            assertThat(page.getCommonPrefixesList()).containsExactly("a/");
            assertThat(page.getContentsList()).extracting(c -> c.getKey()).containsExactly("b.txt");
            assertThatThrownBy(() -> f.put(PutObjectRequest.newBuilder().setBucket("photos").setKey("b.txt")
                    .setEtag("x").setExpectedRevision(0).build()))
                    .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.currentRevision()).isEqualTo(4));
            f.delete("photos", "b.txt");
            assertThatThrownBy(() -> f.get("photos", "b.txt")).isInstanceOf(NoSuchKeyException.class);
            assertThat(f.core().getBucket("photos").getUsage().getObjectCount()).isEqualTo(2);
            assertThat(f.core().revision()).isEqualTo(5);
        }
    }
}
