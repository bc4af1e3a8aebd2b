package org.mcrpccds.cql;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kotlin.Pair;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.EvaluationParams;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.model.ModelResolver;

/**
 * Evaluates with the reference CQL engine (cqframework), over HAPI objects parsed from the
 * request's JSON. The compiled libraries, the terminology and the model resolver are shared; the
 * engine and the retrieve provider are per call because the CQL engine is mutable (stack-notes
 * pitfall 4). About twenty times slower than {@link org.mcrpccds.cql.compiled.CompiledCqlEvaluator},
 * whose results it defines: the tests compare the two on every rule case.
 */
public final class ReferenceCqlEvaluator implements CqlEvaluator {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReferenceCqlEvaluator.class);
  private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

  private final CompiledLibraries libraries;
  private final ValueSetTerminology terminology;
  private final ModelResolver modelResolver;
  private final LenientResourceParser parser;

  public ReferenceCqlEvaluator(CompiledLibraries libraries, ValueSetTerminology terminology, ModelResolver modelResolver,
      LenientResourceParser parser) {
    this.libraries = libraries;
    this.terminology = terminology;
    this.modelResolver = modelResolver;
    this.parser = parser;
  }

  @Override
  public Map<String, Object> evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    Map<String, List<IBaseResource>> resources = new HashMap<>();
    record.byType().forEach(ofType -> ofType.forEach(resource ->
        resources.computeIfAbsent(resource.type().name(), t -> new ArrayList<>()).add(hapi(resource))));
    DataProvider data = new CompositeDataProvider(modelResolver,
        new PatientRecordRetrieveProvider(resources, modelResolver, terminology));
    var environment = new Environment(libraries.libraryManager(), Map.of(FHIR_MODEL_URI, data), terminology);
    var engine = new CqlEngine(environment, EnumSet.of(CqlEngine.Options.EnableExpressionCaching));

    Map<String, Object> engineParameters = new HashMap<>();
    parameters.forEach((name, value) -> engineParameters.put(name, hapiValue(value)));
    var params = new EvaluationParams.Builder();
    params.setContextParameter(new Pair<>("Patient", patientId));
    params.setEvaluationDateTime(now);
    params.setParameters(engineParameters);
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

  private IBaseResource hapi(FhirElement resource) {
    return parser.parse(resource.json());
  }

  private Object hapiValue(Object value) {
    if (value instanceof FhirElement resource) {
      return hapi(resource);
    }
    if (value instanceof List<?> list && list.stream().anyMatch(FhirElement.class::isInstance)) {
      return list.stream().map(this::hapiValue).toList();
    }
    return value;
  }
}
