package io.objmeta.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnOpResult;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.client.MetaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metactl txn -f FILE}: an atomic batch of puts and deletes. */
@Command(name = "txn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply a transaction: up to 128 puts and deletes, each with its own condition, all at one "
                + "revision or none (a failed condition exits 4 and names the operation).",
                "FILE holds a TxnRequest in proto3 JSON (strict: unknown fields are errors; location is base64)."},
        footerHeading = "%nExamples:%n",
        footer = {"  cat > rename.json <<'JSON'",
                "  {\"ops\": [",
                "    {\"put\":    {\"bucket\": \"photos\", \"key\": \"new.jpg\", \"size\": \"1234\", \"etag\": \"e1\",",
                "                \"location\": \"YmxvYi0x\", \"expectedRevision\": \"0\"}},",
                "    {\"delete\": {\"bucket\": \"photos\", \"key\": \"old.jpg\", \"expectedRevision\": \"42\"}}]}",
                "  JSON",
                "  metactl txn -f rename.json",
                "  generate-ops | metactl -o json txn -f -"})
final class TxnCommand extends Base {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
            description = "the TxnRequest as proto3 JSON; - for standard input")
    String file;

    @Override
    void run(MetaClient c) {
        TxnRequest req = read();
        TxnResponse r = c.blocking().txn(req);
        if (json()) {
            printJson(r);
            return;
        }
        printFields(java.util.List.<String[]>of(field("Revision", r.getRevision())));
        out().println();
        Table t = new Table("#", "OP", "BUCKET", "KEY", "REVISION", "VERSION_ID", "DELETE_MARKER");
        for (int i = 0; i < r.getResultsCount(); i++) {
            TxnOpResult res = r.getResults(i);
            TxnOp op = i < req.getOpsCount() ? req.getOps(i) : TxnOp.getDefaultInstance();
            if (res.hasPut()) {
                t.row(i, "put", op.getPut().getBucket(), op.getPut().getKey(), res.getPut().getRevision(),
                        res.getPut().getVersionId(), "no");
            } else {
                t.row(i, "delete", op.getDelete().getBucket(), op.getDelete().getKey(),
                        res.getDelete().getRevision(), res.getDelete().getVersionId(),
                        res.getDelete().getIsDeleteMarker() ? "yes" : "no");
            }
        }
        t.print(out());
    }

    private TxnRequest read() {
        String text;
        try {
            if ("-".equals(file)) {
                InputStream in = Metactl.root(spec).stdin();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new Metactl.UsageError("--file: no such file: " + file);
        } catch (IOException e) {
            throw new Metactl.UsageError("--file: cannot read " + file + ": " + e.getMessage());
        }
        TxnRequest.Builder b = TxnRequest.newBuilder();
        try {
            JsonFormat.parser().merge(text, b); // strict: unknown fields and enum names are errors
        } catch (InvalidProtocolBufferException e) {
            throw new Metactl.UsageError("--file " + file + ": not a TxnRequest in proto3 JSON: " + e.getMessage());
        }
        return b.build();
    }
}
