/**
 * The objmeta API: the {@link io.objmeta.api.MetadataStore} interface that the embedded store
 * ({@code meta-core}) and the remote client ({@code meta-client}) both implement, its typed
 * exceptions, input validation and id helpers. The messages are protobuf, generated into
 * {@code io.objmeta.api.proto} from {@code src/main/proto/objmeta/v1}.
 *
 * <h2>One model end to end</h2>
 *
 * <p>The same messages travel in the log, on the wire and through this API, without a
 * mapping layer:
 *
 * <pre>
 *   client ── PutObjectRequest ──▶ MetadataStore.putObject        (Java, embedded)
 *   client ── PutObjectRequest ──▶ gRPC / HTTP JSON ─▶ meta-server (remote)
 *                     │
 *       Validation.validate(Command{putObject, timestampMillis})  (before the log)
 *                     ▼
 *   log: CommandBatch{Command...}  ─▶ apply ─▶ CommandResult{putObject | error}
 *                                              └▶ PutObjectResponse or Errors.fromProto(error)
 * </pre>
 *
 * <ul>
 *   <li>model.proto: Bucket, Quota, Usage, Versioning, ObjectVersion, ObjectSummary (list
 *       rows), Part, Upload, GarbageItem, Change, RequestId, Consistency.
 *   <li>service.proto: every request and response, and {@code service Metadata} with its
 *       {@code google.api.http} mapping (DESIGN.md's HTTP table).
 *   <li>log.proto: {@code Command} (a oneof of the mutating requests, exactly as received,
 *       plus the leader's {@code timestampMillis}), {@code CommandBatch}, {@code
 *       CommandResult} (the response or an {@code Error}), {@code CommandBatchResult}.
 *   <li>error.proto: {@code Error}, so failures are data: a retried requestId gets the first
 *       result, failure included. {@link io.objmeta.api.Errors} maps it to the exceptions.
 *   <li>cluster.proto: cluster status and the admin RPCs (meta-server only; not logged).
 * </ul>
 *
 * <p>JSON: the proto3 lowerCamelCase names are DESIGN.md's field names ({@code
 * createRevision}, {@code isDeleteMarker}, {@code nextContinuationToken}); int64 values are
 * strings, bytes base64, enums their names. Fields where absence differs from zero are proto3
 * {@code optional}: {@code expectedRevision} (0 = "must not exist"), {@code expectedEtag},
 * {@code maxKeys} and the other page sizes (absent = 1000, 0 = empty page), {@code
 * minRevision}, and {@code versioning} in UpdateBucket. Quota is a message, so its presence
 * is visible too.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link io.objmeta.api.MetadataException} is the unchecked root, carrying a {@link
 * io.objmeta.api.MetadataException.Code}; its final subclasses are what callers act on:
 * {@link io.objmeta.api.ConflictException} (current revision; failed op index in a Txn),
 * {@link io.objmeta.api.BucketAlreadyExistsException}, {@link
 * io.objmeta.api.NoSuchBucketException}, {@link io.objmeta.api.NoSuchKeyException} (with
 * the delete marker, if that is why), {@link io.objmeta.api.NoSuchVersionException}, {@link
 * io.objmeta.api.NoSuchUploadException}, {@link io.objmeta.api.BucketNotEmptyException},
 * {@link io.objmeta.api.QuotaExceededException}, {@link
 * io.objmeta.api.InvalidArgumentException} (field, value, rule), {@link
 * io.objmeta.api.NotLeaderException} (leader hint), {@link
 * io.objmeta.api.UnavailableException} and {@link io.objmeta.api.CompactedException}.
 * meta-server owns the one mapping of codes to gRPC and HTTP statuses.
 *
 * <h2>Choices where DESIGN.md is silent</h2>
 *
 * <ul>
 *   <li><b>Validation messages</b> are {@code "<field>: <value> (expected: <rule>)"}. The
 *       field is the JSON name with a path ({@code ops[3].put.key}, {@code
 *       userMetadata.color}, {@code quota.maxBytes}); a value that is too long is shown by
 *       its size ({@code key: 1025 bytes (expected: 1..1024 bytes of UTF-8)}), any other
 *       string quoted, escaped and cut after 64 characters with {@code …}.
 *   <li><b>Bucket names</b>: exactly DESIGN's S3 rules; "an IPv4 address" is four
 *       dot-separated groups of 1 to 3 digits. S3's newer reserved prefixes and suffixes
 *       ({@code xn--}, {@code -s3alias}) are left to an S3 gateway.
 *   <li><b>Keys</b>: 1..1024 bytes of UTF-8, any characters including control characters;
 *       a Java string with an unpaired surrogate is rejected (UTF-8 cannot encode it).
 *       Prefixes, delimiters and markers: at most 1024 bytes.
 *   <li><b>User metadata</b>: names are non-empty lowercase HTTP token characters (S3
 *       lowercases them, and two names differing in case would become one header);
 *       values have no control characters but tab; names plus values at most 2048 UTF-8
 *       bytes, as S3 counts (without the {@code x-amz-meta-} prefix).
 *   <li><b>Labels</b> (bucket): at most 64 entries; keys 1..63 characters of {@code a-z 0-9
 *       . _ - /} starting with a letter or digit (Kubernetes-like, safe in URLs and metric
 *       labels); values at most 255 characters, no control characters. UpdateBucket merges:
 *       {@code removeLabels} first, then {@code labels} set; the store checks the merged
 *       map with {@link io.objmeta.api.Validation#checkLabels}.
 *   <li><b>ETags</b> 1..1024 printable ASCII characters; <b>contentType</b> at most 256
 *       printable ASCII; <b>storageClass</b> at most 32 of {@code A-Z _}, empty meaning
 *       {@code STANDARD}; <b>versionId</b> (when given) at most 64 printable ASCII;
 *       <b>uploadId</b> 1..64 printable ASCII; <b>RequestId</b>: clientId 1..128 printable
 *       ASCII, sequence &gt;= 1.
 *   <li><b>Versioning</b>: CreateBucket takes UNVERSIONED or ENABLED, UpdateBucket ENABLED
 *       or SUSPENDED (S3 PutBucketVersioning); transitions needing state are the store's.
 *   <li><b>Page sizes</b> of every listing (maxKeys, maxBuckets, maxUploads, maxParts, and
 *       ListGarbage's limit) follow maxKeys: see {@link io.objmeta.api.Paging}. A garbage
 *       page ends on a revision boundary, so one revision's items are never split.
 *   <li><b>Continuation tokens</b> are opaque; the store validates its own.
 *   <li><b>Ids</b>: see {@link io.objmeta.api.Ids} (newest first when sorted).
 *   <li><b>DeleteBucket</b> returns the bucket's last state with the deletion's revision.
 *   <li><b>Multipart</b> requests on an existing upload name it by bucket and uploadId; an
 *       optional {@code key}, when set, must match (else NoSuchUpload), as S3 checks.
 *   <li><b>Reads</b> return a {@code revision} on list responses: the store revision the
 *       page was read at, to watch from afterwards.
 * </ul>
 */
@NullMarked
package io.objmeta.api;

import org.jspecify.annotations.NullMarked;
