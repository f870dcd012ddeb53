package io.objmeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.junit.jupiter.api.Test;

/** The API connections' pipeline as {@link MetaServer} customizes Armeria's. */
class FlushConsolidationTest {

    @Test
    void aFlushOutsideAReadWaitsForTheEventLoopsQueuedTasks() {
        // Armeria's pipeline has Netty's default handler, which flushes at once when no read is in progress
        EmbeddedChannel ch = new EmbeddedChannel(new FlushConsolidationHandler());
        MetaServer.consolidateFlushes(ch.pipeline());

        ch.pipeline().write("response 1");
        ch.pipeline().flush();
        assertThat(ch.outboundMessages()).as("flushed before the event loop ran its queued tasks").isEmpty();

        // (EmbeddedChannel runs queued tasks after every write of its own, so one write here)
        ch.runPendingTasks();
        assertThat(ch.outboundMessages()).containsExactly("response 1");
        ch.finishAndReleaseAll();
    }
}
