package io.objmeta.core.internal.apply;

import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.core.internal.store.Kv;
import io.objmeta.api.Errors;
import io.objmeta.api.MetadataException;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.AckGarbageResponse;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnOpResult;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Protos;
import io.objmeta.core.internal.store.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deterministic apply function: (log position, commands) → results, in one LMDB write transaction that
 * also stores the applied position and the revision counter. It reads no clock and no randomness: time comes
 * from each command's leader-stamped {@code timestampMillis}. A failed command is a result carrying an Error
 * and consumes no revision.
 */
public final class Applier {
    private final Schema schema;
    private final CoreOptions options;

    public Applier(Schema schema, CoreOptions options) {
        this.schema = schema;
        this.options = options;
    }

    /** What a batch did: one result per command, and the revision counter after it. */
    public record Applied(List<CommandResult> results, long revision) {
    }

    /** Applies {@code commands} in order; returns one result per command. The caller commits {@code txn}. */
    public Applied apply(Kv txn, long appliedIndex, List<Command> commands) {
        ApplyContext ctx = new ApplyContext(txn, schema, options, schema.getLong(txn, Schema.MetaKeys.REVISION));
        List<CommandResult> results = new ArrayList<>(commands.size());
        long lastTimestamp = 0;
        for (Command c : commands) {
            ctx.startCommand(c.getTimestampMillis());
            lastTimestamp = Math.max(lastTimestamp, c.getTimestampMillis());
            results.add(applyOne(ctx, c));
        }
        ctx.flush();
        schema.putLong(txn, Schema.MetaKeys.APPLIED_INDEX, appliedIndex);
        pruneChanges(txn, ctx.revision());
        pruneRequests(txn, lastTimestamp);
        return new Applied(results, ctx.revision());
    }

    private CommandResult applyOne(ApplyContext ctx, Command c) {
        byte[] requestKey = requestKey(c);
        if (requestKey != null) {
            byte[] seen = schema.requests.get(ctx.txn, requestKey);
            if (seen != null) { // a retry: the first outcome, applied once
                return Protos.parse(CommandResult.parser(), Arrays.copyOfRange(seen, 8, seen.length));
            }
        }
        CommandResult result;
        try {
            result = dispatch(ctx, c);
        } catch (MetadataException e) {
            result = CommandResult.newBuilder().setError(Errors.toProto(e)).build();
        }
        if (requestKey != null) {
            schema.requests.put(ctx.txn, requestKey, Keys.concat(Keys.u64(c.getTimestampMillis()),
                    result.toByteArray()));
            // filed no lower than the prune cutoff, which only the walk above that cutoff sees
            long expiry = Math.max(c.getTimestampMillis(), schema.getLong(ctx.txn, Schema.MetaKeys.REQUESTS_PRUNED));
            schema.requestExpiry.put(ctx.txn, Keys.concat(Keys.u64(expiry), requestKey), new byte[0]);
        }
        return result;
    }

    private CommandResult dispatch(ApplyContext ctx, Command c) {
        CommandResult.Builder r = CommandResult.newBuilder();
        switch (c.getRequestCase()) {
            case CREATE_BUCKET -> r.setCreateBucket(BucketCommands.create(ctx, c.getCreateBucket()));
            case UPDATE_BUCKET -> r.setUpdateBucket(BucketCommands.update(ctx, c.getUpdateBucket()));
            case DELETE_BUCKET -> r.setDeleteBucket(BucketCommands.delete(ctx, c.getDeleteBucket()));
            case PUT_OBJECT -> r.setPutObject(ObjectWrites.putResponse(put(ctx, c.getPutObject())));
            case DELETE_OBJECT -> r.setDeleteObject(delete(ctx, c.getDeleteObject()));
            case CREATE_MULTIPART_UPLOAD -> r.setCreateMultipartUpload(
                    MultipartCommands.create(ctx, c.getCreateMultipartUpload()));
            case UPLOAD_PART -> r.setUploadPart(MultipartCommands.uploadPart(ctx, c.getUploadPart()));
            case COMPLETE_MULTIPART_UPLOAD -> r.setCompleteMultipartUpload(
                    MultipartCommands.complete(ctx, c.getCompleteMultipartUpload()));
            case ABORT_MULTIPART_UPLOAD -> r.setAbortMultipartUpload(
                    MultipartCommands.abort(ctx, c.getAbortMultipartUpload()));
            case TXN -> r.setTxn(txn(ctx, c.getTxn()));
            case ACK_GARBAGE -> r.setAckGarbage(ackGarbage(ctx, c.getAckGarbage()));
            default -> throw new io.objmeta.api.InvalidArgumentException("command", c.getRequestCase().name(),
                    "one of the mutating requests");
        }
        return r.build();
    }

    private static ObjectVersion put(ApplyContext ctx, PutObjectRequest p) {
        ObjectWrites.UsageTracker usage = new ObjectWrites.UsageTracker();
        ObjectPlan plan = ObjectWrites.planPut(ctx, usage, p.getBucket(), ObjectWrites.versionOf(p),
                ObjectWrites.condition(p), -1);
        usage.checkQuotas(ctx);
        ctx.commitRevision();
        return ObjectWrites.execute(ctx, plan, ChangeType.OBJECT_PUT, null);
    }

    private static io.objmeta.api.proto.DeleteObjectResponse delete(ApplyContext ctx, DeleteObjectRequest d) {
        ObjectPlan plan = ObjectWrites.planDelete(ctx, new ObjectWrites.UsageTracker(), d, -1);
        if (!plan.changesState()) {
            return ObjectWrites.deleteResponse(plan, null, ctx.revision());
        }
        ctx.commitRevision();
        ObjectVersion v = ObjectWrites.execute(ctx, plan, ChangeType.OBJECT_PUT, null);
        return ObjectWrites.deleteResponse(plan, v, ctx.revision());
    }

    /**
     * Every op checked first (in order, usage accumulating), then the quota on the Txn's net usage change, then
     * all applied at one revision.
     */
    private static TxnResponse txn(ApplyContext ctx, TxnRequest t) {
        ObjectWrites.UsageTracker usage = new ObjectWrites.UsageTracker();
        List<ObjectPlan> plans = new ArrayList<>(t.getOpsCount());
        for (int i = 0; i < t.getOpsCount(); i++) {
            TxnOp op = t.getOps(i);
            plans.add(op.hasPut()
                    ? ObjectWrites.planPut(ctx, usage, op.getPut().getBucket(), ObjectWrites.versionOf(op.getPut()),
                            ObjectWrites.condition(op.getPut()), i)
                    : ObjectWrites.planDelete(ctx, usage, op.getDelete(), i));
        }
        usage.checkQuotas(ctx);
        boolean changes = plans.stream().anyMatch(ObjectPlan::changesState);
        if (changes) {
            ctx.commitRevision();
        }
        TxnResponse.Builder out = TxnResponse.newBuilder().setRevision(ctx.revision());
        for (int i = 0; i < plans.size(); i++) {
            ObjectPlan p = plans.get(i);
            ObjectVersion v = p.changesState() ? ObjectWrites.execute(ctx, p, ChangeType.OBJECT_PUT, null) : null;
            out.addResults(t.getOps(i).hasPut()
                    ? TxnOpResult.newBuilder().setPut(ObjectWrites.putResponse(v))
                    : TxnOpResult.newBuilder().setDelete(ObjectWrites.deleteResponse(p, v, ctx.revision())));
        }
        return out.build();
    }

    /** Removes garbage items at or below the revision. Housekeeping: consumes no revision, emits no change. */
    private AckGarbageResponse ackGarbage(ApplyContext ctx, AckGarbageRequest a) {
        long removed = 0;
        try (KvCursor c = schema.garbage.openCursor(ctx.txn)) {
            for (boolean ok = c.first(); ok && Keys.getU64(c.key(), 0) <= a.getUpToRevision(); ok = c.next()) {
                c.delete();
                removed++;
            }
        }
        long acked = Math.max(schema.getLong(ctx.txn, Schema.MetaKeys.GARBAGE_ACKED), a.getUpToRevision());
        schema.putLong(ctx.txn, Schema.MetaKeys.GARBAGE_ACKED, acked);
        return AckGarbageResponse.newBuilder().setRemovedCount(removed).build();
    }

    private static byte[] requestKey(Command c) {
        RequestId id = switch (c.getRequestCase()) {
            case CREATE_BUCKET -> c.getCreateBucket().getRequestId();
            case UPDATE_BUCKET -> c.getUpdateBucket().getRequestId();
            case DELETE_BUCKET -> c.getDeleteBucket().getRequestId();
            case PUT_OBJECT -> c.getPutObject().getRequestId();
            case DELETE_OBJECT -> c.getDeleteObject().getRequestId();
            case CREATE_MULTIPART_UPLOAD -> c.getCreateMultipartUpload().getRequestId();
            case UPLOAD_PART -> c.getUploadPart().getRequestId();
            case COMPLETE_MULTIPART_UPLOAD -> c.getCompleteMultipartUpload().getRequestId();
            case ABORT_MULTIPART_UPLOAD -> c.getAbortMultipartUpload().getRequestId();
            case TXN -> c.getTxn().getRequestId();
            case ACK_GARBAGE -> c.getAckGarbage().getRequestId();
            default -> RequestId.getDefaultInstance();
        };
        if (id.getClientId().isEmpty()) {
            return null;
        }
        return Keys.concat(Keys.utf8(id.getClientId()), new byte[] {0}, Keys.u64(id.getSequence()));
    }

    /**
     * Keeps the change feed to its window: changes at or below {@code revision - window} are pruned. Every change
     * at or below the last cutoff is gone already, so the walk starts after it (deleted rows are not walked again).
     */
    private void pruneChanges(Kv txn, long revision) {
        long cutoff = revision - options.changeRetentionRevisions();
        long compacted = schema.getLong(txn, Schema.MetaKeys.COMPACTED);
        if (cutoff <= compacted) {
            return;
        }
        try (KvCursor c = schema.changes.openCursor(txn)) {
            for (boolean ok = c.seekRange(Keys.u64(compacted + 1)); ok && Keys.getU64(c.key(), 0) <= cutoff;
                 ok = c.next()) {
                c.delete();
            }
        }
        schema.putLong(txn, Schema.MetaKeys.COMPACTED, cutoff);
    }

    /**
     * Forgets request ids older than the retention, by the commands' own clock (deterministic). Expiry rows below
     * the last cutoff are gone (a new row is never filed below it), so the walk starts there.
     */
    private void pruneRequests(Kv txn, long nowMillis) {
        long cutoff = nowMillis - options.requestIdRetentionMillis();
        long pruned = schema.getLong(txn, Schema.MetaKeys.REQUESTS_PRUNED);
        if (cutoff <= pruned) {
            return;
        }
        try (KvCursor c = schema.requestExpiry.openCursor(txn)) {
            for (boolean ok = c.seekRange(Keys.u64(pruned)); ok && Keys.getU64(c.key(), 0) < cutoff; ok = c.next()) {
                byte[] requestKey = Arrays.copyOfRange(c.key(), 8, c.key().length);
                c.delete();
                schema.requests.delete(txn, requestKey);
            }
        }
        schema.putLong(txn, Schema.MetaKeys.REQUESTS_PRUNED, cutoff);
    }
}
