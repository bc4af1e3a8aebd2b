package org.mcrpccds.feedback;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mcrpccds.cards.TimeOrderedIds;
import org.mcrpccds.hooks.HookCall;

/**
 * One hook call as the audit stores it: the patient id already replaced by its keyed hash, so the
 * raw id never leaves the request thread.
 */
record AuditEntry(
    UUID id,
    Instant time,
    String serviceId,
    String hook,
    String hookInstance,
    String patientHash,
    int status,
    List<HookCall.IssuedCard> cards,
    Map<String, String> dataSources,
    long latencyMicros) {

  /** hookInstance comes from the client; the column holds this much of it. */
  static final int HOOK_INSTANCE_LIMIT = 200;

  static AuditEntry of(HookCall call, PatientIdHasher hasher) {
    String hookInstance = call.hookInstance();
    if (hookInstance != null && hookInstance.length() > HOOK_INSTANCE_LIMIT) {
      hookInstance = hookInstance.substring(0, HOOK_INSTANCE_LIMIT);
    }
    return new AuditEntry(TimeOrderedIds.next(call.time().toEpochMilli()), call.time(), call.serviceId(), call.hook(), hookInstance,
        hasher.hash(call.patientId()), call.status(), List.copyOf(call.cards()), Collections.unmodifiableMap(new LinkedHashMap<>(call.dataSources())),
        call.latencyNanos() / 1_000);
  }
}
