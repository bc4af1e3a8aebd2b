package org.mcrpccds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.DraftOrders;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.PrefetchResolver;
import org.mcrpccds.hooks.ServiceDefinition;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.mcrpccds.web.HttpLimitsProperties;
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
import org.springframework.util.unit.DataSize;

/**
 * One hook's work without HTTP: reading the request's JSON and gathering its prefetch into the
 * patient's record (as the floor endpoint does, without HTTP), evaluating the patient-view library and the order-check library
 * (two drafts) with the compiled evaluator or the reference CQL engine, and, for comparison, what
 * the reference engine pays first: parsing the same JSON into HAPI objects.
 * Run with {@code bench/jmh.sh} (bench/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class CqlEvaluationBenchmark {
  @Param({"60", "1000", "5000"})
  public int resources;

  @Param({"compiled", "reference"})
  public String evaluator;

  private HookRequest request;
  private byte[] requestBytes;
  private HookRequestReader reader;
  private ServiceDefinition orderSign;
  private ServiceDefinition service;
  private PrefetchResolver prefetch;
  private LenientResourceParser parser;
  private CqlEvaluator cql;
  private PatientRecord record;
  private Map<String, Object> patientViewParameters;
  private Map<String, Object> orderParameters;

  @Setup
  public void setUp() {
    ObjectNode json = BenchRequests.orderSignWithTwoDrafts(resources);
    requestBytes = BenchRequests.bytes(json);
    reader = new HookRequestReader(new HttpLimitsProperties(DataSize.ofMegabytes(8), resources + 100, 0));
    orderSign = serviceDefinition(BenchRequests.ORDER_SIGN);
    request = new HookRequest("order-sign", "bench", null, null, json.at("/context/patientId").asText(),
        json.get("context"), json.get("prefetch"));
    Map<String, String> templates = new LinkedHashMap<>();
    json.get("prefetch").fieldNames().forEachRemaining(key -> templates.put(key, key));
    service = new ServiceDefinition(BenchRequests.ORDER_SIGN, "order-sign", "", "", "", "McrpcOrderChecks", templates, List.of());
    prefetch = new PrefetchResolver(TestContent.TYPES, (r, queries) -> List.of());
    parser = new LenientResourceParser(TestContent.FHIR);
    record = readPrefetch();
    cql = evaluator.equals("compiled") ? TestEvaluator.compiled() : TestEvaluator.reference();
    patientViewParameters = RuleProperties.defaults().cqlParameters();
    orderParameters = new HashMap<>(patientViewParameters);
    DraftOrders drafts = DraftOrders.read(request, TestContent.TYPES);
    orderParameters.put("Draft Medication Orders", drafts.medicationRequests());
    orderParameters.put("Draft Service Orders", drafts.serviceRequests());
  }

  /** What HookRequestReader does with the body: the request's JSON tree, checked. */
  @Benchmark
  public HookRequest readRequest() {
    return reader.read(requestBytes, orderSign);
  }

  /** What PrefetchResolver does with a full prefetch: the record of the request's JSON. */
  @Benchmark
  public PatientRecord readPrefetch() {
    return prefetch.resolve(service, request).record();
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

  /** Every define (the results are computed when read: copying reads them all). */
  @Benchmark
  public Map<String, Object> evaluatePatientView() {
    return new LinkedHashMap<>(cql.evaluate("McrpcPatientView", record, request.patientId(), patientViewParameters,
        ZonedDateTime.now(ZoneOffset.UTC)));
  }

  @Benchmark
  public Map<String, Object> evaluateOrderChecks() {
    return new LinkedHashMap<>(cql.evaluate("McrpcOrderChecks", record, request.patientId(), orderParameters,
        ZonedDateTime.now(ZoneOffset.UTC)));
  }

  private static ServiceDefinition serviceDefinition(String id) {
    try {
      return new ObjectMapper().readValue(Files.readString(Path.of("cql/services", id + ".json")), ServiceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
