package io.objmeta.client;

import io.objmeta.api.MetadataStore;
import io.objmeta.server.Peer;
import io.objmeta.server.testing.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The contract against {@link MetaClient} and a real 3-node cluster, the client spread over all three nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetaClientContractTest extends MetadataStoreContract {
    private ServerFixture cluster;
    private MetaClient client;

    @BeforeAll
    void open() {
        cluster = ServerFixture.start(3);
        client = MetaClient.builder().endpoints(cluster.peers().stream().map(Peer::apiAddress).toList()).build();
    }

    @AfterAll
    void close() {
        client.close();
        cluster.close();
    }

    @Override
    MetadataStore store() {
        return client;
    }
}
