package io.objmeta.api;

import io.objmeta.api.proto.Change;
import java.util.List;

/**
 * Receives a {@link MetadataStore#watch} stream.
 *
 * <p>Callbacks are made one at a time, in revision order, each happening-before the next
 * (they may run on different threads of the store's, never concurrently). The next batch is
 * delivered only after the previous callback returned and the store reads ahead a bounded
 * amount, so a slow listener slows its own stream (back-pressure), never the writers. A
 * revision's changes are never split across calls. After {@link #onError} or
 * {@link #onCompleted} nothing more is delivered. A callback that throws cancels the watch.
 *
 * <p>To resume after a failure, watch again from the last delivered revision + 1; a
 * {@link CompactedException} means those changes are gone: re-list, then watch from the
 * listing's revision + 1.
 */
public interface WatchListener {

  /** Committed changes, in revision order; never empty. */
  void onChanges(List<Change> changes);

  /**
   * Every change up to {@code revision} has been delivered (sent while the stream is idle,
   * so a resumed watch need not start from an old revision).
   */
  default void onProgress(long revision) {}

  /** The stream failed: usually a {@link MetadataException} such as {@link CompactedException}. */
  void onError(Throwable error);

  /** The store ended the stream normally (it is closing). */
  default void onCompleted() {}
}
