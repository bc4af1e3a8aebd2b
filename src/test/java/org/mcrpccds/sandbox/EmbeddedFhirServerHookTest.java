package org.mcrpccds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.support.ExampleRequests;
import org.mcrpccds.support.ServiceTestBase;

/**
 * The embedded /fhir server is a real data source for the hooks: a call that names it as
 * fhirServer and sends no prefetch gets the same cards as the ready-made example request, which
 * carries the same sample patient as prefetch. This is the path the CDS Hooks Sandbox takes.
 */
class EmbeddedFhirServerHookTest extends ServiceTestBase {

  static Stream<Path> patientViewExamples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("fhir-resources/requests"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("patient-view-")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("patientViewExamples")
  void fetchingFromTheEmbeddedServerGivesTheSameCardsAsThePrefetchExample(Path example) {
    ObjectNode withPrefetch = ExampleRequests.load(example);
    ObjectNode withFhirServer = withPrefetch.deepCopy();
    withFhirServer.remove("prefetch");
    withFhirServer.put("fhirServer", url("/fhir"));

    Response expected = post("/cds-services/mcrpc-patient-view", withPrefetch);
    Response actual = post("/cds-services/mcrpc-patient-view", withFhirServer);

    assertThat(expected.status()).isEqualTo(200);
    assertThat(actual.status()).as(actual.body()).isEqualTo(200);
    assertThat(withoutUuids(actual.json().get("cards"))).isEqualTo(withoutUuids(expected.json().get("cards")));
  }

  /** Card and suggestion uuids are fresh on every call; everything else must match. */
  private static JsonNode withoutUuids(JsonNode cards) {
    JsonNode copy = cards.deepCopy();
    copy.forEach(card -> {
      ((ObjectNode) card).remove("uuid");
      card.path("suggestions").forEach(suggestion -> ((ObjectNode) suggestion).remove("uuid"));
    });
    return copy;
  }
}
