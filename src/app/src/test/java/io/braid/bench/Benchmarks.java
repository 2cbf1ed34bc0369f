package io.braid.bench;

import com.sun.management.OperatingSystemMXBean;
import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.db.Database;
import io.braid.embedded.CompiledJobResolver;
import io.braid.embedded.EmbeddedBraid;
import io.braid.gate.JdbcLedger;
import io.braid.gate.LocalLedger;
import io.braid.gate.ResourceLedger;
import io.braid.gate.ResourceRequest;
import io.braid.graph.Dag;
import io.braid.liberty.Http;
import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.Workflow;
import io.braid.parse.WorkflowParser;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import io.braid.testing.Checkout;
import io.braid.testing.Postgres;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Braid's benchmark harness (not part of the test suite). Everything is measured side by side in the same
 * run and reported as ratios; medians of {@code braid.bench.reps} repetitions. Writes docs/benchmarks.md and
 * docs/benchmarks.json. Run with: {@code mvn -Pbench -DskipTests package} (see docs/benchmarks.md).
 */
public final class Benchmarks {
    private final int reps = Integer.getInteger("braid.bench.reps", 3);
    private final String liberty = System.getProperty("braid.bench.liberty", "");
    private final String libertyHttps = System.getProperty("braid.bench.libertyHttps",
            liberty.replace("http://", "https://").replace(":9080", ":9443"));
    /** Braid's API of the first server of a running two-server cluster (docs/scale-out.md), for the (i) rows. */
    private final String cluster = System.getProperty("braid.bench.cluster", "");
    private final String clusterHttps = System.getProperty("braid.bench.clusterHttps", "");
    private final EmbeddedBraid braid;
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> libertyLatencies = new ArrayList<>();
    private final JsonObjectBuilder json = Json.createObjectBuilder();
    private final StringBuilder md = new StringBuilder();
    /** Target checks: what, measured, met. */
    private final List<String[]> checks = new ArrayList<>();

    private Benchmarks(EmbeddedBraid braid) {
        this.braid = braid;
    }

    public static void main(String[] args) throws Exception {
        // as the command line runs: warnings only (a line per task on the console would be measured, not Braid)
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
        console.setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("").addHandler(console);
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path data = Path.of("target/bench-data");
        deleteTree(data);
        Benchmarks b = new Benchmarks(EmbeddedBraid.open(data));
        b.runAll();
        System.exit(0); // JBeret's and H2's threads would keep the JVM alive
    }

    /** Sections to run, by letter (braid.bench.only=c,j), for profiling one of them; all by default. */
    private final Set<String> only = Set.of(System.getProperty("braid.bench.only", "").split(","));

    private boolean selected(String section) {
        return only.equals(Set.of("")) || only.contains(section);
    }

    private void runAll() throws Exception {
        header();
        if (selected("a")) {
            makespans();
            latency("(b) Dependency latency, JBeret SE", latencies, 10, "dependencyLatencySe");
        }
        if (selected("c")) {
            overhead();
        }
        if (selected("d")) {
            speedup();
        }
        if (selected("e")) {
            fanOut();
        }
        if (selected("f")) {
            csvImport();
            durableCommits();
        }
        if (selected("g")) {
            compileTime();
        }
        if (selected("j")) {
            commandLine();
        }
        if (selected("h")) {
            libertyRows();
        }
        if (selected("i")) {
            scaleOut();
        }
        targets();
        // a partial run (braid.bench.only) prints its figures but leaves the published page alone
        if (only.equals(Set.of(""))) {
            Files.createDirectories(Checkout.file("docs"));
            Files.writeString(Checkout.file("docs/benchmarks.md"), md.toString(), StandardCharsets.UTF_8);
            Files.writeString(Checkout.file("docs/benchmarks.json"), json.build().toString() + "\n", StandardCharsets.UTF_8);
        }
        System.out.println(md);
    }

    // ---- (j) the command line in a fresh JVM -----------------------------------------------------------------

    /**
     * What a user of the command line waits for: each command in a new JVM, from its start to its exit, the way the
     * README runs it (target/bin/braid, with the build's class-data archive) and without the archive
     * ({@code java -jar}), next to a JVM that only prints its version (the floor no Java command goes below).
     */
    private void commandLine() throws Exception {
        Path dir = Path.of("target/bench-data/cli").toAbsolutePath();
        Files.createDirectories(dir);
        Path one = Files.writeString(dir.resolve("one.yaml"), "name: bench-one\ntasks:\n  - { id: a, type: wait, with: { duration: 0ms } }\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String data = dir.resolve("data").toString();
        Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
        commands.put("java -version (a JVM that does nothing)", List.of(java, "-version"));
        commands.put("java -jar braid-cli.jar run one.yaml", List.of(java, "-jar", Checkout.file("src/embedded/target/braid-cli.jar").toString(), "run", "--data", data, one.toString()));
        commands.put("target/bin/braid run one.yaml", List.of(Checkout.file("src/embedded/target/bin/braid").toString(), "run", "--data", data, one.toString()));
        commands.put("target/bin/braid run one.yaml, with C2 (-XX:TieredStopAtLevel=4)", List.of("env",
                "BRAID_JAVA_OPTS=-XX:TieredStopAtLevel=4", Checkout.file("src/embedded/target/bin/braid").toString(), "run", "--data", data, one.toString()));
        commands.put("target/bin/braid validate one.yaml", List.of(Checkout.file("src/embedded/target/bin/braid").toString(), "validate", one.toString()));
        commands.put("java -jar braid-cli.jar validate one.yaml", List.of(java, "-jar", Checkout.file("src/embedded/target/braid-cli.jar").toString(), "validate", one.toString()));
        Map<String, Long> medians = new java.util.LinkedHashMap<>();
        int n = Math.max(reps, 5);
        for (String what : commands.keySet()) { // one warm-up each: the page cache, not the JVM, is what it warms
            processMillis(commands.get(what));
        }
        Map<String, List<Long>> samples = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) { // interleaved, so every command sees the same machine state
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                samples.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(processMillis(c.getValue()));
            }
        }
        samples.forEach((k, v) -> {
            Collections.sort(v);
            medians.put(k, v.get(v.size() / 2));
        });
        long floor = medians.get("java -version (a JVM that does nothing)");
        md.append("\n### (j) The command line in a fresh JVM\n\n")
                .append("Each command started as a new process and timed to its exit, median of ").append(n)
                .append(" (interleaved; one untimed pass first). `target/bin/braid` is the README's command: ")
                .append("`braid-cli.jar` with the class-data sharing archive the build makes. The one-task workflow is a ")
                .append("`wait` of 0 ms on a data folder that already exists. Targets: `run` ≤ 1.5 s, `validate` < 0.5 s.\n\n")
                .append("| command | ms | ÷ java -version |\n|---|---:|---:|\n");
        JsonObjectBuilder rows = Json.createObjectBuilder();
        medians.forEach((k, v) -> {
            md.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f |%n", k, v, v / (double) floor));
            rows.add(k, v);
        });
        long run = medians.get("target/bin/braid run one.yaml");
        long validate = medians.get("target/bin/braid validate one.yaml");
        checks.add(new String[]{"(j) one-task run from the command line ≤ 1.5 s", run + " ms (" + medians.get("java -jar braid-cli.jar run one.yaml")
                + " ms without the archive)", run <= 1500 ? "met" : "missed"});
        checks.add(new String[]{"(j) validate from the command line < 0.5 s", validate + " ms", validate < 500 ? "met" : "missed"});
        json.add("commandLine", rows);
    }

    private static long processMillis(List<String> command) {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void header() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        long memGiB = Math.round(((OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1024.0 * 1024 * 1024));
        String machine = Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGiB + " GiB, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
        String date = Instant.now().toString().substring(0, 10);
        md.append("# Braid benchmarks\n\n")
                .append("Generated by `mvn -Pbench verify` (harness: `src/test/java/io/braid/bench`). ")
                .append("Every figure is a ratio or distribution measured side by side in the same run; medians of ")
                .append(reps).append(" repetitions. Raw numbers: [benchmarks.json](benchmarks.json).\n\n")
                .append("- Date: ").append(date).append("\n- Machine: ").append(machine)
                .append("\n- Runtime: JBeret SE 3.1 (cached thread pool), H2 file job repository, Weld SE; all tasks are `wait` tasks except in (f)\n")
                .append(liberty.isBlank() ? "" : "- Liberty rows against " + liberty + " (Open Liberty 26.0.0.3 on the same machine, "
                        + "running but idle during the JBeret SE rows)\n");
        json.add("date", date).add("machine", machine).add("repetitions", reps);
    }

    // ---- (a) makespan vs lower bound, Braid vs naive level-by-level splits --------------------------------

    private void makespans() throws Exception {
        md.append("\n### (a) Makespan against the lower bound, JBeret SE\n\n")
                .append("Lower bound = max(critical path, total work ÷ maxParallel). Makespan = first task start to last ")
                .append("task end. *Naive* = the same DAG as one split per dependency level (how it is written by hand), ")
                .append("same steps, listeners and cap. Target: Braid within 5 % of the best achievable order, never worse ")
                .append("than naive.\n\n")
                .append("| shape | tasks | cap | lower bound ms | Braid ms | Braid ÷ bound | naive ms | naive ÷ bound | Braid ÷ naive |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        JsonArrayBuilder rows = Json.createArrayBuilder();
        for (Shapes.Shape s : Shapes.all()) {
            String name = "bench-" + s.name();
            CompiledWorkflow compiled = braid.deploy(name + ".yaml", s.yaml());
            braid.deploy(name + "-naive.yaml", NaiveJobXml.levels(name + "-naive", s));
            long bound = s.lowerBoundMillis();
            // latency only where the cap never binds (width <= cap): every ready task has a free slot
            List<Long> sink = width(s) <= s.maxParallel() ? latencies : null;
            long braidMs = median(() -> makespan(run(name), sink));
            long naiveMs = median(() -> makespan(run(name + "-naive"), null));
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %d | %.3f | %.3f |%n", s.name(),
                    s.nodes().size(), s.maxParallel(), bound, braidMs, braidMs / (double) bound, naiveMs,
                    naiveMs / (double) bound, braidMs / (double) naiveMs));
            checks.add(new String[]{"(a) " + s.name() + ": Braid ÷ bound ≤ 1.05, Braid ≤ naive (±3 % noise)",
                    String.format(Locale.ROOT, "%.3f; %.3f × naive", braidMs / (double) bound, braidMs / (double) naiveMs),
                    braidMs <= 1.05 * bound && braidMs <= 1.03 * naiveMs ? "met" : "missed"});
            rows.add(Json.createObjectBuilder().add("shape", s.name()).add("tasks", s.nodes().size())
                    .add("maxParallel", s.maxParallel()).add("lowerBoundMs", bound).add("braidMs", braidMs)
                    .add("naiveMs", naiveMs));
        }
        json.add("makespan", rows);
    }

    private RunView run(String job) {
        try {
            long exec = braid.start(job, Map.of());
            // waited for on the job execution alone, so that reading the run's record (1,000 partition tries in (e))
            // every few milliseconds does not take the cores from the run it measures; then the record once
            plainJobMillis(exec);
            braid.await(exec, Duration.ofMinutes(10), r -> { });
            return braid.records().run(braid.runId(exec)).orElseThrow();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** First task start to last task end; collects dependency latencies of tasks that had a free slot. */
    private static long makespan(RunView r, List<Long> latencies) {
        if (!r.status().equals("COMPLETED")) {
            throw new IllegalStateException("benchmark run " + r.id() + " ended " + r.status());
        }
        long start = r.tasks().stream().mapToLong(t -> t.start().toEpochMilli()).min().orElseThrow();
        long end = r.tasks().stream().mapToLong(t -> t.end().toEpochMilli()).max().orElseThrow();
        if (latencies != null) {
            latencies.addAll(dependencyLatencies(r));
        }
        return end - start;
    }

    /**
     * For each task with needs: its start minus the end of its last need, counted only if fewer than the
     * cap's worth of other tasks were running at that instant (so the wait was Braid's, not the cap's).
     */
    static List<Long> dependencyLatencies(RunView r) {
        return dependencyLatencies(r, needsOf(r.workflow()), capOf(r.workflow()));
    }

    static List<Long> dependencyLatencies(RunView r, Map<String, List<String>> needs, int cap) {
        Map<String, TaskView> byId = new HashMap<>();
        r.tasks().forEach(t -> byId.put(t.id(), t));
        List<Long> out = new ArrayList<>();
        for (TaskView t : r.tasks()) {
            List<String> ns = needs.getOrDefault(t.id(), List.of());
            if (ns.isEmpty()) {
                continue;
            }
            long ready = ns.stream().mapToLong(n -> byId.get(n).end().toEpochMilli()).max().orElseThrow();
            long busy = r.tasks().stream().filter(o -> o != t && o.start().toEpochMilli() <= ready
                    && o.end().toEpochMilli() > ready).count();
            if (busy < cap) {
                long latency = t.start().toEpochMilli() - ready;
                out.add(latency);
                synchronized (TAIL) { // where the tail is: the largest samples, with their run's position
                    TAIL.add(new TailSample(latency, r.workflow(), t.id(), busy, Duration.between(
                            r.tasks().stream().map(TaskView::start).min(Comparator.naturalOrder()).orElseThrow(),
                            t.start()).toMillis()));
                }
            }
        }
        return out;
    }

    /** A dependency-latency sample: which task of which run, how many tasks ran then, how far into its run. */
    private record TailSample(long millis, String workflow, String task, long running, long sinceRunStartMillis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d ms: %s %s (%d other tasks running, %d ms into the run)", millis,
                    workflow.replace("bench-", ""), task, running, sinceRunStartMillis);
        }
    }

    private static final List<TailSample> TAIL = new ArrayList<>();

    /** The largest samples collected since the last call, for the tables' "where the tail is". */
    private static String tail(int n) {
        synchronized (TAIL) {
            String out = TAIL.stream().sorted(Comparator.comparingLong(TailSample::millis).reversed()).limit(n)
                    .map(TailSample::toString).collect(java.util.stream.Collectors.joining("; "));
            TAIL.clear();
            return out;
        }
    }

    private static final Map<String, Map<String, List<String>>> NEEDS = new HashMap<>();
    private static final Map<String, Integer> CAPS = new HashMap<>();

    static {
        for (Shapes.Shape s : Shapes.all()) {
            Map<String, List<String>> m = new HashMap<>();
            s.nodes().forEach(n -> m.put(n.id(), n.needs()));
            NEEDS.put("bench-" + s.name(), m);
            CAPS.put("bench-" + s.name(), s.maxParallel());
        }
    }

    private static Map<String, List<String>> needsOf(String workflow) {
        return NEEDS.get(workflow.replace("-naive", ""));
    }

    private static int capOf(String workflow) {
        return CAPS.get(workflow.replace("-naive", ""));
    }

    private void latency(String title, List<Long> values, long target, String key) {
        if (values.isEmpty()) {
            return;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        md.append("\n### ").append(title).append("\n\n")
                .append("Task start minus the end of its last need, on the shapes above whose width is at most their cap, ")
                .append("so every task has a free slot when its needs end (").append(sorted.size())
                .append(" samples; the records have millisecond resolution).\n\n")
                .append("| p50 ms | p99 ms | max ms | target p99 |\n|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %d | ≤ %d ms |%n", p50, p99, sorted.get(sorted.size() - 1), target))
                .append("\nThe largest samples: ").append(tail(5)).append(".\n");
        checks.add(new String[]{title.substring(0, 3) + " p99 dependency latency ≤ " + target + " ms (" + title.substring(title.lastIndexOf(',') + 2) + ")",
                p99 + " ms (p50 " + p50 + " ms)", p99 <= target ? "met" : "missed"});
        json.add(key, Json.createObjectBuilder().add("samples", sorted.size()).add("p50Ms", p50).add("p99Ms", p99)
                .add("maxMs", sorted.get(sorted.size() - 1)));
    }

    // ---- (c) overhead per task ----------------------------------------------------------------------------

    /** The chain of (c) on Liberty, deployed there as a workflow (BenchWorkflowsTest). */
    static final String LIBERTY_CHAIN = "bench-chain-200";
    static final int LIBERTY_CHAIN_TASKS = 200;

    /** A chain of {@code n} tasks that wait 0 ms: what Braid adds to a step, and nothing else. */
    static String chainYaml(String name, int n) {
        StringBuilder yaml = new StringBuilder("name: " + name + "\nmaxParallel: 1\ntasks:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  - { id: t").append(i).append(", type: wait, with: { duration: 0ms }")
                    .append(i > 0 ? ", needs: [t" + (i - 1) + "]" : "").append(" }\n");
        }
        return yaml.toString();
    }

    private void overhead() throws Exception {
        int n = 1000;
        braid.deploy("bench-chain-1000.yaml", chainYaml("bench-chain-1000", n));
        Files.writeString(jobsDir().resolve("bench-plain-1000.xml"), NaiveJobXml.plainChain("bench-plain-1000", n));
        for (int i = 0; i < 2; i++) { // warm-up of both paths
            plainJobMillis(braid.start("bench-plain-1000", Map.of()));
            jobMillis(braid.start("bench-chain-1000", Map.of()));
        }
        // interleaved, so both see the same machine state
        List<Long> plains = new ArrayList<>();
        List<Long> chains = new ArrayList<>();
        for (int i = 0; i < Math.max(reps, 5); i++) {
            plains.add(plainJobMillis(braid.start("bench-plain-1000", Map.of())));
            chains.add(jobMillis(braid.start("bench-chain-1000", Map.of())));
        }
        Collections.sort(plains);
        Collections.sort(chains);
        long plain = plains.get(plains.size() / 2);
        long chain = chains.get(chains.size() / 2);
        md.append("\n### (c) Overhead per task, JBeret SE\n\n")
                .append("A chain of 1,000 `wait 0ms` tasks through Braid (gate, listeners, run records) against 1,000 plain ")
                .append("JBeret steps with a no-op batchlet, both with the H2 job repository; interleaved, median of ")
                .append(Math.max(reps, 5)).append(" after two warm-ups. Target ≤ 1.5×.\n\n")
                .append("| plain JBeret ms | Braid ms | Braid ÷ plain | plain ms/step | Braid ms/task |\n|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f |%n", plain, chain, chain / (double) plain,
                        plain / (double) n, chain / (double) n));
        checks.add(new String[]{"(c) overhead ≤ 1.5 × plain JBeret", String.format(Locale.ROOT, "%.2f ×", chain / (double) plain),
                chain <= 1.5 * plain ? "met" : "missed"});
        json.add("overhead", Json.createObjectBuilder().add("tasks", n).add("plainMs", plain).add("braidMs", chain));
    }

    /** A job without Braid's listeners: waits on the batch runtime alone. */
    private long plainJobMillis(long execution) {
        try {
            while (true) {
                JobExecution e = braid.operator().getJobExecution(execution);
                if (e.getEndTime() != null) {
                    return e.getEndTime().getTime() - e.getStartTime().getTime();
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Braid job, watched the same way as the plain one (its job execution only), so that reading its run record
     * while it runs does not take the cores from it; the record is checked once it ended.
     */
    private long jobMillis(long execution) {
        long ms = plainJobMillis(execution);
        RunView r;
        try { // the run's end is recorded by the job's listener, just before or after the job execution's end
            r = braid.await(execution, Duration.ofMinutes(1), v -> { }) != null
                    ? braid.records().run(braid.runId(execution)).orElseThrow() : null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (!"COMPLETED".equals(r.status())) {
            throw new IllegalStateException("benchmark run " + r.id() + " ended " + r.status());
        }
        return ms;
    }

    // ---- (d) speedup --------------------------------------------------------------------------------------

    private void speedup() throws Exception {
        for (int cap : new int[]{1, 20}) {
            StringBuilder yaml = new StringBuilder("name: bench-speedup-" + cap + "\nmaxParallel: " + cap + "\ntasks:\n");
            for (int i = 0; i < 20; i++) {
                yaml.append("  - { id: t").append(i).append(", type: wait, with: { duration: 200ms } }\n");
            }
            braid.deploy("bench-speedup-" + cap + ".yaml", yaml.toString());
        }
        long one = median(() -> makespan(run("bench-speedup-1"), null));
        long twenty = median(() -> makespan(run("bench-speedup-20"), null));
        md.append("\n### (d) Speedup against sequential, JBeret SE\n\n")
                .append("20 independent 200 ms tasks with maxParallel 1 and 20. Target ≥ 0.9 × 20 = 18.\n\n")
                .append("| maxParallel 1 ms | maxParallel 20 ms | speedup |\n|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %.1f |%n", one, twenty, one / (double) twenty));
        checks.add(new String[]{"(d) speedup ≥ 18", String.format(Locale.ROOT, "%.1f", one / (double) twenty),
                one >= 18 * twenty ? "met" : "missed"});
        json.add("speedup", Json.createObjectBuilder().add("sequentialMs", one).add("parallelMs", twenty));
    }

    // ---- (e) fan-out ----------------------------------------------------------------------------------------

    private void fanOut() throws Exception {
        braid.deploy("bench-fanout.yaml", """
                name: bench-fanout
                tasks:
                  - { id: fan, type: wait, fanOut: { range: "1..1000", parallel: 16 }, with: { duration: 10ms } }
                """);
        long bound = 1000 * 10 / 16;
        long ms = median(() -> {
            RunView r = run("bench-fanout");
            TaskView t = r.tasks().get(0);
            if (!"COMPLETED".equals(t.status())) {
                throw new IllegalStateException("fan-out did not complete: " + r);
            }
            return t.end().toEpochMilli() - t.start().toEpochMilli();
        });
        md.append("\n### (e) Fan-out, JBeret SE\n\n")
                .append("One task fanned out over `range: 1..1000` (1,000 partitions of a 10 ms wait), `parallel: 16`. ")
                .append("The lower bound is 1,000 × 10 ms / 16 = ").append(bound).append(" ms; the task's recorded start to end.\n\n")
                .append("| makespan ms | bound ms | ratio | per partition ms |\n|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f |%n", ms, bound, ms / (double) bound, ms * 16 / 1000.0));
        checks.add(new String[]{"(e) fan-out of 1,000 short partitions ≤ 1.3 × its bound", String.format(Locale.ROOT, "%.2f ×",
                ms / (double) bound), ms <= 1.3 * bound ? "met" : "missed"});
        json.add("fanOut", Json.createObjectBuilder().add("makespanMs", ms).add("boundMs", bound));
    }

    // ---- (f) csv-import throughput ----------------------------------------------------------------------------

    private void csvImport() throws Exception {
        int rows = Integer.getInteger("braid.bench.csvRows", 1_000_000);
        Path csv = Path.of("target/bench-data/bench.csv").toAbsolutePath();
        writeCsv(csv, rows);
        DataSource ds = CDI.current().select(Database.class).get().taskDataSource();
        List<Long> plain = new ArrayList<>();
        List<Long> braidMs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            String table = "bench_csv_" + i;
            sql(ds, "CREATE TABLE " + table + "_plain (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(8), amount DECIMAL(8,2))");
            sql(ds, "CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(8), amount DECIMAL(8,2))");
            plain.add(plainImport(ds, csv, table + "_plain"));
            braid.deploy("bench-csv-" + i + ".yaml", """
                    name: bench-csv-%d
                    tasks:
                      - { id: load, type: csv-import, with: { file: "%s", table: %s, chunkSize: 1000 } }
                    """.formatted(i, csv.toString().replace('\\', '/'), table));
            RunView r = run("bench-csv-" + i);
            TaskView t = r.tasks().get(0);
            if (!"COMPLETED".equals(t.status())) {
                throw new IllegalStateException("csv-import did not complete: " + r);
            }
            braidMs.add(t.end().toEpochMilli() - t.start().toEpochMilli());
            sql(ds, "DROP TABLE " + table + "_plain");
            sql(ds, "DROP TABLE " + table);
        }
        plain.sort(Comparator.naturalOrder());
        braidMs.sort(Comparator.naturalOrder());
        long p = plain.get(plain.size() / 2);
        long b = braidMs.get(braidMs.size() / 2);
        double ratio = p / (double) b; // throughput ratio = time ratio inverted
        md.append("\n### (f) csv-import throughput, JBeret SE\n\n")
                .append(String.format(Locale.ROOT, "%,d generated rows (4 columns, quoted names) into H2. Baseline: the same file ", rows))
                .append("parsed with the same library and inserted with plain JDBC batches of 1,000 rows, one commit each, ")
                .append("into an identical table, in the same run. Braid: a `csv-import` task, `chunkSize: 1000`. Target ≥ 1.0 × baseline.\n\n")
                .append("| baseline ms | csv-import ms | baseline rows/s | csv-import rows/s | ratio |\n|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %,d | %,d | %.2f |%n", p, b, rows * 1000L / p, rows * 1000L / b, ratio));
        checks.add(new String[]{"(f) csv-import into H2 ≥ 1.0 × plain JDBC batches", String.format(Locale.ROOT, "%.2f", ratio), ratio >= 1.0 ? "met" : "missed"});
        json.add("csvImport", Json.createObjectBuilder().add("rows", rows).add("plainMs", p).add("braidMs", b));
        Files.deleteIfExists(csv);
    }

    private static void writeCsv(Path csv, int rows) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name,city,amount\n");
            for (int i = 1; i <= rows; i++) {
                w.write(i + ",\"Customer " + i + ", Ltd\"," + (i % 2 == 0 ? "Oslo" : "Lyon") + "," + (i % 1000) + "." + (i % 100) + "\n");
            }
        }
    }

    // ---- (f2) the cost of durable commits ------------------------------------------------------------------

    /**
     * What writing every commit to the file (H2 WRITE_DELAY=0, which Braid uses so that a kill -9 loses no
     * committed record) costs against H2's default of writing behind by up to 500 ms: the commits a task's records
     * make (a status update and a try row), on two fresh file databases side by side.
     */
    private void durableCommits() throws Exception {
        int tasks = Integer.getInteger("braid.bench.commitTasks", 2_000);
        List<Long> durable = new ArrayList<>();
        List<Long> behind = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            durable.add(taskCommits("durable-" + i, ";WRITE_DELAY=0", tasks));
            behind.add(taskCommits("behind-" + i, "", tasks));
        }
        durable.sort(Comparator.naturalOrder());
        behind.sort(Comparator.naturalOrder());
        long d = durable.get(durable.size() / 2);
        long b = behind.get(behind.size() / 2);
        md.append("\n### (f2) Durable commits, H2 file database\n\n")
                .append(String.format(Locale.ROOT, "%,d tasks' record writes (per task: one transaction updating its status, one ", tasks))
                .append("inserting its try), on a fresh H2 file database with `WRITE_DELAY=0` (every commit written to the file ")
                .append("before it returns: what Braid uses, so a killed JVM loses no committed record) and with H2's default ")
                .append("(written behind, up to 500 ms later), side by side.\n\n")
                .append("| written behind ms | durable ms | durable ÷ behind | durable µs per commit |\n|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f |%n", b, d, d / (double) b, d * 1000.0 / (2.0 * tasks)));
        json.add("durableCommits", Json.createObjectBuilder().add("tasks", tasks).add("writtenBehindMs", b).add("durableMs", d));
    }

    private static long taskCommits(String name, String options, int tasks) throws Exception {
        Path dir = Path.of("target/bench-data/commits").toAbsolutePath();
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve(name) + options;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE task_run (id INT PRIMARY KEY, status VARCHAR(16), attempts INT, started BIGINT)");
                st.execute("CREATE TABLE task_try (id INT, attempt INT, status VARCHAR(16), started BIGINT, PRIMARY KEY (id, attempt))");
                st.execute("INSERT INTO task_run SELECT X, 'PENDING', 0, 0 FROM SYSTEM_RANGE(1, " + tasks + ")");
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement up = c.prepareStatement("UPDATE task_run SET status = 'RUNNING', attempts = attempts + 1, started = ? WHERE id = ?");
                 PreparedStatement tr = c.prepareStatement("INSERT INTO task_try VALUES (?, 1, 'RUNNING', ?)")) {
                for (int id = 1; id <= tasks; id++) {
                    up.setLong(1, System.currentTimeMillis());
                    up.setInt(2, id);
                    up.executeUpdate();
                    c.commit();
                    tr.setInt(1, id);
                    tr.setLong(2, System.currentTimeMillis());
                    tr.executeUpdate();
                    c.commit();
                }
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } finally {
            deleteTree(dir);
        }
    }

    private static void sql(DataSource ds, String statement) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The baseline: commons-csv and JDBC batches, committed every 1,000 rows. */
    private static long plainImport(DataSource ds, Path csv, String table) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection();
             CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8,
                     CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name, city, amount) VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            int n = 0;
            for (CSVRecord r : parser) {
                for (int i = 0; i < 4; i++) {
                    ps.setObject(i + 1, r.get(i));
                }
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    // ---- (g) compile time ---------------------------------------------------------------------------------

    private void compileTime() {
        Random r = new Random(10_000);
        StringBuilder yaml = new StringBuilder("name: bench-10k\nmaxParallel: 16\ntasks:\n");
        for (int v = 0; v < 10_000; v++) {
            List<String> needs = new ArrayList<>();
            for (int u = Math.max(0, v - 50); u < v; u++) {
                if (r.nextDouble() < 0.04) {
                    needs.add("t" + u);
                }
            }
            yaml.append("  - { id: t").append(v).append(", type: wait, with: { duration: 10ms }")
                    .append(needs.isEmpty() ? "" : ", needs: [" + String.join(", ", needs) + "]").append(" }\n");
        }
        String text = yaml.toString();
        long[] parse = new long[5];
        long[] compile = new long[5];
        Workflow wf = null;
        CompiledWorkflow c = null;
        for (int i = 0; i < parse.length; i++) {
            long t0 = System.nanoTime();
            try {
                wf = new WorkflowParser().parse("bench-10k.yaml", text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long t1 = System.nanoTime();
            c = new WorkflowCompiler().compile(wf);
            long t2 = System.nanoTime();
            parse[i] = (t1 - t0) / 1_000_000;
            compile[i] = (t2 - t1) / 1_000_000;
        }
        Arrays.sort(parse);
        Arrays.sort(compile);
        md.append("\n### (g) Validation and compile time\n\n")
                .append("A random 10,000-task workflow (").append(text.length() / 1024).append(" KiB of YAML, ")
                .append(wf.tasks().stream().mapToInt(t -> t.needs().size()).sum()).append(" dependencies) ")
                .append("parsed and validated, then compiled to ").append(c.jobXml().length() / 1024)
                .append(" KiB of job XML. Median of 5 in one JVM (the first runs include JIT warm-up). Target < 2 s each.\n\n")
                .append("| validate ms | compile ms | first validate ms | first compile ms |\n|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %d | %d |%n", parse[2], compile[2], parse[4], compile[4]));
        checks.add(new String[]{"(g) validate and compile 10,000 tasks < 2 s each", parse[2] + " ms + " + compile[2] + " ms",
                parse[4] < 2000 && compile[4] < 2000 ? "met" : "missed"});
        json.add("compile10k", Json.createObjectBuilder().add("validateMs", parse[2]).add("compileMs", compile[2])
                .add("validateMaxMs", parse[4]).add("compileMaxMs", compile[4]));
    }

    private void targets() {
        md.append("\n## Targets\n\n| target | measured | |\n|---|---|---|\n");
        for (String[] c : checks) {
            md.append("| ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
        }
        md.append("""

                ## What limits the misses

                Measured on this machine, 2026-12-06; profiles with JDK Flight Recorder (1 ms execution samples).

                - **Overhead per task, JBeret SE** (c): a JFR profile of the chain shows the step thread spending most of
                  its samples in JBeret's own repository writes (a step execution inserted, then updated twice, each on a
                  new connection from `DriverManager` and each a durable commit to the H2 file), the same writes a plain
                  step makes. They cost more in a Braid job because Braid's record writer (`braid-records-writer`) commits
                  to the same H2 store at the same time: an H2 commit writes the changed pages of every table under one
                  store lock. Braid's own listener and batchlet code is about a tenth of the step thread's samples. What
                  this session removed: the records' commits from the step's thread (one writer, plain JDBC, as many
                  writes per transaction as are queued), a flush per task (an empty "skipped" list), re-encoding a
                  workflow's whole graph at every run's start (1,000 tasks: tens of milliseconds), and the harness reading
                  the 1,000-task record while it timed the job: 3.6 ms per task before, about 0.7 ms now. What is left
                  is the shared H2 store; Braid's records on their own database file (or PostgreSQL) would remove the
                  contention, at the price of a second file to back up (not done).
                - **Overhead per task, Liberty** (h): a JFR profile of five warm runs of each chain: Liberty's job
                  repository (its JPA persistence of job and step executions, `com.ibm.jbatch.container.persistence`)
                  is 64 % of the samples of the plain chain and 50 % of Braid's; the batch runtime's other work 20 % and
                  18 %; Braid's own code 22 % of its chain (records writer 12 %, task listener 6 %, run listener 2 %,
                  batchlet 1.5 %). A plain step on Liberty is mostly its job repository; Braid adds its gate and its
                  records to that. The row for `braid-a` shows the same chain with the job repository in PostgreSQL
                  on this machine: a plain step costs about three times what it costs on the H2 file (PostgreSQL
                  flushes its WAL at every commit, H2 writes to the operating system), and Braid's ratio is about the
                  same. The cheaper job repository here is the H2 file; on PostgreSQL, `synchronous_commit = off` for the
                  job repository's user would trade the last commits before a crash for speed (not measured, not
                  recommended for Braid's records).
                - **First run on a started server** (h), profiled with JFR: 47 % of the samples in Liberty's job
                  repository and 19 % in the batch runtime, as warm; Braid's code 24 %. The rest of the first run's
                  time is compilation (JIT threads, which execution samples do not show): the first run executes
                  Braid's paths (gate, records, metrics, CDI proxies) for the first time.
                - **Many flows** (`wide-200-cap16`, both runtimes): 200 flows of 50 ms tasks under a cap of 16; every
                  flow is a batch thread and a step execution in the job repository. Its level-by-level twin, the same
                  200 flows in one split, was within about 10 % of Braid in every run of this session (0.93–1.04 ×
                  naive on JBeret SE), so what limits it is the runtime's cost per flow and step (above), which on two
                  cores is what the cap's free slots wait for, not the order Braid gives them.
                - **Short tasks in sequence** (`deep-chain-40`, `fork-join`, Liberty `random-gnp-100`): the fixed cost per
                  step above, 5–20 ms between a need's end and the next task's start on Liberty, is a few per cent of a
                  shape made of 20–100 ms tasks.
                - **Latency tail** (b, h): the largest samples are listed under each latency table. In this run they are
                  all one moment, on both runtimes: the eight branches of `fork-join` (`m0`…`m7`), released together when
                  `start` ends, with no other task running. They start one after another, 2–3 ms apart on JBeret SE
                  and 4–6 ms on Liberty, which is the fixed cost of starting a step measured in (c) and (h) (the runtime
                  inserts and commits each step execution in its job repository); the last of the eight is the p99.
                  Braid's gate releases all eight at once (the cap is 8); a task ready alone starts within a few
                  milliseconds (the p50). On a first run the same moment takes several times as long on Liberty (cold code, the line under its table).
                - **Fan-out** (e): a JFR profile of the 1,000 partitions: JBeret's job repository 29 % of the samples
                  (each partition is a step execution it persists), Braid's records writer 16 %, and Braid's work per
                  partition, which this session cut: every `Json.create…` call looked the JSON provider up through
                  `ServiceLoader` (12 % of the samples; now looked up once), and every partition and every partition's
                  end read all of the task's outputs, which grow with each partition that ends (now only the plan's
                  items, read and parsed once per execution on the run's server and kept by its gate, and the plan's size
                  once). What is left per partition is the runtime's step execution and Braid's try record; 10 ms partitions
                  are the same order as that fixed cost.
                - **csv-import into H2** (f): a JFR profile shows the same make-up for the task and the plain baseline
                  (H2's commits, the inserts, CSV parsing, binding, each within a few per cent of the other), plus the
                  task's position written in each chunk's transaction (about 4 % of the task's samples), the
                  exactly-once guarantee the baseline does not give. The ratio lands around 1.0 (0.74–1.00 in this
                  session's runs).
                - **csv-import into PostgreSQL** (i): each chunk is a `COPY` now, but also one durable commit with the
                  task's position (PostgreSQL flushes its WAL at every commit); `COPY` of the whole file is one commit. With
                  chunks of 20,000 rows the import approaches `COPY`; the chunk size is the user's choice between
                  throughput and how much a restart repeats.
                - **Scale-out** (i): see the note under its table.
                - **Variance**: two cores; compare rows within one run and repeat a run before trusting a few per cent.
                """);
    }

    // ---- (i) scale-out -----------------------------------------------------------------------------------------

    private void scaleOut() throws Exception {
        md.append("\n### (i) Scale-out\n\n")
                .append("Acquisitions per second of one task's group slot and lock (acquire, then release; one thread, ")
                .append(String.format(Locale.ROOT, "%,d holders", LEDGER_HOLDERS))
                .append("): the in-JVM ledger against the database ledger (`braid.ledger=database`, one transaction that ")
                .append("locks the resources' rows in name order) on an H2 file and on PostgreSQL.\n\n")
                .append("| ledger | acquisitions/s | ÷ local |\n|---|---:|---:|\n");
        JsonObjectBuilder rows = Json.createObjectBuilder();
        double local = medianRate(() -> ledgerRate(new LocalLedger(List.of(), Duration.ofSeconds(30))));
        md.append(String.format(Locale.ROOT, "| LocalLedger | %,.0f | 1.000 |%n", local));
        rows.add("local", local);
        Path dir = Path.of("target/bench-data/ledger").toAbsolutePath();
        Files.createDirectories(dir);
        JdbcConnectionPool h2 = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("ledger")
                + ";MODE=LEGACY;NON_KEYWORDS=VALUE;WRITE_DELAY=0;LOCK_TIMEOUT=30000", "sa", "");
        Database.migrate(h2);
        double onH2 = medianRate(() -> ledgerRate(new JdbcLedger(h2, List.of(), Duration.ofSeconds(30), Duration.ofMillis(200), 0, "bench")));
        md.append(String.format(Locale.ROOT, "| JdbcLedger, H2 file | %,.0f | %.3f |%n", onH2, onH2 / local));
        rows.add("jdbcH2", onH2);
        h2.dispose();
        if (Postgres.unavailable().isEmpty()) {
            Postgres.freshDatabase("braid_bench_ledger");
            // pooled, as Liberty's data source is: a new connection per statement would measure TCP and log-in instead
            PGConnectionPoolDataSource cpds = new PGConnectionPoolDataSource();
            cpds.setURL(Postgres.url("braid_bench_ledger"));
            cpds.setUser(Postgres.ADMIN);
            JdbcConnectionPool pg = JdbcConnectionPool.create(cpds);
            Database.migrate(pg);
            double onPg = medianRate(() -> ledgerRate(new JdbcLedger(pg, List.of(), Duration.ofSeconds(30), Duration.ofMillis(200), 0, "bench")));
            md.append(String.format(Locale.ROOT, "| JdbcLedger, PostgreSQL 127.0.0.1 | %,.0f | %.3f |%n", onPg, onPg / local));
            rows.add("jdbcPostgresql", onPg);
        } else {
            md.append("| JdbcLedger, PostgreSQL | not run: ").append(Postgres.unavailable().get()).append(" | |\n");
        }
        json.add("ledgerAcquisitionsPerSecond", rows);

        md.append("\nFan-out across servers: two Braid servers on one PostgreSQL database with Liberty's JMS dispatch, ")
                .append("each server taking 4 partitions at a time (`braid.cluster.executorConcurrency=4`); the fan-out ")
                .append("task's own duration, first run of each shape discarded.\n\n");
        Optional<String> notRun = cluster.isBlank() ? Optional.of("no cluster given (braid.bench.cluster)") : startCluster();
        if (notRun.isPresent()) {
            md.append("Not run here: ").append(notRun.get()).append(". `mvn -Pbench verify` starts the test servers ")
                    .append("`braid-a` and `braid-b` on PostgreSQL (docs/scale-out.md).\n");
            return;
        }
        long oneServer = median(() -> fanOutMillis("cl-bench-local", "200ms"));
        long twoServers = median(() -> fanOutMillis("cl-bench-jms", "200ms"));
        long oneServerLong = median(() -> fanOutMillis("cl-bench-local", "1s"));
        long twoServersLong = median(() -> fanOutMillis("cl-bench-jms", "1s"));
        long local0 = median(() -> fanOutMillis("cl-bench-local0", "0ms"));
        long jms0 = median(() -> fanOutMillis("cl-bench-jms0", "0ms"));
        md.append("| fan-out | one server ms | two servers ms | one ÷ two |\n|---|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| 16 × 200 ms wait, 4 partitions at a time per server (bound 800 / 400 ms) | %d | %d | %.2f |%n",
                        oneServer, twoServers, oneServer / (double) twoServers))
                .append(String.format(Locale.ROOT, "| 16 × 1 s wait, 4 partitions at a time per server (bound 4,000 / 2,000 ms) | %d | %d | %.2f |%n",
                        oneServerLong, twoServersLong, oneServerLong / (double) twoServersLong))
                .append("\n| 32 empty partitions, 4 at a time | local ms | over JMS ms | ms per partition, local | ms per partition, JMS | JMS ÷ local |\n")
                .append("|---|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| | %d | %d | %.1f | %.1f | %.2f |%n", local0, jms0, local0 / 32.0,
                        jms0 / 32.0, jms0 / (double) local0));
        md.append("\nWhat limits it: Liberty dispatches a step's partitions one after another from the job's thread, each in a ")
                .append("global transaction (its REMOTABLEPARTITION row in PostgreSQL and its JMS message, two-phase commit): ")
                .append(String.format(Locale.ROOT, "%.0f ms per partition over JMS against %.0f ms locally, so 200 ms partitions ",
                        jms0 / 32.0, local0 / 32.0))
                .append(String.format(Locale.ROOT, "run %.2f × as fast on two servers and 1 s partitions %.2f ×.%n",
                        oneServer / (double) twoServers, oneServerLong / (double) twoServersLong));
        json.add("cluster", Json.createObjectBuilder().add("oneServerMs", oneServer).add("twoServersMs", twoServers)
                .add("oneServerLongMs", oneServerLong).add("twoServersLongMs", twoServersLong)
                .add("localEmptyMs", local0).add("jmsEmptyMs", jms0));
        postgresImport();
        postgresRepository();
    }

    /**
     * The chain of (h) on the cluster's first server, whose job repository (and Braid's records) are in PostgreSQL:
     * what a step costs when Liberty's job repository is not an H2 file.
     */
    private void postgresRepository() {
        String plainChain = NaiveJobXml.plainChain("bench-plain-" + LIBERTY_CHAIN_TASKS, LIBERTY_CHAIN_TASKS, "failOnDemand");
        for (int i = 0; i < 2; i++) { // warm-up
            batchJobMillis(clusterHttps, batchSubmit(clusterHttps, null, plainChain));
            batchJobMillis(clusterHttps, batchSubmit(clusterHttps, LIBERTY_CHAIN, null));
        }
        List<Long> plains = new ArrayList<>();
        List<Long> chains = new ArrayList<>();
        for (int i = 0; i < Math.max(reps, 5); i++) {
            plains.add(batchJobMillis(clusterHttps, batchSubmit(clusterHttps, null, plainChain)));
            chains.add(batchJobMillis(clusterHttps, batchSubmit(clusterHttps, LIBERTY_CHAIN, null)));
        }
        Collections.sort(plains);
        Collections.sort(chains);
        long plain = plains.get(plains.size() / 2);
        long chain = chains.get(chains.size() / 2);
        md.append("\nThe chain of (h) on `braid-a`, whose job repository and run records are in PostgreSQL (the same ")
                .append("machine, `synchronous_commit` on), warm, median of ").append(Math.max(reps, 5)).append(":\n\n")
                .append("| plain ms | Braid ms | Braid ÷ plain | plain ms/step | Braid ms/task |\n|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f |%n", plain, chain, chain / (double) plain,
                        plain / (double) LIBERTY_CHAIN_TASKS, chain / (double) LIBERTY_CHAIN_TASKS));
        json.add("postgresOverhead", Json.createObjectBuilder().add("tasks", LIBERTY_CHAIN_TASKS).add("plainMs", plain).add("braidMs", chain));
    }

    // ---- (i) csv-import into PostgreSQL against COPY ---------------------------------------------------------

    /**
     * The same file loaded into PostgreSQL three ways, interleaved: a csv-import task on the cluster's first server
     * (Liberty, its task data source), PostgreSQL's own {@code COPY … FROM STDIN} through the driver's CopyManager,
     * and plain JDBC batches of 1,000 rows committed each (what csv-import does per chunk), from this JVM.
     */
    private void postgresImport() throws Exception {
        int rows = Integer.getInteger("braid.bench.pgRows", 200_000);
        Path dir = Files.createDirectories(Path.of("target", "it-csv", "bench").toAbsolutePath());
        Path csv = dir.resolve("pg.csv");
        writeCsv(csv, rows);
        String database = System.getProperty("braid.it.pg.database", "braid_cluster_it");
        List<Long> braidMs = new ArrayList<>();
        List<Long> bigMs = new ArrayList<>();
        List<Long> copyMs = new ArrayList<>();
        List<Long> batchMs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            braidMs.add(clusterImportMillis("bench-pg-import", csv));
            bigMs.add(clusterImportMillis("bench-pg-import-big", csv));
            try (Connection c = DriverManager.getConnection(Postgres.url(database), Postgres.ADMIN, "")) {
                String schema = schemaOf(c, "bench_pg_rows"); // the task user's schema, where the task's table is
                for (String t : List.of("bench_pg_copy", "bench_pg_batch")) {
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP TABLE IF EXISTS " + schema + "." + t);
                        st.execute("CREATE TABLE " + schema + "." + t + " (LIKE " + schema + ".bench_pg_rows INCLUDING ALL)");
                    }
                }
                long t0 = System.nanoTime();
                try (java.io.Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                    long copied = new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class))
                            .copyIn("COPY " + schema + ".bench_pg_copy (id, name, city, amount) FROM STDIN WITH (FORMAT csv, HEADER true)", in);
                    if (copied != rows) {
                        throw new IllegalStateException("COPY loaded " + copied + " rows of " + rows);
                    }
                }
                copyMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }
            // the JDBC settings of Braid's task data source on PostgreSQL (liberty/db-postgresql.xml)
            try (Connection c = DriverManager.getConnection(Postgres.url(database) + "?stringtype=unspecified&reWriteBatchedInserts=true", Postgres.ADMIN, "")) {
                String schema = schemaOf(c, "bench_pg_rows");
                batchMs.add(plainImport(new SingleConnection(c), csv, schema + ".bench_pg_batch"));
            }
        }
        Collections.sort(braidMs);
        Collections.sort(bigMs);
        Collections.sort(copyMs);
        Collections.sort(batchMs);
        long b = braidMs.get(braidMs.size() / 2);
        long big = bigMs.get(bigMs.size() / 2);
        long copy = copyMs.get(copyMs.size() / 2);
        long batch = batchMs.get(batchMs.size() / 2);
        md.append("\ncsv-import into PostgreSQL: ").append(String.format(Locale.ROOT, "%,d", rows))
                .append(" generated rows (4 columns, quoted names), the `load` task of `bench-pg-import` on `braid-a` ")
                .append("(its task data source; each chunk a `COPY … FROM STDIN` committed with the task's position), with ")
                .append("`chunkSize: 1000` and 20,000 (`bench-pg-import-big`), against PostgreSQL's `COPY … FROM STDIN` of the ")
                .append("whole file in one transaction through the driver's `CopyManager` and against plain JDBC batches of ")
                .append("1,000 rows, one commit each, from the harness's JVM; interleaved, median of ").append(reps)
                .append(". Target ≥ 0.8 × COPY (throughput).\n\n")
                .append("| COPY ms | JDBC batches ms | csv-import ms, chunks of 1,000 | ÷ COPY | csv-import ms, chunks of 20,000 | ÷ COPY |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %d | %.2f |%n", copy, batch, b, copy / (double) b,
                        big, copy / (double) big));
        checks.add(new String[]{"(i) csv-import into PostgreSQL ≥ 0.8 × COPY, chunks of 1,000", String.format(Locale.ROOT,
                "%.2f (%.2f × plain JDBC batches)", copy / (double) b, batch / (double) b), copy >= 0.8 * b ? "met" : "missed"});
        checks.add(new String[]{"(i) csv-import into PostgreSQL ≥ 0.8 × COPY, chunks of 20,000", String.format(Locale.ROOT,
                "%.2f", copy / (double) big), copy >= 0.8 * big ? "met" : "missed"});
        json.add("postgresImport", Json.createObjectBuilder().add("rows", rows).add("copyMs", copy).add("jdbcBatchesMs", batch)
                .add("braidMs", b).add("braidChunks20000Ms", big));
        Files.deleteIfExists(csv);
    }

    private static String schemaOf(Connection c, String table) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_schema FROM information_schema.tables WHERE table_name = ?")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no table " + table);
                }
                return rs.getString(1);
            }
        }
    }

    /** A run of an import workflow on the cluster's first server; its load task's own duration. */
    private long clusterImportMillis(String workflow, Path csv) {
        try {
            Http.Reply started = Http.post(cluster + "/braid/api/workflows/" + workflow + "/runs", "operator",
                    Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("file", csv.toString())).build());
            if (started.status() != 201) {
                throw new IllegalStateException("bench-pg-import: " + started.status() + " " + started.body());
            }
            long id = started.object().getJsonNumber("runId").longValue();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject run = Http.get(cluster + "/braid/api/runs/" + id, "admin").object();
                String status = run.getString("status");
                if (!Set.of("QUEUED", "RUNNING").contains(status)) {
                    if (!"COMPLETED".equals(status)) {
                        throw new IllegalStateException("bench-pg-import run " + id + ": " + run);
                    }
                    JsonObject load = run.getJsonArray("tasks").stream().map(JsonValue::asJsonObject)
                            .filter(t -> t.getString("id").equals("load")).findFirst().orElseThrow();
                    return Duration.between(Instant.parse(load.getString("start")), Instant.parse(load.getString("end"))).toMillis();
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("bench-pg-import run " + id + " did not end");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One connection as a data source (closing what it hands out leaves it open). */
    private record SingleConnection(Connection c) implements DataSource {
        @Override
        public Connection getConnection() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, m, args) -> m.getName().equals("close") ? null : m.invoke(c, args));
        }

        @Override
        public Connection getConnection(String user, String password) {
            return getConnection();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /** The test cluster (braid-a, braid-b), started as the PostgreSQL tier's tests start it; why not, if it cannot be. */
    private static Optional<String> startCluster() {
        if (Postgres.unavailable().isPresent()) {
            return Postgres.unavailable();
        }
        try {
            io.braid.liberty.Cluster.startForBenchmarks();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("the cluster did not start: " + e);
        }
    }

    private static final int LEDGER_HOLDERS = 2_000;

    private static double ledgerRate(ResourceLedger ledger) {
        List<LockRef> locks = List.of(new LockRef("bench-table", LockRef.Mode.EXCLUSIVE));
        ledger.defineGroups(1, List.of(new GroupSpec("bench", 100, Optional.empty())));
        long t0 = System.nanoTime();
        for (int i = 0; i < LEDGER_HOLDERS; i++) {
            if (!ledger.tryAcquire(new ResourceRequest(1, "t" + i, "bench", locks)).isGranted()) {
                throw new IllegalStateException("refused");
            }
            ledger.release(1, "t" + i);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ledger.releaseRun(1);
        return LEDGER_HOLDERS / seconds;
    }

    /** A fan-out workflow run once on the cluster's first server (warm-up), then timed: its fan-out task's duration. */
    private long fanOutMillis(String workflow, String partitionTime) {
        try {
            long ms = 0;
            for (int pass = 0; pass < 2; pass++) {
                JsonObjectBuilder params = Json.createObjectBuilder().add("time", partitionTime);
                if (workflow.contains("local")) { // its secret parameter keeps the partitions on the job's server
                    params.add("key", "k");
                }
                Http.Reply started = Http.post(cluster + "/braid/api/workflows/" + workflow + "/runs", "operator",
                        Json.createObjectBuilder().add("params", params).build());
                if (started.status() != 201) {
                    throw new IllegalStateException(workflow + ": " + started.status() + " " + started.body());
                }
                long id = started.object().getJsonNumber("runId").longValue();
                JsonObject run = null;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < deadline) {
                    run = Http.get(cluster + "/braid/api/runs/" + id, "admin").object();
                    if (!Set.of("QUEUED", "RUNNING").contains(run.getString("status"))) {
                        break;
                    }
                    Thread.sleep(50);
                }
                JsonObject each = run.getJsonArray("tasks").getJsonObject(0);
                if (!"COMPLETED".equals(each.getString("status"))) {
                    throw new IllegalStateException(workflow + " run " + id + ": " + run);
                }
                ms = Duration.between(Instant.parse(each.getString("start")), Instant.parse(each.getString("end"))).toMillis();
            }
            return ms;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- (h) Liberty ----------------------------------------------------------------------------------------

    /**
     * The same on a Liberty server that has run nothing since it started (the bench profile starts the test server,
     * with the shapes deployed as workflows): first the cold pass, the first run of each shape and of the chains, then
     * the warm medians. Every job is started through Liberty's batch API and timed from its job execution's start to
     * its end; Braid's timelines come from its API.
     */
    private void libertyRows() throws Exception {
        md.append("\n### (h) On a Liberty server\n\n");
        if (liberty.isBlank()) {
            md.append("Not run here: `mvn -Pbench verify` starts the test server (`braid-it`, the shapes deployed as ")
                    .append("workflows from src/test/workflows) and measures it.\n");
            return;
        }
        String plainChain = NaiveJobXml.plainChain("bench-plain-" + LIBERTY_CHAIN_TASKS, LIBERTY_CHAIN_TASKS, "failOnDemand");
        // cold: the server's first runs. The plain chain first: the first job on a server also warms the batch runtime
        // and its job repository, which would otherwise be counted against whichever ran first; what is left in the
        // Braid chain's first run is Braid's own (its first run of anything). Then each shape's first run.
        long coldPlain = libertyJobMillis(libertySubmit(null, plainChain));
        long coldChain = libertyJobMillis(libertySubmit(LIBERTY_CHAIN, null));
        Map<String, Long> cold = new java.util.LinkedHashMap<>();
        List<Long> coldLatencies = new ArrayList<>();
        for (Shapes.Shape s : Shapes.all()) {
            cold.put(s.name(), libertyMakespan("bench-" + s.name(), s, width(s) <= s.maxParallel() ? coldLatencies : null));
        }
        String coldTail = tail(3);
        // warm: interleaved medians
        List<Long> chains = new ArrayList<>();
        List<Long> plains = new ArrayList<>();
        for (int i = 0; i < Math.max(reps, 5); i++) {
            plains.add(libertyJobMillis(libertySubmit(null, plainChain)));
            chains.add(libertyJobMillis(libertySubmit(LIBERTY_CHAIN, null)));
        }
        Collections.sort(chains);
        Collections.sort(plains);
        long chain = chains.get(chains.size() / 2);
        long plain = plains.get(plains.size() / 2);
        md.append("Overhead per task: a chain of ").append(LIBERTY_CHAIN_TASKS).append(" `wait 0ms` tasks (`")
                .append(LIBERTY_CHAIN).append("`) against the same chain as plain job XML, ").append(LIBERTY_CHAIN_TASKS)
                .append(" steps of a batchlet that returns at once (`failOnDemand`, submitted inline); each job's execution ")
                .append("from start to end as Liberty records it. *First run*: each job's first run after the server started, ")
                .append("the plain one first (the server's very first job, which also warms the batch runtime and its job ")
                .append("repository), then Braid's (the first run of anything Braid's on that server). ")
                .append("Target ≤ 1.5×.\n\n")
                .append("| | plain ms | Braid ms | Braid ÷ plain | plain ms/step | Braid ms/task |\n|---|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| first run | %d | %d | %.2f | %.2f | %.2f |%n", coldPlain, coldChain,
                        coldChain / (double) coldPlain, coldPlain / (double) LIBERTY_CHAIN_TASKS, coldChain / (double) LIBERTY_CHAIN_TASKS))
                .append(String.format(Locale.ROOT, "| warm, median of %d | %d | %d | %.2f | %.2f | %.2f |%n", Math.max(reps, 5),
                        plain, chain, chain / (double) plain, plain / (double) LIBERTY_CHAIN_TASKS, chain / (double) LIBERTY_CHAIN_TASKS));
        checks.add(new String[]{"(h) overhead ≤ 1.5 × plain step, Liberty, warm", String.format(Locale.ROOT, "%.2f ×", chain / (double) plain),
                chain <= 1.5 * plain ? "met" : "missed"});
        checks.add(new String[]{"(h) overhead ≤ 1.5 × plain step, Liberty, first run", String.format(Locale.ROOT, "%.2f ×", coldChain / (double) coldPlain),
                coldChain <= 1.5 * coldPlain ? "met" : "missed"});

        md.append("\nMakespans: each shape's Braid workflow and its level-by-level twin, deployed on the server.\n\n")
                .append("| shape | lower bound ms | first run ms | first ÷ bound | Braid ms | Braid ÷ bound | naive ms | naive ÷ bound |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        JsonArrayBuilder rows = Json.createArrayBuilder();
        for (Shapes.Shape s : Shapes.all()) {
            String name = "bench-" + s.name();
            long bound = s.lowerBoundMillis();
            long braidMs = median(() -> libertyMakespan(name, s, width(s) <= s.maxParallel() ? libertyLatencies : null));
            long naiveMs = median(() -> libertyMakespan(name + "-naive", s, null));
            long first = cold.get(s.name());
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %d | %.3f | %d | %.3f |%n", s.name(), bound, first,
                    first / (double) bound, braidMs, braidMs / (double) bound, naiveMs, naiveMs / (double) bound));
            checks.add(new String[]{"(h) " + s.name() + ": Braid ÷ bound ≤ 1.05 (Liberty, warm; first run)",
                    String.format(Locale.ROOT, "%.3f; first %.3f", braidMs / (double) bound, first / (double) bound),
                    braidMs <= 1.05 * bound ? "met" : "missed"});
            rows.add(Json.createObjectBuilder().add("shape", s.name()).add("lowerBoundMs", bound).add("firstRunMs", first)
                    .add("braidMs", braidMs).add("naiveMs", naiveMs));
        }
        json.add("liberty", rows);
        json.add("libertyOverhead", Json.createObjectBuilder().add("tasks", LIBERTY_CHAIN_TASKS).add("plainMs", plain)
                .add("braidMs", chain).add("firstPlainMs", coldPlain).add("firstBraidMs", coldChain));
        latency("(h) Dependency latency, Liberty", libertyLatencies, 25, "dependencyLatencyLiberty");
        if (!coldLatencies.isEmpty()) {
            Collections.sort(coldLatencies);
            md.append(String.format(Locale.ROOT, "%nOn the first runs: p50 %d ms, p99 %d ms, max %d ms (%d samples); the largest: "
                            + coldTail.replace("%", "%%") + ".%n",
                    coldLatencies.get(coldLatencies.size() / 2),
                    coldLatencies.get(Math.min(coldLatencies.size() - 1, (int) Math.ceil(coldLatencies.size() * 0.99) - 1)),
                    coldLatencies.get(coldLatencies.size() - 1), coldLatencies.size()));
        }
    }

    /** Starts a job through Liberty's batch API: a deployed job by name, or inline job XML; returns its instance id. */
    private long libertySubmit(String jobName, String inlineXml) {
        return batchSubmit(libertyHttps, jobName, inlineXml);
    }

    private static long batchSubmit(String https, String jobName, String inlineXml) {
        try {
            JsonObjectBuilder submit = Json.createObjectBuilder().add("applicationName", "braid").add("moduleName", "braid.war");
            if (jobName != null) {
                submit.add("jobXMLName", jobName);
            } else {
                submit.add("jobXML", inlineXml);
            }
            Http.Reply started = Http.post(https + "/ibm/api/batch/jobinstances", "admin", submit.build());
            if (started.status() != 201) {
                throw new IllegalStateException("submit failed: " + started.status() + " " + started.body());
            }
            return started.object().getJsonNumber("instanceId").longValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.time.format.DateTimeFormatter LIBERTY_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS Z", Locale.ROOT);

    /** A job instance's (only) execution, from its start to its end as Liberty records them, once it completed. */
    private long libertyJobMillis(long instance) {
        return batchJobMillis(libertyHttps, instance);
    }

    private static long batchJobMillis(String https, long instance) {
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                Http.Reply r = Http.get(https + "/ibm/api/batch/jobinstances/" + instance + "/jobexecutions", "admin");
                if (r.status() == 200) {
                    JsonObject e = r.json().asJsonArray().getJsonObject(0);
                    String status = e.getString("batchStatus");
                    if (Set.of("FAILED", "STOPPED", "ABANDONED").contains(status)) {
                        throw new IllegalStateException("job instance " + instance + " ended " + status);
                    }
                    if (status.equals("COMPLETED") && e.get("endTime") != null && e.get("endTime") != JsonValue.NULL) {
                        Instant start = java.time.OffsetDateTime.parse(e.getString("startTime"), LIBERTY_TIME).toInstant();
                        Instant end = java.time.OffsetDateTime.parse(e.getString("endTime"), LIBERTY_TIME).toInstant();
                        return Duration.between(start, end).toMillis();
                    }
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("job instance " + instance + " did not complete");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deployed workflow run once on the server; its makespan from Braid's record of it. */
    private long libertyMakespan(String workflow, Shapes.Shape shape, List<Long> latencies) {
        try {
            long id = libertySubmit(workflow, null);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                Http.Reply r = Http.get(liberty + "/braid/api/runs/" + id, "admin");
                if (r.status() == 200 && Set.of("FAILED", "STOPPED").contains(r.object().getString("status"))) {
                    throw new IllegalStateException("Liberty run " + id + " ended " + r.object().getString("status"));
                }
                if (r.status() == 200 && r.object().getString("status").equals("COMPLETED")) {
                    RunView view = fromJson(r.object());
                    long ms = makespan(view, null);
                    if (latencies != null) {
                        Map<String, List<String>> needs = new HashMap<>();
                        shape.nodes().forEach(n -> needs.put(n.id(), n.needs()));
                        latencies.addAll(dependencyLatencies(view, needs, shape.maxParallel()));
                    }
                    return ms;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("Liberty run " + id + " did not complete");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RunView fromJson(JsonObject o) {
        List<TaskView> tasks = o.getJsonArray("tasks").stream().map(JsonValue::asJsonObject)
                .map(t -> new TaskView(t.getString("id"), t.getString("status"), Instant.parse(t.getString("start")),
                        Instant.parse(t.getString("end")), t.getInt("attempts"), null, null)).toList();
        return new RunView(o.getJsonNumber("id").longValue(), o.getString("workflow"), o.getString("status"),
                o.getJsonNumber("executionId").longValue(), o.getInt("executions"), null, null, null, null, tasks);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private double medianRate(Supplier<Double> measurement) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            values.add(measurement.get());
        }
        values.sort(Comparator.naturalOrder());
        return values.get(values.size() / 2);
    }

    private long median(Supplier<Long> measurement) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            values.add(measurement.get());
        }
        values.sort(Comparator.naturalOrder());
        return values.get(values.size() / 2);
    }

    private static int width(Shapes.Shape s) {
        return Dag.of(s.nodes().stream().map(Shapes.Node::id).toList(),
                s.nodes().stream().map(Shapes.Node::needs).toList()).width();
    }

    private static Path jobsDir() {
        return Path.of(System.getProperty(CompiledJobResolver.JOBS_DIR));
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
    }
}
