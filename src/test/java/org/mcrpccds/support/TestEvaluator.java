package org.mcrpccds.support;

import ca.uhn.fhir.context.FhirVersionEnum;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.ValueSet;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.cql.compiled.CompiledCqlEvaluator;
import org.mcrpccds.cql.reference.ReferenceCqlEvaluator;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.DraftOrders;
import org.mcrpccds.hooks.EvaluationInputs;
import org.mcrpccds.hooks.MedicationNames;
import org.mcrpccds.hooks.MedicationResolver;
import org.mcrpccds.hooks.MissingDataFetcher;
import org.mcrpccds.hooks.PrefetchResolver;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;

/**
 * The CQL libraries of the checkout, translated once and evaluated directly (no HTTP, no Spring),
 * by the reference CQL engine with its stock R4 model resolver (the oracle) or by the compiled
 * evaluator the service runs.
 */
public final class TestEvaluator {
  public static final Set<String> PATIENT_VIEW_RULES =
      Set.of("R1", "R1b", "R2", "R6", "R10", "R16", "R18", "R19", "R20", "R21", "R22", "R26");
  public static final Set<String> ORDER_RULES =
      Set.of("R3", "R4", "R5", "R7", "R9", "R11", "R12", "R14", "R17", "R23", "R24", "R25");

  private static CompiledLibraries libraries;
  private static ValueSetTerminology terminology;
  private static ReferenceCqlEvaluator reference;
  private static CqlEvaluator compiled;
  private static EvaluationInputs inputs;

  private TestEvaluator() {}

  public static synchronized CompiledLibraries libraries() {
    if (libraries == null) {
      libraries = new CompiledLibraries(TestContent.CONTENT.read("cql/*.cql").values());
      var parser = TestContent.FHIR.newJsonParser();
      terminology = new ValueSetTerminology(TestContent.CONTENT.read("fhir-resources/valuesets/*.json").values()
          .stream().map(json -> parser.parseResource(ValueSet.class, json)).toList());
    }
    return libraries;
  }

  /** The project's value sets. */
  public static synchronized ValueSetTerminology terminology() {
    libraries();
    return terminology;
  }

  /** The reference CQL engine: what the rules mean. */
  public static synchronized ReferenceCqlEvaluator reference() {
    if (reference == null) {
      reference = new ReferenceCqlEvaluator(libraries(), terminology,
          FhirModelResolverCache.resolverForVersion(FhirVersionEnum.R4), new LenientResourceParser(TestContent.FHIR),
          TestContent.TYPES);
    }
    return reference;
  }

  /** The compiled evaluator the service runs. */
  public static synchronized CqlEvaluator compiled() {
    if (compiled == null) {
      compiled = new CompiledCqlEvaluator(libraries(), terminology, TestContent.TYPES);
    }
    return compiled;
  }

  /**
   * The service's way from a checked request to what its evaluation reads, with the default rule
   * settings, for requests that hold all their data: asked to fetch from fhirServer, it fails.
   */
  public static synchronized EvaluationInputs inputs() {
    if (inputs == null) {
      MissingDataFetcher noFetching = request -> {
        throw new IllegalStateException("a test request holds all its data: nothing may be fetched");
      };
      inputs = new EvaluationInputs(new PrefetchResolver(TestContent.TYPES, noFetching,
          new MedicationResolver(new MedicationNames(terminology(), TestContent.TYPES))), TestContent.TYPES,
          RuleProperties.defaults());
    }
    return inputs;
  }

  /** Every define of the hook's library for the case, evaluated now by the reference engine. */
  public static Map<String, Object> evaluate(RuleCase ruleCase) {
    return evaluate(ruleCase, reference(), libraryOf(ruleCase));
  }

  public static String libraryOf(RuleCase ruleCase) {
    return ruleCase.hook().equals("patient-view") ? "McrpcPatientView" : "McrpcOrderChecks";
  }

  /**
   * Every define of {@code library} for the case, as the hook would evaluate it, by {@code evaluator},
   * all computed. The drafts and parameters are made as the service makes them, but the record is
   * the case's resources as written, not a hook request gathered by {@link EvaluationInputs}: this
   * is what the CQL means on that data, whatever a service prefetches (the order services prefetch
   * no ServiceRequest, yet McrpcCommon reads them and CompiledMatchesReferenceTest compares it on
   * every case) and however the protocol resolves medication references. RuleCasesHttpTest takes the
   * same cases the service's way.
   */
  public static Map<String, Object> evaluate(RuleCase ruleCase, CqlEvaluator evaluator, String library) {
    PatientRecord record = new PatientRecord();
    ruleCase.record().forEach(resource -> record.add(TestContent.element(resource)));
    DraftOrders drafts = null;
    if (!ruleCase.hook().equals("patient-view")) {
      drafts = DraftOrders.of(ruleCase.draftOrders().stream().map(TestContent::element).toList(), ruleCase.checkedDrafts());
      record.addAll(drafts.medications());
    }
    return evaluator.evaluate(library, record, ruleCase.patientId(), inputs().parameters(drafts), ZonedDateTime.now(ZoneOffset.UTC))
        .all();
  }

  /** The rules whose define is true (a card's define is named after its rule). */
  public static Set<String> firedRules(RuleCase ruleCase, Map<String, Object> results) {
    Set<String> rules = ruleCase.hook().equals("patient-view") ? PATIENT_VIEW_RULES : ORDER_RULES;
    Set<String> fired = new TreeSet<>();
    rules.forEach(rule -> {
      if (Boolean.TRUE.equals(results.get(rule))) {
        fired.add(rule);
      }
    });
    return fired;
  }
}
