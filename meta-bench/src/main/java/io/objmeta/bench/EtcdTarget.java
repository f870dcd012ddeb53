package io.objmeta.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.objmeta.api.ConflictException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The etcd baseline: a running etcd cluster through jetcd, driven with the same requests, key generator and
 * threads as {@link ObjmetaTarget}. One jetcd client per endpoint, worker threads spread over them round-robin
 * (each thread keeps its member), exactly as the objmeta target spreads them over nodes, so two thirds of a
 * 3-member cluster's requests arrive at a follower in both.
 *
 * <p>The mapping is the one a user of etcd as an object-metadata store would write:
 * <ul>
 *   <li>an object is one etcd key, {@code <run prefix>/<bucket>/<key>}, whose value is the serialized
 *       {@code PutObjectRequest} (the same ~256 bytes objmeta receives); every run uses a prefix of its own
 *       ({@code bench-<millis>}), so runs never collide on creates;</li>
 *   <li>a put with {@code expectedRevision = 0} is {@code txn(If version(key) = 0, Then put)}; with
 *       {@code expectedRevision = N} it compares {@code mod_revision(key) = N}; a failed compare is a
 *       {@link ConflictException}, as objmeta's; the revision returned is the txn's header revision;</li>
 *   <li>a get is a range of the key, linearizable unless the request says {@code STALE} (then
 *       {@code serializable}, etcd's local read); the answer is decoded back into an {@code ObjectVersion} whose
 *       revision is the key's {@code mod_revision};</li>
 *   <li>a list is a range over {@code <run prefix>/<bucket>/<prefix>} with a limit, values included (etcd has no
 *       summaries; objmeta's pages carry summaries without location or user metadata).</li>
 * </ul>
 */
final class EtcdTarget implements StoreTarget {
    private static final int PRELOAD_IN_FLIGHT = 1024;

    private final List<String> endpoints;
    private final List<Client> clients = new ArrayList<>();
    private final List<KV> kvs = new ArrayList<>();
    private final AtomicInteger nextThread = new AtomicInteger();
    private final ThreadLocal<Integer> member = ThreadLocal.withInitial(() -> nextThread.getAndIncrement());
    private final String runPrefix = "bench-" + System.currentTimeMillis() + "/";

    private EtcdTarget(List<String> endpoints) {
        this.endpoints = endpoints;
        for (String e : endpoints) {
            Client client = Client.builder().endpoints("http://" + e).build();
            clients.add(client);
            kvs.add(client.getKVClient());
        }
    }

    static EtcdTarget open(String endpoints) throws Exception {
        EtcdTarget target = new EtcdTarget(ObjmetaTarget.endpointList(endpoints));
        try {
            // fail fast, with the endpoint named, when nothing listens there
            for (int i = 0; i < target.kvs.size(); i++) {
                try {
                    target.kvs.get(i).get(bytes(target.runPrefix)).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("etcd at " + target.endpoints.get(i) + " did not answer: " + e,
                            e);
                }
            }
            return target;
        } catch (Exception e) {
            target.close();
            throw e;
        }
    }

    private KV kv() {
        return kvs.get(member.get() % kvs.size());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private ByteSequence key(String bucket, String key) {
        return bytes(runPrefix + bucket + "/" + key);
    }

    @Override
    public String name() {
        return "etcd";
    }

    /** etcd has no buckets: the bucket is a segment of every key. */
    @Override
    public void createBucket(String bucket) {
    }

    @Override
    public long put(PutObjectRequest request) throws Exception {
        return unwrap(putAsync(kv(), request), request);
    }

    private CompletableFuture<TxnResponse> putAsync(KV kv, PutObjectRequest request) {
        ByteSequence key = key(request.getBucket(), request.getKey());
        Op put = Op.put(key, ByteSequence.from(request.toByteArray()), PutOption.DEFAULT);
        if (!request.hasExpectedRevision()) {
            return kv.txn().Then(put).commit();
        }
        long expected = request.getExpectedRevision();
        Cmp cmp = expected == 0 ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expected));
        return kv.txn().If(cmp).Then(put).commit();
    }

    private static long unwrap(CompletableFuture<TxnResponse> f, PutObjectRequest request) throws Exception {
        TxnResponse r = join(f);
        if (!r.isSucceeded()) {
            throw new ConflictException("expectedRevision: " + request.getExpectedRevision() + " (etcd compare failed"
                    + " for " + request.getKey() + ")", 0);
        }
        return r.getHeader().getRevision();
    }

    @Override
    public ObjectVersion get(GetObjectRequest request) throws Exception {
        GetOption option = GetOption.builder().withSerializable(request.getConsistency() == Consistency.STALE)
                .build();
        GetResponse r = join(kv().get(key(request.getBucket(), request.getKey()), option));
        if (r.getKvs().isEmpty()) {
            throw new NoSuchKeyException(request.getBucket(), request.getKey());
        }
        return version(request.getKey(), r.getKvs().get(0));
    }

    private static ObjectVersion version(String key, KeyValue kv) throws InvalidProtocolBufferException {
        PutObjectRequest put = PutObjectRequest.parseFrom(kv.getValue().getBytes());
        return ObjectVersion.newBuilder().setKey(key).setVersionId("null").setRevision(kv.getModRevision())
                .setSize(put.getSize()).setEtag(put.getEtag()).setContentType(put.getContentType())
                .putAllUserMetadata(put.getUserMetadataMap()).setLocation(put.getLocation()).build();
    }

    @Override
    public int list(String bucket, String prefix, int maxKeys, boolean stale) throws Exception {
        GetOption option = GetOption.builder().isPrefix(true).withLimit(maxKeys).withSerializable(stale).build();
        GetResponse r = join(kv().get(key(bucket, prefix), option));
        for (KeyValue kv : r.getKvs()) { // decode every row, as objmeta's client decodes every summary
            PutObjectRequest.parseFrom(kv.getValue().getBytes());
        }
        return r.getKvs().size();
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Async CAS-create txns spread over the members, {@value #PRELOAD_IN_FLIGHT} in flight. */
    @Override
    public double preload(long count, LongFunction<PutObjectRequest> requestOf, Consumer<String> progress)
            throws Exception {
        progress.accept(String.format("preloading %d keys into etcd, %d txns in flight", count, PRELOAD_IN_FLIGHT));
        long start = System.nanoTime();
        AsyncPuts.run(count, PRELOAD_IN_FLIGHT, n -> {
            PutObjectRequest request = requestOf.apply(n);
            return putAsync(kvs.get((int) (n % kvs.size())), request).thenAccept(r -> {
                if (!r.isSucceeded()) {
                    throw new IllegalStateException("preload create of " + request.getKey() + " failed its compare");
                }
            });
        }, progress);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        progress.accept(String.format("preloaded %d keys: %.0f puts/s", count, rate));
        return rate;
    }

    @Override
    public void describe(Map<String, Object> extra) {
        extra.put("endpoints", String.join(",", endpoints));
        extra.put("keyPrefix", runPrefix);
        extra.put("client", "jetcd " + Client.class.getPackage().getImplementationVersion());
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.close();
        }
    }
}
