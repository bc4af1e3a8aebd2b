package org.mcrpccds.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.TestEvaluator;

/**
 * Every rule case, evaluated directly against the CQL libraries: exactly the expected rules fire.
 * (RuleCasesHttpTest runs the same cases through the running service.)
 */
class RuleCasesCqlTest {

  static Stream<RuleCase> cases() {
    return Stream.concat(RuleCase.all("patient-view").stream(), RuleCase.all("order").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exactlyTheExpectedRulesFire(RuleCase ruleCase) {
    Map<String, Object> results = TestEvaluator.evaluate(ruleCase);
    assertThat(TestEvaluator.firedRules(ruleCase, results))
        .as(ruleCase.description())
        .containsExactlyInAnyOrderElementsOf(ruleCase.expectedRules());
  }

  @org.junit.jupiter.api.Test
  void thereAreCasesForEveryRule() {
    List<RuleCase> all = cases().toList();
    assertThat(all).hasSizeGreaterThan(100);
    Stream.concat(TestEvaluator.PATIENT_VIEW_RULES.stream(), TestEvaluator.ORDER_RULES.stream()).forEach(rule -> {
      assertThat(all).as("a case where %s fires", rule).anyMatch(c -> c.expectedRules().contains(rule));
      assertThat(all).as("a case of %s's hook where it stays silent", rule)
          .anyMatch(c -> !c.expectedRules().contains(rule)
              && (TestEvaluator.PATIENT_VIEW_RULES.contains(rule) == c.hook().equals("patient-view")));
    });
  }
}
