package io.objmeta.client;

import io.objmeta.api.MetadataStore;
import io.objmeta.core.EmbeddedStore;
import io.objmeta.wal.testing.TempDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The contract against {@link EmbeddedStore}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedStoreContractTest extends MetadataStoreContract {
    private Path dir;
    private EmbeddedStore store;

    @BeforeAll
    void open() throws Exception {
        dir = TempDirs.create("contract-embedded");
        store = EmbeddedStore.builder().dataDir(dir).build();
    }

    @AfterAll
    void close() {
        store.close();
        TempDirs.delete(dir);
    }

    @Override
    MetadataStore store() {
        return store;
    }
}
