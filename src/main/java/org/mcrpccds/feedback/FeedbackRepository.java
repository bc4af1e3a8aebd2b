package org.mcrpccds.feedback;

import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The card_feedback table. */
@Repository
public class FeedbackRepository {
  private final JdbcClient jdbc;

  public FeedbackRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores the item unless the same service, card, outcome and timestamp is already stored.
   * {@code ON CONFLICT DO NOTHING} is PostgreSQL syntax that H2 accepts in PostgreSQL mode.
   *
   * @param rule the rule of the audited card, or null for a card this deployment never issued
   * @return true when stored, false for a repeat
   */
  boolean insertIfAbsent(String serviceId, FeedbackItem item, String rule, Instant receivedAt) {
    try {
      return jdbc.sql("""
              INSERT INTO card_feedback (service_id, card_uuid, rule_id, unknown_card, outcome, outcome_at, outcome_day,
                accepted_suggestions, override_reason_system, override_reason_code, received_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT DO NOTHING""")
          .params(serviceId, item.card(), rule, rule == null, item.outcome().code(),
              AuditRepository.utc(item.outcomeTimestamp()), AuditRepository.utc(item.outcomeTimestamp()).toLocalDate(),
              item.acceptedSuggestions().isEmpty() ? null : String.join(" ", item.acceptedSuggestions()),
              item.overrideReasonSystem(), item.overrideReasonCode(), AuditRepository.utc(receivedAt))
          .update() == 1;
    } catch (DuplicateKeyException concurrentRepeat) {
      // two identical items racing: the database kept one, which is what idempotency means
      return false;
    }
  }

  /** Deletes feedback received before {@code cutoff}; returns how many items. */
  int purgeBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM card_feedback WHERE received_at < ?").params(AuditRepository.utc(cutoff)).update();
  }
}
