package io.objmeta.core;

import static io.objmeta.core.testing.Requests.command;
import static io.objmeta.core.testing.Requests.complete;
import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.location;
import static io.objmeta.core.testing.Requests.op;
import static io.objmeta.core.testing.Requests.put;
import static io.objmeta.core.testing.Requests.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.objmeta.api.CompactedException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.Errors;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.ErrorCode;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import io.objmeta.core.testing.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The garbage queue, the change feed and exactly-once requestIds: DESIGN.md "Garbage feed", "Change feed". */
class GarbageAndChangesTest {
    private CoreClient s = CoreClient.create();

    @AfterEach
    void close() {
        s.close();
    }

    private List<GarbageItem> garbage() {
        return s.garbage(0, 1000).getItemsList();
    }

    // ---- garbage ----

    /** Each way bytes stop being referenced, with the location it must release. */
    static Stream<Arguments> releasePaths() {
        return Stream.of(
                Arguments.of("unversioned overwrite", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    c.put("bkt", "k", "e1", 1);
                    c.put("bkt", "k", "e2", 1);
                }, "bkt/k:e1"),
                Arguments.of("unversioned delete", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    c.put("bkt", "k", "e1", 1);
                    c.delete("bkt", "k");
                }, "bkt/k:e1"),
                Arguments.of("suspended overwrite of the null version", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.ENABLED);
                    c.setVersioning("bkt", Versioning.SUSPENDED);
                    c.put("bkt", "k", "e1", 1);
                    c.put("bkt", "k", "e2", 1);
                }, "bkt/k:e1"),
                Arguments.of("suspended delete replacing the null version", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.ENABLED);
                    c.setVersioning("bkt", Versioning.SUSPENDED);
                    c.put("bkt", "k", "e1", 1);
                    c.delete("bkt", "k");
                }, "bkt/k:e1"),
                Arguments.of("permanent delete of a version", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.ENABLED);
                    String v = c.put("bkt", "k", "e1", 1).getVersionId();
                    c.put("bkt", "k", "e2", 1);
                    c.deleteVersion("bkt", "k", v);
                }, "bkt/k:e1"),
                Arguments.of("delete inside a txn", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    c.put("bkt", "k", "e1", 1);
                    c.txn(op(delete("bkt", "k")), op(put("bkt", "other", "e", 1)));
                }, "bkt/k:e1"),
                Arguments.of("replaced part", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    String u = c.createUpload("bkt", "k");
                    c.uploadPart("bkt", u, 1, 5, "p1");
                    c.uploadPart("bkt", u, 1, 5, "p1b");
                }, "part:" + io.objmeta.api.Ids.uploadId(2) + ":1:p1"),
                Arguments.of("part left out of the completion", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    String u = c.createUpload("bkt", "k");
                    c.uploadPart("bkt", u, 1, 5, "p1");
                    c.uploadPart("bkt", u, 2, 5, "p2");
                    c.complete(complete("bkt", u, 2, "p2"));
                }, "part:" + io.objmeta.api.Ids.uploadId(2) + ":1:p1"),
                Arguments.of("aborted upload", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    String u = c.createUpload("bkt", "k");
                    c.uploadPart("bkt", u, 1, 5, "p1");
                    c.abort("bkt", u);
                }, "part:" + io.objmeta.api.Ids.uploadId(2) + ":1:p1"),
                Arguments.of("overwrite of a multipart object", (Consumer<CoreClient>) c -> {
                    c.createBucket("bkt", Versioning.UNVERSIONED);
                    String u = c.createUpload("bkt", "k");
                    c.uploadPart("bkt", u, 1, 5, "p1");
                    c.complete(complete("bkt", u, 1, "p1"));
                    c.put("bkt", "k", "e2", 1);
                }, "part:" + io.objmeta.api.Ids.uploadId(2) + ":1:p1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasePaths")
    void everyReleasePathQueuesTheLocationAtItsRevision(String name, Consumer<CoreClient> scenario, String loc) {
        scenario.accept(s);
        assertThat(garbage()).extracting(GarbageItem::getRevision, GarbageItem::getBucket, GarbageItem::getLocation)
                .containsExactly(tuple(s.revision(), "bkt", location(loc)));
    }

    @Test
    void whatIsStillReferencedIsNotGarbage() {
        s.createBucket("bkt", Versioning.ENABLED);
        s.put("bkt", "k", "e1", 1);
        s.put("bkt", "k", "e2", 1);                     // versions are kept
        String marker = s.delete("bkt", "k").getVersionId();
        s.deleteVersion("bkt", "k", marker);            // a marker has no bytes
        s.put(put("bkt", "empty", "e", 0).clearLocation());
        s.setVersioning("bkt", Versioning.SUSPENDED);
        s.delete("bkt", "empty");                       // no null version to replace: the versioned one stays
        assertThat(garbage()).isEmpty();
    }

    @Test
    void listGarbagePagesNeverSplitARevision() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "big");
        for (int p = 1; p <= 5; p++) {
            s.uploadPart("bkt", u, p, 5, "p" + p);
        }
        s.put("bkt", "a", "a1", 1);
        s.put("bkt", "a", "a2", 1);                     // 1 item
        long abort = s.abort("bkt", u);                 // 5 items at one revision
        s.put("bkt", "a", "a3", 1);                     // 1 item
        s.put("bkt", "a", "a4", 1);                     // 1 item
        List<List<Long>> pages = new ArrayList<>();
        long after = 0;
        while (true) {
            ListGarbageResponse page = s.garbage(after, 2);
            List<Long> revisions = page.getItemsList().stream().map(GarbageItem::getRevision).toList();
            pages.add(revisions);
            if (!page.getIsTruncated()) {
                break;
            }
            after = revisions.get(revisions.size() - 1);
            assertThat(pages).as("pages").hasSizeLessThan(10); // a listing that never ends fails here
        }
        long a2 = abort - 1;
        assertThat(pages).containsExactly(List.of(a2, abort, abort, abort, abort, abort),
                List.of(abort + 1, abort + 2));
        // limit 1: the abort's five items still come together
        assertThat(s.garbage(a2, 1).getItemsList()).hasSize(5);
        assertThat(s.garbage(abort + 2, 10).getItemsList()).isEmpty();
        assertThat(s.garbage(0, 0).getItemsList()).isEmpty();
    }

    @Test
    void ackGarbageRemovesUpToARevisionAndConsumesNone() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        for (int i = 0; i < 5; i++) {
            s.put("bkt", "k", "e" + i, 1);              // items at revisions 3, 4, 5, 6
        }
        long before = s.revision();
        assertThat(s.ackGarbage(4)).isEqualTo(2);
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.changes(before)).extracting(Change::getRevision).containsOnly(before); // no change emitted
        assertThat(garbage()).extracting(GarbageItem::getRevision).containsExactly(5L, 6L);
        assertThat(s.ackGarbage(4)).isZero();           // idempotent
        assertThat(s.ackGarbage(100)).isEqualTo(2);
        assertThat(garbage()).isEmpty();
    }

    // ---- change feed ----

    @Test
    void changesComeInRevisionOrderWithTheirTypes() {
        s.fixture().clock(1_000_000);
        s.createBucket("bkt", Versioning.ENABLED);                         // 1
        s.updateBucket(Requests.updateBucket("bkt").putLabels("a", "b")); // 2
        String v = s.put("bkt", "dir/k", "e1", 1).getVersionId();          // 3
        String marker = s.delete("bkt", "dir/k").getVersionId();           // 4
        s.deleteVersion("bkt", "dir/k", v);                                // 5
        String u = s.createUpload("bkt", "mp");                            // 6
        s.uploadPart("bkt", u, 1, 5, "p1");                                // 7
        ObjectVersion done = s.complete(complete("bkt", u, 1, "p1"));      // 8
        String u2 = s.createUpload("bkt", "mp2");                          // 9
        s.abort("bkt", u2);                                                // 10
        s.txn(op(put("bkt", "t1", "e", 1)), op(put("bkt", "t2", "e", 1))); // 11
        s.ackGarbage(100);                                                 // housekeeping: no change
        assertThatThrownBy(() -> s.put(put("bkt", "t1", "e", 1).setExpectedRevision(0)))
                .isInstanceOf(ConflictException.class);                    // failed: no change
        s.createBucket("oth", Versioning.UNVERSIONED);                     // 12
        s.put("oth", "x", "e", 1);                                         // 13
        s.delete("oth", "x");                                              // 14
        s.deleteBucket("oth");                                             // 15

        List<Change> all = s.changes(1);
        assertThat(all).extracting(Change::getRevision, Change::getType, Change::getBucket, Change::getKey)
                .containsExactly(
                        tuple(1L, ChangeType.BUCKET_CREATED, "bkt", ""),
                        tuple(2L, ChangeType.BUCKET_UPDATED, "bkt", ""),
                        tuple(3L, ChangeType.OBJECT_PUT, "bkt", "dir/k"),
                        tuple(4L, ChangeType.DELETE_MARKER_CREATED, "bkt", "dir/k"),
                        tuple(5L, ChangeType.OBJECT_DELETED, "bkt", "dir/k"),
                        tuple(6L, ChangeType.UPLOAD_CREATED, "bkt", "mp"),
                        tuple(7L, ChangeType.PART_UPLOADED, "bkt", "mp"),
                        tuple(8L, ChangeType.UPLOAD_COMPLETED, "bkt", "mp"),
                        tuple(9L, ChangeType.UPLOAD_CREATED, "bkt", "mp2"),
                        tuple(10L, ChangeType.UPLOAD_ABORTED, "bkt", "mp2"),
                        tuple(11L, ChangeType.OBJECT_PUT, "bkt", "t1"),
                        tuple(11L, ChangeType.OBJECT_PUT, "bkt", "t2"),
                        tuple(12L, ChangeType.BUCKET_CREATED, "oth", ""),
                        tuple(13L, ChangeType.OBJECT_PUT, "oth", "x"),
                        tuple(14L, ChangeType.OBJECT_DELETED, "oth", "x"),
                        tuple(15L, ChangeType.BUCKET_DELETED, "oth", ""));
        // what each change carries
        assertThat(all.get(0).getTimestampMillis()).isEqualTo(1_000_000);
        assertThat(all.get(0).getBucketInfo().getName()).isEqualTo("bkt");
        assertThat(all.get(1).getBucketInfo().getLabelsMap()).containsEntry("a", "b");
        assertThat(all.get(2).getVersionId()).isEqualTo(v);
        assertThat(all.get(2).getVersion().getEtag()).isEqualTo("e1");
        assertThat(all.get(3).getVersionId()).isEqualTo(marker);
        assertThat(all.get(3).getVersion().getIsDeleteMarker()).isTrue();
        assertThat(all.get(4).getVersionId()).isEqualTo(v);                // the version removed
        assertThat(all.get(4).getVersion().getEtag()).isEqualTo("e1");
        assertThat(all.get(5).getUploadId()).isEqualTo(u);
        assertThat(all.get(5).getUpload().getKey()).isEqualTo("mp");
        assertThat(all.get(6).getUploadId()).isEqualTo(u);
        assertThat(all.get(6).getPart().getPartNumber()).isEqualTo(1);
        assertThat(all.get(7).getUploadId()).isEqualTo(u);
        assertThat(all.get(7).getVersion()).isEqualTo(done);
        assertThat(all.get(9).getUploadId()).isEqualTo(u2);
        assertThat(all.get(15).getBucketInfo().getRevision()).isEqualTo(15); // its last state
        assertThat(all).allSatisfy(c -> assertThat(c.getTimestampMillis()).isPositive());
    }

    private void sixteenWrites() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.createBucket("oth", Versioning.UNVERSIONED);
        for (int i = 0; i < 14; i++) {
            String bucket = i % 2 == 0 ? "bkt" : "oth";
            s.put(bucket, (i % 3 == 0 ? "logs/" : "data/") + i, "e", 1);
        }
    }

    @Test
    void changesFilterByBucketAndPrefix() {
        sixteenWrites();
        MetaCore core = s.core();
        assertThat(core.changes(1, 100, "oth", "")).extracting(Change::getBucket).containsOnly("oth").hasSize(8);
        assertThat(core.changes(1, 100, "bkt", "logs/")).extracting(Change::getKey)
                .containsExactly("logs/0", "logs/6", "logs/12");
        assertThat(core.changes(1, 100, "oth", "logs/")).extracting(Change::getKey)
                .containsExactly("logs/3", "logs/9");
        assertThat(core.changes(1, 100, "nope", "")).isEmpty();
        // the bucket changes have no key, so a prefix leaves them out
        assertThat(core.changes(1, 100, "bkt", "")).extracting(Change::getType).startsWith(ChangeType.BUCKET_CREATED);
        assertThat(core.changes(1, 100, "bkt", "d")).extracting(Change::getType).containsOnly(ChangeType.OBJECT_PUT);
    }

    @Test
    void changesResumeFromARevisionAndPagesHoldWholeRevisions() {
        sixteenWrites();
        s.txn(op(put("bkt", "t1", "e", 1)), op(put("bkt", "t2", "e", 1)), op(put("bkt", "t3", "e", 1))); // 17
        MetaCore core = s.core();
        assertThat(core.changes(5, 3, "", "")).extracting(Change::getRevision).containsExactly(5L, 6L, 7L);
        assertThat(core.changes(17, 1, "", "")).extracting(Change::getKey).containsExactly("t1", "t2", "t3");
        assertThat(core.changes(16, 2, "", "")).extracting(Change::getRevision).containsExactly(16L, 17L, 17L, 17L);
        assertThat(core.changes(18, 10, "", "")).isEmpty();
        // resuming from each revision gives exactly the suffix
        List<Change> all = core.changes(1, 1000, "", "");
        for (long from = 1; from <= 18; from++) {
            long f = from;
            assertThat(core.changes(from, 1000, "", ""))
                    .isEqualTo(all.stream().filter(c -> c.getRevision() >= f).toList());
        }
    }

    @Test
    void changesOlderThanTheRetentionWindowAreCompacted() {
        s.close();
        CoreOptions options = CoreOptions.builder().minPartSizeBytes(5).changeRetentionRevisions(5).build();
        s = CoreClient.create(options);
        sixteenWrites();
        assertThat(s.revision()).isEqualTo(16);
        assertThatThrownBy(() -> s.core().changes(11, 100, "", ""))
                .isInstanceOfSatisfying(CompactedException.class, e -> {
                    assertThat(e.requestedRevision()).isEqualTo(11);
                    assertThat(e.compactRevision()).isEqualTo(12);
                    assertThat(e).hasMessage("fromRevision: 11 (expected: >= 12; older changes are compacted)");
                });
        assertThatThrownBy(() -> s.core().changes(1, 100, "", "")).isInstanceOf(CompactedException.class);
        assertThat(s.core().changes(12, 100, "", "")).extracting(Change::getRevision)
                .containsExactly(12L, 13L, 14L, 15L, 16L);
        // the window survives a restart
        s.reopen(options);
        assertThatThrownBy(() -> s.core().changes(11, 100, "", "")).isInstanceOf(CompactedException.class);
        s.put("bkt", "more", "e", 1);
        assertThatThrownBy(() -> s.core().changes(12, 100, "", "")).isInstanceOf(CompactedException.class);
        assertThat(s.core().changes(13, 100, "", "")).hasSize(5);
    }

    // ---- exactly-once requestIds ----

    private Command putWithId(String key, String etag, String clientId, long sequence) {
        return command(put("bkt", key, etag, 1).setRequestId(requestId(clientId, sequence)));
    }

    private int versionCount(String key) {
        return s.core().listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket("bkt").setPrefix(key)
                .build()).getVersionsCount();
    }

    @Test
    void aRetryInTheSameBatchReturnsTheFirstResultAndAppliesOnce() {
        s.createBucket("bkt", Versioning.ENABLED);
        List<CommandResult> r = s.fixture().applyAll(List.of(putWithId("k", "e1", "client-a", 1),
                putWithId("k", "e1", "client-a", 1), putWithId("k", "e2", "client-a", 1)));
        assertThat(r.get(1)).isEqualTo(r.get(0));
        assertThat(r.get(2)).isEqualTo(r.get(0)); // the first result, whatever the retry carries
        assertThat(s.revision()).isEqualTo(2);
        assertThat(versionCount("k")).isEqualTo(1);
        assertThat(s.get("bkt", "k").getEtag()).isEqualTo("e1");
    }

    @Test
    void aRetryInALaterBatchAndAfterARestartReturnsTheFirstResult() {
        s.createBucket("bkt", Versioning.ENABLED);
        CommandResult first = s.fixture().applyRaw(putWithId("k", "e1", "client-a", 7));
        s.put("bkt", "other", "e", 1);
        assertThat(s.fixture().applyRaw(putWithId("k", "e1", "client-a", 7))).isEqualTo(first);
        s.reopen(s.core().options());
        assertThat(s.fixture().applyRaw(putWithId("k", "e1", "client-a", 7))).isEqualTo(first);
        assertThat(versionCount("k")).isEqualTo(1);
        assertThat(s.revision()).isEqualTo(3);
        // another sequence, or the same sequence of another client, is another request
        s.fixture().applyRaw(putWithId("k", "e1", "client-a", 8));
        s.fixture().applyRaw(putWithId("k", "e1", "client-b", 7));
        assertThat(versionCount("k")).isEqualTo(3);
    }

    @Test
    void aFailedFirstAttemptIsReturnedAsTheSameFailure() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        long existing = s.put("bkt", "k", "e0", 1).getRevision();
        Command create = command(put("bkt", "k", "e1", 1).setExpectedRevision(0)
                .setRequestId(requestId("client-a", 1)));
        CommandResult failed = s.fixture().applyRaw(create);
        assertThat(failed.getError().getCode()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(failed.getError().getCurrentRevision()).isEqualTo(existing);
        s.delete("bkt", "k"); // now the condition would hold
        long before = s.revision();
        CommandResult retry = s.fixture().applyRaw(create);
        assertThat(retry).isEqualTo(failed);
        assertThat(Errors.fromProto(retry.getError())).isInstanceOf(ConflictException.class);
        assertThat(s.revision()).isEqualTo(before);
        assertThatThrownBy(() -> s.get("bkt", "k")).isInstanceOf(io.objmeta.api.NoSuchKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"txn", "delete", "createUpload", "createBucket"})
    void everyMutatingRequestIsDeduplicated(String kind) {
        s.createBucket("bkt", Versioning.ENABLED);
        var id = requestId("client-z", 3);
        Command c = switch (kind) {
            case "txn" -> command(Requests.txn(op(put("bkt", "a", "e", 1)), op(put("bkt", "b", "e", 1)))
                    .setRequestId(id));
            case "delete" -> command(delete("bkt", "a").setRequestId(id));
            case "createUpload" -> command(Requests.createUpload("bkt", "a").setRequestId(id));
            case "createBucket" -> command(Requests.createBucket("two", Versioning.ENABLED).setRequestId(id));
            default -> throw new AssertionError(kind);
        };
        CommandResult first = s.fixture().applyRaw(c);
        assertThat(first.hasError()).isFalse();
        long revision = s.revision();
        String digest = s.dataDigest();
        assertThat(s.fixture().applyRaw(c)).isEqualTo(first);
        assertThat(s.revision()).isEqualTo(revision);
        assertThat(s.dataDigest()).isEqualTo(digest);
    }

    @Test
    void requestIdsAreForgottenAfterTheirRetention() {
        s.close();
        // the fixture's clock advances 1 s per command
        CoreOptions options = CoreOptions.builder().minPartSizeBytes(5).requestIdRetentionMillis(5_000).build();
        s = CoreClient.create(options);
        s.createBucket("bkt", Versioning.ENABLED);
        CommandResult first = s.fixture().applyRaw(putWithId("k", "e1", "client-a", 1));
        for (int i = 0; i < 3; i++) {
            s.put("bkt", "filler", "e", 1);
        }
        assertThat(s.fixture().applyRaw(putWithId("k", "e1", "client-a", 1))).isEqualTo(first); // 4 s later
        for (int i = 0; i < 10; i++) {
            s.put("bkt", "filler", "e", 1);
        }
        // long after the window, the same id is a new request (clients must not retry that late)
        assertThat(s.fixture().applyRaw(putWithId("k", "e1", "client-a", 1))).isNotEqualTo(first);
        assertThat(versionCount("k")).isEqualTo(2);
    }
}
