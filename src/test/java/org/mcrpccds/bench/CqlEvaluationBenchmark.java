package org.mcrpccds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
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
 * One hook's work without HTTP, in three parts: parsing the prefetch into the patient's record (as
 * the floor endpoint does, without HTTP), evaluating the patient-view library, and evaluating the
 * order-check library with two drafts. The libraries are translated from the checkout's CQL, as in
 * the CQL-level tests; the record is parsed once and the engine only reads it.
 * Run with {@code bench/jmh.sh} (bench/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CqlEvaluationBenchmark {
  @Param({"60", "1000", "5000"})
  public int resources;

  private JsonNode prefetch;
  private String patientId;
  private LenientResourceParser parser;
  private CqlEvaluator evaluator;
  private PatientRecord record;
  private Map<String, Object> patientViewParameters;
  private Map<String, Object> orderParameters;

  @Setup
  public void setUp() {
    ObjectNode request = BenchRequests.orderSignWithTwoDrafts(resources);
    prefetch = request.get("prefetch");
    patientId = request.path("context").path("patientId").asText();
    parser = new LenientResourceParser(TestContent.FHIR);
    record = parsePrefetch();
    evaluator = TestEvaluator.evaluator();
    patientViewParameters = RuleProperties.defaults().cqlParameters();
    orderParameters = new HashMap<>(patientViewParameters);
    Bundle drafts = (Bundle) parser.parse(request.path("context").get("draftOrders"));
    orderParameters.put("Draft Medication Orders", drafts.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource).map(MedicationRequest.class::cast).toList());
    orderParameters.put("Draft Service Orders", List.of());
  }

  /** What PrefetchResolver does with a full prefetch: one lenient parse per key. */
  @Benchmark
  public PatientRecord parsePrefetch() {
    PatientRecord parsed = new PatientRecord();
    prefetch.forEach(value -> {
      IBaseResource resource = parser.parse(value);
      if (resource instanceof Bundle bundle) {
        bundle.getEntry().forEach(entry -> parsed.add(entry.getResource()));
      } else {
        parsed.add(resource);
      }
    });
    return parsed;
  }

  @Benchmark
  public Map<String, Object> evaluatePatientView() {
    return evaluator.evaluate("McrpcPatientView", record, patientId, patientViewParameters, ZonedDateTime.now(ZoneOffset.UTC));
  }

  @Benchmark
  public Map<String, Object> evaluateOrderChecks() {
    return evaluator.evaluate("McrpcOrderChecks", record, patientId, orderParameters, ZonedDateTime.now(ZoneOffset.UTC));
  }
}
