package io.objmeta.api;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.GetBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.api.proto.WatchRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks requests against every limit of DESIGN.md (numbers in {@link Limits}) before they
 * reach the log, throwing {@link InvalidArgumentException} with a message of the form
 * {@code "<field>: <value> (expected: <rule>)"}. Rules that need state (does the bucket
 * exist, is the versioning transition allowed, the merged label count, continuation tokens)
 * are the store's. The server and the embedded store call {@link #validate(Command)} on every
 * write and the matching {@code validate} on every read.
 */
public final class Validation {
  private Validation() {}

  private static final String RULE_READ_CONSISTENCY = "LINEARIZABLE or STALE";

  /** Validates whichever mutating request the command carries (not its timestamp). */
  public static void validate(Command command) {
    requireNonNull(command, "command");
    switch (command.getRequestCase()) {
      case CREATE_BUCKET -> validate(command.getCreateBucket());
      case UPDATE_BUCKET -> validate(command.getUpdateBucket());
      case DELETE_BUCKET -> validate(command.getDeleteBucket());
      case PUT_OBJECT -> validate(command.getPutObject());
      case DELETE_OBJECT -> validate(command.getDeleteObject());
      case CREATE_MULTIPART_UPLOAD -> validate(command.getCreateMultipartUpload());
      case UPLOAD_PART -> validate(command.getUploadPart());
      case COMPLETE_MULTIPART_UPLOAD -> validate(command.getCompleteMultipartUpload());
      case ABORT_MULTIPART_UPLOAD -> validate(command.getAbortMultipartUpload());
      case TXN -> validate(command.getTxn());
      case ACK_GARBAGE -> validate(command.getAckGarbage());
      case REQUEST_NOT_SET -> throw Checks.invalidShown("command", "empty", "one mutating request");
    }
  }

  // ---- Reusable single rules, for checks the store makes after merging state ----

  /** S3 bucket naming rules. */
  public static void checkBucketName(String bucket) {
    Checks.bucket("bucket", requireNonNull(bucket, "bucket"));
  }

  /** 1..1024 bytes of valid UTF-8. */
  public static void checkKey(String key) {
    Checks.key("key", requireNonNull(key, "key"));
  }

  /** The label limits, e.g. on the result of an UpdateBucket merge. */
  public static void checkLabels(Map<String, String> labels) {
    Checks.labels("labels", requireNonNull(labels, "labels"));
  }

  // ---- Buckets ----

  public static void validate(CreateBucketRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Versioning v = r.getVersioning();
    String rule = "UNVERSIONED or ENABLED";
    Checks.enumKnown("versioning", v != Versioning.UNRECOGNIZED, r.getVersioningValue(), rule);
    if (v == Versioning.SUSPENDED) {
      throw Checks.invalid("versioning", v, rule);
    }
    if (r.hasQuota()) {
      Checks.quota("quota", r.getQuota());
    }
    Checks.labels("labels", r.getLabelsMap());
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(GetBucketRequest r) {
    Checks.bucket("bucket", r.getBucket());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  public static void validate(UpdateBucketRequest r) {
    Checks.bucket("bucket", r.getBucket());
    if (r.hasVersioning()) {
      // never back to UNVERSIONED (S3); the rest of the transition rules need the state
      Versioning v = r.getVersioning();
      if (v != Versioning.ENABLED && v != Versioning.SUSPENDED) {
        throw v == Versioning.UNRECOGNIZED
            ? Checks.invalid("versioning", r.getVersioningValue(), "ENABLED or SUSPENDED")
            : Checks.invalid("versioning", v, "ENABLED or SUSPENDED");
      }
    }
    if (r.hasQuota()) {
      Checks.quota("quota", r.getQuota());
    }
    Checks.labels("labels", r.getLabelsMap());
    List<String> remove = r.getRemoveLabelsList();
    if (remove.size() > Limits.MAX_LABELS) {
      throw Checks.invalidShown("removeLabels", remove.size() + " entries",
          Checks.RULE_LABEL_COUNT);
    }
    for (int i = 0; i < remove.size(); i++) {
      Checks.labelKey("removeLabels[" + i + "]", remove.get(i));
    }
    if (r.hasExpectedRevision()) {
      Checks.nonNegative("expectedRevision", r.getExpectedRevision());
    }
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(DeleteBucketRequest r) {
    Checks.bucket("bucket", r.getBucket());
    if (r.hasExpectedRevision()) {
      Checks.nonNegative("expectedRevision", r.getExpectedRevision());
    }
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(ListBucketsRequest r) {
    Checks.keyPart("prefix", r.getPrefix());
    Checks.pageSize("maxBuckets", r.hasMaxBuckets(), r.getMaxBuckets());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  // ---- Objects ----

  public static void validate(PutObjectRequest r) {
    putObject("", r);
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(GetObjectRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.key("key", r.getKey());
    Checks.versionId("versionId", r.getVersionId());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  public static void validate(DeleteObjectRequest r) {
    deleteObject("", r);
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(ListObjectsRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.keyPart("prefix", r.getPrefix());
    Checks.keyPart("delimiter", r.getDelimiter());
    Checks.keyPart("startAfter", r.getStartAfter());
    Checks.pageSize("maxKeys", r.hasMaxKeys(), r.getMaxKeys());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  public static void validate(ListObjectVersionsRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.keyPart("prefix", r.getPrefix());
    Checks.keyPart("delimiter", r.getDelimiter());
    Checks.keyPart("keyMarker", r.getKeyMarker());
    Checks.versionId("versionIdMarker", r.getVersionIdMarker());
    if (r.getKeyMarker().isEmpty() && !r.getVersionIdMarker().isEmpty()) {
      // as S3: a version marker only means something after a key marker
      throw Checks.invalid("versionIdMarker", r.getVersionIdMarker(),
          "empty unless keyMarker is set");
    }
    Checks.pageSize("maxKeys", r.hasMaxKeys(), r.getMaxKeys());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  // ---- Multipart uploads ----

  public static void validate(CreateMultipartUploadRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.key("key", r.getKey());
    Checks.contentType("contentType", r.getContentType());
    Checks.userMetadata("userMetadata", r.getUserMetadataMap());
    Checks.storageClass("storageClass", r.getStorageClass());
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(UploadPartRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.uploadId("uploadId", r.getUploadId());
    Checks.partNumber("partNumber", r.getPartNumber());
    Checks.optionalKey("key", r.getKey());
    Checks.nonNegative("size", r.getSize());
    Checks.etag("etag", r.getEtag());
    Checks.location("location", r.getLocation());
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(CompleteMultipartUploadRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.uploadId("uploadId", r.getUploadId());
    Checks.optionalKey("key", r.getKey());
    completedParts(r.getPartsList());
    if (r.hasExpectedRevision()) {
      Checks.nonNegative("expectedRevision", r.getExpectedRevision());
    }
    if (r.hasExpectedEtag()) {
      Checks.etag("expectedEtag", r.getExpectedEtag());
    }
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(AbortMultipartUploadRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.uploadId("uploadId", r.getUploadId());
    Checks.optionalKey("key", r.getKey());
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(ListMultipartUploadsRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.keyPart("prefix", r.getPrefix());
    Checks.keyPart("delimiter", r.getDelimiter());
    Checks.keyPart("keyMarker", r.getKeyMarker());
    Checks.versionId("uploadIdMarker", r.getUploadIdMarker());
    Checks.pageSize("maxUploads", r.hasMaxUploads(), r.getMaxUploads());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  public static void validate(ListPartsRequest r) {
    Checks.bucket("bucket", r.getBucket());
    Checks.uploadId("uploadId", r.getUploadId());
    Checks.optionalKey("key", r.getKey());
    Checks.partNumberMarker("partNumberMarker", r.getPartNumberMarker());
    Checks.pageSize("maxParts", r.hasMaxParts(), r.getMaxParts());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  // ---- Transactions, garbage, watch ----

  public static void validate(TxnRequest r) {
    List<TxnOp> ops = r.getOpsList();
    if (ops.isEmpty() || ops.size() > Limits.MAX_TXN_OPS) {
      throw Checks.invalidShown("ops", ops.size() + " operations", "1..128 operations");
    }
    Map<String, Integer> firstIndex = new HashMap<>(); // "bucket/key" -> op index
    for (int i = 0; i < ops.size(); i++) {
      TxnOp op = ops.get(i);
      String at = "ops[" + i + "]";
      String bucket;
      String key;
      switch (op.getOpCase()) {
        case PUT -> {
          at += ".put.";
          putObject(at, op.getPut());
          bucket = op.getPut().getBucket();
          key = op.getPut().getKey();
          noNestedRequestId(at, op.getPut().hasRequestId());
        }
        case DELETE -> {
          at += ".delete.";
          deleteObject(at, op.getDelete());
          bucket = op.getDelete().getBucket();
          key = op.getDelete().getKey();
          noNestedRequestId(at, op.getDelete().hasRequestId());
        }
        default -> throw Checks.invalidShown(at, "empty", "one of put, delete");
      }
      // bucket names never contain '/', so "bucket/key" identifies the pair
      Integer first = firstIndex.putIfAbsent(bucket + "/" + key, i);
      if (first != null) {
        throw Checks.invalid(at + "key", key,
            "each bucket and key at most once per txn, also in ops[" + first + "]");
      }
    }
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(ListGarbageRequest r) {
    Checks.nonNegative("afterRevision", r.getAfterRevision());
    Checks.pageSize("limit", r.hasLimit(), r.getLimit());
    read(r.getConsistency(), r.getConsistencyValue(), r.hasMinRevision(), r.getMinRevision());
  }

  public static void validate(AckGarbageRequest r) {
    Checks.nonNegative("upToRevision", r.getUpToRevision());
    if (r.hasRequestId()) {
      Checks.requestId("requestId", r.getRequestId());
    }
  }

  public static void validate(WatchRequest r) {
    Checks.nonNegative("fromRevision", r.getFromRevision());
    if (!r.getBucket().isEmpty()) {
      Checks.bucket("bucket", r.getBucket());
    } else if (!r.getPrefix().isEmpty()) {
      throw Checks.invalid("prefix", r.getPrefix(), "empty unless bucket is set");
    }
    Checks.keyPart("prefix", r.getPrefix());
  }

  // ---- Shared parts ----

  /** A PutObject alone ({@code at} = "") or inside a Txn ({@code at} = "ops[3].put."). */
  private static void putObject(String at, PutObjectRequest r) {
    Checks.bucket(at + "bucket", r.getBucket());
    Checks.key(at + "key", r.getKey());
    Checks.nonNegative(at + "size", r.getSize());
    Checks.etag(at + "etag", r.getEtag());
    Checks.contentType(at + "contentType", r.getContentType());
    Checks.userMetadata(at + "userMetadata", r.getUserMetadataMap());
    Checks.storageClass(at + "storageClass", r.getStorageClass());
    Checks.location(at + "location", r.getLocation());
    if (r.hasExpectedRevision()) {
      Checks.nonNegative(at + "expectedRevision", r.getExpectedRevision());
    }
    if (r.hasExpectedEtag()) {
      Checks.etag(at + "expectedEtag", r.getExpectedEtag());
    }
  }

  private static void deleteObject(String at, DeleteObjectRequest r) {
    Checks.bucket(at + "bucket", r.getBucket());
    Checks.key(at + "key", r.getKey());
    Checks.versionId(at + "versionId", r.getVersionId());
    if (r.hasExpectedRevision()) {
      Checks.nonNegative(at + "expectedRevision", r.getExpectedRevision());
    }
    if (r.hasExpectedEtag()) {
      Checks.etag(at + "expectedEtag", r.getExpectedEtag());
    }
  }

  private static void noNestedRequestId(String at, boolean present) {
    if (present) {
      throw Checks.invalidShown(at + "requestId", "set", "unset inside a txn, the txn has one");
    }
  }

  private static void completedParts(List<CompletedPart> parts) {
    if (parts.isEmpty() || parts.size() > Limits.MAX_PART_NUMBER) {
      throw Checks.invalidShown("parts", parts.size() + " parts", "1..10000 parts");
    }
    int previous = 0;
    for (int i = 0; i < parts.size(); i++) {
      CompletedPart p = parts.get(i);
      String at = "parts[" + i + "].";
      Checks.partNumber(at + "partNumber", p.getPartNumber());
      if (p.getPartNumber() <= previous) {
        throw Checks.invalid(at + "partNumber", p.getPartNumber(),
            "ascending, greater than " + previous);
      }
      previous = p.getPartNumber();
      Checks.etag(at + "etag", p.getEtag());
    }
  }

  private static void read(
      Consistency consistency, int consistencyValue, boolean hasMinRevision, long minRevision) {
    Checks.enumKnown("consistency", consistency != Consistency.UNRECOGNIZED, consistencyValue,
        RULE_READ_CONSISTENCY);
    if (hasMinRevision) {
      Checks.nonNegative("minRevision", minRevision);
    }
  }
}
