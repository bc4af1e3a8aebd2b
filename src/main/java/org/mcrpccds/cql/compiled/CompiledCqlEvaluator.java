package org.mcrpccds.cql.compiled;

import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
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
  public Map<String, Object> evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    ExecutableLibrary library = compiled.library(libraryName);
    State state = new State(environment);
    state.setEvaluationDateTime(now);
    return new DefineValues(library, new Evaluation(state, record, compiled.libraries(), parameters));
  }

  /** The defines of one evaluation, each computed when first read. Not thread-safe: one call's. */
  private static final class DefineValues extends AbstractMap<String, Object> {
    private final ExecutableLibrary library;
    private final Evaluation evaluation;

    DefineValues(ExecutableLibrary library, Evaluation evaluation) {
      this.library = library;
      this.evaluation = evaluation;
    }

    @Override
    public boolean containsKey(Object name) {
      return name instanceof String define && library.hasDefine(define);
    }

    @Override
    public Object get(Object name) {
      return containsKey(name) ? value(library.defineSlot((String) name)) : null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> all = new LinkedHashMap<>();
      List<String> names = library.defineNames();
      for (int slot = 0; slot < names.size(); slot++) {
        all.put(names.get(slot), value(slot));
      }
      return all.entrySet();
    }

    private Object value(int slot) {
      try {
        return evaluation.define(library, slot);
      } catch (RuntimeException e) {
        // the type and library only: messages of the engine's operators may quote the patient's data
        log.error("CQL evaluation of {} failed with {}", library.name(), e.getClass().getSimpleName());
        throw e;
      }
    }
  }
}
