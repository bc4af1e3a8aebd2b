package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.support.CardAssertions;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.ServiceTestBase;

/**
 * Every rule case through HTTP, as an EHR would send it (full prefetch, draftOrders, selections):
 * exactly the expected rules answer, each card is well formed, with the expected indicator and text,
 * in the contract's order, and every patient-view card ends with its "Not assessed here" line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleCasesHttpTest extends ServiceTestBase {
  /** The sequencing cards, first within their indicator. */
  private static final Set<String> SEQUENCING = Set.of("R1", "R1b", "R2", "R6", "R16", "R22");
  private static final List<String> URGENCY = List.of("critical", "warning", "info");
  private static final Map<String, String> SERVICE_BY_HOOK = Map.of(
      "patient-view", "mcrpc-patient-view", "order-select", "mcrpc-order-select", "order-sign", "mcrpc-order-sign");
  private final Map<String, Map<String, String>> prefetchByService = new HashMap<>();

  @BeforeAll
  void readDiscovery() {
    SERVICE_BY_HOOK.values().forEach(service -> prefetchByService.put(service, prefetchTemplates(service)));
  }

  static Stream<RuleCase> cases() {
    return Stream.concat(RuleCase.all("patient-view").stream(), RuleCase.all("order").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theServiceAnswersWithExactlyTheExpectedCards(RuleCase ruleCase) {
    String service = SERVICE_BY_HOOK.get(ruleCase.hook());
    Response response = post("/cds-services/" + service, ruleCase.hookRequest(prefetchByService.get(service)));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode cards = response.json().get("cards");
    Set<String> rules = new TreeSet<>();
    for (JsonNode card : cards) {
      CardAssertions.assertWellFormed(card);
      String rule = card.at("/extension/org.mcrpccds.rule").asText();
      assertThat(rules.add(rule)).as("one card per rule, but %s appears twice", rule).isTrue();
      String indicator = ruleCase.expectedIndicators().get(rule);
      if (indicator != null) {
        assertThat(card.get("indicator").asText()).as("indicator of %s", rule).isEqualTo(indicator);
      }
      String text = card.get("summary").asText() + "\n" + card.get("detail").asText();
      ruleCase.expectedText().getOrDefault(rule, List.of())
          .forEach(snippet -> assertThat(text).as("text of %s", rule).contains(snippet));
      ruleCase.unexpectedText().getOrDefault(rule, List.of())
          .forEach(snippet -> assertThat(text).as("text of %s", rule).doesNotContain(snippet));
    }
    assertThat(rules).as(ruleCase.description()).containsExactlyInAnyOrderElementsOf(ruleCase.expectedRules());
    assertContractOrder(cards);
    if (ruleCase.hook().equals("patient-view")) {
      cards.forEach(card -> {
        String detail = card.get("detail").asText();
        assertThat(detail.substring(detail.lastIndexOf("\n\n") + 2)).as("last paragraph of %s", card.at("/extension/org.mcrpccds.rule"))
            .startsWith("Not assessed here: ").doesNotContain("\n");
      });
    }
  }

  /** Critical, then warning, then info; within one indicator the sequencing card first. */
  private static void assertContractOrder(JsonNode cards) {
    for (int i = 1; i < cards.size(); i++) {
      JsonNode before = cards.get(i - 1);
      JsonNode after = cards.get(i);
      int rankBefore = URGENCY.indexOf(before.get("indicator").asText());
      int rankAfter = URGENCY.indexOf(after.get("indicator").asText());
      assertThat(rankBefore).as("indicator order").isLessThanOrEqualTo(rankAfter);
      if (rankBefore == rankAfter) {
        assertThat(!SEQUENCING.contains(before.at("/extension/org.mcrpccds.rule").asText())
            && SEQUENCING.contains(after.at("/extension/org.mcrpccds.rule").asText()))
            .as("a sequencing card after another card of its indicator").isFalse();
      }
    }
  }
}
