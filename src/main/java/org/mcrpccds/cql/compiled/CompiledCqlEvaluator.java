package org.mcrpccds.cql.compiled;

import java.time.ZonedDateTime;
import java.util.Map;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.State;

/**
 * Evaluates CQL from its ELM compiled to Java closures at startup, over the request's FHIR JSON as
 * it arrived. Same results as the CQL engine (ReferenceCqlEvaluator; the tests compare both on
 * every rule case), without its per-call interpretation: no visitor dispatch, no overload matching,
 * no model reflection, no parsing of the data into HAPI objects. Thread-safe: everything compiled
 * is immutable, and each call has its own {@link Evaluation}.
 */
public final class CompiledCqlEvaluator implements CqlEvaluator {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CompiledCqlEvaluator.class);

  private final LibraryCompiler compiled;
  /** The engine's operators read the terminology and FHIR equality from here; shared, never changed. */
  private final Environment environment;

  /**
   * @param libraries every library, included ones and FHIRHelpers too
   * @throws UnsupportedElmException when a library uses a construct this evaluator lacks
   */
  public CompiledCqlEvaluator(CompiledLibraries libraries, ValueSetTerminology terminology, FhirTypes fhirTypes) {
    this.compiled = new LibraryCompiler(libraries.all(), terminology, fhirTypes);
    // the library manager brings the UCUM service that quantity operators convert units with
    this.environment = new Environment(libraries.libraryManager(), Map.of(TypeTests.FHIR, new FhirElementModel()), terminology);
  }

  @Override
  public DefineResults evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    ExecutableLibrary library = compiled.library(libraryName);
    State state = new State(environment);
    state.setEvaluationDateTime(now);
    Evaluation evaluation = new Evaluation(state, record, compiled.libraries(), parameters);
    // the evaluation keeps each define's value: results read it from there, in the form they promise
    return DefineResults.of(library.name(), library.names(), slot -> value(library, evaluation, slot));
  }

  private static Object value(ExecutableLibrary library, Evaluation evaluation, int slot) {
    try {
      return evaluation.define(library, slot);
    } catch (RuntimeException e) {
      // the type and library only: messages of the engine's operators may quote the patient's data
      log.error("CQL evaluation of {} failed with {}", library.name(), e.getClass().getSimpleName());
      throw e;
    }
  }
}
