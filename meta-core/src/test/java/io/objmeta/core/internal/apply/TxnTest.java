package io.objmeta.core.internal.apply;

import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.op;
import static io.objmeta.core.testing.Requests.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.ConflictException;
import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchVersionException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnOpResult;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Txn: up to 128 puts and deletes, each with its own condition, all or nothing at one revision. */
class TxnTest {
    private final CoreClient s = CoreClient.create();

    @BeforeEach
    void buckets() {
        s.createBucket("one", Versioning.UNVERSIONED);
        s.createBucket("two", Versioning.ENABLED);
    }

    @AfterEach
    void close() {
        s.close();
    }

    private List<String> keys(String bucket) {
        return s.list(ListObjectsRequest.newBuilder().setBucket(bucket)).getContentsList().stream()
                .map(ObjectSummary::getKey).toList();
    }

    @Test
    void allOpsApplyAtOneRevision() {
        s.put("one", "old", "e", 4);
        TxnResponse r = s.txn(op(put("one", "a", "ea", 1)), op(put("two", "b", "eb", 2)), op(delete("one", "old")),
                op(delete("two", "ghost")));
        assertThat(r.getRevision()).isEqualTo(4);
        assertThat(s.revision()).isEqualTo(4);
        assertThat(r.getResultsList()).containsExactly(
                TxnOpResult.newBuilder().setPut(io.objmeta.api.proto.PutObjectResponse.newBuilder().setRevision(4)
                        .setVersionId("null")).build(),
                TxnOpResult.newBuilder().setPut(io.objmeta.api.proto.PutObjectResponse.newBuilder().setRevision(4)
                        .setVersionId(Ids.versionId(4))).build(),
                TxnOpResult.newBuilder().setDelete(io.objmeta.api.proto.DeleteObjectResponse.newBuilder()
                        .setRevision(4).setVersionId("null")).build(),
                TxnOpResult.newBuilder().setDelete(io.objmeta.api.proto.DeleteObjectResponse.newBuilder()
                        .setRevision(4).setVersionId(Ids.versionId(4)).setIsDeleteMarker(true)).build());
        assertThat(s.get("one", "a").getRevision()).isEqualTo(4);
        assertThat(s.get("two", "b").getRevision()).isEqualTo(4);
        assertThat(keys("one")).containsExactly("a");
        // the change feed holds one change per op, at the txn's revision, in op order
        List<Change> changes = s.changes(4);
        assertThat(changes).extracting(Change::getRevision).containsOnly(4L);
        assertThat(changes).extracting(Change::getType).containsExactly(ChangeType.OBJECT_PUT, ChangeType.OBJECT_PUT,
                ChangeType.OBJECT_DELETED, ChangeType.DELETE_MARKER_CREATED);
        assertThat(s.core().verify()).isEmpty();
    }

    @Test
    void aFailedConditionAppliesNothingAndNamesTheOp() {
        long existing = s.put("one", "exists", "e", 1).getRevision();
        long before = s.revision();
        String digest = s.dataDigest();
        assertThatThrownBy(() -> s.txn(
                op(put("one", "new1", "e", 1).setExpectedRevision(0)),
                op(delete("one", "exists").setExpectedRevision(existing)),
                op(put("one", "exists2", "e", 1).setExpectedEtag("nope")),
                op(put("one", "later", "e", 1).setExpectedRevision(5))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.failedOpIndex()).isEqualTo(2);
                    assertThat(e.currentRevision()).isZero();
                    assertThat(e).hasMessageStartingWith("ops[2]: expectedEtag: \"nope\"");
                });
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.dataDigest()).isEqualTo(digest);
        assertThat(keys("one")).containsExactly("exists");
        assertThatThrownBy(() -> s.get("one", "new1")).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void theFirstFailedOpIsNamedWithItsCurrentRevision() {
        long a = s.put("one", "a", "e", 1).getRevision();
        long b = s.put("one", "b", "e", 1).getRevision();
        assertThatThrownBy(() -> s.txn(op(put("one", "a", "e", 1).setExpectedRevision(a)),
                op(put("one", "b", "e", 1).setExpectedRevision(a)),
                op(put("one", "c", "e", 1).setExpectedRevision(99))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.failedOpIndex()).isEqualTo(1);
                    assertThat(e.currentRevision()).isEqualTo(b);
                });
    }

    @Test
    void otherFailuresAlsoApplyNothing() {
        s.put("one", "a", "e", 1);
        String digest = s.dataDigest();
        assertThatThrownBy(() -> s.txn(op(put("one", "x", "e", 1)), op(put("nobucket", "y", "e", 1))))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s.txn(op(put("one", "x", "e", 1)), op(delete("two", "a").setVersionId("null"))))
                .isInstanceOf(NoSuchVersionException.class);
        assertThat(s.dataDigest()).isEqualTo(digest);
    }

    @Test
    void renameIdiom() {
        long rev = s.put(put("one", "from", "e", 9).putUserMetadata("m", "v")).getRevision();
        TxnResponse r = s.txn(op(put("one", "to", "e", 9).putUserMetadata("m", "v").setExpectedRevision(0)),
                op(delete("one", "from").setExpectedRevision(rev)));
        assertThat(keys("one")).containsExactly("to");
        assertThat(s.get("one", "to").getRevision()).isEqualTo(r.getRevision());
        // a second attempt (a retry racing the first) fails as a whole: the target exists now
        assertThatThrownBy(() -> s.txn(op(put("one", "to", "e", 9).setExpectedRevision(0)),
                op(delete("one", "from").setExpectedRevision(rev))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.failedOpIndex()).isZero();
                    assertThat(e.currentRevision()).isEqualTo(r.getRevision());
                });
        assertThat(s.bucket("one").getUsage()).isEqualTo(Usage.newBuilder().setObjectCount(1).setBytesUsed(9)
                .build());
    }

    @Test
    void quotaHoldsForTheTxnAsAWhole() {
        s.updateBucket(io.objmeta.core.testing.Requests.updateBucket("one")
                .setQuota(Quota.newBuilder().setMaxObjects(3).setMaxBytes(100)));
        s.put("one", "a", "e", 10);
        String digest = s.dataDigest();
        // each put fits alone; together they pass maxObjects at the third
        assertThatThrownBy(() -> s.txn(op(put("one", "b", "e", 1)), op(put("one", "c", "e", 1)),
                op(put("one", "d", "e", 1))))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.quotaField()).isEqualTo("maxObjects"));
        assertThatThrownBy(() -> s.txn(op(put("one", "b", "e", 45)), op(put("one", "c", "e", 46))))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.quotaField()).isEqualTo("maxBytes"));
        assertThat(s.dataDigest()).isEqualTo(digest);
        // only the net effect counts, whatever the order: a delete makes room for puts before or after it
        s.txn(op(put("one", "b", "e", 1)), op(put("one", "c", "e", 1)), op(put("one", "d", "e", 98)),
                op(delete("one", "a")));
        assertThat(s.bucket("one").getUsage()).isEqualTo(Usage.newBuilder().setObjectCount(3).setBytesUsed(100)
                .build());
        // a rename at full quota fits
        long d = s.get("one", "d").getRevision();
        s.txn(op(put("one", "d2", "e", 98).setExpectedRevision(0)), op(delete("one", "d").setExpectedRevision(d)));
        assertThat(s.bucket("one").getUsage()).isEqualTo(Usage.newBuilder().setObjectCount(3).setBytesUsed(100)
                .build());
    }

    @Test
    void aKeyAppearsAtMostOncePerTxn() {
        assertThatThrownBy(() -> s.txn(op(put("one", "k", "e", 1)), op(delete("one", "k"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("ops[1].delete.key: \"k\" (expected: each bucket and key at most once per txn, also in "
                        + "ops[0])");
        assertThatThrownBy(() -> s.txn(op(put("one", "x", "e", 1)), op(put("one", "k", "e", 1)),
                op(put("one", "k", "e", 2))))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("ops[2].put.key"));
        // the same key in two buckets is two keys
        s.txn(op(put("one", "k", "e", 1)), op(put("two", "k", "e", 1)));
        assertThat(s.revision()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 127, 128})
    void upTo128OpsApply(int n) {
        TxnOp[] ops = IntStream.range(0, n).mapToObj(i -> op(put("one", "k" + i, "e", 1))).toArray(TxnOp[]::new);
        TxnResponse r = s.txn(ops);
        assertThat(r.getResultsCount()).isEqualTo(n);
        assertThat(s.bucket("one").getUsage().getObjectCount()).isEqualTo(n);
        assertThat(s.changes(r.getRevision())).hasSize(n);
    }

    @Test
    void opsBeyond128AreRejectedBeforeTheLog() {
        TxnOp[] ops = IntStream.range(0, 129).mapToObj(i -> op(put("one", "k" + i, "e", 1))).toArray(TxnOp[]::new);
        long applied = s.core().appliedIndex();
        assertThatThrownBy(() -> s.txn(ops)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("ops: 129 operations (expected: 1..128 operations)");
        assertThatThrownBy(() -> s.txn()).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("ops: 0 operations (expected: 1..128 operations)");
        assertThat(s.core().appliedIndex()).isEqualTo(applied);
    }

    @Test
    void aTxnThatChangesNothingConsumesNoRevision() {
        long before = s.revision();
        TxnResponse r = s.txn(op(delete("one", "ghost1")), op(delete("one", "ghost2")));
        assertThat(r.getRevision()).isEqualTo(before);
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.changes(1)).hasSize(2); // the two bucket creations only
    }

    @Test
    void opsSeeTheStateBeforeTheTxnNotEachOther() {
        // conditions are checked against the state before the txn: a put and a CAS on another key are independent
        long a = s.put("one", "a", "e", 1).getRevision();
        TxnResponse r = s.txn(op(put("one", "a", "e2", 1).setExpectedRevision(a)),
                op(put("one", "b", "e", 1).setExpectedRevision(0)));
        assertThat(s.get("one", "a").getRevision()).isEqualTo(r.getRevision());
        assertThat(s.get("one", "b").getRevision()).isEqualTo(r.getRevision());
    }
}
