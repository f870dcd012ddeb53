package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.api.proto.ServiceProto;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP/JSON surface of DESIGN.md, read back from the generated descriptor. */
class HttpAnnotationsTest {

  private static final ServiceDescriptor SERVICE =
      ServiceProto.getDescriptor().findServiceByName("Metadata");

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "CreateBucket            | PUT    | /v1/buckets/{bucket}                                  | *",
      "GetBucket               | GET    | /v1/buckets/{bucket}                                  | ''",
      "DeleteBucket            | DELETE | /v1/buckets/{bucket}                                  | ''",
      "UpdateBucket            | PATCH  | /v1/buckets/{bucket}                                  | *",
      "ListBuckets             | GET    | /v1/buckets                                           | ''",
      "PutObject               | PUT    | /v1/buckets/{bucket}/objects/{key=**}                 | *",
      "GetObject               | GET    | /v1/buckets/{bucket}/objects/{key=**}                 | ''",
      "DeleteObject            | DELETE | /v1/buckets/{bucket}/objects/{key=**}                 | ''",
      "ListObjects             | GET    | /v1/buckets/{bucket}/objects                          | ''",
      "ListObjectVersions      | GET    | /v1/buckets/{bucket}/versions                         | ''",
      "CreateMultipartUpload   | POST   | /v1/buckets/{bucket}/uploads                          | *",
      "UploadPart              | PUT    | /v1/buckets/{bucket}/uploads/{upload_id}/parts/{part_number} | *",
      "CompleteMultipartUpload | POST   | /v1/buckets/{bucket}/uploads/{upload_id}:complete     | *",
      "AbortMultipartUpload    | DELETE | /v1/buckets/{bucket}/uploads/{upload_id}              | ''",
      "ListMultipartUploads    | GET    | /v1/buckets/{bucket}/uploads                          | ''",
      "ListParts               | GET    | /v1/buckets/{bucket}/uploads/{upload_id}/parts        | ''",
      "Txn                     | POST   | /v1/txn                                               | *",
      "ListGarbage             | GET    | /v1/garbage                                           | ''",
      "AckGarbage              | POST   | /v1/garbage:ack                                       | *",
      "ClusterStatus           | GET    | /v1/cluster                                           | ''",
      "AddMember               | POST   | /v1/admin/members:add                                 | *",
      "RemoveMember            | POST   | /v1/admin/members:remove                              | *",
      "TransferLeader          | POST   | /v1/admin/leader:transfer                             | *",
      "SnapshotNow             | POST   | /v1/admin/snapshot                                    | *",
  })
  void mapsAsDesignSays(String method, String verb, String path, String body) {
    MethodDescriptor m = SERVICE.findMethodByName(method);
    assertThat(m).as(method).isNotNull();
    HttpRule rule = m.getOptions().getExtension(AnnotationsProto.http);
    assertThat(verb(rule)).isEqualTo(verb);
    assertThat(path(rule)).isEqualTo(path);
    assertThat(rule.getBody()).isEqualTo(body);
    assertThat(rule.getAdditionalBindingsList()).isEmpty();
    // path variables name fields of the request (Armeria binds them by field name)
    for (String var : variables(path)) {
      assertThat(m.getInputType().findFieldByName(var)).as(method + " {" + var + "}").isNotNull();
    }
  }

  @Test
  void everyUnaryRpcIsMappedAndWatchIsGrpcOnly() {
    Set<String> unmapped = SERVICE.getMethods().stream()
        .filter(m -> !m.getOptions().hasExtension(AnnotationsProto.http))
        .map(MethodDescriptor::getName)
        .collect(Collectors.toSet());
    assertThat(unmapped).containsExactly("Watch");
    MethodDescriptor watch = SERVICE.findMethodByName("Watch");
    assertThat(watch.isServerStreaming()).isTrue();
    assertThat(watch.isClientStreaming()).isFalse();
    assertThat(SERVICE.getMethods()).hasSize(25);
    assertThat(SERVICE.getFullName()).isEqualTo("objmeta.v1.Metadata");
    assertThat(MetadataGrpc.SERVICE_NAME).isEqualTo("objmeta.v1.Metadata");
  }

  private static String verb(HttpRule r) {
    return switch (r.getPatternCase()) {
      case GET -> "GET";
      case PUT -> "PUT";
      case POST -> "POST";
      case DELETE -> "DELETE";
      case PATCH -> "PATCH";
      default -> r.getPatternCase().name();
    };
  }

  private static String path(HttpRule r) {
    return switch (r.getPatternCase()) {
      case GET -> r.getGet();
      case PUT -> r.getPut();
      case POST -> r.getPost();
      case DELETE -> r.getDelete();
      case PATCH -> r.getPatch();
      default -> "";
    };
  }

  private static List<String> variables(String path) {
    return java.util.regex.Pattern.compile("\\{([a-z_]+)").matcher(path).results()
        .map(mr -> mr.group(1)).toList();
  }
}
