package org.mcrpccds.cql.differential;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mcrpccds.cards.CardCatalog;
import org.mcrpccds.cards.CardRenderer;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.cql.evaluation.EvaluatorComparison;
import org.mcrpccds.cql.reference.ReferenceCqlEvaluator;
import org.mcrpccds.cql.evaluation.EvaluatorComparison.Disagreement;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.HookService;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.mcrpccds.web.ApiException;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.util.unit.DataSize;

/**
 * A raw request taken the service's own way (HookRequestReader, EvaluationInputs, HookService with
 * its draft orders and card rendering) to the point where the service evaluates CQL; there, instead
 * of one evaluator, every library of the content is evaluated by both on exactly what the service
 * hands over (the record of the request's JSON as it came, the parameters), and compared define by
 * define. The service then renders its cards from the compiled evaluator's results, as it would.
 */
final class ServicePath {
  /** What one request gave: the service's status (200, or the 4xx it refused the request with) and the disagreements. */
  record Result(int status, List<Disagreement> disagreements) {}

  private final List<String> libraries;
  private final HookRequestReader reader;
  private final HookService hooks;
  private final Comparing evaluator;
  private final SettableClock clock = new SettableClock();

  ServicePath(ContentFacts facts, ServiceCatalog services) {
    this.libraries = facts.libraries();
    this.reader = new HookRequestReader(new HttpLimitsProperties(DataSize.ofMegabytes(8), 5000, 0));
    this.evaluator = new Comparing();
    CardRenderer renderer = new CardRenderer(new CardCatalog(TestContent.CONTENT, new ObjectMapper()), TestContent.FHIR);
    this.hooks = new HookService(TestEvaluator.inputs(), evaluator, renderer, clock);
  }

  static ServiceCatalog services() {
    ObjectMapper mapper = new ObjectMapper();
    return new ServiceCatalog(TestContent.CONTENT, mapper, TestEvaluator.libraries(), new CardCatalog(TestContent.CONTENT, mapper),
        RuleProperties.defaults());
  }

  Result run(RawRequests.RawRequest raw) {
    clock.instant = raw.now().toInstant();
    evaluator.found = new ArrayList<>();
    try {
      HookRequest request = reader.read(raw.body(), raw.service());
      hooks.handle(raw.service(), request);
      return new Result(200, evaluator.found);
    } catch (ApiException refused) {
      return new Result(refused.status().value(), evaluator.found);
    }
  }

  /** The evaluator the service is given: compares both on every library, answers with the compiled one. */
  private final class Comparing implements CqlEvaluator {
    List<Disagreement> found = new ArrayList<>();

    @Override
    public DefineResults evaluate(String libraryName, PatientRecord record, String patientId, Map<String, Object> parameters,
        ZonedDateTime now) {
      // the reference engine evaluates every library in one run, so that the defines they share are evaluated once
      Map<String, ReferenceCqlEvaluator.Outcome> expected = TestEvaluator.reference().evaluate(libraries, record, patientId, parameters, now);
      for (String library : libraries) {
        found.addAll(EvaluatorComparison.compare(library, () -> expected.get(library).resultsOrThrow(),
            () -> TestEvaluator.compiled().evaluate(library, record, patientId, parameters, now)));
      }
      return TestEvaluator.compiled().evaluate(libraryName, record, patientId, parameters, now);
    }
  }

  /** The service's clock (UTC), at each request's instant. */
  private static final class SettableClock extends Clock {
    Instant instant = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the service's clock is UTC");
    }

    @Override
    public Instant instant() {
      return instant;
    }
  }
}
