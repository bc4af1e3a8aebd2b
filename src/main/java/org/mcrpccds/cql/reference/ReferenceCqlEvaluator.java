package org.mcrpccds.cql.reference;

import ca.uhn.fhir.context.FhirContext;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kotlin.Pair;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.HapiElements;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.EvaluationParams;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.EvaluationResults;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.cql.engine.runtime.Tuple;
import org.opencds.cqf.fhir.utility.model.DynamicModelResolver;

/**
 * Evaluates with the reference CQL engine (cqframework), over HAPI objects parsed from the
 * request's JSON. The compiled libraries, the terminology and the model resolver are shared; the
 * engine and the retrieve provider are per call because the CQL engine is mutable (stack-notes
 * pitfall 4). About twenty times slower than the compiled evaluator, whose results it defines: the
 * tests compare the two on every rule case and on generated raw requests. Its FHIR results are
 * given back as {@link FhirElement}s, the form every evaluator's results take: the record's own
 * resources as they came, anything else written out by HAPI.
 */
public final class ReferenceCqlEvaluator implements CqlEvaluator {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReferenceCqlEvaluator.class);
  private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

  private final CompiledLibraries libraries;
  private final ValueSetTerminology terminology;
  private final ModelResolver modelResolver;
  private final LenientResourceParser parser;
  private final HapiElements elements;

  public ReferenceCqlEvaluator(CompiledLibraries libraries, ValueSetTerminology terminology, ModelResolver modelResolver,
      LenientResourceParser parser, FhirTypes types) {
    this.libraries = libraries;
    this.terminology = terminology;
    this.modelResolver = modelResolver;
    this.parser = parser;
    this.elements = new HapiElements(types);
  }

  /** As the service runs it: the engine's R4 model resolver, with property paths resolved without a regex. */
  public static ReferenceCqlEvaluator forService(CompiledLibraries libraries, ValueSetTerminology terminology,
      FhirContext fhirContext, FhirTypes types, LenientResourceParser parser) {
    return new ReferenceCqlEvaluator(libraries, terminology, new DynamicModelResolver(new SimplePathModelResolver(fhirContext)),
        parser, types);
  }

  @Override
  public DefineResults evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    return evaluate(List.of(libraryName), record, patientId, parameters, now).get(libraryName).resultsOrThrow();
  }

  /** One library's results from {@link #evaluate(List, PatientRecord, String, Map, ZonedDateTime)}, or why it has none. */
  public record Outcome(DefineResults results, RuntimeException failure) {
    public DefineResults resultsOrThrow() {
      if (failure != null) {
        throw failure;
      }
      return results;
    }
  }

  /**
   * Several libraries over one record in one engine run, so that what they share (the defines of a
   * library they include) is evaluated once: by library name, in the order given.
   */
  public Map<String, Outcome> evaluate(List<String> libraryNames, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now) {
    // each HAPI object the engine is given, by identity: a resource it returns is given back as it came
    Map<IBase, FhirElement> given = new IdentityHashMap<>();
    Map<String, List<IBaseResource>> resources = new HashMap<>();
    record.byType().forEach(ofType -> ofType.forEach(resource ->
        resources.computeIfAbsent(resource.type().name(), t -> new ArrayList<>()).add(hapi(resource, given))));
    DataProvider data = new CompositeDataProvider(modelResolver,
        new PatientRecordRetrieveProvider(resources, modelResolver, terminology));
    var environment = new Environment(libraries.libraryManager(), Map.of(FHIR_MODEL_URI, data), terminology);
    var engine = new CqlEngine(environment, EnumSet.of(CqlEngine.Options.EnableExpressionCaching));

    Map<String, Object> engineParameters = new HashMap<>();
    parameters.forEach((name, value) -> engineParameters.put(name, hapiValue(value, given)));
    var params = new EvaluationParams.Builder();
    params.setContextParameter(new Pair<>("Patient", patientId));
    params.setEvaluationDateTime(now);
    params.setParameters(engineParameters);
    libraryNames.forEach(name -> params.library(libraries.identifier(name), new EvaluationParams.LibraryParams.Builder().build()));
    EvaluationResults results = engine.evaluate(params.build());

    // by library name: the engine's identifiers of a library need not equal the ones it was asked for
    Map<String, RuntimeException> failures = new HashMap<>();
    results.getExceptions().forEach((id, failure) -> failures.put(id.getId(), failure));
    Map<String, EvaluationResult> evaluated = new HashMap<>();
    results.getResults().forEach((id, result) -> evaluated.put(id.getId(), result));
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (String name : libraryNames) {
      if (failures.containsKey(name) || !evaluated.containsKey(name)) {
        RuntimeException failure = failures.getOrDefault(name, new IllegalStateException("the CQL engine gave no results for " + name));
        // the type and library only: engine messages may quote the patient's data
        log.error("CQL evaluation of {} failed with {}", name, failure.getClass().getSimpleName());
        outcomes.put(name, new Outcome(null, failure));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      evaluated.get(name).getExpressionResults().forEach((define, value) -> values.put(define, normalised(value.getValue(), given)));
      List<Object> byIndex = new ArrayList<>(values.values());
      outcomes.put(name, new Outcome(DefineResults.of(name, new DefineResults.Names(List.copyOf(values.keySet())), byIndex::get), null));
    }
    return outcomes;
  }

  private IBaseResource hapi(FhirElement resource, Map<IBase, FhirElement> given) {
    IBaseResource parsed = parser.parse(resource.json());
    given.put(parsed, resource);
    return parsed;
  }

  private Object hapiValue(Object value, Map<IBase, FhirElement> given) {
    if (value instanceof FhirElement resource) {
      return hapi(resource, given);
    }
    if (value instanceof List<?> list && list.stream().anyMatch(FhirElement.class::isInstance)) {
      return list.stream().map(item -> hapiValue(item, given)).toList();
    }
    return value;
  }

  /** An engine result in the form of {@link DefineResults}: HAPI objects as FhirElements, in lists and tuples too. */
  private Object normalised(Object value, Map<IBase, FhirElement> given) {
    if (value instanceof IBase fhir) {
      FhirElement original = given.get(fhir);
      return original != null ? original : elements.of(fhir);
    }
    if (value instanceof Iterable<?> list) {
      List<Object> items = new ArrayList<>();
      list.forEach(item -> items.add(normalised(item, given)));
      return items;
    }
    if (value instanceof Tuple tuple) {
      Map<String, Object> elements = new LinkedHashMap<>();
      tuple.getElements().forEach((name, element) -> elements.put(name, normalised(element, given)));
      return new Tuple().withElements(elements);
    }
    return value;
  }
}
