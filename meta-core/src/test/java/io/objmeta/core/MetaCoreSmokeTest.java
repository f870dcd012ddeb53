package io.objmeta.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.ConflictException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreFixture;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CreateBucketRequest;
import java.util.List;
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

    /** Point reads remember a bucket's id; deleting the bucket and creating it again must not leave them behind. */
    @Test
    void getsFollowABucketDeletedAndCreatedAgain() {
        try (CoreFixture f = CoreFixture.create()) {
            f.createBucket("photos", Versioning.UNVERSIONED);
            f.createBucket("other", Versioning.UNVERSIONED);
            f.put("photos", "k", "e1", 1);
            assertThat(f.get("photos", "k").getEtag()).isEqualTo("e1");
            f.delete("photos", "k");
            f.apply(Command.newBuilder().setDeleteBucket(
                    io.objmeta.api.proto.DeleteBucketRequest.newBuilder().setBucket("photos")).build());
            assertThatThrownBy(() -> f.get("photos", "k")).isInstanceOf(io.objmeta.api.NoSuchBucketException.class);
            f.createBucket("photos", Versioning.UNVERSIONED);
            assertThatThrownBy(() -> f.get("photos", "k")).isInstanceOf(NoSuchKeyException.class);
            f.put("photos", "k", "e2", 2);
            assertThat(f.get("photos", "k").getEtag()).isEqualTo("e2");
            // a bucket whose id was remembered before another bucket came and went still answers
            f.put("other", "k", "o1", 3);
            assertThat(f.get("other", "k").getEtag()).isEqualTo("o1");
            f.createBucket("third", Versioning.UNVERSIONED);
            assertThat(f.get("other", "k").getEtag()).isEqualTo("o1");
        }
    }

    @Test
    void appliedTermIsStoredWithTheAppliedIndexAndSurvivesReopen() {
        try (CoreFixture f = CoreFixture.create()) {
            assertThat(f.core().appliedTerm()).isZero();
            Command c = Command.newBuilder().setTimestampMillis(1)
                    .setCreateBucket(CreateBucketRequest.newBuilder().setBucket("terms")).build();
            f.core().applyAll(List.of(7L), List.of(List.of(c)), 3);
            assertThat(f.core().appliedTerm()).isEqualTo(3);
            // the two-argument form keeps the term it finds
            f.core().applyAll(List.of(8L), List.of(List.of()));
            assertThat(f.core().appliedTerm()).isEqualTo(3);
            f.reopen(CoreOptions.defaults());
            assertThat(f.core().appliedIndex()).isEqualTo(8);
            assertThat(f.core().appliedTerm()).isEqualTo(3);
        }
    }
}
