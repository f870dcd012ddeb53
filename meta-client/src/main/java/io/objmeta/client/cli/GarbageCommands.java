package io.objmeta.client.cli;

import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.AckGarbageResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.client.MetaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code metactl garbage ls|ack}: the feed of locations no longer referenced. */
@Command(name = "garbage", mixinStandardHelpOptions = true,
        description = {"The garbage feed: locations whose bytes are no longer referenced (overwritten, deleted, "
                + "replaced or aborted parts), in revision order. Free the bytes, then acknowledge."},
        subcommands = {GarbageCommands.Ls.class, GarbageCommands.Ack.class},
        footerHeading = "%nExamples:%n",
        footer = {"  metactl garbage ls --limit 100", "  metactl garbage ack 1234"})
final class GarbageCommands {

    @Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List garbage items after a revision.",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl garbage ls", "  metactl -o json garbage ls --after-revision 1200 --limit 10"})
    static final class Ls extends Base {
        @Option(names = "--limit", paramLabel = "N", description = "at most N items (server default applies)")
        Integer limit;

        @Option(names = "--after-revision", paramLabel = "N", description = "items with a revision > N")
        long afterRevision;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            ListGarbageRequest.Builder r = ListGarbageRequest.newBuilder().setAfterRevision(afterRevision)
                    .setConsistency(read.consistency());
            if (limit != null) {
                r.setLimit(limit);
            }
            if (read.minRevision != null) {
                r.setMinRevision(read.minRevision);
            }
            ListGarbageResponse resp = c.blocking().listGarbage(r.build());
            if (json()) {
                printJson(resp);
                return;
            }
            Table t = new Table("REVISION", "BUCKET", "KEY", "VERSION_ID", "UPLOAD_ID", "PART", "SIZE", "LOCATION");
            for (GarbageItem g : resp.getItemsList()) {
                t.row(g.getRevision(), g.getBucket(), g.getKey(), g.getVersionId(), g.getUploadId(),
                        g.getPartNumber() == 0 ? "" : g.getPartNumber(), g.getSize(), blob(g.getLocation()));
            }
            t.print(out());
            if (resp.getIsTruncated()) {
                GarbageItem last = resp.getItems(resp.getItemsCount() - 1);
                out().println("(truncated; next page: --after-revision " + last.getRevision() + ")");
            }
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledge (remove) every garbage item up to a revision, once its bytes are freed.",
            footerHeading = "%nExamples:%n", footer = {"  metactl garbage ack 1234"})
    static final class Ack extends Base {
        @Parameters(index = "0", paramLabel = "UP_TO_REVISION")
        long upTo;

        @Override
        void run(MetaClient c) {
            AckGarbageResponse r = c.blocking().ackGarbage(AckGarbageRequest.newBuilder().setUpToRevision(upTo).build());
            if (json()) {
                printJson(r);
            } else {
                printFields(List.<String[]>of(field("Removed", r.getRemovedCount())));
            }
        }
    }
}
