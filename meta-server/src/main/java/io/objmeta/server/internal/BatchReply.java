package io.objmeta.server.internal;

import io.objmeta.api.proto.CommandBatchResult;
import io.objmeta.api.proto.CommandResult;
import java.util.List;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The results of one applied Raft entry, as the state machine hands them to Ratis. The leader's own
 * {@link WriteBatcher} submits in process and receives this object back, so it takes the results as they are;
 * the bytes are made only when Ratis sends the reply to a remote client, and never on a follower, where nobody
 * waits for the reply.
 */
final class BatchReply implements Message {
    private final List<CommandResult> results;
    private volatile ByteString content; // made on first use

    BatchReply(List<CommandResult> results) {
        this.results = List.copyOf(results);
    }

    List<CommandResult> results() {
        return results;
    }

    @Override
    public ByteString getContent() {
        ByteString c = content;
        if (c == null) {
            c = UnsafeByteOperations.unsafeWrap(CommandBatchResult.newBuilder().addAllResults(results).build()
                    .toByteArray());
            content = c;
        }
        return c;
    }

    @Override
    public String toString() {
        return "BatchReply(" + results.size() + " results)";
    }
}
