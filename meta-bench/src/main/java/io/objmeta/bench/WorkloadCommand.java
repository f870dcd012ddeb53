package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.LoadRunner;
import io.objmeta.bench.load.Op;
import io.objmeta.bench.load.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of every workload subcommand: shared options, the run, the printing and the
 * exit status. A subclass sets up its target in {@link #measure()} and calls {@link #run}.
 */
abstract class WorkloadCommand implements Callable<Integer> {

    /** The run finished and its report is valid, but some calls failed. */
    static final int EXIT_ERRORS = 3;

    @Mixin
    RunOptions runOptions;

    @Spec
    CommandSpec spec;

    /** Sets up the target, runs the load, tears the target down, and describes the result. */
    protected abstract Report measure() throws Exception;

    @Override
    public final Integer call() throws Exception {
        if (runOptions.seconds < 1) {
            throw usage("--seconds: " + runOptions.seconds + " (expected: >= 1)");
        }
        if (runOptions.warmupSeconds < 0) {
            throw usage("--warmup-seconds: " + runOptions.warmupSeconds + " (expected: >= 0)");
        }
        Report report = measure();
        String table = Report.table(List.of(report));
        if (runOptions.json) {
            err().print(table);
            err().flush();
            out().println(report.toJson());
        } else {
            out().print(table);
        }
        out().flush();
        boolean sawErrors = report.errors() > 0 || report.extra().containsKey("unmeasuredErrors");
        return sawErrors ? EXIT_ERRORS : 0;
    }

    /** A runner with the shared durations set; the caller adds threads and counters. */
    protected final LoadRunner.Builder runner() {
        return LoadRunner.builder()
                .warmup(Duration.ofSeconds(runOptions.warmupSeconds))
                .measure(Duration.ofSeconds(runOptions.seconds));
    }

    /** Runs the load with progress and every error class on stderr. */
    protected final LoadResult run(LoadRunner runner, Op.Factory ops) throws Exception {
        progress("%s: %d thread(s), %d s warm-up, %d s measured", spec.name(), runner.threads(),
                runner.warmup().toSeconds(), runner.measure().toSeconds());
        LoadResult result = runner.run(ops);
        result.errorsByType().forEach((type, count) ->
                progress("errors: %d x %s, e.g. %s", count.count(), type, count.example()));
        return result;
    }

    protected final void progress(String format, Object... args) {
        err().println(String.format(format, args));
        err().flush();
    }

    protected final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Says so on stderr when the scratch directory is on a file system where fsync is free. */
    protected final void checkDisk(ScratchDir scratch) throws IOException {
        progress("scratch directory %s (%s)", scratch.path(), scratch.fileSystemType());
        if (scratch.inMemory()) {
            progress("WARNING: %s is in memory; fsync costs nothing there, these are not disk numbers",
                    scratch.path());
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
