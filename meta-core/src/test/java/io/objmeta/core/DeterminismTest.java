package io.objmeta.core;

import static io.objmeta.core.testing.Requests.command;
import static io.objmeta.core.testing.Requests.complete;
import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.op;
import static io.objmeta.core.testing.Requests.put;
import static io.objmeta.core.testing.Requests.requestId;
import static io.objmeta.core.testing.Requests.updateBucket;
import static io.objmeta.core.testing.Requests.uploadPart;
import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.Validation;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreFixture;
import io.objmeta.core.testing.Requests;
import io.objmeta.core.testing.StoreDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apply is a function of the commands: the same seeded sequence of commands (buckets, puts, deletes, txns,
 * multipart uploads, versioning changes, conditions that fail, retried requestIds) gives byte-identical stores
 * ({@link MetaCore#canonicalDigest()}) and identical results, however it is cut into batches.
 *
 * <p>What batching changes: only the log position recorded with each batch ({@code meta/appliedIndex}). Given the
 * same positions (one per command, a batch recording its last command's) the stores are equal byte for byte; given
 * one position per batch they differ in that record alone.
 */
class DeterminismTest {
    private static final int COMMANDS = 1500;
    private static final CoreOptions OPTIONS = CoreOptions.builder().minPartSizeBytes(5)
            .changeRetentionRevisions(400).requestIdRetentionMillis(60_000).build();

    /** The commands and what a store applying them one by one answered and held along the way. */
    private record Run(List<Command> commands, List<CommandResult> results, List<String> dataDigests) {
    }

    /**
     * Generates {@link #COMMANDS} valid commands, stamped with their own clock, applying each to a reference store
     * to learn the ids later commands refer to (versionIds, uploadIds, revisions for conditions).
     */
    private static Run generate(long seed, int digestEvery) {
        Random rnd = new Random(seed);
        List<String> buckets = List.of("bk0", "bk1", "bk2");
        List<String> keys = List.of("a", "a/b", "a/c", "b", "dir/x", "dir/y", "dir/sub/z", "nul\u0000", "nul",
                "é", "日本/語", "😀", "L".repeat(1000), "L".repeat(999) + "/", "K".repeat(470), "sp ace", "%41");
        List<Command> commands = new ArrayList<>();
        List<CommandResult> results = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        List<String[]> versions = new ArrayList<>();           // bucket, key, versionId
        Map<String, Long> revisions = new LinkedHashMap<>();   // bucket/key -> a revision it had
        List<Upload> uploads = new ArrayList<>();
        long sequence = 0;
        try (CoreFixture ref = CoreFixture.create(OPTIONS)) {
            for (int i = 0; i < COMMANDS; i++) {
                String bucket = buckets.get(rnd.nextInt(buckets.size()));
                String key = keys.get(rnd.nextInt(keys.size()));
                int dice = rnd.nextInt(100);
                Command c;
                if (i < buckets.size()) {
                    c = command(Requests.createBucket(buckets.get(i), i == 0 ? Versioning.UNVERSIONED
                            : Versioning.ENABLED));
                } else if (dice < 30) {
                    PutObjectRequest.Builder p = put(bucket, key, "e" + rnd.nextInt(5), rnd.nextInt(100));
                    if (rnd.nextInt(4) == 0) {
                        p.putUserMetadata("m" + rnd.nextInt(3), "v").putUserMetadata("n", "w");
                    }
                    condition(rnd, p, revisions.get(bucket + "/" + key));
                    c = command(p);
                } else if (dice < 42) {
                    var d = delete(bucket, key);
                    if (rnd.nextInt(4) == 0) {
                        Long rev = revisions.get(bucket + "/" + key);
                        d.setExpectedRevision(rev == null || rnd.nextBoolean() ? 0 : rev);
                    }
                    c = command(d);
                } else if (dice < 50 && !versions.isEmpty()) {
                    String[] v = versions.get(rnd.nextInt(versions.size()));
                    c = command(Requests.deleteVersion(v[0], v[1], v[2]));
                } else if (dice < 58) {
                    List<TxnOp> ops = new ArrayList<>();
                    Set<String> used = new HashSet<>();
                    for (int n = 1 + rnd.nextInt(6); n > 0; n--) {
                        String b = buckets.get(rnd.nextInt(buckets.size()));
                        String k = keys.get(rnd.nextInt(keys.size()));
                        if (used.add(b + "/" + k)) {
                            ops.add(rnd.nextInt(3) == 0 ? op(delete(b, k)) : op(put(b, k, "t" + i, n)));
                        }
                    }
                    c = command(TxnRequest.newBuilder().addAllOps(ops));
                } else if (dice < 63) {
                    c = command(Requests.createUpload(bucket, key));
                } else if (dice < 72 && !uploads.isEmpty()) {
                    Upload u = uploads.get(rnd.nextInt(uploads.size()));
                    int part = 1 + rnd.nextInt(4);
                    String etag = "p" + rnd.nextInt(3);
                    u.parts.put(part, etag); // last write wins, as in the store
                    c = command(uploadPart(u.bucket, u.id, part, 5 + rnd.nextInt(3) - 1, etag));
                } else if (dice < 77 && !uploads.isEmpty()) {
                    Upload u = uploads.remove(rnd.nextInt(uploads.size()));
                    CompleteMultipartUploadRequest.Builder r = complete(u.bucket, u.id);
                    u.parts.forEach((n, e) -> {
                        if (rnd.nextInt(4) != 0) {
                            r.addParts(io.objmeta.api.proto.CompletedPart.newBuilder().setPartNumber(n)
                                    .setEtag(rnd.nextInt(10) == 0 ? "wrong" : e));
                        }
                    });
                    if (r.getPartsCount() == 0) {
                        r.addParts(io.objmeta.api.proto.CompletedPart.newBuilder().setPartNumber(1).setEtag("p0"));
                    }
                    c = command(r);
                } else if (dice < 80 && !uploads.isEmpty()) {
                    Upload u = uploads.remove(rnd.nextInt(uploads.size()));
                    c = command(Requests.abort(u.bucket, u.id));
                } else if (dice < 86) {
                    var u = updateBucket(bucket);
                    switch (rnd.nextInt(3)) {
                        case 0 -> u.setVersioning(rnd.nextBoolean() ? Versioning.ENABLED : Versioning.SUSPENDED);
                        case 1 -> u.setQuota(Quota.newBuilder().setMaxObjects(rnd.nextInt(3) == 0 ? 20 : 0));
                        default -> u.putLabels("l" + rnd.nextInt(4), "v" + i).addRemoveLabels("l" + rnd.nextInt(4));
                    }
                    c = command(u);
                } else if (dice < 88) {
                    c = command(Requests.ackGarbage(Math.max(0, ref.core().revision() - rnd.nextInt(50))));
                } else if (dice < 90) {
                    c = command(Requests.deleteBucket(bucket)); // fails while the bucket holds anything
                } else if (dice < 97 && !commands.isEmpty()) {
                    // a retry of a recent command that carried a requestId (or a new request with one)
                    Command previous = commands.get(commands.size() - 1 - rnd.nextInt(Math.min(10, commands.size())));
                    c = previous.getPutObject().hasRequestId() ? previous
                            : command(put(bucket, key, "r", 1).setRequestId(requestId("client", ++sequence)));
                } else {
                    c = command(put(bucket, key, "r", 1).setRequestId(requestId("client-" + rnd.nextInt(3),
                            ++sequence)));
                }
                Validation.validate(c);
                c = c.toBuilder().setTimestampMillis(1_000L * (i + 1)).build();
                commands.add(c);
                CommandResult r = ref.core().apply(i + 1, List.of(c)).get(0);
                results.add(r);
                learn(c, r, versions, revisions, uploads);
                if ((i + 1) % digestEvery == 0) {
                    digests.add(StoreDigest.data(ref.core()));
                }
            }
            assertThat(ref.core().verify()).isEmpty();
        }
        return new Run(commands, results, digests);
    }

    private static void condition(Random rnd, PutObjectRequest.Builder p, Long knownRevision) {
        switch (rnd.nextInt(6)) {
            case 0 -> p.setExpectedRevision(0);
            case 1 -> p.setExpectedRevision(knownRevision == null ? 1 : knownRevision);
            case 2 -> p.setExpectedEtag("e" + rnd.nextInt(5));
            default -> {
            }
        }
    }

    private static final class Upload {
        final String bucket;
        final String id;
        final Map<Integer, String> parts = new TreeMap<>();

        Upload(String bucket, String id) {
            this.bucket = bucket;
            this.id = id;
        }
    }

    private static void learn(Command c, CommandResult r, List<String[]> versions, Map<String, Long> revisions,
                              List<Upload> uploads) {
        if (r.hasPutObject()) {
            PutObjectRequest p = c.getPutObject();
            versions.add(new String[] {p.getBucket(), p.getKey(), r.getPutObject().getVersionId()});
            revisions.put(p.getBucket() + "/" + p.getKey(), r.getPutObject().getRevision());
        } else if (r.hasDeleteObject() && !r.getDeleteObject().getVersionId().isEmpty()
                && r.getDeleteObject().getIsDeleteMarker() && c.getDeleteObject().getVersionId().isEmpty()) {
            versions.add(new String[] {c.getDeleteObject().getBucket(), c.getDeleteObject().getKey(),
                r.getDeleteObject().getVersionId()});
        } else if (r.hasCreateMultipartUpload()) {
            uploads.add(new Upload(c.getCreateMultipartUpload().getBucket(),
                    r.getCreateMultipartUpload().getUploadId()));
        } else if (r.hasTxn()) {
            for (int i = 0; i < c.getTxn().getOpsCount(); i++) {
                if (c.getTxn().getOps(i).hasPut()) {
                    PutObjectRequest p = c.getTxn().getOps(i).getPut();
                    versions.add(new String[] {p.getBucket(), p.getKey(),
                        r.getTxn().getResults(i).getPut().getVersionId()});
                }
            }
        }
    }

    /** Applies the commands in batches of {@code batch}; each batch records as its log position either its last
     * command's number ({@code positionPerCommand}) or its own number. Returns the results, in order. */
    private static List<CommandResult> applyInBatches(MetaCore core, List<Command> commands, int batch,
                                                      boolean positionPerCommand, List<String> dataDigests,
                                                      int digestEvery) {
        List<CommandResult> results = new ArrayList<>();
        long batches = 0;
        for (int from = 0; from < commands.size(); from += batch) {
            int to = Math.min(commands.size(), from + batch);
            results.addAll(core.apply(positionPerCommand ? to : ++batches, commands.subList(from, to)));
            if (dataDigests != null && to % digestEvery == 0) {
                dataDigests.add(StoreDigest.data(core));
            }
        }
        return results;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 20240601})
    void theSameCommandsGiveTheSameBytesWhateverTheBatching(long seed) {
        Run run = generate(seed, 7 * 13);
        assertThat(run.results()).filteredOn(CommandResult::hasError).hasSizeGreaterThan(COMMANDS / 20);
        assertThat(run.results()).filteredOn(r -> !r.hasError()).hasSizeGreaterThan(COMMANDS / 2);
        String reference;
        String referenceData;
        try (CoreFixture one = CoreFixture.create(OPTIONS)) {
            // the same batching (one command per apply) as the generating store: equal, log position included
            assertThat(applyInBatches(one.core(), run.commands(), 1, true, null, 1)).isEqualTo(run.results());
            reference = StoreDigest.full(one.core());
            referenceData = StoreDigest.data(one.core());
            assertThat(one.core().verify()).isEmpty();
        }
        try (CoreFixture sevens = CoreFixture.create(OPTIONS)) {
            // batches of 7, each recording its last command's position: byte-identical, and the same results
            List<String> digests = new ArrayList<>();
            assertThat(applyInBatches(sevens.core(), run.commands(), 7, true, digests, 7 * 13))
                    .isEqualTo(run.results());
            assertThat(StoreDigest.full(sevens.core())).isEqualTo(reference);
            // equal at every common batch boundary too, not only at the end
            assertThat(digests).hasSize(COMMANDS / (7 * 13)).isEqualTo(run.dataDigests());
        }
        try (CoreFixture perBatch = CoreFixture.create(OPTIONS)) {
            // batches of 7 with one log position per batch: the applied index differs, nothing else does
            assertThat(applyInBatches(perBatch.core(), run.commands(), 7, false, null, 1)).isEqualTo(run.results());
            assertThat(perBatch.core().appliedIndex()).isEqualTo((COMMANDS + 6) / 7);
            assertThat(StoreDigest.full(perBatch.core())).isNotEqualTo(reference);
            assertThat(StoreDigest.data(perBatch.core())).isEqualTo(referenceData);
        }
        try (CoreFixture whole = CoreFixture.create(OPTIONS)) {
            // everything in one batch
            assertThat(applyInBatches(whole.core(), run.commands(), COMMANDS, true, null, 1))
                    .isEqualTo(run.results());
            assertThat(StoreDigest.full(whole.core())).isEqualTo(reference);
        }
    }

    @Test
    void theDigestSeesEveryDifference() {
        Run run = generate(7, 1_000_000);
        Command extra = command(Requests.createBucket("extra", Versioning.UNVERSIONED));
        String[] digests = new String[3];
        for (int i = 0; i < 3; i++) {
            try (CoreFixture f = CoreFixture.create(OPTIONS)) {
                applyInBatches(f.core(), run.commands(), 50, true, null, 1);
                if (i > 0) { // the same command at another time is another store (createdAt, change feed)
                    f.core().apply(COMMANDS, List.of(extra.toBuilder().setTimestampMillis(i).build()));
                }
                digests[i] = StoreDigest.full(f.core());
            }
        }
        assertThat(digests).doesNotHaveDuplicates();
    }

    @Test
    void mapsAreStoredInOneOrderWhateverOrderTheyArrivedIn() {
        // two stores given the same user metadata in different insertion orders hold the same bytes
        String[] digests = new String[2];
        for (int run = 0; run < 2; run++) {
            try (CoreFixture f = CoreFixture.create(OPTIONS)) {
                f.apply(command(Requests.createBucket("bk0", Versioning.UNVERSIONED).putLabels("z", "1")
                        .putLabels("a", "2")));
                PutObjectRequest.Builder p = put("bk0", "k");
                Map<String, String> meta = new LinkedHashMap<>();
                List<String> names = new ArrayList<>(List.of("zeta", "alpha", "mid"));
                if (run == 1) {
                    java.util.Collections.reverse(names);
                }
                names.forEach(n -> meta.put(n, "v-" + n));
                f.apply(command(p.putAllUserMetadata(meta)));
                f.apply(command(Requests.createUpload("bk0", "mp").putAllUserMetadata(meta)));
                digests[run] = StoreDigest.full(f.core());
            }
        }
        assertThat(digests[1]).isEqualTo(digests[0]);
    }
}
