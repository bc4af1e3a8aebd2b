package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.support.ExampleRequests;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestContent;

/**
 * The ready-to-send requests of fhir-resources/requests (the curl examples of docs/try-it.md): each gives
 * its card, and each patient-view example carries exactly its sample patient's record.
 */
class ExampleRequestsTest extends ServiceTestBase {

  static Stream<String> examples() throws IOException {
    return expected().keySet().stream();
  }

  private static java.util.Map<String, List<String>> expected() throws IOException {
    JsonNode json = JSON.readTree(Files.readString(Path.of("src/test/resources/example-requests-expected.json")));
    var map = new java.util.TreeMap<String, List<String>>();
    json.fields().forEachRemaining(e -> {
      List<String> rules = new ArrayList<>();
      e.getValue().forEach(r -> rules.add(r.asText()));
      map.put(e.getKey(), rules);
    });
    return map;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void eachExampleGivesItsSamplePatientsCard(String file) throws IOException {
    String service = file.startsWith("order-sign") ? "mcrpc-order-sign" : "mcrpc-patient-view";
    Response response = post("/cds-services/" + service, ExampleRequests.load(Path.of("fhir-resources/requests", file)));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> rules = new ArrayList<>();
    response.json().get("cards").forEach(c -> rules.add(c.at("/extension/org.mcrpccds.rule").asText()));
    assertThat(rules).containsExactlyInAnyOrderElementsOf(expected().get(file));
  }

  static Stream<String> patientViewExamples() throws IOException {
    return examples().filter(name -> name.startsWith("patient-view-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patientViewExamples")
  void eachExampleCarriesExactlyItsSamplePatientsRecord(String file) throws IOException {
    JsonNode request = JSON.readTree(Files.readString(Path.of("fhir-resources/requests", file)));
    TreeSet<String> inRequest = new TreeSet<>();
    request.get("prefetch").forEach(value -> {
      if (value.path("resourceType").asText().equals("Bundle")) {
        value.path("entry").forEach(e -> inRequest.add(key(e.get("resource"))));
      } else if (value.isObject()) {
        inRequest.add(key(value));
      }
    });
    String patient = file.replace("patient-view-", "");
    Bundle bundle = TestContent.parse(Bundle.class, Files.readString(Path.of("fhir-resources/patients", patient)));
    TreeSet<String> inPatient = new TreeSet<>();
    bundle.getEntry().forEach(e -> inPatient.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()));
    assertThat(inRequest).isEqualTo(inPatient);
  }

  @Test
  void everySamplePatientHasAnExample() throws IOException {
    try (Stream<Path> patients = Files.list(Path.of("fhir-resources/patients"))) {
      assertThat(patients.map(p -> "patient-view-" + p.getFileName())).allMatch(expected()::containsKey);
    }
  }

  private static String key(JsonNode resource) {
    return resource.get("resourceType").asText() + "/" + resource.get("id").asText();
  }
}
