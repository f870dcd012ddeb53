package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.LoadRunner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CPU time over the measured window: of the worker threads (the engine's own cost per op, which stays put when
 * other processes take the cores away, unlike ops/s) and of the whole process (feeders, GC, JIT), with the
 * system load average beside it. On a shared machine these say how much of the CPU the run actually had. On
 * Linux it also reads the bytes the process passed to write calls ({@code wchar} of {@code /proc/self/io}; LMDB
 * writes its pages with pwrite), for write amplification. ({@code write_bytes} there counts whole page-cache folios,
 * which on kernels with large folios is far more than was written.)
 */
final class CpuMeter {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<Long> workerIds = new CopyOnWriteArrayList<>();

    CpuMeter() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** Call on each worker thread, in its op factory. */
    void registerWorker() {
        workerIds.add(Thread.currentThread().getId());
    }

    /** Adds the counters {@link #report} reads. */
    LoadRunner.Builder counters(LoadRunner.Builder runner) {
        return runner.counter("workerCpuNanos", this::workerCpuNanos)
                .counter("processCpuNanos", CpuMeter::processCpuNanos)
                .counter("writeBytes", () -> procIo("wchar: "));
    }

    /**
     * Puts workerCpuCores, processCpuCores (average cores busy over the window), cpuMicrosPerOp (worker CPU per
     * {@code units}, e.g. puts), loadAverage and, on Linux, writeBytesPerOp (bytes passed to write calls per unit)
     * into {@code extra}.
     */
    static void report(Map<String, Object> extra, LoadResult result, long units) {
        double worker = result.counter("workerCpuNanos") / 1e9;
        extra.put("workerCpuCores", worker / result.seconds());
        extra.put("processCpuCores", result.counter("processCpuNanos") / 1e9 / result.seconds());
        if (units > 0) {
            extra.put("cpuMicrosPerOp", worker * 1e6 / units);
        }
        extra.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (units > 0 && PROC_IO_READABLE) {
            extra.put("writeBytesPerOp", (double) result.counter("writeBytes") / units);
        }
    }

    private static final Path PROC_IO = Path.of("/proc/self/io");
    private static final boolean PROC_IO_READABLE = procIo("wchar: ") >= 0;

    /** A field of /proc/self/io, or -1 where there is none. */
    private static long procIo(String field) {
        try {
            for (String line : Files.readAllLines(PROC_IO)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the field is left out
        }
        return -1;
    }

    private long workerCpuNanos() {
        long sum = 0;
        for (long id : workerIds) {
            sum += Math.max(0, threads.getThreadCpuTime(id)); // -1 once a thread ended
        }
        return sum;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
