package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.JsonFormat;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.CreateMultipartUploadResponse;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.Member;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON field names DESIGN.md fixes are the proto3 JSON names of our fields. */
class JsonNamesTest {

  static Stream<Arguments> designNames() {
    return Stream.of(
        Arguments.of(Bucket.getDescriptor(), List.of("name", "revision", "createRevision",
            "createdAt", "versioning", "quota", "usage", "labels")),
        Arguments.of(Quota.getDescriptor(), List.of("maxObjects", "maxBytes")),
        Arguments.of(Usage.getDescriptor(), List.of("objectCount", "bytesUsed")),
        Arguments.of(CreateBucketRequest.getDescriptor(),
            List.of("versioning", "quota", "labels", "requestId")),
        Arguments.of(UpdateBucketRequest.getDescriptor(),
            List.of("versioning", "quota", "labels", "expectedRevision", "requestId")),
        Arguments.of(ListBucketsRequest.getDescriptor(),
            List.of("prefix", "continuationToken", "maxBuckets")),
        Arguments.of(PutObjectRequest.getDescriptor(), List.of("size", "etag", "contentType",
            "userMetadata", "location", "expectedRevision", "expectedEtag", "requestId")),
        Arguments.of(PutObjectResponse.getDescriptor(), List.of("revision", "versionId")),
        Arguments.of(GetObjectRequest.getDescriptor(),
            List.of("versionId", "consistency", "minRevision")),
        Arguments.of(ObjectVersion.getDescriptor(), List.of("key", "versionId", "revision",
            "size", "etag", "contentType", "lastModified", "userMetadata", "storageClass",
            "location", "isDeleteMarker")),
        Arguments.of(DeleteObjectRequest.getDescriptor(),
            List.of("versionId", "expectedRevision", "expectedEtag", "requestId")),
        Arguments.of(DeleteObjectResponse.getDescriptor(),
            List.of("revision", "versionId", "isDeleteMarker")),
        Arguments.of(ListObjectsRequest.getDescriptor(), List.of("prefix", "delimiter",
            "startAfter", "continuationToken", "maxKeys")),
        Arguments.of(ListObjectsResponse.getDescriptor(), List.of("contents", "commonPrefixes",
            "keyCount", "isTruncated", "nextContinuationToken")),
        Arguments.of(ObjectSummary.getDescriptor(), List.of("key", "revision", "versionId",
            "size", "etag", "lastModified", "isLatest", "isDeleteMarker")),
        Arguments.of(ListObjectVersionsRequest.getDescriptor(), List.of("prefix", "delimiter",
            "keyMarker", "versionIdMarker", "maxKeys")),
        Arguments.of(ListObjectVersionsResponse.getDescriptor(), List.of("versions",
            "commonPrefixes", "isTruncated", "nextKeyMarker", "nextVersionIdMarker")),
        Arguments.of(CreateMultipartUploadRequest.getDescriptor(),
            List.of("key", "contentType", "userMetadata")),
        Arguments.of(CreateMultipartUploadResponse.getDescriptor(), List.of("uploadId")),
        Arguments.of(CompleteMultipartUploadRequest.getDescriptor(),
            List.of("parts", "expectedRevision", "expectedEtag")),
        Arguments.of(CompletedPart.getDescriptor(), List.of("partNumber", "etag")),
        Arguments.of(ListMultipartUploadsRequest.getDescriptor(), List.of("prefix", "delimiter",
            "keyMarker", "uploadIdMarker", "maxUploads")),
        Arguments.of(ListPartsRequest.getDescriptor(), List.of("partNumberMarker", "maxParts")),
        Arguments.of(TxnRequest.getDescriptor(), List.of("ops", "requestId")),
        Arguments.of(TxnOp.getDescriptor(), List.of("put", "delete")),
        Arguments.of(TxnResponse.getDescriptor(), List.of("revision", "results")),
        Arguments.of(ListGarbageRequest.getDescriptor(), List.of("limit", "afterRevision")),
        Arguments.of(ListGarbageResponse.getDescriptor(), List.of("items")),
        Arguments.of(GarbageItem.getDescriptor(),
            List.of("revision", "bucket", "key", "versionId", "location")),
        Arguments.of(AckGarbageRequest.getDescriptor(), List.of("upToRevision")),
        Arguments.of(Member.getDescriptor(), List.of("id", "address", "role", "term",
            "commitIndex", "appliedIndex")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designNames")
  void hasDesignJsonNames(Descriptor message, List<String> names) {
    assertThat(message.getFields().stream().map(FieldDescriptor::getJsonName))
        .containsAll(names);
  }

  @Test
  void printsAsDesignShows() throws Exception {
    Bucket b = Bucket.newBuilder().setName("photos").setRevision(12).setCreateRevision(3)
        .setVersioning(Versioning.ENABLED).build();
    String json = JsonFormat.printer().omittingInsignificantWhitespace().print(b);
    assertThat(json).isEqualTo(
        "{\"name\":\"photos\",\"revision\":\"12\",\"createRevision\":\"3\","
            + "\"versioning\":\"ENABLED\"}");
  }

  /** Absent and zero differ for conditions and page sizes, through JSON too. */
  @Test
  void optionalZeroSurvivesJson() throws Exception {
    PutObjectRequest.Builder put = PutObjectRequest.newBuilder();
    JsonFormat.parser().merge(
        "{\"size\":\"10\",\"etag\":\"e\",\"location\":\"AQI=\",\"expectedRevision\":\"0\"}", put);
    assertThat(put.hasExpectedRevision()).isTrue();
    assertThat(put.getExpectedRevision()).isZero();
    assertThat(put.hasExpectedEtag()).isFalse();
    assertThat(put.getLocation()).isEqualTo(ByteString.copyFrom(new byte[] {1, 2}));

    ListObjectsRequest.Builder list = ListObjectsRequest.newBuilder();
    JsonFormat.parser().merge("{\"maxKeys\":0}", list);
    assertThat(list.hasMaxKeys()).isTrue();
    assertThat(Paging.effectiveMaxKeys(list.build())).isZero();
  }
}
