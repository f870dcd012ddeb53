package io.objmeta.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BlockingMetadataStoreTest {

  /** A store whose every data method returns what {@code result} gives. */
  private static MetadataStore storeReturning(Supplier<CompletableFuture<?>> result) {
    return (MetadataStore) Proxy.newProxyInstance(
        MetadataStore.class.getClassLoader(),
        new Class<?>[] {MetadataStore.class},
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
          }
          return method.getReturnType() == CompletableFuture.class ? result.get() : null;
        });
  }

  @Test
  void returnsTheValue() {
    ObjectVersion v = ObjectVersion.newBuilder().setKey("a").setRevision(5).build();
    MetadataStore store = storeReturning(() -> CompletableFuture.completedFuture(v));
    assertThat(store.blocking().getObject(GetObjectRequest.getDefaultInstance())).isSameAs(v);
    assertThat(store.blocking().async()).isSameAs(store);
  }

  @Test
  void throwsTheStoresExceptionUnwrapped() {
    ConflictException conflict = new ConflictException("photos/a changed", 9);
    MetadataStore store = storeReturning(() -> CompletableFuture.failedFuture(conflict));
    assertThatThrownBy(() -> store.blocking().putObject(PutObjectRequest.getDefaultInstance()))
        .isSameAs(conflict);
  }

  @Test
  void unwrapsExceptionsFromLaterStages() {
    NoSuchBucketException missing = new NoSuchBucketException("photos");
    MetadataStore store = storeReturning(() -> CompletableFuture.supplyAsync(() -> {
      throw missing;
    }).thenApply(x -> x));
    assertThatThrownBy(() -> store.blocking().putObject(PutObjectRequest.getDefaultInstance()))
        .isSameAs(missing);
  }

  @Test
  void wrapsCheckedExceptionsAsInternal() {
    MetadataStore store =
        storeReturning(() -> CompletableFuture.failedFuture(new IOException("boom")));
    assertThatThrownBy(() -> store.blocking().putObject(PutObjectRequest.getDefaultInstance()))
        .isExactlyInstanceOf(MetadataException.class)
        .hasMessage("java.io.IOException: boom")
        .satisfies(e -> assertThat(((MetadataException) e).code())
            .isEqualTo(MetadataException.Code.INTERNAL));
  }
}
