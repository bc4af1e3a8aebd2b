package org.mcrpccds.cql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.mcrpccds.cql.evaluation.EvaluatorComparison.Disagreement;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;

/**
 * Differential test of the two CQL evaluators on raw EHR JSON: thousands of generated hook requests
 * (RawRequests, RawFhirGenerator: every resource type the content's CQL retrieves, every choice
 * type, single objects where FHIR repeats, extensions, wrong-kind and missing values, odd units,
 * contained and referenced Medications, dates of every precision and offset, large records) are
 * taken the service's way (ServicePath), and at the point where the service evaluates, every define
 * of every library must have the same value from the compiled evaluator (reading the request's JSON
 * as the service does) and from the reference engine (given what the service would give it).
 *
 * <p>A divergence fails the build unless {@code evaluator-divergences.json} lists it with its
 * reason, and an entry there that no request diverged on fails it too, so that the file stays
 * true. The seed is fixed: every run generates the same requests. A failing request is written to
 * {@code target/differential/}.
 */
class EvaluatorsAgreeOnRawRequestsTest {
  static final int TRIES = 3000;
  private static final Path FAILURES = Path.of("target", "differential");

  private static ContentFacts facts;
  private static RawRequests requests;
  private static ServicePath service;
  private static final ExpectedDivergences EXPECTED = ExpectedDivergences.load();
  private static boolean propertyFailed;

  private static synchronized void setUp() {
    if (facts == null) {
      // the reference engine's model resolver logs every date it cannot read, with its stack trace
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.opencds.cqf.fhir.utility.model.DynamicModelResolver"))
          .setLevel(ch.qos.logback.classic.Level.OFF);
      facts = ContentFacts.of(TestEvaluator.libraries(), TestContent.CONTENT);
      var services = ServicePath.services();
      requests = new RawRequests(List.copyOf(services.all()), facts, new RawFhirGenerator(TestContent.FHIR, facts));
      service = new ServicePath(facts, services);
    }
  }

  @Provide
  Arbitrary<RawRequests.RawRequest> rawRequests() {
    setUp();
    Arbitrary<Integer> resources = Arbitraries.frequencyOf(
        Tuple.of(24, Arbitraries.integers().between(0, 30)),
        Tuple.of(1, Arbitraries.integers().between(60, 150)));
    // a third are rule cases written another way: their patients are the ones whose rules fire
    Arbitrary<Integer> ruleCase = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(-1)),
        Tuple.of(1, Arbitraries.integers().between(0, requests.ruleCaseCount() - 1)));
    return Combinators.combine(
            ruleCase,
            Arbitraries.integers().between(0, requests.serviceCount() - 1),
            resources,
            Arbitraries.integers().between(0, 4),
            Arbitraries.longs())
        .as(RawRequests.Plan::new)
        .map(requests::of);
  }

  @Property(tries = TRIES, seed = "20261206", edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
  void everyDefineOfEveryLibraryHasTheSameValueFromBothEvaluators(@ForAll("rawRequests") RawRequests.RawRequest request) {
    ServicePath.Result result = service.run(request);
    Statistics.label("service").collect(request.service().id());
    Statistics.label("status").collect(result.status());
    Statistics.label("request").collect(request.plan().ruleCase() >= 0 ? "a rule case, mutated"
        : request.plan().resources() > 50 ? "generated, large (60-150 resources)" : "generated, 0-30 resources");

    List<Disagreement> unexplained = withoutListedAnomalies(request, result.disagreements()).stream()
        .filter(d -> !EXPECTED.explainsDefine(d.library(), d.define()))
        .toList();
    if (!unexplained.isEmpty()) {
      propertyFailed = true;
      keep(request);
    }
    assertThat(unexplained).as("divergences not in %s, for %s", ExpectedDivergences.FILE, request).isEmpty();
  }

  /**
   * The divergences that remain when the listed anomalies the request holds are left out of it, one
   * after the other; an anomaly whose removal made divergences go away is seen.
   */
  private static List<Disagreement> withoutListedAnomalies(RawRequests.RawRequest request, List<Disagreement> disagreements) {
    List<Disagreement> remaining = disagreements;
    Set<String> leftOut = new TreeSet<>();
    for (String anomaly : request.anomalies()) {
      if (remaining.isEmpty()) {
        break;
      }
      if (EXPECTED.listsAnomaly(anomaly)) {
        leftOut.add(anomaly);
        List<Disagreement> without = service.run(requests.of(request.plan(), leftOut)).disagreements();
        if (!defines(without).containsAll(defines(remaining))) {
          EXPECTED.anomalyExplained(anomaly);
        }
        remaining = without;
      }
    }
    return remaining;
  }

  private static Set<String> defines(List<Disagreement> disagreements) {
    Set<String> defines = new TreeSet<>();
    disagreements.forEach(d -> defines.add(d.library() + "." + d.define()));
    return defines;
  }

  @AfterContainer
  static void everyListedDivergenceStillHappens() {
    if (!propertyFailed) {
      assertThat(EXPECTED.unseen())
          .as("entries of %s on which no request diverged: remove them (fixed?) or say why they no longer show",
              ExpectedDivergences.FILE)
          .isEmpty();
    }
  }

  private static void keep(RawRequests.RawRequest request) {
    try {
      Files.createDirectories(FAILURES);
      Files.write(FAILURES.resolve("request-" + Long.toHexString(request.plan().seed()) + ".json"), request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
