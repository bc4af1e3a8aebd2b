package org.mcrpccds.feedback;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Which rule produced a card this deployment returned: from the audit queue or the database. */
@Component
class IssuedCards {
  private final AuditWriter writer;
  private final AuditRepository audit;

  IssuedCards(AuditWriter writer, AuditRepository audit) {
    this.writer = writer;
    this.audit = audit;
  }

  /**
   * The queue is asked first: the writer forgets a card only after committing it, so a card that is
   * not queued any more is in the database by the time it is looked up there.
   */
  Optional<String> ruleOf(String serviceId, String cardUuid) {
    Optional<String> queued = writer.unwrittenRule(serviceId, cardUuid);
    return queued.isPresent() ? queued : audit.ruleOfCard(serviceId, cardUuid);
  }
}
