package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.ServiceProto;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The log, the service and the Java API stay one model: every mutating RPC (one whose request
 * has a requestId) is a Command case with its exact request type and a CommandResult case with
 * its exact response type; every data RPC is a MetadataStore method with those types.
 */
class LogProtoTest {

  private static final List<MethodDescriptor> RPCS =
      ServiceProto.getDescriptor().findServiceByName("Metadata").getMethods();
  private static final Set<String> CLUSTER_ONLY =
      Set.of("ClusterStatus", "AddMember", "RemoveMember", "TransferLeader", "SnapshotNow");

  @Test
  void everyMutatingRpcIsACommandWithItsResult() {
    List<MethodDescriptor> mutating = RPCS.stream()
        .filter(m -> m.getInputType().findFieldByName("request_id") != null)
        .toList();
    assertThat(mutating).hasSize(11);

    Descriptor command = Command.getDescriptor();
    Descriptor result = CommandResult.getDescriptor();
    Map<Descriptor, FieldDescriptor> byRequestType = command.getOneofs().get(0).getFields()
        .stream().collect(Collectors.toMap(FieldDescriptor::getMessageType, Function.identity()));
    assertThat(byRequestType).hasSize(mutating.size());

    for (MethodDescriptor m : mutating) {
      FieldDescriptor request = byRequestType.get(m.getInputType());
      assertThat(request).as(m.getName()).isNotNull();
      FieldDescriptor response = result.findFieldByName(request.getName());
      assertThat(response).as(m.getName() + " result").isNotNull();
      assertThat(response.getNumber()).isEqualTo(request.getNumber());
      assertThat(response.getMessageType()).isEqualTo(m.getOutputType());
      assertThat(response.getContainingOneof()).isNotNull();
    }
    FieldDescriptor error = result.findFieldByName("error");
    assertThat(error.getMessageType()).isEqualTo(Error.getDescriptor());
    assertThat(result.getOneofs().get(0).getFields()).hasSize(mutating.size() + 1);
    assertThat(command.findFieldByName("timestamp_millis").getJsonName())
        .isEqualTo("timestampMillis");
  }

  @Test
  void everyDataRpcIsAStoreMethodWithTheSameTypes() throws Exception {
    for (MethodDescriptor rpc : RPCS) {
      if (CLUSTER_ONLY.contains(rpc.getName()) || rpc.getName().equals("Watch")) {
        continue;
      }
      String name = Character.toLowerCase(rpc.getName().charAt(0)) + rpc.getName().substring(1);
      Class<?> in = messageClass(rpc.getInputType());
      Method method = MetadataStore.class.getMethod(name, in);
      assertThat(method.getReturnType()).isEqualTo(CompletableFuture.class);
      ParameterizedType returns = (ParameterizedType) method.getGenericReturnType();
      assertThat(returns.getActualTypeArguments()[0]).as(name)
          .isEqualTo(messageClass(rpc.getOutputType()));
      // and the blocking view has it too, returning the value itself
      assertThat(BlockingMetadataStore.class.getMethod(name, in).getReturnType())
          .isEqualTo(messageClass(rpc.getOutputType()));
    }
  }

  private static Class<?> messageClass(Descriptor d) throws ClassNotFoundException {
    return Class.forName("io.objmeta.api.proto." + d.getName());
  }
}
