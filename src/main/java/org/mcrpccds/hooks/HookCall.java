package org.mcrpccds.hooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one hook call did, for audit, analytics and metrics. It carries the raw patient id only so
 * that a listener can hash it; listeners must never store or log it as it is.
 *
 * @param status the HTTP status answered (200, or the 4xx of a refusal)
 * @param cards the rule and uuid of every card returned, in order
 * @param dataSources prefetch key → {@code prefetch}, {@code fetched}, {@code no-data} or {@code missing};
 *     {@code medicationReferences} → {@code fetched}, {@code identified-by-display} or {@code unresolved}
 *     when the data referenced Medications it did not hold
 */
public record HookCall(
    Instant time,
    String serviceId,
    String hook,
    String hookInstance,
    String patientId,
    int status,
    List<IssuedCard> cards,
    Map<String, String> dataSources,
    long latencyNanos) {

  public record IssuedCard(String rule, String uuid, String indicator) {}
}
