package org.mcrpccds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestContent;

/** The embedded sample FHIR server at /fhir, over HTTP as the CDS Hooks Sandbox and the service use it. */
class SandboxFhirServerTest extends ServiceTestBase {
  private static final String PATIENT = "pat-mcrpc-003";
  private static final String FHIR_JSON = "application/fhir+json";

  private Response fhir(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(url("/fhir/" + pathAndQuery))).header("Accept", FHIR_JSON).GET());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonNode bundle) {
    List<String> ids = new ArrayList<>();
    bundle.path("entry").forEach(entry -> ids.add(entry.at("/resource/resourceType").asText() + "/" + entry.at("/resource/id").asText()));
    return ids;
  }

  @Test
  void metadataIsAnR4CapabilityStatementWithTheReadsAndSearchesThePrefetchTemplatesNeed() {
    Response response = fhir("metadata");
    assertThat(response.status()).isEqualTo(200);
    JsonNode capability = response.json();
    assertThat(capability.path("resourceType").asText()).isEqualTo("CapabilityStatement");
    assertThat(capability.path("fhirVersion").asText()).isEqualTo("4.0.1");
    JsonNode observation = null;
    for (JsonNode resource : capability.at("/rest/0/resource")) {
      if (resource.path("type").asText().equals("Observation")) {
        observation = resource;
      }
      resource.path("interaction").forEach(i -> assertThat(i.path("code").asText()).isIn("read", "search-type"));
    }
    assertThat(observation).isNotNull();
    List<String> params = new ArrayList<>();
    observation.path("searchParam").forEach(p -> params.add(p.path("name").asText()));
    assertThat(params).contains("patient", "subject", "code");
  }

  @Test
  void readsASamplePatientWithANameAndDatesShiftedToToday() throws Exception {
    Response response = fhir("Patient/" + PATIENT);
    assertThat(response.status()).isEqualTo(200);
    JsonNode patient = response.json();
    assertThat(patient.at("/name/0/given").isArray()).isTrue();
    assertThat(patient.at("/name/0/given/0").asText()).isEqualTo("Harold");
    String original = Files.readString(Path.of("fhir-resources/patients/mcrpc-post-arpi-no-psma-pet.json"));
    String anchorBirthDate = TestContent.parse(Bundle.class, original).getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r.fhirType().equals("Patient"))
        .map(r -> ((org.hl7.fhir.r4.model.Patient) r).getBirthDateElement().getValueAsString())
        .findFirst().orElseThrow();
    assertThat(patient.path("birthDate").asText()).isEqualTo(TestContent.shifter().shift(anchorBirthDate));
  }

  @Test
  void anUnknownIdIs404WithAnOperationOutcome() {
    Response response = fhir("Patient/no-such-patient");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  void listsEveryNamedSamplePatientForPatientPickers() throws Exception {
    JsonNode bundle = fhir("Patient").json();
    long samples;
    try (var files = Files.list(Path.of("fhir-resources/patients"))) {
      samples = files.filter(f -> f.toString().endsWith(".json")).count();
    }
    assertThat(bundle.path("total").asInt()).isEqualTo((int) samples);
    bundle.path("entry").forEach(entry -> {
      assertThat(entry.at("/resource/name/0/family").asText()).isNotBlank();
      assertThat(entry.at("/resource/name/0/given").isArray()).isTrue();
    });
    assertThat(ids(fhir("Patient?name=harol").json())).containsExactly("Patient/" + PATIENT);
  }

  @Test
  void searchesByPatientOrSubjectInEitherReferenceForm() {
    List<String> byPatient = ids(fhir("Condition?patient=" + PATIENT).json());
    assertThat(byPatient).isNotEmpty().allMatch(id -> id.startsWith("Condition/mcrpc003-"));
    assertThat(ids(fhir("Condition?patient=Patient/" + PATIENT).json())).isEqualTo(byPatient);
    assertThat(ids(fhir("Condition?subject=Patient/" + PATIENT).json())).isEqualTo(byPatient);
    assertThat(ids(fhir("Condition?subject=Group/" + PATIENT).json())).isEmpty();
    assertThat(ids(fhir("Condition?patient=no-such-patient").json())).isEmpty();
  }

  @Test
  void filtersByTheCodesOfTheObservationPrefetchTemplate() {
    String codes = "http://loinc.org|718-7,http://loinc.org|777-3,http://mcrpccds.org/fhir/CodeSystem/mcrpc|psma-pet-result";
    JsonNode bundle = fhir("Observation?patient=" + PATIENT + "&code=" + encode(codes)).json();
    assertThat(bundle.path("total").asInt()).isEqualTo(bundle.path("entry").size()).isPositive();
    for (JsonNode entry : bundle.path("entry")) {
      Observation observation = TestContent.parse(Observation.class, entry.path("resource").toString());
      assertThat(observation.getCode().getCoding()).anySatisfy(c ->
          assertThat(c.getSystem() + "|" + c.getCode()).isIn((Object[]) codes.split(",")));
      assertThat(entry.at("/search/mode").asText()).isEqualTo("match");
    }
    JsonNode all = fhir("Observation?patient=" + PATIENT).json();
    assertThat(all.path("total").asInt()).isGreaterThan(bundle.path("total").asInt());
    assertThat(ids(fhir("Observation?patient=" + PATIENT + "&code=" + encode("http://loinc.org|0000-0")).json())).isEmpty();
    assertThat(ids(fhir("Observation?patient=" + PATIENT + "&code=718-7").json())).hasSize(1);
    // a choice element (medication[x]) is searched by code too
    assertThat(ids(fhir("MedicationRequest?patient=" + PATIENT + "&code="
        + encode("http://www.nlm.nih.gov/research/umls/rxnorm|2180336")).json()))
        .containsExactly("MedicationRequest/mcrpc003-darolutamide");
  }

  @Test
  void includesTheMedicationsThatOrdersReferenceWhenAskedAsThePrefetchTemplatesDo() {
    String search = "MedicationRequest?patient=pat-mcrpc-010";

    JsonNode included = fhir(search + "&_include=" + encode("MedicationRequest:medication")).json();
    JsonNode plain = fhir(search).json();

    assertThat(ids(included)).containsExactlyInAnyOrder("MedicationRequest/mcrpc010-docetaxel",
        "MedicationRequest/mcrpc010-cabazitaxel", "Medication/mcrpc010-med-jevtana");
    assertThat(included.path("total").asInt()).as("the total counts matches, not includes").isEqualTo(2);
    included.path("entry").forEach(entry -> assertThat(entry.at("/search/mode").asText())
        .isEqualTo(entry.at("/resource/resourceType").asText().equals("Medication") ? "include" : "match"));
    assertThat(ids(plain)).doesNotContain("Medication/mcrpc010-med-jevtana").hasSize(2);
    assertThat(ids(fhir("MedicationRequest?patient=pat-mcrpc-010&_count=1&_include="
        + encode("MedicationRequest:medication")).json())).as("each page carries its own includes").hasSizeBetween(1, 2);
    assertThat(ids(fhir("MedicationAdministration?patient=pat-mcrpc-010&_include="
        + encode("MedicationAdministration:medication")).json())).noneMatch(id -> id.startsWith("Medication/"));
  }

  @Test
  void pagesThroughALargeResultWithNextLinks() {
    List<String> all = ids(fhir("Observation?patient=" + PATIENT).json());
    assertThat(all).hasSizeGreaterThan(3);
    List<String> paged = new ArrayList<>();
    JsonNode page = fhir("Observation?patient=" + PATIENT + "&_count=2").json();
    int pages = 1;
    while (true) {
      assertThat(page.path("entry").size()).isLessThanOrEqualTo(2);
      assertThat(page.path("total").asInt()).isEqualTo(all.size());
      paged.addAll(ids(page));
      String next = null;
      for (JsonNode link : page.path("link")) {
        if (link.path("relation").asText().equals("next")) {
          next = link.path("url").asText();
        }
      }
      if (next == null) {
        break;
      }
      assertThat(next).startsWith(url("/fhir"));
      page = send(HttpRequest.newBuilder(URI.create(next)).header("Accept", FHIR_JSON).GET()).json();
      pages++;
    }
    assertThat(pages).isEqualTo((all.size() + 1) / 2);
    assertThat(paged).containsExactlyElementsOf(all);
  }

  @Test
  void searchesByPostToSearch() {
    Response response = send(HttpRequest.newBuilder(URI.create(url("/fhir/Condition/_search")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", FHIR_JSON)
        .POST(HttpRequest.BodyPublishers.ofString("patient=" + PATIENT)));
    assertThat(response.status()).isEqualTo(200);
    assertThat(ids(response.json())).isEqualTo(ids(fhir("Condition?patient=" + PATIENT).json()));
  }

  @Test
  void includesByPostToSearchAsTheCdsHooksSandboxPrefetches() {
    Response response = send(HttpRequest.newBuilder(URI.create(url("/fhir/MedicationRequest/_search")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json+fhir")
        .POST(HttpRequest.BodyPublishers.ofString("patient=pat-mcrpc-010&_include=" + encode("MedicationRequest:medication"))));
    assertThat(response.status()).isEqualTo(200);
    assertThat(ids(response.json())).contains("Medication/mcrpc010-med-jevtana");
  }

  @Test
  void answersACorsPreflightFromAnotherOriginSuchAsTheCdsHooksSandbox() {
    Response preflight = send(HttpRequest.newBuilder(URI.create(url("/fhir/Patient/" + PATIENT)))
        .header("Origin", "https://sandbox.cds-hooks.org")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "accept,authorization")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.status()).isEqualTo(200);
    var headers = preflight.raw().headers();
    assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue("https://sandbox.cds-hooks.org");
    assertThat(headers.firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
    assertThat(headers.firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("accept", "authorization");

    Response read = send(HttpRequest.newBuilder(URI.create(url("/fhir/Patient/" + PATIENT)))
        .header("Origin", "https://sandbox.cds-hooks.org").header("Accept", "application/json+fhir").GET());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://sandbox.cds-hooks.org");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST /fhir/Patient", "PUT /fhir/Patient/" + PATIENT, "DELETE /fhir/Patient/" + PATIENT,
      "PATCH /fhir/Patient/" + PATIENT, "POST /fhir"})
  void isReadOnly(String call) {
    String[] parts = call.split(" ");
    String body = "{\"resourceType\":\"Patient\",\"id\":\"" + PATIENT + "\"}";
    Response response = send(HttpRequest.newBuilder(URI.create(url(parts[1])))
        .header("Content-Type", FHIR_JSON)
        .method(parts[0], HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.raw().headers().firstValue("Allow").orElse("")).doesNotContain("PUT", "DELETE");
    assertThat(fhir("Patient/" + PATIENT).status()).isEqualTo(200);
  }

  @Test
  void anUnsupportedSearchParameterIs400NotAServerError() {
    Response response = fhir("Observation?patient.name=Harold");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }
}
