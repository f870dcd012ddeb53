package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.core.CoreInspector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", header = "list buckets, objects (prefix/delimiter) or versions",
        description = {"Lists the buckets of PATH, or the objects of BUCKET as ListObjects does "
        + "(latest live versions; with --delimiter, common prefixes as PRE lines), or with --versions every "
        + "version and delete marker. Pages through the whole listing; -o json prints one JSON line per page "
        + "(the ListObjects/ListObjectVersions response)."},
        footer = {"", "Examples:", "  metasnap ls backups/meta-1200", "  metasnap ls backups/meta-1200 photos --prefix 2024/ --delimiter /",
                "  metasnap ls data/ photos --versions -o json", ExitCodes.HELP})
public final class LsCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BUCKET", description = "bucket to list (none: buckets)")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "only keys starting with this")
    String prefix;

    @Option(names = "--delimiter", defaultValue = "", description = "group keys by this, e.g. /")
    String delimiter;

    @Option(names = "--versions", description = "every version and delete marker, newest first per key")
    boolean versions;

    @Option(names = "--page-size", defaultValue = "1000", description = "keys per listing page (default: 1000)")
    int pageSize;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        try (Input in = Input.open(path)) {
            if (bucket == null) {
                buckets(in.core());
            } else if (versions) {
                versions(in.core());
            } else {
                objects(in.core());
            }
            return ExitCodes.OK;
        }
    }

    private void buckets(CoreInspector core) {
        List<Bucket> all = core.buckets();
        if (output.json()) {
            out().println(Json.write(Json.obj("revision", core.revision(), "buckets", all)));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"bucket", "versioning", "stored versions", "bytes", "created"});
        for (Bucket b : all) {
            rows.add(new String[] {b.getName(), b.getVersioning().name(), "" + b.getUsage().getObjectCount(),
                    "" + b.getUsage().getBytesUsed(), Text.time(b.getCreatedAt())});
        }
        Text.table(out(), rows);
    }

    private void objects(CoreInspector core) {
        String token = "";
        do {
            ListObjectsResponse page = core.listObjects(ListObjectsRequest.newBuilder().setBucket(bucket)
                    .setPrefix(prefix).setDelimiter(delimiter).setMaxKeys(pageSize).setContinuationToken(token)
                    .build());
            if (output.json()) {
                out().println(Json.proto(page));
            } else {
                for (String cp : page.getCommonPrefixesList()) {
                    out().println(String.format("%24s %12s  %s", "", "PRE", Text.key(cp)));
                }
                for (ObjectSummary o : page.getContentsList()) {
                    out().println(String.format("%24s %12d  %s", Text.time(o.getLastModified()), o.getSize(),
                            Text.key(o.getKey())));
                }
            }
            token = page.getIsTruncated() ? page.getNextContinuationToken() : "";
        } while (!token.isEmpty());
    }

    private void versions(CoreInspector core) {
        String keyMarker = "";
        String versionMarker = "";
        boolean more = true;
        while (more) {
            ListObjectVersionsResponse page = core.listObjectVersions(ListObjectVersionsRequest.newBuilder()
                    .setBucket(bucket).setPrefix(prefix).setDelimiter(delimiter).setMaxKeys(pageSize)
                    .setKeyMarker(keyMarker).setVersionIdMarker(versionMarker).build());
            if (output.json()) {
                out().println(Json.proto(page));
            } else {
                for (String cp : page.getCommonPrefixesList()) {
                    out().println(String.format("%24s %12s  %-8s %-6s %s", "", "PRE", "", "", Text.key(cp)));
                }
                for (ObjectSummary v : page.getVersionsList()) {
                    out().println(String.format("%24s %12s  %-8s %-6s %s  %s", Text.time(v.getLastModified()),
                            v.getIsDeleteMarker() ? "DELETED" : Long.toString(v.getSize()),
                            "rev " + v.getRevision(), v.getIsLatest() ? "latest" : "", Text.key(v.getKey()),
                            v.getVersionId()));
                }
            }
            more = page.getIsTruncated();
            keyMarker = page.getNextKeyMarker();
            versionMarker = page.getNextVersionIdMarker();
        }
    }
}
