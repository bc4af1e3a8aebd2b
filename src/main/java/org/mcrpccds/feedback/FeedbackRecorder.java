package org.mcrpccds.feedback;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Stores feedback items, each linked to the rule of the card it is about. */
@Service
class FeedbackRecorder {
  private final IssuedCards issuedCards;
  private final FeedbackRepository repository;
  private final MeterRegistry meters;
  private final Clock clock;

  FeedbackRecorder(IssuedCards issuedCards, FeedbackRepository repository, MeterRegistry meters, Clock clock) {
    this.issuedCards = issuedCards;
    this.repository = repository;
    this.meters = meters;
    this.clock = clock;
  }

  void record(String serviceId, List<FeedbackItem> items) {
    for (FeedbackItem item : items) {
      Optional<String> rule = issuedCards.ruleOf(serviceId, item.card());
      boolean stored = repository.insertIfAbsent(serviceId, item, rule.orElse(null), clock.instant());
      meters.counter("mcrpc.feedback.items",
          "service", serviceId,
          "outcome", item.outcome().code(),
          "card", rule.isPresent() ? "known" : "unknown",
          "stored", stored ? "new" : "repeat").increment();
    }
  }
}
