package org.mcrpccds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ExampleRequests;
import org.mcrpccds.support.ServiceTestBase;

/** POST /explain/{serviceId}: the hook's cards plus, per rule, whether it fired and the facts it read. */
class ExplainEndpointTest extends ServiceTestBase {
  private static final Path R1_EXAMPLE = Path.of("fhir-resources/requests/patient-view-mcrpc-post-docetaxel-psma-positive.json");

  private static Map<String, JsonNode> byRule(JsonNode explanation) {
    Map<String, JsonNode> rules = new HashMap<>();
    explanation.path("rules").forEach(rule -> rules.put(rule.path("rule").asText(), rule));
    return rules;
  }

  private static Map<String, JsonNode> facts(JsonNode rule) {
    Map<String, JsonNode> facts = new HashMap<>();
    rule.path("facts").forEach(fact -> facts.put(fact.path("library").asText() + "." + fact.path("define").asText(), fact.path("value")));
    return facts;
  }

  @Test
  void explainsWhyR1FiredAndWhyTheOtherRulesStayedSilent() {
    ObjectNode request = ExampleRequests.load(R1_EXAMPLE);
    Response hook = post("/cds-services/mcrpc-patient-view", request);
    Response response = post("/explain/mcrpc-patient-view", request);

    assertThat(response.status()).isEqualTo(200);
    JsonNode explanation = response.json();
    assertThat(explanation.path("library").asText()).isEqualTo("McrpcPatientView");
    assertThat(explanation.at("/cards/0/extension/org.mcrpccds.rule").asText()).isEqualTo("R1");
    assertThat(explanation.at("/cards/0/summary").asText()).isEqualTo(hook.json().at("/cards/0/summary").asText());

    Map<String, JsonNode> rules = byRule(explanation);
    assertThat(rules.keySet())
        .containsExactlyInAnyOrder("R1", "R1b", "R2", "R6", "R16", "R22", "R10", "R26", "R18", "R19", "R20", "R21");
    assertThat(rules.get("R1").path("fired").asBoolean()).isTrue();
    rules.keySet().stream().filter(rule -> !rule.equals("R1"))
        .forEach(rule -> assertThat(rules.get(rule).path("fired").asBoolean()).as(rule).isFalse());

    Map<String, JsonNode> r1 = facts(rules.get("R1"));
    assertThat(r1.get("McrpcPatientView.R1").asBoolean()).isTrue();
    assertThat(r1.get("McrpcPatientView.Sequencing Applies").asBoolean()).isTrue();
    assertThat(r1.get("McrpcPatientView.Next Line After ARPI").asBoolean()).isTrue();
    assertThat(r1.get("McrpcCommon.Progressed On ARPI").asBoolean()).isTrue();
    // the facts that make R1 fire live in the shared library and are evaluated for explain
    assertThat(r1.get("McrpcCommon.Has Prior Taxane").asBoolean()).isTrue();
    assertThat(r1.get("McrpcCommon.PSMA Positive Recent").asBoolean()).isTrue();
    assertThat(r1.get("McrpcCommon.Has Neuroendocrine Prostate Cancer").asBoolean()).isFalse();
    // R2 stayed silent because the PET is recent and positive
    assertThat(facts(rules.get("R2")).get("McrpcCommon.PSMA Positive Recent").asBoolean()).isTrue();

    JsonNode all = explanation.path("facts");
    assertThat(all.path("R1").asBoolean()).isTrue();
    assertThat(all.path("Taxane History").get(0).path("drug").asText()).isEqualTo("docetaxel");
    assertThat(all.path("Patient").asText()).isEqualTo("Patient/pat-mcrpc-001");
    assertThat(explanation.at("/dataSources/patient").asText()).isEqualTo("prefetch");
  }

  @Test
  void explainsAnOrderCheckWithTheDraftItPicked() {
    ObjectNode request = ExampleRequests.load(Path.of("fhir-resources/requests/order-sign-fluciclovine-pet.json"));
    JsonNode explanation = post("/explain/mcrpc-order-sign", request).json();
    JsonNode r3 = byRule(explanation).get("R3");
    assertThat(r3.path("fired").asBoolean()).isTrue();
    JsonNode drafts = facts(r3).get("McrpcOrderChecks.Fluciclovine PET Drafts");
    assertThat(drafts.isArray()).isTrue();
    assertThat(drafts.get(0).asText()).startsWith("ServiceRequest/");
  }

  @Test
  void refusesWhatTheHookRefusesWithTheSameStatus() {
    assertThat(post("/explain/no-such-service", "{}").status()).isEqualTo(404);
    Response malformed = post("/explain/mcrpc-patient-view", "{not json");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    ObjectNode noPrefetchNoServer = ExampleRequests.load(R1_EXAMPLE);
    noPrefetchNoServer.remove("prefetch");
    assertThat(post("/explain/mcrpc-patient-view", noPrefetchNoServer).status()).isEqualTo(412);
  }
}
