package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcrpccds.McrpcCdsHooksApplication;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code mcrpc.rules.disabled}: a site switches rules off. Their cards never appear, the explain
 * view does not evaluate them, the other rules answer as before, and a rule id no service has
 * stops the startup instead of silently switching nothing off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "mcrpc.rules.disabled=R21, R26")
class DisabledRulesTest extends ServiceTestBase {
  private static final Path CASES = Path.of("src/test/resources/rule-cases/patient-view");

  @Test
  void aDisabledRuleGivesNoCardAndTheOthersStillAnswer() {
    // with every rule on, this case gives R1, R21 (no bone agent) and R26 (testosterone not castrate)
    RuleCase both = RuleCase.load(CASES.resolve("r26-positive-not-castrate.json"));
    ObjectNode request = both.hookRequest(prefetchTemplates("mcrpc-patient-view"));
    ArrayNode administrations = (ArrayNode) request.at("/prefetch/medicationAdministrations/entry");
    for (int i = administrations.size() - 1; i >= 0; i--) {
      if (administrations.get(i).at("/resource/id").asText().contains("denosumab")) {
        administrations.remove(i);
      }
    }

    Response response = post("/cds-services/mcrpc-patient-view", request);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(rules(response.json())).containsExactly("R1");
  }

  @Test
  void theExplainViewDoesNotEvaluateADisabledRule() {
    RuleCase ruleCase = RuleCase.load(CASES.resolve("r21-positive-no-bone-agent.json"));

    Response response = post("/explain/mcrpc-patient-view", ruleCase.hookRequest(prefetchTemplates("mcrpc-patient-view")));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> explained = new ArrayList<>();
    response.json().path("rules").forEach(rule -> explained.add(rule.path("rule").asText()));
    assertThat(explained).contains("R1", "R18").doesNotContain("R21", "R26");
  }

  @Test
  void aRuleIdNoServiceHasStopsTheStartup() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(McrpcCdsHooksApplication.class)
        .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:disabled-rules", "--mcrpc.rules.disabled=R21,R99").close())
        .hasStackTraceContaining("mcrpc.rules.disabled names [R99], which no service has");
  }

  private static List<String> rules(JsonNode response) {
    List<String> rules = new ArrayList<>();
    response.get("cards").forEach(card -> rules.add(card.at("/extension/org.mcrpccds.rule").asText()));
    return rules;
  }
}
