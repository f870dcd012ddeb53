package io.objmeta.core;

import com.google.protobuf.ByteString;
import io.objmeta.api.BlockingMetadataStore;
import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.Versioning;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link EmbeddedCrashTest}: concurrent CAS writers of every kind against an embedded store,
 * printing one line per acknowledged write, until SIGKILL. Lines:
 * {@code put <key> <rev> <versionId>}, {@code del <key> <rev> <markerVersionId>}, {@code mpu <key> <rev> <versionId>},
 * {@code cas <key> <rev>}, {@code txn <rev> <keyA> <keyB>}.
 */
public final class EmbeddedCrashChild {
    static final String VER = "ver";
    static final String UNV = "unv";

    static EmbeddedStore open(Path dir) throws Exception {
        return EmbeddedStore.builder().dataDir(dir).checkpointIntervalMillis(200)
                .walOptions(io.objmeta.wal.WalOptions.builder().segmentSizeBytes(256 << 10).build())
                .coreOptions(CoreOptions.builder().minPartSizeBytes(1).build()).build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        EmbeddedStore store = open(dir);
        BlockingMetadataStore s = store.blocking();
        for (String b : new String[] {VER, UNV}) {
            try {
                s.createBucket(CreateBucketRequest.newBuilder().setBucket(b)
                        .setVersioning(b.equals(VER) ? Versioning.ENABLED : Versioning.UNVERSIONED).build());
            } catch (BucketAlreadyExistsException ignored) {
                // a previous life created it
            }
        }
        Runnable[] writers = {
            () -> loop(n -> {
                String key = run + "/put0/" + n;
                var r = s.putObject(put(VER, key).setExpectedRevision(0).build());
                print(out, "put " + key + " " + r.getRevision() + " " + r.getVersionId());
            }),
            () -> loop(n -> {
                String key = run + "/put1/" + n;
                var r = s.putObject(put(VER, key).setExpectedRevision(0).build());
                print(out, "put " + key + " " + r.getRevision() + " " + r.getVersionId());
            }),
            () -> loop(n -> {
                String key = run + "/del/" + n;
                s.putObject(put(VER, key).build());
                var d = s.deleteObject(DeleteObjectRequest.newBuilder().setBucket(VER).setKey(key).build());
                print(out, "del " + key + " " + d.getRevision() + " " + d.getVersionId());
            }),
            () -> loop(n -> {
                String key = run + "/mpu/" + n;
                String id = s.createMultipartUpload(CreateMultipartUploadRequest.newBuilder().setBucket(VER)
                        .setKey(key).build()).getUploadId();
                for (int p = 1; p <= 2; p++) {
                    s.uploadPart(UploadPartRequest.newBuilder().setBucket(VER).setUploadId(id).setPartNumber(p)
                            .setSize(10).setEtag("e" + p).setLocation(ByteString.copyFromUtf8(key + p)).build());
                }
                var v = s.completeMultipartUpload(CompleteMultipartUploadRequest.newBuilder().setBucket(VER)
                        .setUploadId(id).addParts(CompletedPart.newBuilder().setPartNumber(1).setEtag("e1"))
                        .addParts(CompletedPart.newBuilder().setPartNumber(2).setEtag("e2")).build());
                print(out, "mpu " + key + " " + v.getRevision() + " " + v.getVersionId());
            }),
            () -> loop(n -> {
                String key = "cas-key";
                long current;
                try {
                    current = s.getObject(GetObjectRequest.newBuilder().setBucket(UNV).setKey(key).build())
                            .getRevision();
                } catch (NoSuchKeyException e) {
                    current = 0;
                }
                try {
                    var r = s.putObject(put(UNV, key).setExpectedRevision(current).build());
                    print(out, "cas " + key + " " + r.getRevision());
                } catch (ConflictException e) {
                    // another life's write landed after our read; read again
                }
            }),
            () -> loop(n -> {
                String a = run + "/txn/" + n + "/a";
                String b = run + "/txn/" + n + "/b";
                var r = s.txn(TxnRequest.newBuilder()
                        .addOps(TxnOp.newBuilder().setPut(put(UNV, a).setExpectedRevision(0)))
                        .addOps(TxnOp.newBuilder().setPut(put(UNV, b).setExpectedRevision(0))).build());
                print(out, "txn " + r.getRevision() + " " + a + " " + b);
            }),
        };
        for (Runnable w : writers) {
            new Thread(w).start();
        }
    }

    interface Step {
        void run(long n) throws Exception;
    }

    private static void loop(Step step) {
        for (long n = 0; ; n++) {
            try {
                step.run(n);
            } catch (Exception e) {
                System.err.println("writer failed: " + e);
                return;
            }
        }
    }

    private static PutObjectRequest.Builder put(String bucket, String key) {
        return PutObjectRequest.newBuilder().setBucket(bucket).setKey(key).setSize(key.length()).setEtag("etag-" + key)
                .setContentType("text/plain").setLocation(ByteString.copyFromUtf8("loc:" + key));
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
