package org.mcrpccds.cql;

import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import kotlin.Pair;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.EvaluationParams;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.model.ModelResolver;

/**
 * Evaluates a compiled library for one patient. The compiled libraries, the terminology and the
 * model resolver are shared; the engine and the retrieve provider are per call because the CQL
 * engine is mutable (see stack-notes pitfall 4).
 */
public final class CqlEvaluator {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CqlEvaluator.class);
  private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

  private final CompiledLibraries libraries;
  private final ValueSetTerminology terminology;
  private final ModelResolver modelResolver;

  public CqlEvaluator(CompiledLibraries libraries, ValueSetTerminology terminology, ModelResolver modelResolver) {
    this.libraries = libraries;
    this.terminology = terminology;
    this.modelResolver = modelResolver;
  }

  /** Every define of {@code libraryName}, by name, evaluated at {@code now}. */
  public Map<String, Object> evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    DataProvider data = new CompositeDataProvider(modelResolver,
        new PatientRecordRetrieveProvider(record, modelResolver, terminology));
    var environment = new Environment(libraries.libraryManager(), Map.of(FHIR_MODEL_URI, data), terminology);
    var engine = new CqlEngine(environment, EnumSet.of(CqlEngine.Options.EnableExpressionCaching));

    var params = new EvaluationParams.Builder();
    params.setContextParameter(new Pair<>("Patient", patientId));
    params.setEvaluationDateTime(now);
    params.setParameters(parameters);
    params.library(libraries.identifier(libraryName), new EvaluationParams.LibraryParams.Builder().build());
    EvaluationResult result;
    try {
      result = engine.evaluate(params.build()).getOnlyResultOrThrow();
    } catch (RuntimeException e) {
      // the type and library only: engine messages may quote the patient's data
      log.error("CQL evaluation of {} failed with {}", libraryName, e.getClass().getSimpleName());
      throw e;
    }

    Map<String, Object> values = new LinkedHashMap<>();
    result.getExpressionResults().forEach((name, value) -> values.put(name, value.getValue()));
    return values;
  }
}
