package org.mcrpccds.feedback;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes audit rows and feedback older than {@code mcrpc.audit.retention}. */
@Component
class AuditRetention {
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  private final AuditRepository audit;
  private final FeedbackRepository feedback;
  private final AuditProperties properties;
  private final Clock clock;

  AuditRetention(AuditRepository audit, FeedbackRepository feedback, AuditProperties properties, Clock clock) {
    this.audit = audit;
    this.feedback = feedback;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(cron = "${mcrpc.audit.purge-cron:" + AuditProperties.DEFAULT_PURGE_CRON + "}")
  void purge() {
    Instant cutoff = clock.instant().minus(properties.retention());
    int calls = audit.purgeBefore(cutoff);
    int items = feedback.purgeBefore(cutoff);
    log.info("retention {}: purged {} audited hook calls and {} feedback items", properties.retention(), calls, items);
  }
}
