package org.mcrpccds.support;

import ca.uhn.fhir.context.FhirVersionEnum;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ValueSet;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;

/** The CQL libraries of the checkout, compiled once and evaluated directly (no HTTP, no Spring). */
public final class TestEvaluator {
  public static final Set<String> PATIENT_VIEW_RULES = Set.of("R1", "R1b", "R2", "R6", "R10");
  public static final Set<String> ORDER_RULES = Set.of("R3", "R4", "R5", "R7", "R9", "R11", "R12", "R14");

  private static CqlEvaluator evaluator;

  private TestEvaluator() {}

  public static synchronized CqlEvaluator evaluator() {
    if (evaluator == null) {
      var libraries = new CompiledLibraries(TestContent.CONTENT.read("cql/*.cql").values());
      var parser = TestContent.FHIR.newJsonParser();
      var terminology = new ValueSetTerminology(TestContent.CONTENT.read("fhir-resources/valuesets/*.json").values()
          .stream().map(json -> parser.parseResource(ValueSet.class, json)).toList());
      evaluator = new CqlEvaluator(libraries, terminology, FhirModelResolverCache.resolverForVersion(FhirVersionEnum.R4));
    }
    return evaluator;
  }

  /** Every define of the hook's library for the case, evaluated now. */
  public static Map<String, Object> evaluate(RuleCase ruleCase) {
    boolean orderHook = !ruleCase.hook().equals("patient-view");
    PatientRecord record = new PatientRecord().addAll(ruleCase.record());
    Map<String, Object> parameters = new HashMap<>(RuleProperties.defaults().cqlParameters());
    if (orderHook) {
      ruleCase.draftOrders().stream().filter(r -> r.fhirType().equals("Medication")).forEach(record::add);
      parameters.put("Draft Medication Orders", ruleCase.checkedDrafts().stream()
          .filter(MedicationRequest.class::isInstance).toList());
      parameters.put("Draft Service Orders", ruleCase.checkedDrafts().stream()
          .filter(ServiceRequest.class::isInstance).toList());
    }
    return evaluator().evaluate(orderHook ? "McrpcOrderChecks" : "McrpcPatientView", record, ruleCase.patientId(),
        parameters, ZonedDateTime.now(ZoneOffset.UTC));
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
