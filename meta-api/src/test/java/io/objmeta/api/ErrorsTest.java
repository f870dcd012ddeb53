package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.Error.Reason;
import io.objmeta.api.proto.ErrorCode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorsTest {

  static Stream<Arguments> exceptions() {
    return Stream.of(
        arguments(new ConflictException("conflict on photos/a", 42), Reason.CONFLICT),
        arguments(new ConflictException("ops[3] failed", 0, 3), Reason.CONFLICT),
        arguments(new ConflictException("ops[0] failed", 7, 0), Reason.CONFLICT),
        arguments(new BucketAlreadyExistsException("photos"), Reason.BUCKET_ALREADY_EXISTS),
        arguments(new NoSuchBucketException("photos"), Reason.NO_SUCH_BUCKET),
        arguments(new NoSuchKeyException("photos", "a/b"), Reason.NO_SUCH_KEY),
        arguments(NoSuchKeyException.deleteMarker("photos", "a/b", Ids.versionId(9)),
            Reason.NO_SUCH_KEY),
        arguments(new NoSuchVersionException("photos", "a", "v123"), Reason.NO_SUCH_VERSION),
        arguments(new NoSuchUploadException("photos", Ids.uploadId(5)), Reason.NO_SUCH_UPLOAD),
        arguments(new BucketNotEmptyException("photos"), Reason.BUCKET_NOT_EMPTY),
        arguments(new QuotaExceededException("photos", "maxBytes", 1 << 30),
            Reason.QUOTA_EXCEEDED),
        arguments(InvalidArgumentException.of("partNumber", 10001, "1..10000"),
            Reason.INVALID_ARGUMENT),
        arguments(new NotLeaderException("n2", "10.0.0.2:7750"), Reason.NOT_LEADER),
        arguments(new NotLeaderException("", ""), Reason.NOT_LEADER),
        arguments(new UnavailableException("store is closed"), Reason.UNAVAILABLE),
        arguments(new CompactedException(5, 100), Reason.COMPACTED),
        arguments(new MetadataException(MetadataException.Code.PERMISSION_DENIED, "needs admin"),
            Reason.REASON_UNSPECIFIED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exceptions")
  void roundTrips(MetadataException e, Reason reason) {
    Error proto = Errors.toProto(e);
    assertThat(proto.getReason()).isEqualTo(reason);
    assertThat(proto.getCode().name()).isEqualTo(e.code().name());
    assertThat(proto.getMessage()).isEqualTo(e.getMessage());

    MetadataException back = Errors.fromProto(proto);
    assertThat(back).isExactlyInstanceOf(e.getClass());
    assertThat(back.code()).isEqualTo(e.code());
    assertThat(back.getMessage()).isEqualTo(e.getMessage());
    // every field survives: the accessors' values, compared field by field
    assertThat(ownFields(back)).isEqualTo(ownFields(e));
    assertThat(Errors.toProto(back)).isEqualTo(proto);
    // and through bytes, as the log and the wire carry it
    assertThat(Errors.toProto(Errors.fromProto(parse(proto.toByteArray())))).isEqualTo(proto);
  }

  @Test
  void typedFieldsSurvive() {
    ConflictException c = (ConflictException) Errors.fromProto(
        Errors.toProto(new ConflictException("x", 42, 3)));
    assertThat(c.currentRevision()).isEqualTo(42);
    assertThat(c.failedOpIndex()).isEqualTo(3);
    assertThat(((ConflictException) Errors.fromProto(Errors.toProto(
        new ConflictException("x", 42)))).failedOpIndex()).isEqualTo(-1);

    NoSuchKeyException k = (NoSuchKeyException) Errors.fromProto(Errors.toProto(
        NoSuchKeyException.deleteMarker("photos", "a", "v1")));
    assertThat(k.isDeleteMarker()).isTrue();
    assertThat(k.versionId()).isEqualTo("v1");
    assertThat(k).hasMessage("no such key: \"a\" in bucket \"photos\""
        + " (latest version is delete marker \"v1\")");

    InvalidArgumentException i = (InvalidArgumentException) Errors.fromProto(Errors.toProto(
        InvalidArgumentException.of("key", "", "1..1024 bytes of UTF-8")));
    assertThat(i.field()).isEqualTo("key");
    assertThat(i.value()).isEqualTo("\"\"");
    assertThat(i).hasMessage("key: \"\" (expected: 1..1024 bytes of UTF-8)");

    CompactedException x = (CompactedException) Errors.fromProto(Errors.toProto(
        new CompactedException(5, 100)));
    assertThat(x.requestedRevision()).isEqualTo(5);
    assertThat(x.compactRevision()).isEqualTo(100);
    assertThat(x).hasMessage("fromRevision: 5 (expected: >= 100; older changes are compacted)");
  }

  @ParameterizedTest
  @EnumSource(MetadataException.Code.class)
  void everyCodeHasTheProtoCodeOfItsName(MetadataException.Code code) {
    Error proto = Errors.toProto(new MetadataException(code, "m"));
    assertThat(proto.getCode().name()).isEqualTo(code.name());
    assertThat(Errors.fromProto(proto).code()).isEqualTo(code);
  }

  @Test
  void codesMirrorTheProtoEnum() {
    assertThat(Arrays.stream(ErrorCode.values())
            .filter(c -> c != ErrorCode.UNRECOGNIZED && c != ErrorCode.ERROR_CODE_UNSPECIFIED)
            .map(Enum::name))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(MetadataException.Code.values()).map(Enum::name).toList());
  }

  @Test
  void unknownCodesAndReasonsDegradeToInternalOrPlain() {
    Error unknown = Error.newBuilder().setCodeValue(99).setReasonValue(99).setMessage("?").build();
    MetadataException e = Errors.fromProto(unknown);
    assertThat(e).isExactlyInstanceOf(MetadataException.class).hasMessage("?");
    assertThat(e.code()).isEqualTo(MetadataException.Code.INTERNAL);
  }

  @Test
  void anyThrowableBecomesAnError() {
    MetadataException conflict = new ConflictException("c", 1);
    assertThat(Errors.toProto(new CompletionException(new ExecutionException(conflict))))
        .isEqualTo(Errors.toProto(conflict));
    Error internal = Errors.toProto(new IOException("disk on fire"));
    assertThat(internal.getCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(internal.getMessage()).isEqualTo("java.io.IOException: disk on fire");
  }

  @Test
  void expectedOutcomesAndServerRepliesCarryNoStackTraceTheRestDo() {
    assertThat(new ConflictException("c", 1).getStackTrace()).isEmpty();
    assertThat(Errors.fromProto(Errors.toProto(new ConflictException("c", 1, 2))).getStackTrace())
        .isEmpty();
    assertThat(new NoSuchKeyException("b", "k").getStackTrace()).isEmpty();
    assertThat(NoSuchKeyException.deleteMarker("b", "k", Ids.versionId(9)).getStackTrace()).isEmpty();
    assertThat(GrpcErrors.toStatusException(Errors.toProto(new ConflictException("c", 1)))
        .getStackTrace()).isEmpty();
    // an error nobody expects keeps the trace that says where it came from
    assertThat(new NoSuchBucketException("b").getStackTrace()).isNotEmpty();
    assertThat(new MetadataException(MetadataException.Code.INTERNAL, "m").getStackTrace())
        .isNotEmpty();
  }

  /** The fields the exception class itself declares (Throwable's own are not ours to read). */
  private static Map<String, Object> ownFields(MetadataException e) {
    Map<String, Object> values = new TreeMap<>();
    for (Field f : e.getClass().getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        try {
          values.put(f.getName(), f.get(e));
        } catch (IllegalAccessException ex) {
          throw new AssertionError(ex);
        }
      }
    }
    return values;
  }

  private static Error parse(byte[] bytes) {
    try {
      return Error.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
