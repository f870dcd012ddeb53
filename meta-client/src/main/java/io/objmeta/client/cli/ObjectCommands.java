package io.objmeta.client.cli;

import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.client.MetaClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code metactl put|get|head|rm|ls|versions}: object metadata. */
final class ObjectCommands {
    private ObjectCommands() {
    }

    /** Every field of a version, parts included. */
    static void printVersion(Base cmd, ObjectVersion v) {
        if (cmd.json()) {
            cmd.printJson(v);
            return;
        }
        List<String[]> f = new ArrayList<>();
        f.add(Base.field("Key", v.getKey()));
        f.add(Base.field("VersionId", v.getVersionId()));
        f.add(Base.field("Revision", v.getRevision()));
        f.add(Base.field("Size", v.getSize()));
        f.add(Base.field("ETag", Base.dash(v.getEtag())));
        f.add(Base.field("ContentType", Base.dash(v.getContentType())));
        f.add(Base.field("LastModified", Base.time(v.getLastModified())));
        f.add(Base.field("StorageClass", Base.dash(v.getStorageClass())));
        f.add(Base.field("UserMetadata", Base.map(v.getUserMetadataMap())));
        f.add(Base.field("Location", Base.blob(v.getLocation())));
        f.add(Base.field("DeleteMarker", v.getIsDeleteMarker()));
        f.add(Base.field("Parts", v.getPartsCount()));
        cmd.printFields(f);
        if (v.getPartsCount() > 0) {
            cmd.out().println();
            printParts(cmd, v.getPartsList());
        }
    }

    static void printParts(Base cmd, List<Part> parts) {
        Base.Table t = new Base.Table("PART", "SIZE", "ETAG", "REVISION", "LAST_MODIFIED", "LOCATION");
        for (Part p : parts) {
            t.row(p.getPartNumber(), p.getSize(), p.getEtag(), p.getRevision(), Base.time(p.getLastModified()),
                    Base.blob(p.getLocation()));
        }
        t.print(cmd.out());
    }

    @Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Store an object version's metadata (the bytes live elsewhere); prints revision and "
                    + "versionId."},
            footerHeading = "%nExamples:%n",
            footer = {"  metactl put photos cat.jpg --size 1234 --etag 9a0364b9e99bb480dd25e1f0284c8555 \\",
                    "      --content-type image/jpeg --meta owner=ann --location-text s3://blobs/cat-1",
                    "  metactl put photos cat.jpg --size 1 --etag e2 --if-absent        # create only",
                    "  metactl put photos cat.jpg --size 1 --etag e3 --if-revision 42   # compare-and-swap"})
    static final class Put extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(names = "--size", paramLabel = "N", required = true, description = "object size in bytes")
        long size;

        @Option(names = "--etag", paramLabel = "E", required = true, description = "the object's etag")
        String etag;

        @Option(names = "--content-type", paramLabel = "T")
        String contentType = "";

        @Option(names = "--storage-class", paramLabel = "C", description = "default STANDARD")
        String storageClass = "";

        @Option(names = "--meta", paramLabel = "K=V", description = "user metadata (repeatable)")
        Map<String, String> meta = new LinkedHashMap<>();

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Location location;

        @Mixin
        Conditions cond = new Conditions();

        @Override
        void run(MetaClient c) {
            PutObjectRequest.Builder r = PutObjectRequest.newBuilder().setBucket(bucket).setKey(key).setSize(size)
                    .setEtag(etag).setContentType(contentType).setStorageClass(storageClass).putAllUserMetadata(meta)
                    .setLocation(Location.of(location));
            Long rev = cond.expectedRevision();
            if (rev != null) {
                r.setExpectedRevision(rev);
            }
            if (cond.ifEtag != null) {
                r.setExpectedEtag(cond.ifEtag);
            }
            PutObjectResponse resp = c.blocking().putObject(r.build());
            if (json()) {
                printJson(resp);
            } else {
                printFields(List.<String[]>of(field("Revision", resp.getRevision()), field("VersionId", resp.getVersionId())));
            }
        }
    }

    abstract static class Read extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(names = "--version-id", paramLabel = "ID", description = "a specific version (default: the latest)")
        String versionId = "";

        @Mixin
        ReadOptions read = new ReadOptions();

        ObjectVersion fetch(MetaClient c) {
            GetObjectRequest.Builder r = GetObjectRequest.newBuilder().setBucket(bucket).setKey(key)
                    .setVersionId(versionId).setConsistency(read.consistency());
            if (read.minRevision != null) {
                r.setMinRevision(read.minRevision);
            }
            return c.blocking().getObject(r.build());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Show every field of an object version (exit 3 if it does not exist).",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl get photos cat.jpg", "  metactl get photos cat.jpg --version-id 0000000000000042",
                    "  metactl -o json get photos cat.jpg --consistency stale --min-revision 42"})
    static final class Get extends Read {
        @Override
        void run(MetaClient c) {
            printVersion(this, fetch(c));
        }
    }

    @Command(name = "head", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Show the short form of an object version: key, versionId, revision, size, etag, "
                    + "last modified (exit 3 if it does not exist).",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl head photos cat.jpg && echo exists", "  metactl -o json head photos cat.jpg"})
    static final class Head extends Read {
        @Override
        void run(MetaClient c) {
            ObjectVersion v = fetch(c);
            ObjectSummary s = ObjectSummary.newBuilder().setKey(v.getKey()).setVersionId(v.getVersionId())
                    .setRevision(v.getRevision()).setSize(v.getSize()).setEtag(v.getEtag())
                    .setLastModified(v.getLastModified()).setStorageClass(v.getStorageClass())
                    .setIsDeleteMarker(v.getIsDeleteMarker()).setIsLatest(versionId.isEmpty()).build();
            if (json()) {
                printJson(s);
                return;
            }
            new Table("KEY", "VERSION_ID", "REVISION", "SIZE", "ETAG", "LAST_MODIFIED")
                    .row(s.getKey(), s.getVersionId(), s.getRevision(), s.getSize(), s.getEtag(),
                            time(s.getLastModified()))
                    .print(out());
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Delete an object: in a versioned bucket adds a delete marker, with --version-id "
                    + "removes that version permanently. Prints revision, versionId and isDeleteMarker."},
            footerHeading = "%nExamples:%n",
            footer = {"  metactl rm photos cat.jpg", "  metactl rm photos cat.jpg --version-id 0000000000000042",
                    "  metactl rm photos cat.jpg --if-etag 9a0364b9e99bb480dd25e1f0284c8555"})
    static final class Rm extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(names = "--version-id", paramLabel = "ID", description = "remove this version permanently")
        String versionId = "";

        @Option(names = "--if-revision", paramLabel = "N",
                description = "only if the live current version has revision N")
        Long ifRevision;

        @Option(names = "--if-etag", paramLabel = "E", description = "only if the live current version has etag E")
        String ifEtag;

        @Override
        void run(MetaClient c) {
            DeleteObjectRequest.Builder r = DeleteObjectRequest.newBuilder().setBucket(bucket).setKey(key)
                    .setVersionId(versionId);
            if (ifRevision != null) {
                r.setExpectedRevision(ifRevision);
            }
            if (ifEtag != null) {
                r.setExpectedEtag(ifEtag);
            }
            DeleteObjectResponse resp = c.blocking().deleteObject(r.build());
            if (json()) {
                printJson(resp);
            } else {
                printFields(List.<String[]>of(field("Revision", resp.getRevision()), field("VersionId", dash(resp.getVersionId())),
                        field("DeleteMarker", resp.getIsDeleteMarker())));
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"List the latest versions of the objects in a bucket (S3 ListObjectsV2): one page, or every "
                    + "page with --all. With -o json and --all the pages are merged into one response."},
            footerHeading = "%nExamples:%n",
            footer = {"  metactl ls photos", "  metactl ls photos --prefix 2024/ --delimiter /",
                    "  metactl ls photos --all -o json | jq -r '.contents[].key'"})
    static final class Ls extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Option(names = "--prefix", paramLabel = "P")
        String prefix = "";

        @Option(names = "--delimiter", paramLabel = "D", description = "group keys by the next D after the prefix")
        String delimiter = "";

        @Option(names = "--start-after", paramLabel = "KEY")
        String startAfter = "";

        @Option(names = "--continuation-token", paramLabel = "T", description = "resume from a previous page")
        String token = "";

        @Option(names = "--max-keys", paramLabel = "N", description = "page size (server default and cap 1000)")
        Integer maxKeys;

        @Option(names = "--all", description = "follow continuation tokens to the end")
        boolean all;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            ListObjectsResponse.Builder merged = ListObjectsResponse.newBuilder();
            String next = token;
            while (true) {
                ListObjectsRequest.Builder r = ListObjectsRequest.newBuilder().setBucket(bucket).setPrefix(prefix)
                        .setDelimiter(delimiter).setStartAfter(startAfter).setContinuationToken(next)
                        .setConsistency(read.consistency());
                if (maxKeys != null) {
                    r.setMaxKeys(maxKeys);
                }
                if (read.minRevision != null) {
                    r.setMinRevision(read.minRevision);
                }
                ListObjectsResponse page = c.blocking().listObjects(r.build());
                merged.addAllContents(page.getContentsList()).addAllCommonPrefixes(page.getCommonPrefixesList())
                        .setKeyCount(merged.getKeyCount() + page.getKeyCount()).setIsTruncated(page.getIsTruncated())
                        .setNextContinuationToken(page.getNextContinuationToken()).setRevision(page.getRevision());
                if (!all || !page.getIsTruncated()) {
                    break;
                }
                next = page.getNextContinuationToken();
            }
            if (json()) {
                printJson(merged);
                return;
            }
            Table t = new Table("KEY", "SIZE", "ETAG", "REVISION", "VERSION_ID", "LAST_MODIFIED");
            for (String p : merged.getCommonPrefixesList()) {
                t.row(p, "PRE", "", "", "", "");
            }
            for (ObjectSummary s : merged.getContentsList()) {
                t.row(s.getKey(), s.getSize(), s.getEtag(), s.getRevision(), s.getVersionId(),
                        time(s.getLastModified()));
            }
            t.print(out());
            if (merged.getIsTruncated()) {
                out().println("(truncated; next page: --continuation-token " + merged.getNextContinuationToken()
                        + ", or --all)");
            }
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"List object versions and delete markers (S3 ListObjectVersions), newest first within "
                    + "a key: one page, or every page with --all."},
            footerHeading = "%nExamples:%n",
            footer = {"  metactl versions photos --prefix cat", "  metactl versions photos --all -o json"})
    static final class Versions extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Option(names = "--prefix", paramLabel = "P")
        String prefix = "";

        @Option(names = "--delimiter", paramLabel = "D")
        String delimiter = "";

        @Option(names = "--key-marker", paramLabel = "KEY", description = "resume after this key (from a page)")
        String keyMarker = "";

        @Option(names = "--version-id-marker", paramLabel = "ID", description = "with --key-marker")
        String versionIdMarker = "";

        @Option(names = "--max-keys", paramLabel = "N", description = "page size (server default and cap 1000)")
        Integer maxKeys;

        @Option(names = "--all", description = "follow the markers to the end")
        boolean all;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            ListObjectVersionsResponse.Builder merged = ListObjectVersionsResponse.newBuilder();
            String km = keyMarker;
            String vm = versionIdMarker;
            while (true) {
                ListObjectVersionsRequest.Builder r = ListObjectVersionsRequest.newBuilder().setBucket(bucket)
                        .setPrefix(prefix).setDelimiter(delimiter).setKeyMarker(km).setVersionIdMarker(vm)
                        .setConsistency(read.consistency());
                if (maxKeys != null) {
                    r.setMaxKeys(maxKeys);
                }
                if (read.minRevision != null) {
                    r.setMinRevision(read.minRevision);
                }
                ListObjectVersionsResponse page = c.blocking().listObjectVersions(r.build());
                merged.addAllVersions(page.getVersionsList()).addAllCommonPrefixes(page.getCommonPrefixesList())
                        .setIsTruncated(page.getIsTruncated()).setNextKeyMarker(page.getNextKeyMarker())
                        .setNextVersionIdMarker(page.getNextVersionIdMarker()).setRevision(page.getRevision());
                if (!all || !page.getIsTruncated()) {
                    break;
                }
                km = page.getNextKeyMarker();
                vm = page.getNextVersionIdMarker();
            }
            if (json()) {
                printJson(merged);
                return;
            }
            Table t = new Table("KEY", "VERSION_ID", "LATEST", "DELETE_MARKER", "SIZE", "ETAG", "REVISION",
                    "LAST_MODIFIED");
            for (String p : merged.getCommonPrefixesList()) {
                t.row(p, "PRE", "", "", "", "", "", "");
            }
            for (ObjectSummary s : merged.getVersionsList()) {
                t.row(s.getKey(), s.getVersionId(), s.getIsLatest() ? "yes" : "no",
                        s.getIsDeleteMarker() ? "yes" : "no", s.getSize(), s.getEtag(), s.getRevision(),
                        time(s.getLastModified()));
            }
            t.print(out());
            if (merged.getIsTruncated()) {
                out().println("(truncated; next page: --key-marker " + merged.getNextKeyMarker()
                        + " --version-id-marker " + merged.getNextVersionIdMarker() + ", or --all)");
            }
        }
    }
}
