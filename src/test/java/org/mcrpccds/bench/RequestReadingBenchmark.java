package org.mcrpccds.bench;

import java.util.List;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.EvaluationInputs;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.support.TestContent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * What a hook call does before CQL, without HTTP (the floor endpoint's work): reading the body into
 * the checked request, and gathering what its evaluation reads; and, for comparison, what the
 * reference engine pays first: parsing the same JSON into HAPI objects. Run with
 * {@code bench/jmh.sh} (bench/README.md).
 */
public class RequestReadingBenchmark extends HookBenchmarkSettings {
  private BenchHook hook;
  private PatientRecord record;
  private LenientResourceParser parser;

  @Setup
  public void setUp() {
    hook = BenchHook.orderSign(resources);
    record = hook.input().record();
    parser = new LenientResourceParser(TestContent.FHIR);
  }

  /** What HookRequestReader does with the body: the request's JSON tree, checked. */
  @Benchmark
  public HookRequest readRequest() {
    return hook.reader.read(hook.body, hook.service);
  }

  /**
   * What EvaluationInputs does with the checked request and its full prefetch: the drafts, the
   * record of the request's JSON, the parameters.
   */
  @Benchmark
  public EvaluationInputs.Input readPrefetch() {
    return hook.input();
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
