package io.objmeta.snapshot.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", header = "read-only HTTP browsing on 127.0.0.1",
        description = {"Serves PATH read-only over HTTP on 127.0.0.1 until interrupted (Ctrl-C), "
        + "and prints its URL. Pages:",
        "  /                                   HTML: the buckets; each links to its listing",
        "  /ui/BUCKET?prefix=P&delimiter=/      HTML: one level of a bucket (folders and keys)",
        "  /api/buckets                        JSON: {revision, buckets}",
        "  /api/buckets/BUCKET/objects?prefix=&delimiter=&continuationToken=&maxKeys=",
        "                                      JSON: ListObjectsResponse",
        "  /api/buckets/BUCKET/versions?prefix=&delimiter=&keyMarker=&versionIdMarker=&maxKeys=",
        "                                      JSON: ListObjectVersionsResponse",
        "  /api/buckets/BUCKET/object?key=KEY  JSON: every version of KEY, newest first",
        "JSON is proto3 JSON, as the server's HTTP/JSON surface; errors are {\"error\": ...} with 400 or 404."},
        footer = {"", "Examples:", "  metasnap serve backups/meta-1200            # prints http://127.0.0.1:PORT/",
                "  metasnap serve backups/meta-1200 --port 8080", ExitCodes.HELP})
public final class ServeCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Option(names = "--port", defaultValue = "0", description = "TCP port on 127.0.0.1 (default: 0, any free one)")
    int port;

    @Override
    public Integer call() throws IOException {
        try (Input in = Input.open(path)) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.createContext("/", new BrowseHandler(in.core()));
            server.setExecutor(null); // one dispatcher thread: the inspector is not thread-safe
            server.start();
            try {
                out().println("metasnap: serving " + path + " (" + in.kind().label() + ", revision "
                        + in.core().revision() + ") read-only at http://127.0.0.1:" + server.getAddress().getPort()
                        + "/ (Ctrl-C to stop)");
                out().flush();
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.stop(0);
            }
            return ExitCodes.OK;
        }
    }
}
