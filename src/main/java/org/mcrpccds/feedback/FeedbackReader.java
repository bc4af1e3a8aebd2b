package org.mcrpccds.feedback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.mcrpccds.feedback.FeedbackItem.Outcome;
import org.mcrpccds.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Reads a feedback body ({@code {"feedback": [...]}}) and validates every item before anything is
 * stored, so a request is either taken whole or refused whole (400). Error messages name the item
 * and field, never its content.
 */
@Component
class FeedbackReader {
  /** More items than any EHR sends at once; a guard against a body that would keep the database busy. */
  static final int MAX_ITEMS = 1000;
  static final int MAX_CARD_LENGTH = 200;
  static final int MAX_CODE_LENGTH = 200;
  static final int MAX_SYSTEM_LENGTH = 500;
  static final int MAX_SUGGESTIONS_LENGTH = 2000;

  private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(50).build())
      .build());

  List<FeedbackItem> read(byte[] body) {
    JsonNode items = parse(body).get("feedback");
    if (items == null || !items.isArray()) {
      throw ApiException.badRequest("the body must be {\"feedback\": [ ... ]}");
    }
    if (items.size() > MAX_ITEMS) {
      throw ApiException.badRequest("at most " + MAX_ITEMS + " feedback items per request");
    }
    List<FeedbackItem> read = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      read.add(item(items.get(i), "feedback[" + i + "]"));
    }
    return read;
  }

  private JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || !root.isObject()) {
        throw ApiException.badRequest("the request body must be a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw ApiException.badRequest("the request body is not valid JSON");
    }
  }

  private static FeedbackItem item(JsonNode node, String where) {
    if (!node.isObject()) {
      throw ApiException.badRequest(where + " must be an object");
    }
    String card = requiredText(node, "card", where, MAX_CARD_LENGTH);
    Outcome outcome = outcome(requiredText(node, "outcome", where, 20), where);
    Instant timestamp = timestamp(requiredText(node, "outcomeTimestamp", where, 64), where);
    List<String> suggestions = outcome == Outcome.ACCEPTED ? acceptedSuggestions(node, where) : List.of();
    String system = null;
    String code = null;
    JsonNode reason = outcome == Outcome.OVERRIDDEN ? optionalObject(node, "overrideReason", where) : null;
    JsonNode coding = reason == null ? null : optionalObject(reason, "reason", where + ".overrideReason");
    if (coding != null) {
      String codingPath = where + ".overrideReason.reason";
      code = requiredText(coding, "code", codingPath, MAX_CODE_LENGTH);
      system = optionalText(coding, "system", codingPath, MAX_SYSTEM_LENGTH);
    }
    return new FeedbackItem(card, outcome, timestamp, suggestions, system, code);
  }

  private static Outcome outcome(String value, String where) {
    for (Outcome outcome : Outcome.values()) {
      if (outcome.code().equals(value)) {
        return outcome;
      }
    }
    throw ApiException.badRequest(where + ".outcome must be accepted or overridden");
  }

  /** Kept to the microsecond, the precision both databases store, so a repeat compares equal. */
  private static Instant timestamp(String value, String where) {
    try {
      return IsoInstants.parse(value).truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(where + ".outcomeTimestamp must be an ISO 8601 date-time");
    }
  }

  private static List<String> acceptedSuggestions(JsonNode node, String where) {
    JsonNode suggestions = node.get("acceptedSuggestions");
    if (suggestions == null || suggestions.isNull()) {
      return List.of();
    }
    String path = where + ".acceptedSuggestions";
    if (!suggestions.isArray()) {
      throw ApiException.badRequest(path + " must be an array");
    }
    List<String> ids = new ArrayList<>();
    int length = 0;
    for (int i = 0; i < suggestions.size(); i++) {
      JsonNode suggestion = suggestions.get(i);
      if (!suggestion.isObject()) {
        throw ApiException.badRequest(path + "[" + i + "] must be an object");
      }
      String id = requiredText(suggestion, "id", path + "[" + i + "]", MAX_CARD_LENGTH);
      length += id.length() + 1;
      if (length > MAX_SUGGESTIONS_LENGTH) {
        throw ApiException.badRequest(path + " is too long");
      }
      ids.add(id);
    }
    return ids;
  }

  private static JsonNode optionalObject(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiException.badRequest(where + "." + field + " must be an object");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String field, String where, int maxLength) {
    String value = optionalText(node, field, where, maxLength);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(where + "." + field + " is required and must be a non-empty string");
    }
    return value;
  }

  private static String optionalText(JsonNode node, String field, String where, int maxLength) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(where + "." + field + " must be a string");
    }
    if (value.asText().length() > maxLength) {
      throw ApiException.badRequest(where + "." + field + " is longer than " + maxLength + " characters");
    }
    return value.asText();
  }
}
