package org.mcrpccds.cql.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.cql.ResultDifference;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.TestEvaluator;

/**
 * The compiled evaluator against the reference CQL engine, define by define: on every rule case,
 * every define of the hook's library and of McrpcCommon has the same value from both (the same
 * resources, the same System values with the same precision, the same lists in the same order:
 * {@link ResultDifference}).
 */
class CompiledMatchesReferenceTest {

  static Stream<RuleCase> cases() {
    return Stream.concat(RuleCase.all("patient-view").stream(), RuleCase.all("order").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyDefineHasTheReferenceValue(RuleCase ruleCase) {
    for (String library : List.of(TestEvaluator.libraryOf(ruleCase), "McrpcCommon")) {
      Map<String, Object> expected = TestEvaluator.evaluate(ruleCase, TestEvaluator.reference(), library);
      Map<String, Object> actual = TestEvaluator.evaluate(ruleCase, TestEvaluator.compiled(), library);

      assertThat(actual.keySet()).as(library + " defines").containsExactlyElementsOf(expected.keySet());
      List<String> differences = new ArrayList<>();
      expected.forEach((define, value) -> {
        String difference = ResultDifference.between(value, actual.get(define));
        if (difference != null) {
          differences.add(library + "." + define + ": " + difference);
        }
      });
      assertThat(differences).as(ruleCase.description()).isEmpty();
    }
  }
}
