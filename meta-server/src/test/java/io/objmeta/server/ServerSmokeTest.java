package io.objmeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.server.testing.HttpJson;
import io.objmeta.server.testing.ServerFixture;
import org.junit.jupiter.api.Test;

class ServerSmokeTest {
    @Test
    void oneNodeServesHttpJsonAndGrpcOnOnePort() {
        try (ServerFixture f = ServerFixture.start(1)) {
            HttpJson h = f.http(0);
            assertThat(h.put("/v1/buckets/smoke", "{}").status()).isEqualTo(200);
            HttpJson.Response put = h.put("/v1/buckets/smoke/objects/a/b.txt", "{\"size\":\"3\",\"etag\":\"\\\"e\\\"\"}");
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.body()).contains("\"versionId\":\"null\"");
            var v = f.grpc(0).getObject(GetObjectRequest.newBuilder().setBucket("smoke").setKey("a/b.txt").build());
            assertThat(v.getSize()).isEqualTo(3);
            assertThat(h.get("/health").status()).isEqualTo(200);
        }
    }
}
