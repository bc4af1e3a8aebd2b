package org.mcrpccds.feedback;

import java.time.Instant;
import java.util.List;

/**
 * One validated CDS Hooks 2.0 feedback item. The override reason's free-text {@code userComment}
 * is deliberately not kept: clinicians may type patient details into it.
 *
 * @param acceptedSuggestions the ids of the accepted suggestions (empty unless accepted)
 * @param overrideReasonCode the coded reason (null unless overridden with a coded reason)
 */
record FeedbackItem(
    String card,
    Outcome outcome,
    Instant outcomeTimestamp,
    List<String> acceptedSuggestions,
    String overrideReasonSystem,
    String overrideReasonCode) {

  enum Outcome {
    ACCEPTED("accepted"), OVERRIDDEN("overridden");

    private final String code;

    Outcome(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }
  }
}
