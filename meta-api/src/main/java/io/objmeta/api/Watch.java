package io.objmeta.api;

/** A running {@link MetadataStore#watch}: cancel it when done. */
public interface Watch extends AutoCloseable {

  /**
   * Stops the stream. Once this returns no new callback starts (one already running may
   * finish), and neither {@code onCompleted} nor {@code onError} follows. Idempotent.
   */
  void cancel();

  /** True once cancelled, completed or failed. */
  boolean isDone();

  @Override
  default void close() {
    cancel();
  }
}
