package io.objmeta.client.cli;

import io.objmeta.api.Watch;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.WatchRequest;
import io.objmeta.client.MetaClient;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code metactl watch}: the change feed, until Ctrl-C or --count changes. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream committed changes in revision order until Ctrl-C (or --count changes), resuming on "
                + "another node after a failure. One line per change; with -o json one Change object per line.",
                "A --from-revision older than the retained window fails (exit 1, 'compacted'): re-list, then watch "
                        + "from the listing's revision + 1."},
        footerHeading = "%nExamples:%n",
        footer = {"  metactl watch photos --prefix 2024/", "  metactl watch --from-revision 1     # every bucket, from the start of the window",
                "  metactl -o json watch photos --count 1 | jq .type"})
final class WatchCommand extends Base {
    @Parameters(index = "0", arity = "0..1", paramLabel = "BUCKET", description = "only this bucket (default: all)")
    String bucket = "";

    @Option(names = "--prefix", paramLabel = "P", description = "only keys starting with P (needs BUCKET)")
    String prefix = "";

    @Option(names = "--from-revision", paramLabel = "N", description = "start at revision N (default: from now on)")
    long fromRevision;

    @Option(names = "--count", paramLabel = "N", description = "exit after N changes (default: run until Ctrl-C)")
    long count;

    @Override
    void run(MetaClient c) throws InterruptedException {
        if (count < 0) {
            throw new Metactl.UsageError("--count: " + count + " (expected: >= 0)");
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicLong seen = new AtomicLong();
        if (!json()) {
            out().printf(FORMAT, "REVISION", "TYPE", "BUCKET", "KEY", "VERSION_ID", "TIME");
            out().flush();
        }
        WatchRequest req = WatchRequest.newBuilder().setBucket(bucket).setPrefix(prefix)
                .setFromRevision(fromRevision).build();
        Watch w = c.watch(req, new WatchListener() {
            @Override
            public void onChanges(List<Change> changes) {
                for (Change ch : changes) {
                    if (count > 0 && seen.get() >= count) {
                        return;
                    }
                    print(ch);
                    if (seen.incrementAndGet() == count) {
                        done.countDown();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        try {
            done.await();
        } finally {
            w.cancel();
        }
        if (error.get() != null) {
            Throwable t = error.get();
            throw t instanceof RuntimeException re ? re : new RuntimeException(t);
        }
    }

    private static final String FORMAT = "%-10s  %-21s  %-20s  %-30s  %-20s  %s%n";

    private void print(Change ch) {
        if (json()) {
            printJson(ch);
            return;
        }
        String versionId = !ch.getVersionId().isEmpty() ? ch.getVersionId() : ch.getUploadId();
        out().printf(FORMAT, ch.getRevision(), ch.getType(), ch.getBucket(), dash(ch.getKey()), dash(versionId),
                time(ch.getTimestampMillis()));
        out().flush();
    }
}
