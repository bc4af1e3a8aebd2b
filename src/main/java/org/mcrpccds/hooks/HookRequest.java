package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated CDS Hooks request. {@code prefetch} is the client's prefetch object (possibly
 * empty); a key that is present with value {@code null} means "no data", an absent key means
 * "not sent" and must be fetched.
 */
public record HookRequest(
    String hook,
    String hookInstance,
    String fhirServer,
    String accessToken,
    String patientId,
    JsonNode context,
    JsonNode prefetch) {

  /** Never print the access token. */
  @Override
  public String toString() {
    return "HookRequest[hook=" + hook + ", hookInstance=" + hookInstance + "]";
  }
}
