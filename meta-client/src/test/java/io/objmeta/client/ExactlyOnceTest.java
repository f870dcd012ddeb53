package io.objmeta.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.common.HttpResponse;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Versioning;
import io.objmeta.server.testing.ServerFixture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A write whose response is lost after the cluster applied it: the client retries with the same requestId and gets
 * the first result; the object has exactly one version.
 */
class ExactlyOnceTest {
    @Test
    void aWriteWhoseResponseIsLostIsRetriedAndAppliedOnce() {
        try (ServerFixture f = ServerFixture.start(1)) {
            AtomicInteger dropped = new AtomicInteger();
            AtomicInteger putCalls = new AtomicInteger();
            // the first PutObject reaches the server and is applied; its response is replaced by a broken stream
            java.util.function.Function<? super HttpClient, ? extends HttpClient> dropFirstPutResponse =
                    delegate -> (ctx, req) -> {
                        HttpResponse res = delegate.execute(ctx, req);
                        if (ctx.path().endsWith("/PutObject") && putCalls.incrementAndGet() == 1) {
                            return HttpResponse.of(res.aggregate().thenApply(applied -> {
                                dropped.incrementAndGet();
                                return HttpResponse.ofFailure(new java.io.IOException("response lost in transit"));
                            }));
                        }
                        return res;
                    };
            try (MetaClient client = MetaClient.builder().endpoints("127.0.0.1:" + f.node(0).apiPort())
                    .decorator(dropFirstPutResponse).build()) {
                var s = client.blocking();
                s.createBucket(CreateBucketRequest.newBuilder().setBucket("once").setVersioning(Versioning.ENABLED)
                        .build());
                PutObjectResponse r = s.putObject(PutObjectRequest.newBuilder().setBucket("once").setKey("k")
                        .setEtag("\"e\"").build());
                assertThat(dropped.get()).as("the first response was dropped after the server answered").isOne();
                assertThat(putCalls.get()).as("the client retried").isEqualTo(2);
                assertThat(s.listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket("once").build())
                        .getVersionsCount()).isEqualTo(1);
                assertThat(s.getObject(GetObjectRequest.newBuilder().setBucket("once").setKey("k").build())
                        .getRevision()).isEqualTo(r.getRevision());
            }
        }
    }
}
