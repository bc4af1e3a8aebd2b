package org.mcrpccds.feedback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hook calls are audited.
 *
 * @param patientIdKey the HMAC key for patient ids (at least 32 characters). When unset, a random
 *     key is generated at each start: fine for a demo, but hashes then differ across restarts, so
 *     production must set it (from a secret store, never in a committed file)
 * @param retention how long audit rows and feedback are kept before the purge job deletes them
 * @param purgeCron when the purge job runs (Spring cron, server time zone)
 * @param queueCapacity hook calls waiting to be written; when full, new ones are dropped and counted
 * @param shutdownTimeout how long a clean stop waits for the queue to be written
 */
@ConfigurationProperties("mcrpc.audit")
public record AuditProperties(
    String patientIdKey,
    @DefaultValue("90d") Duration retention,
    @DefaultValue(AuditProperties.DEFAULT_PURGE_CRON) String purgeCron,
    @DefaultValue("10000") int queueCapacity,
    @DefaultValue("30s") Duration shutdownTimeout) {

  /** Every night at 03:30, when hook traffic is lowest. */
  static final String DEFAULT_PURGE_CRON = "0 30 3 * * *";
}
