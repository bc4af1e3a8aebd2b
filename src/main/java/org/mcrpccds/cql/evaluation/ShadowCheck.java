package org.mcrpccds.cql.evaluation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.evaluation.EvaluatorComparison.Disagreement;
import org.mcrpccds.fhir.PatientRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled evaluator, with a share of its calls ({@code mcrpc.cql.shadow-rate}) evaluated again
 * by the reference engine after the call, on a thread of its own: every define of the library from
 * both, compared as the differential test compares them ({@link EvaluatorComparison}). Operators
 * see where the two disagree on their own EHR's data before a patient does:
 * {@code mcrpc.cql.shadow.checks} counts the calls checked (tagged with the library and whether the
 * two agreed), {@code mcrpc.cql.shadow.disagreements} each define they differed on, and
 * {@code mcrpc.cql.shadow.dropped} the calls drawn but left unchecked because the queue was full. A
 * disagreement is logged with the library and the define names only: no value, nothing of the
 * patient.
 *
 * <p>A call pays for a random draw and, when drawn, a queue offer that never waits. The record and
 * parameters it hands over are not changed after evaluation, and both evaluators only read them.
 */
final class ShadowCheck implements CqlEvaluator, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShadowCheck.class);

  private record Call(String library, PatientRecord record, String patientId, Map<String, Object> parameters, ZonedDateTime now) {}

  /** A counter's tags besides the meter's name: the library and one more. */
  private record Tags(String library, String value) {}

  private final CqlEvaluator compiled;
  private final CqlEvaluator reference;
  private final double rate;
  private final ThreadPoolExecutor worker;
  private final MeterRegistry meters;
  private final Map<Tags, Counter> checks = new ConcurrentHashMap<>();
  private final Map<Tags, Counter> disagreements = new ConcurrentHashMap<>();
  private final Counter dropped;

  ShadowCheck(CqlEvaluator compiled, CqlEvaluator reference, double rate, int queue, MeterRegistry meters) {
    this.compiled = compiled;
    this.reference = reference;
    this.rate = rate;
    this.meters = meters;
    this.dropped = Counter.builder("mcrpc.cql.shadow.dropped")
        .description("Hook calls drawn for the CQL shadow check but not checked: its queue was full")
        .register(meters);
    // one thread and a bounded queue; a full queue drops the call: the check never holds a call up
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
      Thread thread = new Thread(runnable, "cql-shadow-check");
      thread.setDaemon(true);
      return thread;
    }, (runnable, executor) -> dropped.increment());
  }

  @Override
  public DefineResults evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    DefineResults results = compiled.evaluate(libraryName, record, patientId, parameters, now);
    if (ThreadLocalRandom.current().nextDouble() < rate) {
      Call call = new Call(libraryName, record, patientId, new HashMap<>(parameters), now);
      worker.execute(() -> check(call));
    }
    return results;
  }

  /** Both evaluators on the call's inputs, every define compared; counted and, when they differ, logged. */
  private void check(Call call) {
    List<Disagreement> found = EvaluatorComparison.compare(reference, compiled, call.library(), call.record(),
        call.patientId(), call.parameters(), call.now());
    List<String> defines = found.stream().map(Disagreement::define).toList();
    if (!defines.isEmpty()) {
      // the define names only: a Disagreement's description quotes the patient's data
      log.warn("CQL shadow check: {}: the compiled evaluator and the reference engine differ on defines {}", call.library(), defines);
    }
    defines.forEach(define -> counter(disagreements, new Tags(call.library(), define), "mcrpc.cql.shadow.disagreements", "define",
        "Defines on which the compiled CQL evaluator and the reference engine differed in the shadow check").increment());
    counter(checks, new Tags(call.library(), defines.isEmpty() ? "agree" : "disagree"), "mcrpc.cql.shadow.checks", "outcome",
        "Hook calls evaluated again by the reference CQL engine, by whether the two evaluators agreed").increment();
  }

  private Counter counter(Map<Tags, Counter> counters, Tags tags, String name, String tag, String description) {
    return counters.computeIfAbsent(tags, t -> Counter.builder(name)
        .description(description)
        .tag("library", t.library())
        .tag(tag, t.value())
        .register(meters));
  }

  /** Lets the checks already queued finish, for at most {@code seconds}; no call is checked after. */
  boolean finish(long seconds) throws InterruptedException {
    worker.shutdown();
    return worker.awaitTermination(seconds, TimeUnit.SECONDS);
  }

  /** Stops at once: a check under way is abandoned, as the application stops. */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
