package io.objmeta.wal;

/** When an appended record counts as durable, i.e. when its future completes. */
public enum SyncMode {
    /**
     * The future completes after {@code fdatasync} covered the record. One sync covers every record that
     * arrived while the previous sync ran (group commit). The default.
     */
    SYNC,
    /**
     * The future completes once the record is written to the OS; the log syncs every
     * {@link WalOptions#syncIntervalMillis()}. A process crash loses nothing, an OS crash at most that interval.
     */
    INTERVAL,
    /** The future completes once written to the OS; the log syncs only on segment roll and close. Tests only. */
    NONE
}
