package io.objmeta.client.cli;

import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AbortMultipartUploadResponse;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.CreateMultipartUploadResponse;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.UploadPartResponse;
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

/** {@code metactl mpu create|part|complete|abort|ls|parts}: multipart uploads. */
@Command(name = "mpu", mixinStandardHelpOptions = true,
        description = "Multipart uploads: create, record parts, complete, abort, list uploads and parts.",
        subcommands = {MpuCommands.Create.class, MpuCommands.PartCmd.class, MpuCommands.Complete.class,
                MpuCommands.Abort.class, MpuCommands.Ls.class, MpuCommands.Parts.class},
        footerHeading = "%nExamples:%n",
        footer = {"  id=$(metactl -o json mpu create photos big.iso | jq -r .uploadId)",
                "  metactl mpu part photos big.iso $id 1 --size 5242880 --etag e1 --location-text blob-1",
                "  metactl mpu part photos big.iso $id 2 --size 100 --etag e2 --location-text blob-2",
                "  metactl mpu complete photos big.iso $id 1=e1 2=e2",
                "  metactl mpu ls photos; metactl mpu parts photos big.iso $id; metactl mpu abort photos big.iso $id"})
final class MpuCommands {

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Start a multipart upload; prints its uploadId.",
            footerHeading = "%nExamples:%n", footer = {"  metactl mpu create photos big.iso --content-type application/x-iso9660-image"})
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(names = "--content-type", paramLabel = "T")
        String contentType = "";

        @Option(names = "--storage-class", paramLabel = "C")
        String storageClass = "";

        @Option(names = "--meta", paramLabel = "K=V", description = "user metadata (repeatable)")
        Map<String, String> meta = new LinkedHashMap<>();

        @Override
        void run(MetaClient c) {
            CreateMultipartUploadResponse r = c.blocking().createMultipartUpload(CreateMultipartUploadRequest
                    .newBuilder().setBucket(bucket).setKey(key).setContentType(contentType)
                    .setStorageClass(storageClass).putAllUserMetadata(meta).build());
            if (json()) {
                printJson(r);
            } else {
                printFields(List.<String[]>of(field("UploadId", r.getUploadId()), field("Revision", r.getRevision())));
            }
        }
    }

    @Command(name = "part", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Record an uploaded part (re-recording a part number replaces it); prints the revision.",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl mpu part photos big.iso 00000000000000a1 1 --size 5242880 --etag e1 --location-text blob-1"})
    static final class PartCmd extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Parameters(index = "2", paramLabel = "UPLOAD_ID")
        String uploadId;

        @Parameters(index = "3", paramLabel = "PART_NUMBER", description = "1..10000")
        int partNumber;

        @Option(names = "--size", paramLabel = "N", required = true)
        long size;

        @Option(names = "--etag", paramLabel = "E", required = true)
        String etag;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Location location;

        @Override
        void run(MetaClient c) {
            UploadPartResponse r = c.blocking().uploadPart(UploadPartRequest.newBuilder().setBucket(bucket).setKey(key)
                    .setUploadId(uploadId).setPartNumber(partNumber).setSize(size).setEtag(etag)
                    .setLocation(Location.of(location)).build());
            if (json()) {
                printJson(r);
            } else {
                printFields(List.<String[]>of(field("Revision", r.getRevision())));
            }
        }
    }

    @Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Complete an upload from its parts (ascending, each PART=ETAG); prints the new version.",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl mpu complete photos big.iso 00000000000000a1 1=e1 2=e2 --if-absent"})
    static final class Complete extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Parameters(index = "2", paramLabel = "UPLOAD_ID")
        String uploadId;

        @Parameters(index = "3..*", arity = "1..*", paramLabel = "PART=ETAG", description = "the parts, ascending")
        List<String> parts = new ArrayList<>();

        @Mixin
        Conditions cond = new Conditions();

        @Override
        void run(MetaClient c) {
            CompleteMultipartUploadRequest.Builder r = CompleteMultipartUploadRequest.newBuilder().setBucket(bucket)
                    .setKey(key).setUploadId(uploadId);
            for (String p : parts) {
                int eq = p.indexOf('=');
                try {
                    if (eq <= 0) {
                        throw new NumberFormatException();
                    }
                    r.addParts(CompletedPart.newBuilder().setPartNumber(Integer.parseInt(p.substring(0, eq)))
                            .setEtag(p.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    throw new Metactl.UsageError("PART=ETAG: '" + p + "' (expected: e.g. 1=9a0364b9)");
                }
            }
            Long rev = cond.expectedRevision();
            if (rev != null) {
                r.setExpectedRevision(rev);
            }
            if (cond.ifEtag != null) {
                r.setExpectedEtag(cond.ifEtag);
            }
            ObjectCommands.printVersion(this, c.blocking().completeMultipartUpload(r.build()));
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Abort an upload (its parts go to the garbage feed); prints the revision.",
            footerHeading = "%nExamples:%n", footer = {"  metactl mpu abort photos big.iso 00000000000000a1"})
    static final class Abort extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Parameters(index = "2", paramLabel = "UPLOAD_ID")
        String uploadId;

        @Override
        void run(MetaClient c) {
            AbortMultipartUploadResponse r = c.blocking().abortMultipartUpload(AbortMultipartUploadRequest
                    .newBuilder().setBucket(bucket).setKey(key).setUploadId(uploadId).build());
            if (json()) {
                printJson(r);
            } else {
                printFields(List.<String[]>of(field("Revision", r.getRevision())));
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the uploads in progress in a bucket: one page, or every page with --all.",
            footerHeading = "%nExamples:%n", footer = {"  metactl mpu ls photos --prefix big"})
    static final class Ls extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Option(names = "--prefix", paramLabel = "P")
        String prefix = "";

        @Option(names = "--delimiter", paramLabel = "D")
        String delimiter = "";

        @Option(names = "--key-marker", paramLabel = "KEY")
        String keyMarker = "";

        @Option(names = "--upload-id-marker", paramLabel = "ID")
        String uploadIdMarker = "";

        @Option(names = "--max-uploads", paramLabel = "N")
        Integer maxUploads;

        @Option(names = "--all", description = "follow the markers to the end")
        boolean all;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            ListMultipartUploadsResponse.Builder merged = ListMultipartUploadsResponse.newBuilder();
            String km = keyMarker;
            String um = uploadIdMarker;
            while (true) {
                ListMultipartUploadsRequest.Builder r = ListMultipartUploadsRequest.newBuilder().setBucket(bucket)
                        .setPrefix(prefix).setDelimiter(delimiter).setKeyMarker(km).setUploadIdMarker(um)
                        .setConsistency(read.consistency());
                if (maxUploads != null) {
                    r.setMaxUploads(maxUploads);
                }
                if (read.minRevision != null) {
                    r.setMinRevision(read.minRevision);
                }
                ListMultipartUploadsResponse page = c.blocking().listMultipartUploads(r.build());
                merged.addAllUploads(page.getUploadsList()).addAllCommonPrefixes(page.getCommonPrefixesList())
                        .setIsTruncated(page.getIsTruncated()).setNextKeyMarker(page.getNextKeyMarker())
                        .setNextUploadIdMarker(page.getNextUploadIdMarker()).setRevision(page.getRevision());
                if (!all || !page.getIsTruncated()) {
                    break;
                }
                km = page.getNextKeyMarker();
                um = page.getNextUploadIdMarker();
            }
            if (json()) {
                printJson(merged);
                return;
            }
            Table t = new Table("KEY", "UPLOAD_ID", "REVISION", "CREATED", "CONTENT_TYPE");
            for (String p : merged.getCommonPrefixesList()) {
                t.row(p, "PRE", "", "", "");
            }
            for (Upload u : merged.getUploadsList()) {
                t.row(u.getKey(), u.getUploadId(), u.getRevision(), time(u.getCreatedAt()), u.getContentType());
            }
            t.print(out());
            if (merged.getIsTruncated()) {
                out().println("(truncated; next page: --key-marker " + merged.getNextKeyMarker()
                        + " --upload-id-marker " + merged.getNextUploadIdMarker() + ", or --all)");
            }
        }
    }

    @Command(name = "parts", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the parts of an upload: one page, or every page with --all.",
            footerHeading = "%nExamples:%n", footer = {"  metactl mpu parts photos big.iso 00000000000000a1 --all"})
    static final class Parts extends Base {
        @Parameters(index = "0", paramLabel = "BUCKET")
        String bucket;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Parameters(index = "2", paramLabel = "UPLOAD_ID")
        String uploadId;

        @Option(names = "--part-number-marker", paramLabel = "N", description = "parts after number N")
        int marker;

        @Option(names = "--max-parts", paramLabel = "N")
        Integer maxParts;

        @Option(names = "--all", description = "follow the markers to the end")
        boolean all;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Override
        void run(MetaClient c) {
            ListPartsResponse.Builder merged = ListPartsResponse.newBuilder();
            int m = marker;
            while (true) {
                ListPartsRequest.Builder r = ListPartsRequest.newBuilder().setBucket(bucket).setKey(key)
                        .setUploadId(uploadId).setPartNumberMarker(m).setConsistency(read.consistency());
                if (maxParts != null) {
                    r.setMaxParts(maxParts);
                }
                if (read.minRevision != null) {
                    r.setMinRevision(read.minRevision);
                }
                ListPartsResponse page = c.blocking().listParts(r.build());
                merged.addAllParts(page.getPartsList()).setIsTruncated(page.getIsTruncated())
                        .setNextPartNumberMarker(page.getNextPartNumberMarker()).setRevision(page.getRevision());
                if (!all || !page.getIsTruncated()) {
                    break;
                }
                m = page.getNextPartNumberMarker();
            }
            if (json()) {
                printJson(merged);
                return;
            }
            ObjectCommands.printParts(this, merged.getPartsList());
            if (merged.getIsTruncated()) {
                out().println("(truncated; next page: --part-number-marker " + merged.getNextPartNumberMarker()
                        + ", or --all)");
            }
        }
    }
}
