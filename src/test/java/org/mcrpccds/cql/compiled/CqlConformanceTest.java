package org.mcrpccds.cql.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirVersionEnum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.ResultDifference;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.cql.reference.ReferenceCqlEvaluator;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.support.TestContent;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * CQL conformance of the compiled evaluator: the CQL libraries of {@code cql-conformance/}, written
 * the way a clinical informaticist writes CQL (three-valued logic, dates of every precision and
 * time zone, intervals, strings, lists, queries, terminology, FHIR navigation, conversions,
 * functions, parameters), are evaluated by the reference CQL engine and by the compiled evaluator
 * over small synthetic patients (a rich one, a sparse one with missing and empty elements, one
 * with no data at all, one with dates near midnight in other time zones), at two evaluation
 * instants (UTC and UTC-05:00, a calendar day apart), with default and with supplied parameters.
 * Every define of every library must have the same value from both.
 *
 * <p>The libraries hold only defines on which both evaluators agree. The constructs the compiled
 * evaluator refuses (UnsupportedElmException) are listed in docs/evaluator.md, generated from its
 * compiler ({@code EvaluatorDocsTest}); divergences on data are recorded in
 * {@code src/test/resources/evaluator-divergences.json} ({@code EvaluatorsAgreeOnRawRequestsTest}).
 * Add a define here when such a construct is supported.
 */
class CqlConformanceTest {
  static final String LOINC = "http://loinc.org";
  static final String SNOMED = "http://snomed.info/sct";
  static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  static final String LOCAL = "http://example.org/fhir/CodeSystem/local";
  static final String UCUM = "http://unitsofmeasure.org";
  static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
  static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
  static final String VS = "http://example.org/fhir/ValueSet/";

  /** 2024-06-15 in UTC. */
  static final ZonedDateTime NOW_UTC = ZonedDateTime.of(2024, 6, 15, 10, 30, 0, 0, ZoneOffset.UTC);
  /** 2024-06-15 21:30 at UTC-05:00, already 2024-06-16 in UTC. */
  static final ZonedDateTime NOW_WEST = ZonedDateTime.of(2024, 6, 15, 21, 30, 0, 0, ZoneOffset.ofHours(-5));

  private static Fixture fixture;

  /** The libraries, translated once, and both evaluators over them. */
  record Fixture(Map<String, String> sources, CompiledLibraries libraries, CqlEvaluator reference, CqlEvaluator compiled) {}

  /** A patient's data, the parameters supplied and the evaluation instant. */
  record Scenario(String name, String patientId, List<Resource> resources, Map<String, Object> parameters, ZonedDateTime now) {
    PatientRecord record() {
      PatientRecord record = new PatientRecord();
      resources.forEach(resource -> record.add(TestContent.element(resource)));
      return record;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static synchronized Fixture fixture() {
    if (fixture == null) {
      Map<String, String> sources = sources();
      CompiledLibraries libraries = new CompiledLibraries(sources.values());
      ValueSetTerminology terminology = terminology();
      CqlEvaluator reference = new ReferenceCqlEvaluator(libraries, terminology,
          FhirModelResolverCache.resolverForVersion(FhirVersionEnum.R4), new LenientResourceParser(TestContent.FHIR),
          TestContent.TYPES);
      CqlEvaluator compiled = new CompiledCqlEvaluator(libraries, terminology, TestContent.TYPES);
      fixture = new Fixture(sources, libraries, reference, compiled);
    }
    return fixture;
  }

  /** Library name → CQL, from the test classpath's {@code cql-conformance/*.cql}. */
  static Map<String, String> sources() {
    try {
      var resources = new PathMatchingResourcePatternResolver().getResources("classpath*:cql-conformance/*.cql");
      Arrays.sort(resources, (a, b) -> String.valueOf(a.getFilename()).compareTo(String.valueOf(b.getFilename())));
      Map<String, String> sources = new LinkedHashMap<>();
      for (var resource : resources) {
        String cql = new String(resource.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        sources.put(libraryName(cql), cql);
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String libraryName(String cql) {
    var matcher = java.util.regex.Pattern.compile("^\\s*library\\s+(\\w+)", java.util.regex.Pattern.MULTILINE).matcher(cql);
    if (!matcher.find()) {
      throw new IllegalStateException("no library header in " + cql.substring(0, Math.min(80, cql.length())));
    }
    return matcher.group(1);
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String library : fixture().sources().keySet()) {
      for (Scenario scenario : scenarios()) {
        cases.add(Arguments.of(library, scenario));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void everyDefineHasTheReferenceValue(String library, Scenario scenario) {
    Map<String, Object> expected = fixture().reference().evaluate(library, scenario.record(), scenario.patientId(),
        scenario.parameters(), scenario.now()).all();
    Map<String, Object> actual = fixture().compiled().evaluate(library, scenario.record(), scenario.patientId(),
        scenario.parameters(), scenario.now()).all();

    assertThat(expected).as(library + " defines").isNotEmpty();
    assertThat(actual.keySet()).as(library + " defines").containsExactlyElementsOf(expected.keySet());
    List<String> differences = new ArrayList<>();
    expected.forEach((define, value) -> {
      String difference = ResultDifference.between(value, actual.get(define));
      if (difference != null) {
        differences.add(library + ".\"" + define + "\": " + difference);
      }
    });
    assertThat(differences).as(library + " / " + scenario).isEmpty();
  }

  /** Each library is evaluated: no library is silently skipped. */
  @Test
  void everyLibraryIsCompiledAndEvaluated() {
    assertThat(fixture().sources()).hasSizeGreaterThanOrEqualTo(12);
    fixture().sources().keySet().forEach(library -> assertThat(fixture().compiled().evaluate(library, new PatientRecord(),
        "none", Map.of(), NOW_UTC).all()).as(library).isNotEmpty());
  }

  /* ------------------------------------------------------------------ terminology */

  static ValueSetTerminology terminology() {
    return new ValueSetTerminology(List.of(
        valueSet("prostate-cancer", SNOMED, "399068003", ICD10, "C61"),
        valueSet("castration-resistant", SNOMED, "445848006"),
        valueSet("psa", LOINC, "2857-1", LOINC, "83112-3"),
        valueSet("hemoglobin", LOINC, "718-7"),
        valueSet("taxane", RXNORM, "72962", RXNORM, "1311615"),
        valueSet("arpi", RXNORM, "1307298", RXNORM, "1100072"),
        valueSet("active-clinical", CLINICAL, "active", CLINICAL, "recurrence", CLINICAL, "relapse"),
        valueSet("psma-result", LOCAL, "psma-positive", LOCAL, "psma-equivocal"),
        // a value set without a code system: what a String is tested against
        valueSet("genders", null, "male", null, "other")));
  }

  static ValueSet valueSet(String name, String... systemsAndCodes) {
    ValueSet valueSet = new ValueSet();
    valueSet.setId(name);
    valueSet.setUrl(VS + name);
    for (int i = 0; i < systemsAndCodes.length; i += 2) {
      String system = systemsAndCodes[i];
      var include = valueSet.getCompose().getInclude().stream()
          .filter(c -> java.util.Objects.equals(c.getSystem(), system)).findFirst()
          .orElseGet(() -> {
            var created = valueSet.getCompose().addInclude();
            if (system != null) {
              created.setSystem(system);
            }
            return created;
          });
      include.addConcept().setCode(systemsAndCodes[i + 1]);
    }
    return valueSet;
  }

  /* ------------------------------------------------------------------ patients */

  static List<Scenario> scenarios() {
    Map<String, Object> supplied = new LinkedHashMap<>();
    supplied.put("Lookback Days", 400);
    supplied.put("Threshold", new BigDecimal("4.0"));
    supplied.put("Site Name", "Clinic B");
    supplied.put("Flag", Boolean.TRUE);
    supplied.put("Measurement Period", new Interval(new DateTime("2023-01-01T00:00:00.000", ZoneOffset.UTC), true,
        new DateTime("2023-12-31T23:59:59.999", ZoneOffset.UTC), true));
    supplied.put("Draft Orders", List.of(TestContent.element(draftOrder())));
    return List.of(
        new Scenario("rich patient, now UTC", "p1", rich(), Map.of(), NOW_UTC),
        new Scenario("rich patient, now UTC-05:00", "p1", rich(), Map.of(), NOW_WEST),
        new Scenario("rich patient, parameters supplied", "p1", rich(), supplied, NOW_UTC),
        new Scenario("sparse patient, missing and empty elements", "p2", sparse(), Map.of(), NOW_UTC),
        new Scenario("patient with no data", "p3", List.of(), Map.of(), NOW_UTC),
        new Scenario("midnight patient, other time zones, now UTC", "p4", midnight(), Map.of(), NOW_UTC),
        new Scenario("midnight patient, other time zones, now UTC-05:00", "p4", midnight(), supplied, NOW_WEST));
  }

  static CodeableConcept concept(String system, String code, String display) {
    CodeableConcept concept = new CodeableConcept();
    concept.addCoding(new Coding(system, code, display));
    return concept;
  }

  static Quantity quantity(String value, String unit) {
    return new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(UCUM).setCode(unit);
  }

  static Reference subject(String patientId) {
    return new Reference("Patient/" + patientId);
  }

  static Condition condition(String id, String patientId, CodeableConcept code) {
    Condition condition = new Condition();
    condition.setId(id);
    condition.setSubject(subject(patientId));
    condition.setCode(code);
    return condition;
  }

  static Observation observation(String id, String patientId, String status, CodeableConcept code) {
    Observation observation = new Observation();
    observation.setId(id);
    observation.setSubject(subject(patientId));
    if (status != null) {
      observation.setStatus(Observation.ObservationStatus.fromCode(status));
    }
    observation.setCode(code);
    return observation;
  }

  static MedicationRequest medicationRequest(String id, String patientId, String status) {
    MedicationRequest request = new MedicationRequest();
    request.setId(id);
    request.setSubject(subject(patientId));
    request.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(status));
    request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    return request;
  }

  static MedicationRequest draftOrder() {
    MedicationRequest draft = medicationRequest("draft1", "p1", "draft");
    draft.setMedication(concept(RXNORM, "1311615", "cabazitaxel"));
    draft.setAuthoredOnElement(new DateTimeType("2024-06-15T09:00:00Z"));
    return draft;
  }

  /** Data of every shape: extensions, choices, repeats, contained and referenced resources. */
  static List<Resource> rich() {
    Patient patient = new Patient();
    patient.setId("p1");
    patient.setActive(true);
    patient.setGender(AdministrativeGender.MALE);
    patient.setBirthDateElement(new DateType("1950-03-10"));
    patient.getBirthDateElement().addExtension("http://hl7.org/fhir/StructureDefinition/patient-birthTime",
        new DateTimeType("1950-03-10T14:30:00+01:00"));
    patient.setDeceased(new BooleanType(false));
    patient.addExtension("http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex", new CodeType("M"));
    Extension race = patient.addExtension();
    race.setUrl("http://hl7.org/fhir/us/core/StructureDefinition/us-core-race");
    race.addExtension("ombCategory", new Coding("urn:oid:2.16.840.1.113883.6.238", "2106-3", "White"));
    race.addExtension("ombCategory", new Coding("urn:oid:2.16.840.1.113883.6.238", "2028-9", "Asian"));
    race.addExtension("text", new StringType("White, Asian"));
    patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Smith").addGiven("John").addGiven("Quincy");
    patient.addName().setUse(HumanName.NameUse.NICKNAME).addGiven("Jack");
    patient.addIdentifier().setSystem("http://example.org/mrn").setValue("MRN-001");
    patient.addIdentifier().setSystem("http://example.org/ssn").setValue("123-45-6789");
    patient.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("555-0100");
    patient.addAddress().setCity("Springfield").addLine("1 Main St").addLine("Apt 2").setPostalCode("12345");

    Condition prostate = condition("c1", "p1", concept(SNOMED, "399068003", "Malignant tumor of prostate"));
    prostate.getCode().addCoding(new Coding(ICD10, "C61", "Malignant neoplasm of prostate"));
    prostate.getCode().setText("Prostate cancer");
    prostate.setClinicalStatus(concept(CLINICAL, "active", null));
    prostate.setVerificationStatus(concept(VERIFICATION, "confirmed", null));
    prostate.setOnset(new DateTimeType("2019-05-01T10:00:00+02:00"));
    prostate.setRecordedDateElement(new DateTimeType("2019-05-03"));
    prostate.addCategory(concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null));

    Condition resistant = condition("c2", "p1", concept(SNOMED, "445848006", "Castration resistant prostate cancer"));
    resistant.setClinicalStatus(concept(CLINICAL, "resolved", null));
    resistant.setVerificationStatus(concept(VERIFICATION, "entered-in-error", null));
    resistant.setOnset(new Period().setStartElement(new DateTimeType("2022-01-01")).setEndElement(new DateTimeType("2022-06")));
    resistant.setRecordedDateElement(new DateTimeType("2022-01"));

    Condition ageOnset = condition("c3", "p1", concept(LOCAL, "local-1", "Local condition"));
    ageOnset.setOnset(new org.hl7.fhir.r4.model.Age().setValue(60).setUnit("a").setSystem(UCUM).setCode("a"));
    ageOnset.setRecordedDateElement(new DateTimeType("2024"));
    ageOnset.setClinicalStatus(concept(CLINICAL, "relapse", null));

    Condition openPeriod = condition("c4", "p1", new CodeableConcept().setText("free text only"));
    openPeriod.setOnset(new Period().setStartElement(new DateTimeType("2024-05-20T08:00:00Z")));
    openPeriod.setRecordedDateElement(new DateTimeType("2024-05-21T08:00:00-04:00"));

    Observation psa = observation("o1", "p1", "final", concept(LOINC, "2857-1", "PSA"));
    psa.setValue(quantity("12.5", "ng/mL"));
    psa.setEffective(new DateTimeType("2024-05-20T08:00:00-05:00"));
    psa.setIssuedElement(new InstantType("2024-05-21T09:15:00Z"));

    Observation psaOld = observation("o2", "p1", "amended", concept(LOINC, "2857-1", "PSA"));
    psaOld.setValue(quantity("3.40", "ng/mL"));
    psaOld.setEffective(new DateTimeType("2024-03-01"));

    Observation psaUg = observation("o3", "p1", "final", concept(LOINC, "83112-3", "PSA (ug/L)"));
    psaUg.setValue(quantity("12.50", "ug/L"));
    psaUg.setEffective(new DateTimeType("2024-06-01T10:00:00Z"));

    Observation hemoglobin = observation("o4", "p1", "final", concept(LOINC, "718-7", "Hemoglobin"));
    hemoglobin.setValue(quantity("9.8", "g/dL"));
    hemoglobin.setEffective(new Period().setStartElement(new DateTimeType("2024-06-01T08:00:00Z"))
        .setEndElement(new DateTimeType("2024-06-01T09:00:00Z")));
    hemoglobin.setIssuedElement(new InstantType("2024-06-01T12:00:00.250Z"));

    Observation pet = observation("o5", "p1", "final", concept(LOCAL, "psma-pet-result", "PSMA PET result"));
    pet.setValue(concept(LOCAL, "psma-positive", "PSMA-positive"));
    pet.setEffective(new DateTimeType("2024-06-10"));

    Observation smoker = observation("o6", "p1", "final", concept(LOCAL, "smoker", "Current smoker"));
    smoker.setValue(new BooleanType(true));
    smoker.setEffective(new DateTimeType("2023-11-02T10:00:00Z"));

    Observation pending = observation("o7", "p1", "preliminary", concept(LOINC, "2857-1", "PSA"));
    pending.setValue(new Quantity().setUnit("ng/mL"));

    Observation text = observation("o8", "p1", "final", concept(LOCAL, "note", "Note"));
    text.setValue(new StringType("PSMA avid lesions"));
    text.addComponent().setCode(concept(LOINC, "8480-6", "Systolic")).setValue(quantity("120", "mm[Hg]"));
    text.addComponent().setCode(concept(LOINC, "8462-4", "Diastolic")).setValue(quantity("80", "mm[Hg]"));
    text.setEffective(new DateTimeType("2024-06-15T07:00:00Z"));
    text.addInterpretation(concept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High"));

    Observation count = observation("o9", "p1", "final", concept(LOCAL, "lesions", "Lesion count"));
    count.setValue(new IntegerType(3));
    count.setEffective(new DateTimeType("2024-06-10"));

    MedicationRequest enzalutamide = medicationRequest("m1", "p1", "active");
    enzalutamide.setMedication(concept(RXNORM, "1307298", "enzalutamide"));
    enzalutamide.setAuthoredOnElement(new DateTimeType("2023-01-10"));
    enzalutamide.addDosageInstruction().setText("160 mg daily");
    enzalutamide.addDosageInstruction().setText("with food");

    Medication docetaxel = new Medication();
    docetaxel.setId("med1");
    docetaxel.setCode(concept(RXNORM, "72962", "docetaxel"));
    MedicationRequest containedRequest = medicationRequest("m2", "p1", "completed");
    containedRequest.addContained(docetaxel);
    containedRequest.setMedication(new Reference("#med1"));
    containedRequest.setAuthoredOnElement(new DateTimeType("2023-09-01T10:00:00Z"));

    Medication cabazitaxel = new Medication();
    cabazitaxel.setId("med-ext");
    cabazitaxel.setCode(concept(RXNORM, "1311615", "cabazitaxel"));
    MedicationRequest referenced = medicationRequest("m3", "p1", "active");
    referenced.setMedication(new Reference("Medication/med-ext"));
    referenced.setAuthoredOnElement(new DateTimeType("2024-02-01T10:00:00+01:00"));

    MedicationRequest error = medicationRequest("m4", "p1", "entered-in-error");
    error.setMedication(new CodeableConcept().setText("unknown drug"));

    return List.of(patient, prostate, resistant, ageOnset, openPeriod, psa, psaOld, psaUg, hemoglobin, pet, smoker, pending,
        text, count, enzalutamide, containedRequest, cabazitaxel, referenced, error);
  }

  /** Missing and empty elements everywhere. */
  static List<Resource> sparse() {
    Patient patient = new Patient();
    patient.setId("p2");
    patient.setBirthDateElement(new DateType("1960"));
    patient.addName().setFamily("Doe");
    patient.addExtension().setUrl("http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex");

    Condition codeOnly = condition("c21", "p2", concept(SNOMED, "399068003", null));
    Condition noCode = condition("c22", "p2", null);
    noCode.setClinicalStatus(concept(CLINICAL, "active", null));
    Condition systemless = condition("c23", "p2", new CodeableConcept().addCoding(new Coding().setCode("C61")));
    systemless.setOnset(new DateTimeType("2021-07"));

    Observation statusOnly = observation("o21", "p2", "registered", concept(LOINC, "2857-1", null));
    Observation noUnit = observation("o22", "p2", "final", concept(LOINC, "2857-1", null));
    noUnit.setValue(new Quantity().setValue(new BigDecimal("0.2")));
    noUnit.setEffective(new DateTimeType("2024-06-14"));
    Observation noCodeObservation = observation("o23", "p2", "final", null);
    noCodeObservation.setValue(new BooleanType(false));

    MedicationRequest noMedication = medicationRequest("m21", "p2", "active");
    return List.of(patient, codeOnly, noCode, systemless, statusOnly, noUnit, noCodeObservation, noMedication);
  }

  /** Dates at midnight in other time zones, a leap-day birthday, a deceased date. */
  static List<Resource> midnight() {
    Patient patient = new Patient();
    patient.setId("p4");
    patient.setGender(AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new DateType("1980-02-29"));
    patient.setDeceased(new DateTimeType("2024-06-14T23:30:00-05:00"));
    patient.addName().setFamily("O'Brien").addGiven("Mary-Ann");

    Condition late = condition("c41", "p4", concept(ICD10, "C61", null));
    late.setClinicalStatus(concept(CLINICAL, "recurrence", null));
    late.setVerificationStatus(concept(VERIFICATION, "unconfirmed", null));
    late.setOnset(new DateTimeType("2024-06-14T23:30:00-05:00"));
    late.setRecordedDateElement(new DateTimeType("2024-06-15T04:30:00Z"));

    Condition early = condition("c42", "p4", concept(SNOMED, "445848006", null));
    early.setOnset(new Period().setStartElement(new DateTimeType("2024-06-15T00:30:00+02:00"))
        .setEndElement(new DateTimeType("2024-06-15T23:59:59.999+02:00")));
    early.setRecordedDateElement(new DateTimeType("2024-06-14T22:30:00Z"));

    Observation psaA = observation("o41", "p4", "final", concept(LOINC, "2857-1", null));
    psaA.setValue(quantity("1.0", "ng/mL"));
    psaA.setEffective(new DateTimeType("2024-05-16T00:00:00+14:00"));
    Observation psaB = observation("o42", "p4", "final", concept(LOINC, "2857-1", null));
    psaB.setValue(quantity("1.00", "ng/mL"));
    psaB.setEffective(new DateTimeType("2024-05-15T10:00:00Z"));
    Observation psaC = observation("o43", "p4", "corrected", concept(LOINC, "2857-1", null));
    psaC.setValue(quantity("1000", "pg/mL"));
    psaC.setEffective(new DateTimeType("2024-05-15"));

    MedicationRequest request = medicationRequest("m41", "p4", "active");
    request.setMedication(concept(RXNORM, "1100072", "abiraterone"));
    request.setAuthoredOnElement(new DateTimeType("2024-05-16T00:00:00+14:00"));
    return List.of(patient, late, early, psaA, psaB, psaC, request);
  }
}
