package io.objmeta.snapshot.internal;

import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "get", header = "every version of one key",
        description = {"Shows every version and delete marker of one key, newest first, with all "
        + "their metadata (size, etag, user metadata, location, parts). Exit code 3 when the key has none."},
        footer = {"", "Examples:", "  metasnap get backups/meta-1200 photos 2024/cat.jpg",
                "  metasnap get data/ photos 2024/cat.jpg -o json", ExitCodes.HELP})
public final class GetCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Parameters(index = "1", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "2", paramLabel = "KEY")
    String key;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        try (Input in = Input.open(path)) {
            List<ObjectVersion> versions = in.core().versions(bucket, key);
            if (versions.isEmpty()) {
                throw new NoSuchKeyException(bucket, key);
            }
            if (output.json()) {
                out().println(Json.write(Json.obj("bucket", bucket, "key", key, "versions", versions)));
                return ExitCodes.OK;
            }
            boolean latest = true;
            for (ObjectVersion v : versions) {
                print(v, latest);
                latest = false;
            }
            return ExitCodes.OK;
        }
    }

    private void print(ObjectVersion v, boolean latest) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"version", v.getVersionId() + (latest ? " (latest)" : "")
                + (v.getIsDeleteMarker() ? " DELETE MARKER" : "")});
        rows.add(new String[] {"  revision", "" + v.getRevision()});
        rows.add(new String[] {"  last modified", Text.time(v.getLastModified())});
        if (!v.getIsDeleteMarker()) {
            rows.add(new String[] {"  size", v.getSize() + " (" + Text.bytes(v.getSize()) + ")"});
            rows.add(new String[] {"  etag", v.getEtag()});
            rows.add(new String[] {"  content type", v.getContentType()});
            rows.add(new String[] {"  storage class", v.getStorageClass()});
            rows.add(new String[] {"  location", v.getLocation().isEmpty() ? "-"
                    : "0x" + HexFormat.of().formatHex(v.getLocation().toByteArray())});
            for (Map.Entry<String, String> e : v.getUserMetadataMap().entrySet()) {
                rows.add(new String[] {"  meta " + Text.key(e.getKey()), e.getValue()});
            }
            for (Part p : v.getPartsList()) {
                rows.add(new String[] {"  part " + p.getPartNumber(), p.getSize() + " bytes, etag " + p.getEtag()});
            }
        }
        Text.table(out(), rows);
    }
}
