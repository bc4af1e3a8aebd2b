package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.mcrpccds.support.ServiceTestBase.Response;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestFhirServer;

/** Hook requests built from the sample requests in fhir-resources/requests, with and without prefetch. */
final class FallbackRequests {
  static final Path REQUESTS = Path.of("fhir-resources/requests");
  static final String PATIENT_VIEW = "/cds-services/mcrpc-patient-view";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FallbackRequests() {}

  /** The patient-view samples: the patients {@link TestFhirServer} holds. */
  static List<Path> patientViewFiles() throws IOException {
    try (Stream<Path> files = Files.list(REQUESTS)) {
      return files.filter(f -> f.getFileName().toString().startsWith("patient-view-")).sorted().toList();
    }
  }

  static ObjectNode anyRequest() throws IOException {
    return withShiftedPrefetch(REQUESTS.resolve("patient-view-mcrpc-post-arpi-no-psma-pet.json"));
  }

  /** A sample request with its prefetch dated like the server's data (shifted to today). */
  static ObjectNode withShiftedPrefetch(Path file) throws IOException {
    ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(file));
    var shifter = TestContent.shifter();
    ObjectNode prefetch = (ObjectNode) request.get("prefetch");
    prefetch.fieldNames().forEachRemaining(key -> {
      JsonNode value = prefetch.get(key);
      if (!value.isNull()) {
        IBaseResource resource = TestContent.FHIR.newJsonParser().parseResource(value.toString());
        if (resource instanceof Bundle bundle) {
          bundle.getEntry().forEach(e -> shifter.shift(e.getResource()));
        } else {
          shifter.shift(resource);
        }
        prefetch.set(key, TestContent.toJson(resource));
      }
    });
    return request;
  }

  /** The same request without prefetch, naming a FHIR server and an access token instead. */
  static ObjectNode fallback(ObjectNode full, String fhirServer, String token) {
    ObjectNode request = full.deepCopy();
    request.remove("prefetch");
    request.put("fhirServer", fhirServer);
    request.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer")
        .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "mcrpc-cds");
    return request;
  }

  /** The cards of a 200 answer, without the random uuids. */
  static JsonNode cards(Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    ArrayNode cards = (ArrayNode) response.json().get("cards");
    cards.forEach(FallbackRequests::removeUuids);
    return cards;
  }

  static void assertPreconditionFailed(Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(412);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.json().at("/issue/0/diagnostics").asText()).startsWith("prefetch ");
    assertThat(response.body()).doesNotContain(TestFhirServer.TOKEN);
  }

  private static void removeUuids(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("uuid");
    }
    node.forEach(FallbackRequests::removeUuids);
  }
}
