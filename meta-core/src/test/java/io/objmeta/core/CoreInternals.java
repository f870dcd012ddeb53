package io.objmeta.core;

import io.objmeta.core.internal.store.Lmdb;
import io.objmeta.core.internal.store.Schema;

/**
 * Test access to the package-private internals of {@link MetaCore}, so tests of the internal packages (the
 * listing cost test) can run their code against a real store.
 */
public final class CoreInternals {
    private CoreInternals() {
    }

    public static Lmdb lmdb(MetaCore core) {
        return core.lmdb();
    }

    public static Schema schema(MetaCore core) {
        return core.schema();
    }
}
