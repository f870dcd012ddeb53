package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.CoreInspector;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump", header = "stream every version as ndjson, json or csv",
        description = {"Writes every object version and delete marker to stdout, streaming in "
        + "constant memory: buckets in name order, keys in UTF-8 byte order, each key's versions newest first.",
        "  ndjson: one {\"bucket\",\"isLatest\",\"version\"} object a line, version in proto3 JSON "
                + "(int64 as strings, location base64)",
        "  json:   the same objects in one array",
        "  csv:    bucket,key,versionId,revision,isLatest,isDeleteMarker,size,etag,lastModified,contentType,"
                + "storageClass (RFC 4180 quoting)"},
        footer = {"", "Examples:", "  metasnap dump backups/meta-1200 > all.ndjson",
                "  metasnap dump backups/meta-1200 --format csv --bucket photos --prefix 2024/ > photos.csv",
                "  metasnap dump data/ --min-revision 1000 --max-revision 2000 --format json", ExitCodes.HELP})
public final class DumpCommand extends ToolCommand {
    public enum Format { json, ndjson, csv }

    @Parameters(paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Option(names = "--format", defaultValue = "ndjson", description = "json, ndjson (default) or csv")
    Format format;

    @Option(names = "--bucket", description = "only this bucket")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "only keys starting with this")
    String prefix;

    @Option(names = "--min-revision", defaultValue = "0", description = "only versions created at or after this")
    long minRevision;

    @Option(names = "--max-revision", defaultValue = "" + Long.MAX_VALUE,
            description = "only versions created at or before this")
    long maxRevision;

    @Override
    public Integer call() {
        PrintWriter o = out();
        try (Input in = Input.open(path);
             Progress p = Progress.start("dump", Scans.versionRows(in.core()));
             CoreInspector.VersionScan scan = in.core().scanVersions(bucket, prefix)) {
            long n = 0;
            if (format == Format.json) {
                o.println("[");
            } else if (format == Format.csv) {
                o.println("bucket,key,versionId,revision,isLatest,isDeleteMarker,size,etag,lastModified,contentType,"
                        + "storageClass");
            }
            while (scan.hasNext()) {
                CoreInspector.VersionRow row = scan.next();
                p.step(1);
                long rev = row.version().getRevision();
                if (rev < minRevision || rev > maxRevision) {
                    continue;
                }
                if (format == Format.csv) {
                    o.println(csv(row));
                } else {
                    String line = Json.write(Json.obj("bucket", row.bucket(), "isLatest", row.latest(), "version",
                            row.version()));
                    o.println(format == Format.json ? (n == 0 ? "  " : ", ") + line : line);
                }
                if (++n % 4096 == 0 && o.checkError()) {
                    return ExitCodes.OK; // the reader went away (e.g. `| head`)
                }
            }
            if (format == Format.json) {
                o.println("]");
            }
            return ExitCodes.OK;
        }
    }

    private static String csv(CoreInspector.VersionRow row) {
        ObjectVersion v = row.version();
        return String.join(",", cell(row.bucket()), cell(row.key()), cell(v.getVersionId()), "" + v.getRevision(),
                "" + row.latest(), "" + v.getIsDeleteMarker(), "" + v.getSize(), cell(v.getEtag()),
                "" + v.getLastModified(), cell(v.getContentType()), cell(v.getStorageClass()));
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String cell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
