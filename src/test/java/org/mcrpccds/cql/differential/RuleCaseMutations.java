package org.mcrpccds.cql.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The rule cases' requests (src/test/resources/rule-cases: the patients whose rules fire), as
 * another EHR would write the same data: single-item arrays sent as the item, dates in another
 * precision or offset (the same instant, or the same day), units of another spelling, values of the
 * wrong JSON kind, members left out, extensions and members FHIR does not know added. Blind to the
 * FHIR model: it changes JSON, not FHIR, so that it knows nothing the evaluators could share.
 */
final class RuleCaseMutations {
  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
  private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12),
      ZoneOffset.ofHoursMinutes(5, 30));

  private final ContentFacts facts;
  private final Random random;

  RuleCaseMutations(ContentFacts facts, Random random) {
    this.facts = facts;
    this.random = random;
  }

  /** Mutates the request's resources (prefetch, draft orders) in place. */
  void mutate(ObjectNode request) {
    request.path("prefetch").forEach(this::visit);
    visit(request.path("context").path("draftOrders"));
  }

  private void visit(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (name.equals("resourceType") || name.equals("id") || name.equals("fullUrl")) {
          continue;
        }
        JsonNode value = object.get(name);
        if (random.nextDouble() < 0.02 && !name.equals("entry") && !name.equals("resource")) {
          object.remove(name);
        } else if (value.isValueNode()) {
          JsonNode changed = leaf(value);
          if (changed != value) {
            object.set(name, changed);
          }
        } else if (value instanceof ArrayNode array && array.size() == 1 && array.get(0).isObject() && random.nextDouble() < 0.25) {
          object.set(name, array.get(0));
          visit(array.get(0));
        } else {
          visit(value);
        }
      }
      if (object.has("resourceType") && random.nextDouble() < 0.05) {
        object.putArray("extension").addObject().put("url", "http://example.org/fhir/StructureDefinition/x").put("valueString", "x");
      }
      if (random.nextDouble() < 0.02) {
        object.put("unknownMember", true);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode item = array.get(i);
        if (item.isValueNode()) {
          array.set(i, leaf(item));
        } else {
          visit(item);
        }
      }
    }
  }

  /** A primitive value, mostly unchanged; a date in another writing, another unit, or a value of the wrong kind. */
  private JsonNode leaf(JsonNode value) {
    double draw = random.nextDouble();
    if (draw < 0.02) {
      return List.of(JSON.nullNode(), JSON.textNode(""), JSON.numberNode(7), JSON.booleanNode(true), JSON.objectNode(),
          JSON.arrayNode().add(value)).get(random.nextInt(6));
    }
    if (!value.isTextual()) {
      return value;
    }
    String text = value.textValue();
    if (draw < 0.3 && DATE_TIME.matcher(text).matches()) {
      return JSON.textNode(dateTime(text));
    }
    if (draw < 0.2 && DATE.matcher(text).matches()) {
      return JSON.textNode(random.nextBoolean() ? text.substring(0, 7) : text + "T00:00:00" + offset());
    }
    if (draw < 0.15 && facts.unitLike().contains(text)) {
      return JSON.textNode(random.nextBoolean() ? text.toUpperCase() : facts.unitLike().get(random.nextInt(facts.unitLike().size())));
    }
    return value;
  }

  /** The same instant at another offset, or the same day only, or to the millisecond. */
  private String dateTime(String text) {
    try {
      OffsetDateTime instant = OffsetDateTime.parse(text);
      return switch (random.nextInt(3)) {
        case 0 -> instant.withOffsetSameInstant(OFFSETS.get(random.nextInt(OFFSETS.size())))
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        case 1 -> instant.toLocalDate().toString();
        default -> instant.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
      };
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  private String offset() {
    String offset = OFFSETS.get(random.nextInt(OFFSETS.size())).getId();
    return offset.equals("Z") ? "Z" : offset;
  }
}
