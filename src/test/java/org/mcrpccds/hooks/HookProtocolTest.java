package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrpccds.support.ServiceTestBase;

/** The CDS Hooks 2.0 protocol and the contract's status codes, over HTTP. */
class HookProtocolTest extends ServiceTestBase {
  private static final String PATIENT_VIEW = "/cds-services/mcrpc-patient-view";

  private ObjectNode example(String name) {
    try {
      return (ObjectNode) JSON.readTree(Files.readString(Path.of("fhir-resources/requests", name)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ObjectNode r1Request() {
    return example("patient-view-mcrpc-post-docetaxel-psma-positive.json");
  }

  @Test
  void discoveryListsTheThreeServicesWithPrefetchThatFollowsTheSpecRestrictions() {
    Response response = get("/cds-services");
    assertThat(response.status()).isEqualTo(200);
    JsonNode services = response.json().get("services");
    assertThat(services).extracting(s -> s.get("id").asText())
        .containsExactlyInAnyOrder("mcrpc-patient-view", "mcrpc-order-select", "mcrpc-order-sign");
    for (JsonNode service : services) {
      assertThat(service.get("hook").asText()).isIn("patient-view", "order-select", "order-sign");
      assertThat(service.get("title").asText()).isNotBlank();
      assertThat(service.get("description").asText()).isNotBlank();
      assertThat(service.get("usageRequirements").asText()).contains("FHIR R4");
      service.get("prefetch").fields().forEachRemaining(template -> {
        String query = template.getValue().asText();
        // CDS Hooks 2.0: instance reads or searches by patient, with only context tokens; beyond its
        // recommended subset only the contract's _include of the Medications a search's resources reference
        assertThat(query).matches("([A-Za-z]+)(/\\{\\{context\\.patientId}}|\\?patient=\\{\\{context\\.patientId}}"
            + "(&code=[^&{}]+|&_include=\\1:medication)?)");
      });
    }
  }

  @Test
  void aWellFormedCallAnswersWithCardsOnly() {
    Response response = post(PATIENT_VIEW, r1Request());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
    assertThat(response.json().fieldNames()).toIterable().containsExactly("cards");
    assertThat(response.json().get("cards")).hasSize(1);
  }

  @Test
  void eachCallGetsFreshCardUuids() {
    String first = post(PATIENT_VIEW, r1Request()).json().at("/cards/0/uuid").asText();
    String second = post(PATIENT_VIEW, r1Request()).json().at("/cards/0/uuid").asText();
    assertThat(first).isNotEqualTo(second);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "not json", "[]", "42", "{\"hook\": \"patient-view\"", ""})
  void malformedJsonIs400WithAnOperationOutcome(String body) {
    assertOperationOutcome(post(PATIENT_VIEW, body), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hook", "hookInstance", "context"})
  void aMissingRequiredFieldIs400(String field) {
    ObjectNode request = r1Request();
    request.remove(field);
    assertOperationOutcome(post(PATIENT_VIEW, request), 400);
  }

  @Test
  void aHookThatIsNotTheServicesIs400() {
    assertOperationOutcome(post(PATIENT_VIEW, r1Request().put("hook", "order-sign")), 400);
  }

  @Test
  void aContextWithoutPatientIdIs400() {
    ObjectNode request = r1Request();
    ((ObjectNode) request.get("context")).remove("patientId");
    assertOperationOutcome(post(PATIENT_VIEW, request), 400);
  }

  @Test
  void anOrderHookWithoutDraftOrdersIs400() {
    ObjectNode request = r1Request().put("hook", "order-sign");
    assertOperationOutcome(post("/cds-services/mcrpc-order-sign", request), 400);
  }

  @Test
  void anUnknownServiceIs404() {
    assertOperationOutcome(post("/cds-services/no-such-service", r1Request()), 404);
  }

  @Test
  void missingPrefetchWithoutFhirServerIs412AndNamesTheKey() {
    ObjectNode request = r1Request();
    ((ObjectNode) request.get("prefetch")).remove("conditions");
    Response response = assertOperationOutcome(post(PATIENT_VIEW, request), 412);
    assertThat(response.body()).contains("conditions");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String huge = "{\"hook\":\"patient-view\",\"pad\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}";
    assertOperationOutcome(post(PATIENT_VIEW, huge), 413);
  }

  @Test
  void nullPrefetchValuesMeanNoDataAndAnswer200() {
    ObjectNode request = r1Request();
    ObjectNode prefetch = (ObjectNode) request.get("prefetch");
    java.util.List<String> keys = new java.util.ArrayList<>();
    prefetch.fieldNames().forEachRemaining(keys::add);
    keys.forEach(prefetch::putNull);
    Response response = post(PATIENT_VIEW, request);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("cards")).isEmpty();
  }

  @Test
  void aNullPatientIsNoDataNotAnError() {
    ObjectNode request = r1Request();
    ((ObjectNode) request.get("prefetch")).putNull("patient");
    Response response = post(PATIENT_VIEW, request);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("cards")).isEmpty();
  }

  @Test
  void anOperationOutcomePrefetchWithoutFhirServerIsAnsweredWithoutThatKey() {
    ObjectNode request = r1Request();
    ((ObjectNode) request.get("prefetch")).set("observations",
        JSON.createObjectNode().put("resourceType", "OperationOutcome"));
    Response response = post(PATIENT_VIEW, request);
    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void aPrefetchValueThatIsNotAResourceIs400() {
    ObjectNode request = r1Request();
    ((ObjectNode) request.get("prefetch")).put("conditions", "Condition/1");
    assertOperationOutcome(post(PATIENT_VIEW, request), 400);
  }

  @Test
  void anUnknownPathIs404Json() {
    assertOperationOutcome(get("/no/such/path"), 404);
  }

  private Response assertOperationOutcome(Response response, int status) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    JsonNode body = response.json();
    assertThat(body.get("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(body.at("/issue/0/severity").asText()).isEqualTo("error");
    assertThat(body.at("/issue/0/diagnostics").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at org.");
    return response;
  }
}
