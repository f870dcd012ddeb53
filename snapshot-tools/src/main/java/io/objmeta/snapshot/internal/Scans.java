package io.objmeta.snapshot.internal;

import io.objmeta.core.CoreInspector;
import io.objmeta.core.MetaCore;

/** Whole-store scans with a progress bar. */
public final class Scans {
    private Scans() {
    }

    /** Versions rows LMDB holds (long keys count once per overflow chunk): the progress bar's total. */
    public static long versionRows(CoreInspector core) {
        return core.envStats().dbs().stream().filter(d -> d.name().equals("versions")).findFirst()
                .map(CoreInspector.DbStats::entries).orElse(0L);
    }

    /** Counts as a manifest states them. */
    public static MetaCore.Counts counts(CoreInspector core) {
        try (Progress p = Progress.start("count", versionRows(core))) {
            return core.counts(p::step);
        }
    }
}
