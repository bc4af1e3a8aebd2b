package org.mcrpccds.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.EvaluationInputs;
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
    EvaluationInputs.Input input = BenchHook.orderSign(resources).input();
    patientId = input.patientId();
    record = input.record();
    cql = evaluator.equals("compiled") ? TestEvaluator.compiled() : TestEvaluator.reference();
    // the patient view over the same record: a patient-view call has no drafts
    patientViewParameters = TestEvaluator.inputs().parameters(null);
    orderParameters = input.parameters();
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
