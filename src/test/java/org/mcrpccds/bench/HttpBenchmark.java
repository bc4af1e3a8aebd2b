package org.mcrpccds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The program behind {@code bench/run.sh}: starts the packaged service as its own process, measures
 * the time to the first answered hook, drives every scenario and its floor over loopback, samples
 * the service's resident memory, and writes the Markdown table (bench/README.md says how to read
 * it). Real and floor rounds alternate so that the machine's noise falls on both alike; every
 * figure is the median of the rounds. Every loop is bounded in time.
 *
 * <p>Arguments: the service jar and the Markdown file to write, then a label for the build
 * (the commit, from bench/run.sh). System properties: {@code bench.rounds} (5), {@code bench.seconds}
 * per round (2), {@code bench.serviceOptions}: the service's JVM options (bench/run.sh passes the image's, and a JFR recording if asked),
 * {@code bench.cds}: a folder made by docker/cds-archive.sh; the service then runs as the image runs
 * it, from that extracted jar with that class-data archive, and a plain {@code java -jar} start is
 * timed too, for comparison.
 */
public final class HttpBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
  private static final Duration ROUND_LIMIT = Duration.ofSeconds(20);
  /** Enough answers for a p99 to mean something, even for the 5,000-resource patient. */
  private static final int MIN_ANSWERS = 30;
  private static final int[] GROWTH = {200, 1_000, 5_000};
  private static final Pattern SPRING_STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");
  private static final Path OWN_STAT = Path.of("/proc/self/stat");

  private final int rounds = Integer.getInteger("bench.rounds", 5);
  private final Duration round = Duration.ofSeconds(Integer.getInteger("bench.seconds", 2));
  private final List<Row> rows = new ArrayList<>();
  private final List<Growth> growth = new ArrayList<>();
  private final RssSampler rss;
  private final LoadGenerator load;
  private final Path cpuStat;
  private long errorsDuringRun;
  private double warmUpSeconds;

  private HttpBenchmark(LoadGenerator load, RssSampler rss, long pid) {
    this.load = load;
    this.rss = rss;
    this.cpuStat = Path.of("/proc", Long.toString(pid), "stat");
  }

  /**
   * One scenario: a request, sent to the real service and to the floor, by {@code connections}
   * connections in a closed loop ({@code perSecond} 0) or at that offered rate.
   */
  record Scenario(String name, String service, int resources, int connections, double perSecond, byte[] body) {
    Scenario(String name, String service, int resources, int connections, byte[] body) {
      this(name, service, resources, connections, 0, body);
    }

    boolean openLoop() {
      return perSecond > 0;
    }
  }

  /** The offered load of the open-loop rows: the throughput target of bench/README.md, over 16 connections. */
  static final int OFFERED_PER_SECOND = 1_500;

  /** Medians over the rounds of one scenario's real calls, and of its floor's. */
  record Row(Scenario scenario, Summary real, Summary floor, int cards) {
    double ratio() {
      return real.p50 / floor.p50;
    }
  }

  /**
   * One round, the service's CPU time per answered request during it (user and system, all
   * threads), and the load generator's own (it shares the machine's cores with the service).
   */
  record Measured(LoadGenerator.Round round, double cpuMillisPerRequest, double clientCpuMillisPerRequest) {}

  /** Medians of the rounds, except errors, which are summed. */
  record Summary(double requestsPerSecond, double p50, double p90, double p99, double max, long errors, double cpuMillis,
      double clientCpuMillis) {
    static Summary of(List<Measured> measured) {
      List<LoadGenerator.Round> rounds = measured.stream().map(Measured::round).toList();
      return new Summary(median(rounds, LoadGenerator.Round::requestsPerSecond), median(rounds, r -> r.percentileMillis(50)),
          median(rounds, r -> r.percentileMillis(90)), median(rounds, r -> r.percentileMillis(99)),
          median(rounds, LoadGenerator.Round::maxMillis), rounds.stream().mapToLong(LoadGenerator.Round::errors).sum(),
          median(measured, Measured::cpuMillisPerRequest), median(measured, Measured::clientCpuMillisPerRequest));
    }
  }

  record Growth(int resources, int bodyKilobytes, Row row) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: HttpBenchmark <service.jar> <results.md> [build label]");
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path results = Path.of(args[1]);
    String label = args.length > 2 ? args[2] : "unlabelled build";
    String loadBefore = loadAverage();
    Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    log("generating requests");
    byte[] typical = BenchRequests.bytes(BenchRequests.patientView(BenchRequests.TYPICAL_RESOURCES));
    byte[] orderSign = BenchRequests.bytes(BenchRequests.orderSignWithTwoDrafts(BenchRequests.TYPICAL_RESOURCES));
    byte[][] grown = Arrays.stream(GROWTH).mapToObj(n -> BenchRequests.bytes(BenchRequests.patientView(n))).toArray(byte[][]::new);

    // bench/run.sh passes the image's JVM options (heap, collector) and any of the caller's
    String extra = System.getProperty("bench.serviceOptions", "").trim();
    List<String> options = new ArrayList<>();
    if (!extra.isEmpty()) {
      options.addAll(List.of(extra.split("\\s+")));
    }
    String cds = System.getProperty("bench.cds", "").trim();
    Double plainStartup = null;
    List<String> launch;
    if (cds.isEmpty()) {
      launch = List.of("-jar", jar.toString());
    } else {
      Path folder = Path.of(cds).toAbsolutePath();
      plainStartup = timeStartOnly(options, List.of("-jar", jar.toString()), typical);
      launch = List.of("-XX:SharedArchiveFile=" + folder.resolve("app.jsa"), "-jar",
          folder.resolve("app").resolve(jar.getFileName()).toString());
    }
    String launchLabel = String.join(" ", options) + " " + (cds.isEmpty() ? "-jar" : "-XX:SharedArchiveFile=… -jar (extracted)");

    int port = freePort();
    Path workDir = Files.createTempDirectory("mcrpc-bench");
    Path serviceLog = Path.of("target", "bench", "service.log").toAbsolutePath();
    Files.createDirectories(serviceLog.getParent());
    List<String> command = command(options, launch, port);
    log("starting " + String.join(" ", command));

    LoadGenerator load = new LoadGenerator(port);
    long started = System.nanoTime();
    Process service = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(serviceLog.toFile()).start();
    Thread killer = new Thread(service::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killer);
    RssSampler rss = new RssSampler(service.pid());
    try {
      double startupSeconds = firstAnswer(load, service, typical, started);
      rss.start();
      HttpBenchmark bench = new HttpBenchmark(load, rss, service.pid());
      bench.warmUp(typical, orderSign);
      for (int connections : new int[] {1, 16, 64}) {
        bench.measure(new Scenario("patient-view, typical patient", BenchRequests.PATIENT_VIEW,
            BenchRequests.TYPICAL_RESOURCES, connections, typical));
      }
      bench.measure(new Scenario("patient-view, typical patient, 1,500/s offered", BenchRequests.PATIENT_VIEW,
          BenchRequests.TYPICAL_RESOURCES, 16, OFFERED_PER_SECOND, typical));
      bench.measure(new Scenario("order-sign, two drafts", BenchRequests.ORDER_SIGN, BenchRequests.TYPICAL_RESOURCES, 16, orderSign));
      for (int i = 0; i < GROWTH.length; i++) {
        Row row = bench.measure(new Scenario("patient-view, growth", BenchRequests.PATIENT_VIEW, GROWTH[i], 1, grown[i]));
        bench.growth.add(new Growth(GROWTH[i], grown[i].length / 1024, row));
      }
      rss.stop();
      String table = bench.markdown(date, label, launchLabel, loadBefore, loadAverage(), startupSeconds, springStartup(serviceLog),
          plainStartup);
      System.out.println(table);
      Files.createDirectories(results.toAbsolutePath().getParent());
      Files.writeString(results, table);
      log("written to " + results);
    } finally {
      rss.stop();
      stop(service);
      Runtime.getRuntime().removeShutdownHook(killer);
      deleteTree(workDir);
    }
  }

  private static List<String> command(List<String> options, List<String> launch, int port) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(launch);
    // the bench profile brings the floor endpoint (FloorController), included beside any profile of the caller's
    command.addAll(List.of("--server.port=" + port, "--spring.profiles.include=bench"));
    return command;
  }

  /** Seconds from starting a service to its first answered hook, for a start that is then stopped. */
  private static double timeStartOnly(List<String> options, List<String> launch, byte[] body) throws IOException, InterruptedException {
    int port = freePort();
    Path workDir = Files.createTempDirectory("mcrpc-bench-start");
    Path log = Path.of("target", "bench", "service-plain-start.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    List<String> command = command(options, launch, port);
    log("timing a plain start: " + String.join(" ", command));
    long started = System.nanoTime();
    Process service = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      return firstAnswer(new LoadGenerator(port), service, body, started);
    } finally {
      stop(service);
      deleteTree(workDir);
    }
  }

  /** Seconds from starting the process to the first 200 of a real patient-view call. */
  private static double firstAnswer(LoadGenerator load, Process service, byte[] body, long started)
      throws InterruptedException, IOException {
    String path = "/cds-services/" + BenchRequests.PATIENT_VIEW;
    while (System.nanoTime() - started < STARTUP_LIMIT.toNanos()) {
      if (!service.isAlive()) {
        throw new IllegalStateException("the service exited with " + service.exitValue() + "; see target/bench/service.log");
      }
      try {
        LoadGenerator.Answer answer = load.once(path, body);
        if (answer.status() != 200) {
          throw new IllegalStateException("the first hook call answered " + answer.status() + ": " + answer.body());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        log(String.format(Locale.ROOT, "first hook answered %.2f s after the process started", seconds));
        return seconds;
      } catch (IOException notListeningYet) {
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException("no answer within " + STARTUP_LIMIT.toSeconds() + " s; see target/bench/service.log");
  }

  /**
   * JIT compilation of the request path before anything is measured: typical calls at 16
   * connections in rounds of 5 s until the service's CPU time per request has settled (the last
   * three rounds within 10 % of each other, after at least 90 s), but never longer than 4 minutes;
   * on two cores the JIT keeps compiling for a minute or two, in steps. The large records are left to their own
   * rows, which come last, so that their heap growth does not count as the typical RSS.
   */
  private void warmUp(byte[] typical, byte[] orderSign) throws InterruptedException, IOException {
    rss.phase("warm-up");
    log("warming up until the CPU time per request settles");
    long start = System.nanoTime();
    Duration warm = Duration.ofSeconds(5);
    List<Double> recent = new ArrayList<>();
    while (true) {
      double cpu = measured(real(BenchRequests.PATIENT_VIEW), typical, 16, warm, 0).cpuMillisPerRequest();
      count(load.run(real(BenchRequests.ORDER_SIGN), orderSign, 16, Duration.ofSeconds(1), 0, ROUND_LIMIT));
      count(load.run(floor(BenchRequests.PATIENT_VIEW), typical, 16, Duration.ofSeconds(1), 0, ROUND_LIMIT));
      count(load.run(floor(BenchRequests.ORDER_SIGN), orderSign, 16, Duration.ofSeconds(1), 0, ROUND_LIMIT));
      double seconds = (System.nanoTime() - start) / 1e9;
      log(String.format(Locale.ROOT, "  %.0f s: %.3f ms of CPU per typical call", seconds, cpu));
      recent.add(cpu);
      List<Double> last = recent.subList(Math.max(0, recent.size() - 3), recent.size());
      double low = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double high = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      if ((seconds >= 90 && last.size() == 3 && high <= 1.10 * low) || seconds >= 240) {
        warmUpSeconds = seconds;
        return;
      }
    }
  }

  /** A round, with the service's CPU time over it. */
  private Measured measured(String path, byte[] body, int connections, Duration duration, int minAnswers)
      throws InterruptedException, IOException {
    return measured(path, body, connections, duration, minAnswers, 0);
  }

  private Measured measured(String path, byte[] body, int connections, Duration duration, int minAnswers, double perSecond)
      throws InterruptedException, IOException {
    long before = cpuMillis(cpuStat);
    long clientBefore = cpuMillis(OWN_STAT);
    LoadGenerator.Round round = count(load.run(path, body, connections, duration, minAnswers, ROUND_LIMIT, perSecond));
    long after = cpuMillis(cpuStat);
    long clientAfter = cpuMillis(OWN_STAT);
    long answered = round.requests();
    return new Measured(round, answered == 0 ? Double.NaN : (double) (after - before) / answered,
        answered == 0 ? Double.NaN : (double) (clientAfter - clientBefore) / answered);
  }

  /** A process's user and system CPU time so far, in ms (clock ticks of 10 ms), from its /proc stat file. */
  private static long cpuMillis(Path statFile) throws IOException {
    String stat = Files.readString(statFile);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private Row measure(Scenario scenario) throws InterruptedException, IOException {
    String label = scenario.name() + ", " + scenario.resources() + " resources, " + scenario.connections() + " connections"
        + (scenario.openLoop() ? String.format(Locale.ROOT, ", %.0f/s offered", scenario.perSecond()) : "");
    log(label);
    rss.phase(scenario.name() + "/" + scenario.connections());
    double rate = scenario.perSecond();
    int cards = JSON.readTree(load.once(real(scenario.service()), scenario.body()).body()).path("cards").size();
    // a settle at this concurrency and size (a few calls at least), then real and floor rounds in turn
    count(load.run(real(scenario.service()), scenario.body(), scenario.connections(), Duration.ofSeconds(1), 5, ROUND_LIMIT, rate));
    count(load.run(floor(scenario.service()), scenario.body(), scenario.connections(), Duration.ofSeconds(1), 5, ROUND_LIMIT, rate));
    List<Measured> real = new ArrayList<>();
    List<Measured> floor = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      real.add(measured(real(scenario.service()), scenario.body(), scenario.connections(), round, MIN_ANSWERS, rate));
      floor.add(measured(floor(scenario.service()), scenario.body(), scenario.connections(), round, MIN_ANSWERS, rate));
    }
    Row row = new Row(scenario, Summary.of(real), Summary.of(floor), cards);
    log(String.format(Locale.ROOT, "  real p50 %.2f ms, %.0f/s, %.3f ms CPU; floor p50 %.2f ms, %.3f ms CPU; ratio %.2f",
        row.real.p50, row.real.requestsPerSecond, row.real.cpuMillis, row.floor.p50, row.floor.cpuMillis, row.ratio()));
    rows.add(row);
    return row;
  }

  private LoadGenerator.Round count(LoadGenerator.Round round) {
    errorsDuringRun += round.errors();
    if (round.errors() > 0) {
      log("  " + round.errors() + " errors, e.g. " + round.lastError());
    }
    return round;
  }

  private static String real(String service) {
    return "/cds-services/" + service;
  }

  private static String floor(String service) {
    return "/bench/floor/" + service;
  }

  private String markdown(Instant date, String label, String launch, String loadBefore, String loadAfter, double startup,
      String springStartup, Double plainStartup) {
    StringBuilder md = new StringBuilder();
    md.append("## Benchmark results\n\n");
    md.append(String.format(Locale.ROOT, "%s, build `%s`, %d cores (%s), load average before %s, after %s; %s; "
            + "service `java %s`; warm-up %.0f s (until the CPU time per call settled); medians of %d rounds of %d s, "
            + "real and floor rounds alternating.%n%n",
        date, label, Runtime.getRuntime().availableProcessors(), cpuModel(), loadBefore, loadAfter, javaVersion(), launch,
        warmUpSeconds, rounds, round.toSeconds()));
    md.append("| Scenario | Resources | Connections | Requests/s | p50 ms | p90 ms | p99 ms | max ms | Errors | Cards | CPU ms/call "
        + "| p50 ÷ floor p50 |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      md.append(line(row.scenario.name(), row.scenario, row.real, Integer.toString(row.cards), ratio(row.ratio())));
      md.append(line("↳ floor, same request", row.scenario, row.floor, "0", "1"));
    }
    Row typical16 = find(BenchRequests.TYPICAL_RESOURCES, 16);
    Row offered = rows.stream().filter(r -> r.scenario.openLoop()).findFirst().orElseThrow();
    Row largest = growth.get(growth.size() - 1).row;
    md.append('\n');
    md.append(String.format(Locale.ROOT, "- Process start to first answered hook: **%.2f s**%s%s.%n", startup,
        springStartup == null ? "" : " (Spring Boot reports started in " + springStartup + " s)",
        plainStartup == null ? "" : String.format(Locale.ROOT, "; a plain `java -jar` start, without the class-data archive: %.2f s",
            plainStartup)));
    md.append("- CPU ms/call: the service's CPU time (all threads: requests, JIT, GC, the audit writer) per answered call, "
        + "the figure that a shared machine's noise moves least.\n");
    md.append(String.format(Locale.ROOT, "- The load generator shares the two cores: at 16 connections it used %.3f ms of CPU per "
        + "call beside the service's %.3f ms (typical patient-view).%n", typical16.real.clientCpuMillis, typical16.real.cpuMillis));
    md.append(String.format(Locale.ROOT, "- Resident memory (VmRSS) under load, typical patient at 16 and 64 connections: "
        + "**median %d MB**, peak %d MB; peak over the whole run (5,000-resource requests included): %d MB.%n",
        rss.medianMegabytes("patient-view, typical patient/16", "patient-view, typical patient/64"),
        rss.peakMegabytes("patient-view, typical patient/16", "patient-view, typical patient/64"), rss.peakMegabytes()));
    md.append(String.format(Locale.ROOT, "- Failed requests over the whole run, warm-up included: %d.%n", errorsDuringRun));

    md.append("\n### Growth with record size (patient-view, 1 connection)\n\n");
    md.append("| Resources | Body KB | p50 ms | floor p50 ms | p50 ÷ floor | (p50 − floor p50) per resource, µs |\n");
    md.append("|---:|---:|---:|---:|---:|---:|\n");
    Row base = find(BenchRequests.TYPICAL_RESOURCES, 1);
    md.append(growthLine(BenchRequests.TYPICAL_RESOURCES, base.scenario.body().length / 1024, base));
    growth.forEach(g -> md.append(growthLine(g.resources, g.bodyKilobytes, g.row)));
    Growth middle = growth.get(growth.size() - 2);
    double slopeMiddle = perResource(middle.row, middle.resources);
    double slopeLargest = perResource(largest, growth.get(growth.size() - 1).resources);
    md.append(String.format(Locale.ROOT, "%nFrom %,d to %,d resources the cost per resource above the floor goes from %.1f µs to "
        + "%.1f µs (×%.2f; 1 is linear).%n", middle.resources, growth.get(growth.size() - 1).resources, slopeMiddle, slopeLargest,
        slopeLargest / slopeMiddle));

    md.append("\n### Targets\n\n");
    md.append("Latency is given both ways: at 1,500 calls a second offered over 16 connections (what a client sees at that "
        + "load), and with 16 connections sending as fast as they are answered (closed loop; at saturation its p50 is "
        + "16 ÷ throughput, Little's law).\n\n");
    md.append("| Target | Measured | Met |\n|---|---:|---|\n");
    target(md, "typical patient-view, 16 connections, 1,500/s offered: p50 ≤ 3 ms", ms(offered.real.p50) + " ms",
        offered.real.p50 <= 3);
    target(md, "typical patient-view, 16 connections, 1,500/s offered: p99 ≤ 15 ms", ms(offered.real.p99) + " ms",
        offered.real.p99 <= 15);
    target(md, "typical patient-view, 16 connections, closed loop: p50 ≤ 3 ms", ms(typical16.real.p50) + " ms",
        typical16.real.p50 <= 3);
    target(md, "typical patient-view, 16 connections, closed loop: p99 ≤ 15 ms", ms(typical16.real.p99) + " ms",
        typical16.real.p99 <= 15);
    target(md, "typical patient-view, 16 connections: ≥ 1,500 requests/s",
        String.format(Locale.ROOT, "%,.0f/s", typical16.real.requestsPerSecond), typical16.real.requestsPerSecond >= 1500);
    target(md, "typical patient-view, 16 connections: zero errors", Long.toString(typical16.real.errors + offered.real.errors),
        typical16.real.errors + offered.real.errors == 0);
    target(md, "typical patient-view, 16 connections: p50 within 2× the floor", ratio(typical16.ratio()), typical16.ratio() <= 2);
    target(md, "5,000-resource patient: p50 ≤ 50 ms", ms(largest.real.p50) + " ms", largest.real.p50 <= 50);
    target(md, "process start to ready ≤ 6 s", String.format(Locale.ROOT, "%.2f s", startup), startup <= 6);
    long steadyRss = rss.medianMegabytes("patient-view, typical patient/16", "patient-view, typical patient/64");
    target(md, "resident memory ≤ 600 MB at steady state under load", steadyRss + " MB", steadyRss <= 600);
    return md.toString();
  }

  private Row find(int resources, int connections) {
    return rows.stream()
        .filter(r -> r.scenario.service().equals(BenchRequests.PATIENT_VIEW) && r.scenario.resources() == resources
            && r.scenario.connections() == connections && !r.scenario.openLoop())
        .findFirst().orElseThrow();
  }

  private static String line(String name, Scenario scenario, Summary s, String cards, String ratio) {
    return String.format(Locale.ROOT, "| %s | %,d | %d | %,.0f | %s | %s | %s | %s | %d | %s | %.3f | %s |%n", name,
        scenario.resources(), scenario.connections(), s.requestsPerSecond, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), s.errors,
        cards, s.cpuMillis, ratio);
  }

  private static String growthLine(int resources, int kilobytes, Row row) {
    return String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %.1f |%n", resources, kilobytes, ms(row.real.p50),
        ms(row.floor.p50), ratio(row.ratio()), perResource(row, resources));
  }

  private static double perResource(Row row, int resources) {
    return (row.real.p50 - row.floor.p50) * 1000 / resources;
  }

  private static void target(StringBuilder md, String target, String measured, boolean met) {
    md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
  }

  private static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  private static <T> double median(List<T> rounds, ToDoubleFunction<T> metric) {
    double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static void stop(Process service) throws InterruptedException {
    service.destroy();
    if (!service.waitFor(30, TimeUnit.SECONDS)) {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String springStartup(Path serviceLog) throws IOException {
    Matcher started = SPRING_STARTED.matcher(Files.readString(serviceLog, StandardCharsets.UTF_8));
    return started.find() ? started.group(1) : null;
  }

  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
    return fields[0] + " / " + fields[1] + " / " + fields[2];
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String javaVersion() {
    return "Java " + System.getProperty("java.runtime.version");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static void log(String message) {
    System.err.println("[bench] " + message);
  }

  /** The service's VmRSS every 200 ms, tagged with the phase the benchmark was in. */
  private static final class RssSampler {
    private record Sample(String phase, long kilobytes) {}

    private final Path status;
    private final List<Sample> samples = new ArrayList<>();
    private volatile String phase = "start";
    private volatile boolean running;
    private Thread thread;

    RssSampler(long pid) {
      this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    void phase(String name) {
      phase = name;
    }

    void start() {
      running = true;
      thread = new Thread(() -> {
        while (running) {
          try {
            long kilobytes = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
            synchronized (this) {
              samples.add(new Sample(phase, kilobytes));
            }
            Thread.sleep(200);
          } catch (IOException | InterruptedException e) {
            return;
          }
        }
      }, "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      if (thread != null) {
        thread.join(1000);
      }
    }

    /** Over the samples of {@code inPhases}, or of the whole run when none is named. */
    synchronized long medianMegabytes(String... inPhases) {
      long[] values = of(inPhases).sorted().toArray();
      return values.length == 0 ? 0 : values[values.length / 2] / 1024;
    }

    synchronized long peakMegabytes(String... inPhases) {
      return of(inPhases).max().orElse(0) / 1024;
    }

    private LongStream of(String... inPhases) {
      List<String> wanted = List.of(inPhases);
      return samples.stream().filter(s -> wanted.isEmpty() || wanted.contains(s.phase())).mapToLong(Sample::kilobytes);
    }
  }
}
