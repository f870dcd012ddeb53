package io.objmeta.client.cli;

import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.GetBucketRequest;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListBucketsResponse;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.client.MetaClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code metactl bucket create|get|ls|update|rm}. */
@Command(name = "bucket", mixinStandardHelpOptions = true,
        description = "Create, inspect, list, update and delete buckets.",
        subcommands = {BucketCommands.Create.class, BucketCommands.Get.class, BucketCommands.Ls.class,
                BucketCommands.Update.class, BucketCommands.Rm.class},
        footerHeading = "%nExamples:%n",
        footer = {"  metactl bucket create photos --versioning ENABLED --max-bytes 1000000000 --label team=media",
                "  metactl bucket ls --prefix ph",
                "  metactl bucket update photos --versioning SUSPENDED --if-revision 7",
                "  metactl bucket rm photos"})
final class BucketCommands {

    static void print(Base cmd, Bucket b) {
        if (cmd.json()) {
            cmd.printJson(b);
            return;
        }
        List<String[]> f = new ArrayList<>();
        f.add(Base.field("Name", b.getName()));
        f.add(Base.field("Revision", b.getRevision()));
        f.add(Base.field("CreateRevision", b.getCreateRevision()));
        f.add(Base.field("CreatedAt", Base.time(b.getCreatedAt())));
        f.add(Base.field("Versioning", b.getVersioning()));
        f.add(Base.field("MaxObjects", quota(b.getQuota().getMaxObjects())));
        f.add(Base.field("MaxBytes", quota(b.getQuota().getMaxBytes())));
        f.add(Base.field("Objects", b.getUsage().getObjectCount()));
        f.add(Base.field("BytesUsed", b.getUsage().getBytesUsed()));
        f.add(Base.field("Labels", Base.map(b.getLabelsMap())));
        cmd.printFields(f);
    }

    private static String quota(long v) {
        return v == 0 ? "unlimited" : Long.toString(v);
    }

    static Quota quota(Long maxObjects, Long maxBytes) {
        return Quota.newBuilder().setMaxObjects(maxObjects == null ? 0 : maxObjects)
                .setMaxBytes(maxBytes == null ? 0 : maxBytes).build();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bucket; prints it.",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl bucket create photos", "  metactl bucket create logs --versioning ENABLED "
                    + "--max-objects 1000000 --label env=prod"})
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET", description = "bucket name (S3 rules)")
        String bucket;

        @Option(names = "--versioning", paramLabel = "V", description = "UNVERSIONED (default) or ENABLED")
        Versioning versioning;

        @Option(names = "--max-objects", paramLabel = "N", description = "quota: stored versions (0 = unlimited)")
        Long maxObjects;

        @Option(names = "--max-bytes", paramLabel = "N", description = "quota: bytes of stored versions")
        Long maxBytes;

        @Option(names = "--label", paramLabel = "K=V", description = "a label (repeatable)")
        Map<String, String> labels = new LinkedHashMap<>();

        @Override
        void run(MetaClient c) {
            CreateBucketRequest.Builder r = CreateBucketRequest.newBuilder().setBucket(bucket).putAllLabels(labels);
            if (versioning != null) {
                r.setVersioning(versioning);
            }
            if (maxObjects != null || maxBytes != null) {
                r.setQuota(quota(maxObjects, maxBytes));
            }
            print(this, c.blocking().createBucket(r.build()));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a bucket.",
            footerHeading = "%nExamples:%n", footer = {"  metactl bucket get photos", "  metactl -o json bucket get photos"})
    static final class Get extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            GetBucketRequest.Builder r = GetBucketRequest.newBuilder().setBucket(bucket)
                    .setConsistency(read.consistency());
            if (read.minRevision != null) {
                r.setMinRevision(read.minRevision);
            }
            print(this, c.blocking().getBucket(r.build()));
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List buckets (one page, or --all).",
            footerHeading = "%nExamples:%n", footer = {"  metactl bucket ls", "  metactl bucket ls --prefix ph --all"})
    static final class Ls extends Base {
        @Option(names = "--prefix", paramLabel = "P", description = "only names starting with P")
        String prefix = "";

        @Option(names = "--max-buckets", paramLabel = "N", description = "page size (server default 1000)")
        Integer maxBuckets;

        @Option(names = "--continuation-token", paramLabel = "T", description = "resume from a previous page")
        String token = "";

        @Option(names = "--all", description = "follow continuation tokens to the end")
        boolean all;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            ListBucketsResponse.Builder merged = ListBucketsResponse.newBuilder();
            String next = token;
            while (true) {
                ListBucketsRequest.Builder r = ListBucketsRequest.newBuilder().setPrefix(prefix)
                        .setContinuationToken(next).setConsistency(read.consistency());
                if (maxBuckets != null) {
                    r.setMaxBuckets(maxBuckets);
                }
                if (read.minRevision != null) {
                    r.setMinRevision(read.minRevision);
                }
                ListBucketsResponse page = c.blocking().listBuckets(r.build());
                merged.addAllBuckets(page.getBucketsList()).setRevision(page.getRevision())
                        .setIsTruncated(page.getIsTruncated()).setNextContinuationToken(page.getNextContinuationToken());
                if (!all || !page.getIsTruncated()) {
                    break;
                }
                next = page.getNextContinuationToken();
            }
            if (json()) {
                printJson(merged);
                return;
            }
            Table t = new Table("NAME", "VERSIONING", "OBJECTS", "BYTES", "REVISION", "CREATED");
            for (Bucket b : merged.getBucketsList()) {
                t.row(b.getName(), b.getVersioning(), b.getUsage().getObjectCount(), b.getUsage().getBytesUsed(),
                        b.getRevision(), time(b.getCreatedAt()));
            }
            t.print(out());
            if (merged.getIsTruncated()) {
                out().println("(truncated; next: --continuation-token " + merged.getNextContinuationToken()
                        + ", or --all)");
            }
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change versioning, quota or labels of a bucket; prints it.",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl bucket update photos --versioning ENABLED",
                    "  metactl bucket update photos --max-objects 0 --max-bytes 0   # unlimited",
                    "  metactl bucket update photos --label team=media --remove-label old --if-revision 12"})
    static final class Update extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Option(names = "--versioning", paramLabel = "V", description = "ENABLED or SUSPENDED")
        Versioning versioning;

        @Option(names = "--max-objects", paramLabel = "N",
                description = "new quota (replaces both limits; an omitted one becomes 0 = unlimited)")
        Long maxObjects;

        @Option(names = "--max-bytes", paramLabel = "N", description = "new quota, see --max-objects")
        Long maxBytes;

        @Option(names = "--label", paramLabel = "K=V", description = "add or replace a label (repeatable)")
        Map<String, String> labels = new LinkedHashMap<>();

        @Option(names = "--remove-label", paramLabel = "K", description = "remove a label (repeatable)")
        List<String> removeLabels = new ArrayList<>();

        @Option(names = "--if-revision", paramLabel = "N", description = "only if the bucket's revision is N")
        Long ifRevision;

        @Override
        void run(MetaClient c) {
            UpdateBucketRequest.Builder r = UpdateBucketRequest.newBuilder().setBucket(bucket).putAllLabels(labels)
                    .addAllRemoveLabels(removeLabels);
            if (versioning != null) {
                r.setVersioning(versioning);
            }
            if (maxObjects != null || maxBytes != null) {
                r.setQuota(quota(maxObjects, maxBytes));
            }
            if (ifRevision != null) {
                r.setExpectedRevision(ifRevision);
            }
            print(this, c.blocking().updateBucket(r.build()));
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Delete an empty bucket; prints its last state.",
            footerHeading = "%nExamples:%n", footer = {"  metactl bucket rm photos", "  metactl bucket rm photos --if-revision 9"})
    static final class Rm extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Option(names = "--if-revision", paramLabel = "N", description = "only if the bucket's revision is N")
        Long ifRevision;

        @Override
        void run(MetaClient c) {
            DeleteBucketRequest.Builder r = DeleteBucketRequest.newBuilder().setBucket(bucket);
            if (ifRevision != null) {
                r.setExpectedRevision(ifRevision);
            }
            print(this, c.blocking().deleteBucket(r.build()));
        }
    }
}
