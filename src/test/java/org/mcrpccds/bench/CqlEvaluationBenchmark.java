package org.mcrpccds.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.DraftOrders;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One evaluation without HTTP: the patient-view library and the order-check library (two drafts)
 * over the benchmark's patient, with the compiled evaluator or the reference CQL engine, every
 * define computed. Run with {@code bench/jmh.sh} (bench/README.md).
 */
public class CqlEvaluationBenchmark extends HookBenchmarkSettings {
  @Param({"compiled", "reference"})
  public String evaluator;

  private String patientId;
  private CqlEvaluator cql;
  private PatientRecord record;
  private Map<String, Object> patientViewParameters;
  private Map<String, Object> orderParameters;

  @Setup
  public void setUp() {
    BenchHook hook = BenchHook.orderSign(resources);
    patientId = hook.request.patientId();
    record = hook.record();
    cql = evaluator.equals("compiled") ? TestEvaluator.compiled() : TestEvaluator.reference();
    patientViewParameters = RuleProperties.defaults().cqlParameters();
    orderParameters = new HashMap<>(patientViewParameters);
    DraftOrders drafts = DraftOrders.read(hook.request, TestContent.TYPES);
    record.addAll(drafts.medications());
    orderParameters.putAll(drafts.cqlParameters());
  }

  /** Every define (the results are computed when read: all() reads them all). */
  @Benchmark
  public Map<String, Object> evaluatePatientView() {
    return cql.evaluate("McrpcPatientView", record, patientId, patientViewParameters, ZonedDateTime.now(ZoneOffset.UTC)).all();
  }

  @Benchmark
  public Map<String, Object> evaluateOrderChecks() {
    return cql.evaluate("McrpcOrderChecks", record, patientId, orderParameters, ZonedDateTime.now(ZoneOffset.UTC)).all();
  }
}
