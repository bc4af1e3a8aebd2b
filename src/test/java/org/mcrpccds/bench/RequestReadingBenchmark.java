package org.mcrpccds.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.support.TestContent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a hook call does before CQL, without HTTP (the floor endpoint's work): reading the body into
 * the checked request, and gathering its prefetch into the patient's record; and, for comparison,
 * what the reference engine pays first: parsing the same JSON into HAPI objects.
 * Run with {@code bench/jmh.sh} (bench/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class RequestReadingBenchmark {
  @Param({"60", "1000", "5000"})
  public int resources;

  private BenchHook hook;
  private PatientRecord record;
  private LenientResourceParser parser;

  @Setup
  public void setUp() {
    hook = BenchHook.orderSign(resources);
    record = hook.record();
    parser = new LenientResourceParser(TestContent.FHIR);
  }

  /** What HookRequestReader does with the body: the request's JSON tree, checked. */
  @Benchmark
  public HookRequest readRequest() {
    return hook.reader.read(hook.body, hook.service);
  }

  /** What PrefetchResolver does with a full prefetch: the record of the request's JSON. */
  @Benchmark
  public PatientRecord readPrefetch() {
    return hook.record();
  }

  /** What the reference engine does before it evaluates: every resource parsed into HAPI objects. */
  @Benchmark
  public int parseIntoHapi() {
    int parsed = 0;
    for (List<FhirElement> ofType : record.byType()) {
      for (FhirElement resource : ofType) {
        parser.parse(resource.json());
        parsed++;
      }
    }
    return parsed;
  }
}
