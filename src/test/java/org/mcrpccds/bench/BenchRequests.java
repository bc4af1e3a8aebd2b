package org.mcrpccds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.mcrpccds.fhir.DateShifter;
import org.mcrpccds.support.TestContent;

/**
 * The benchmark's hook requests, generated rather than committed: the post-docetaxel,
 * PSMA-positive sample patient (30 resources, fires R1) filled up to a given number of resources
 * with what a real mCRPC chart accumulates, namely weekly blood-count and renal panels and
 * MedicationStatements for non-oncology drugs. The filler is older than the sample's own latest
 * labs and outside every value set, so every size fires the same card: growth rows measure the
 * same clinical answer over a longer record. Dates are shifted like the examples' so that the PSMA
 * and lab windows hold whenever the benchmark runs.
 */
public final class BenchRequests {
  /** A typical mCRPC patient as the issue sizes it. */
  public static final int TYPICAL_RESOURCES = 60;
  public static final String PATIENT_VIEW = "mcrpc-patient-view";
  public static final String ORDER_SIGN = "mcrpc-order-sign";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATIENT_FILE = "fhir-resources/patients/mcrpc-post-docetaxel-psma-positive.json";
  private static final String PATIENT_ID = "pat-mcrpc-001";
  /** The sample's own latest labs are dated here (before shifting); filler panels are weekly before it. */
  private static final LocalDate LATEST_LABS = LocalDate.of(2026, 11, 18);

  /** code, display, unit, typical value: the codes the prefetch asks for, in normal ranges. */
  private static final String[][] LABS = {
      {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "12.1"},
      {"777-3", "Platelets [#/volume] in Blood by Automated count", "10*9/L", "214"},
      {"6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*9/L", "6.2"},
      {"751-8", "Neutrophils [#/volume] in Blood by Automated count", "10*9/L", "3.9"},
      {"98979-8", "Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI 2021)",
          "mL/min/{1.73_m2}", "74"},
  };
  /** RxNorm code and name of drugs a man on ADT commonly takes; none is in a value set of the rules. */
  private static final String[][] MEDICATIONS = {
      {"197361", "amlodipine 5 MG Oral Tablet"},
      {"314076", "lisinopril 10 MG Oral Tablet"},
      {"861007", "metformin hydrochloride 500 MG Oral Tablet"},
      {"617310", "atorvastatin 20 MG Oral Tablet"},
      {"198440", "acetaminophen 500 MG Oral Tablet"},
      {"863671", "tamsulosin hydrochloride 0.4 MG Oral Capsule"},
      {"312086", "ondansetron 4 MG Oral Tablet"},
      {"197579", "dexamethasone 4 MG Oral Tablet"},
  };

  private BenchRequests() {}

  /** The patient's resources as FHIR JSON, {@code total} of them (at least the sample's own). */
  private static List<ObjectNode> resources(int total) {
    DateShifter shifter = TestContent.shifter();
    List<ObjectNode> resources = new ArrayList<>();
    Bundle sample = TestContent.parse(Bundle.class, text(PATIENT_FILE));
    sample.getEntry().forEach(entry -> resources.add((ObjectNode) TestContent.toJson(shifter.shift(entry.getResource()))));
    if (total < resources.size()) {
      throw new IllegalArgumentException("the sample patient alone has " + resources.size() + " resources");
    }
    for (int i = 0; resources.size() < total; i++) {
      resources.add(i % 2 == 0 ? lab(i / 2, shifter) : medicationStatement(i / 2, shifter));
    }
    return resources;
  }

  /** A patient-view call with every prefetch key filled from {@code total} resources. */
  public static ObjectNode patientView(int total) {
    return request(PATIENT_VIEW, "patient-view", resources(total));
  }

  /** An order-sign call for the same patient, signing Pluvicto with an antiemetic. */
  public static ObjectNode orderSignWithTwoDrafts(int total) {
    ObjectNode request = request(ORDER_SIGN, "order-sign", resources(total));
    ((ObjectNode) request.get("context")).set("draftOrders", draftOrders());
    return request;
  }

  /** The two drafts of {@link #orderSignWithTwoDrafts}, as a collection Bundle. */
  private static ObjectNode draftOrders() {
    ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
    ArrayNode entries = bundle.putArray("entry");
    entries.addObject().set("resource", draft("draft-pluvicto", "2597057",
        "12.5 ML lutetium Lu 177 vipivotide tetraxetan 27 MCI/ML Injection"));
    entries.addObject().set("resource", draft("draft-ondansetron", "312086", "ondansetron 4 MG Oral Tablet"));
    return bundle;
  }

  private static ObjectNode draft(String id, String code, String display) {
    ObjectNode draft = JSON.createObjectNode().put("resourceType", "MedicationRequest").put("id", id)
        .put("status", "draft").put("intent", "order");
    draft.set("medicationCodeableConcept", concept("http://www.nlm.nih.gov/research/umls/rxnorm", code, display));
    draft.putObject("subject").put("reference", "Patient/" + PATIENT_ID);
    draft.put("authoredOn", LocalDate.now(ZoneOffset.UTC).toString());
    return draft;
  }

  /**
   * Fills the service's prefetch keys the way an EHR would answer the templates: the Patient read
   * as itself, every search as a searchset Bundle of that resource type.
   */
  private static ObjectNode request(String serviceId, String hook, List<ObjectNode> resources) {
    ObjectNode request = JSON.createObjectNode()
        .put("hookInstance", UUID.nameUUIDFromBytes((serviceId + resources.size()).getBytes(StandardCharsets.UTF_8)).toString())
        .put("hook", hook);
    request.putObject("context").put("userId", "Practitioner/example").put("patientId", PATIENT_ID);
    ObjectNode prefetch = request.putObject("prefetch");
    for (Iterator<Map.Entry<String, JsonNode>> it = service(serviceId).path("prefetch").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> key = it.next();
      String template = key.getValue().asText();
      boolean search = template.contains("?");
      String type = template.substring(0, template.indexOf(search ? '?' : '/'));
      List<ObjectNode> ofType = resources.stream().filter(r -> r.path("resourceType").asText().equals(type)).toList();
      if (!search) {
        prefetch.set(key.getKey(), ofType.get(0));
        continue;
      }
      ObjectNode bundle = prefetch.putObject(key.getKey()).put("resourceType", "Bundle").put("type", "searchset")
          .put("total", ofType.size());
      ArrayNode entries = bundle.putArray("entry");
      ofType.forEach(resource -> {
        ObjectNode entry = entries.addObject();
        entry.put("fullUrl", "https://ehr.example.org/fhir/" + type + "/" + resource.path("id").asText());
        entry.set("resource", resource);
        entry.putObject("search").put("mode", "match");
      });
    }
    return request;
  }

  private static JsonNode service(String serviceId) {
    return read(text("cql/services/" + serviceId + ".json"));
  }

  /** Panel {@code i / LABS.length} is {@code i / LABS.length + 1} weeks before the sample's latest labs. */
  private static ObjectNode lab(int i, DateShifter shifter) {
    String[] lab = LABS[i % LABS.length];
    String day = shifter.shift(LATEST_LABS.minusWeeks(i / LABS.length + 1L).toString());
    ObjectNode observation = JSON.createObjectNode().put("resourceType", "Observation").put("id", "bench-lab-" + i)
        .put("status", "final");
    observation.putArray("category").addObject().putArray("coding").addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
    observation.set("code", concept("http://loinc.org", lab[0], lab[1]));
    observation.putObject("subject").put("reference", "Patient/" + PATIENT_ID);
    observation.put("effectiveDateTime", day + "T08:20:00-05:00").put("issued", day + "T14:02:00Z");
    observation.putObject("valueQuantity").put("value", new BigDecimal(lab[3])).put("unit", lab[2])
        .put("system", "http://unitsofmeasure.org").put("code", lab[2]);
    return observation;
  }

  /** Statement {@code i} started {@code i + 1} weeks before the sample's latest labs. */
  private static ObjectNode medicationStatement(int i, DateShifter shifter) {
    String[] medication = MEDICATIONS[i % MEDICATIONS.length];
    ObjectNode statement = JSON.createObjectNode().put("resourceType", "MedicationStatement")
        .put("id", "bench-med-" + i).put("status", i % 3 == 0 ? "active" : "completed");
    statement.set("medicationCodeableConcept",
        concept("http://www.nlm.nih.gov/research/umls/rxnorm", medication[0], medication[1]));
    statement.putObject("subject").put("reference", "Patient/" + PATIENT_ID);
    statement.putObject("effectivePeriod").put("start", shifter.shift(LATEST_LABS.minusWeeks(i + 1L).toString()));
    statement.put("dateAsserted", shifter.shift(LATEST_LABS.toString()));
    statement.putArray("dosage").addObject().put("text", medication[1] + ", as directed");
    return statement;
  }

  private static ObjectNode concept(String system, String code, String display) {
    ObjectNode concept = JSON.createObjectNode();
    concept.putArray("coding").addObject().put("system", system).put("code", code).put("display", display);
    return concept.put("text", display);
  }

  /** A file of the checkout (the benchmark and the tests run from its root). */
  private static String text(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(JsonNode json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
