package io.objmeta.wal.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a test's main class on the test classpath, whose stdout lines are collected as they come,
 * and which can be killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) to simulate a crash.
 * Always used in try-with-resources, so no child outlives its test.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private ChildProcess(Process process) {
        this.process = process;
        this.pump = new Thread(this::pumpStdout, "child-stdout");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /** Starts {@code mainClass} with {@code args}; stderr goes to {@code stderrFile} for post-mortems. */
    public static ChildProcess start(Class<?> mainClass, Path stderrFile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1"); // start fast; the child is killed within a second or two
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        return new ChildProcess(pb.start());
    }

    private void pumpStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child was killed mid-line; whatever was read completely is kept
        }
    }

    /** Lines printed so far (complete lines only). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits until at least {@code n} lines arrived or the child exited; false on timeout. */
    public boolean awaitLines(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (lines.size() < n && process.isAlive() && System.nanoTime() < deadline) {
            synchronized (this) {
                wait(5); // polls a pipe another thread fills; there is no event to block on here
            }
        }
        return lines.size() >= n;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then wait for the process and for every line it managed to print. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        pump.join(10_000);
    }

    /** Waits for a normal exit and returns the exit code. */
    public int waitFor(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("child did not exit within " + timeoutMillis + " ms");
        }
        pump.join(10_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
