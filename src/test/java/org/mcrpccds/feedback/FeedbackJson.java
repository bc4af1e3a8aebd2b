package org.mcrpccds.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Bodies the HTTP tests send: sample hook requests of the content, and CDS Hooks feedback. */
final class FeedbackJson {
  static final String VIEW = "mcrpc-patient-view";
  static final String REASON_SYSTEM = "http://mcrpccds.org/fhir/CodeSystem/override-reason";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeedbackJson() {}

  /** A sample request from fhir-resources/requests/, e.g. "patient-view-female-patient". */
  static String request(String name) {
    try {
      return Files.readString(Path.of("fhir-resources/requests", name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode accepted(String card, Instant when, String... suggestionIds) {
    ObjectNode item = item(card, "accepted", when);
    ArrayNode suggestions = item.putArray("acceptedSuggestions");
    for (String id : suggestionIds) {
      suggestions.addObject().put("id", id);
    }
    return item;
  }

  static ObjectNode overridden(String card, Instant when, String reasonCode) {
    ObjectNode item = item(card, "overridden", when);
    if (reasonCode != null) {
      ObjectNode reason = item.putObject("overrideReason");
      reason.putObject("reason").put("system", REASON_SYSTEM).put("code", reasonCode).put("display", "a display");
      reason.put("userComment", "free text that is not stored");
    }
    return item;
  }

  static ObjectNode item(String card, String outcome, Instant when) {
    return JSON.createObjectNode().put("card", card).put("outcome", outcome).put("outcomeTimestamp", when.toString());
  }

  static String body(ObjectNode... items) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode feedback = body.putArray("feedback");
    for (ObjectNode item : items) {
      feedback.add(item);
    }
    return body.toString();
  }
}
