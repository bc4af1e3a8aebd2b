package org.mcrpccds.cql.differential;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildContainedResources;
import ca.uhn.fhir.context.RuntimeChildDirectResource;
import ca.uhn.fhir.context.RuntimeChildExtension;
import ca.uhn.fhir.context.RuntimeChildNarrativeDefinition;
import ca.uhn.fhir.context.RuntimeChildPrimitiveEnumerationDatatypeDefinition;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * FHIR R4 JSON of any resource type, shaped as EHRs send it, from HAPI's model of the type: the
 * properties the content's CQL reads are usually present (every alternative of a choice, in turn),
 * others rarely; values come from the content (codes of its value sets and code declarations, its
 * string literals) or are dates of every precision and offset around the evaluation instant,
 * decimals of every scale, references that resolve or not. And the imperfections of real data: a
 * single object where FHIR repeats, extensions on elements and on primitives, an element of the
 * wrong JSON kind, an empty or missing value, two alternatives of one choice, members FHIR does
 * not know, odd units. Deterministic for a given {@link Random}.
 */
final class RawFhirGenerator {
  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12),
      ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(1));
  /** Units no value set names: what EHRs also send. */
  private static final List<String> ODD_UNITS = List.of("10^9/L", "x10E3/uL", "G/L", "g/dl", "mg", "mmol/L", "%", "", " ",
      "10*9/l", "/µL", "K/uL", "{cells}/uL", "mL/min/{1.73_m2}", "ng/mL");
  private static final String UCUM = "http://unitsofmeasure.org";
  /** Elements that are metadata, never read by rules: left out, as they would only make the data larger. */
  private static final Set<String> NEVER = Set.of("meta", "implicitRules", "language", "text", "modifierExtension");
  private static final int MAX_DEPTH = 4;
  /** Invalid FHIR, seen in the wild: two alternatives of one choice element ({@code effectiveDateTime} and {@code effectivePeriod}). */
  static final String TWO_ALTERNATIVES = "two alternatives of one choice";
  /** A date in year 0, which FHIR does not have (its years are 0001 to 9999). */
  static final String YEAR_ZERO = "a date in year 0";

  private final FhirContext fhir;
  private final ContentFacts facts;

  RawFhirGenerator(FhirContext fhir, ContentFacts facts) {
    this.fhir = fhir;
    this.facts = facts;
  }

  /**
   * What one request's data shares: its randomness, its evaluation instant, the ids it may
   * reference, and which anomalies it may hold and holds.
   */
  static final class Context {
    final Random random;
    final OffsetDateTime now;
    /** Resource type → the ids the request's resources of that type have; references pick among them (or miss). */
    final Map<String, List<String>> ids;
    /** The value sets most coded elements draw from, so that the codes a define combines occur together. */
    final List<List<ContentFacts.Code>> theme;
    private final Set<String> left;
    private final Set<String> written;

    Context(Random random, OffsetDateTime now, Map<String, List<String>> ids, List<List<ContentFacts.Code>> theme, Set<String> left) {
      this(random, now, ids, theme, left, new java.util.TreeSet<>());
    }

    private Context(Random random, OffsetDateTime now, Map<String, List<String>> ids, List<List<ContentFacts.Code>> theme,
        Set<String> left, Set<String> written) {
      this.random = random;
      this.now = now;
      this.ids = ids;
      this.theme = theme;
      this.left = left;
      this.written = written;
    }

    /**
     * Whether to write the anomaly {@code name} here: a context to write it with, or null. The same
     * numbers are drawn from this context whether or not the anomaly is written (or {@code left}
     * out), and its content is drawn from a context of its own: a request made with an anomaly
     * left out is the same request without it.
     */
    Context anomaly(String name, double probability) {
      boolean drawn = random.nextDouble() < probability;
      long seed = random.nextLong();
      if (!drawn || left.contains(name)) {
        return null;
      }
      written.add(name);
      return new Context(new Random(seed), now, ids, theme, left, written);
    }

    /** The anomalies written so far. */
    Set<String> anomalies() {
      return java.util.Collections.unmodifiableSet(written);
    }

    boolean chance(double probability) {
      return random.nextDouble() < probability;
    }

    <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }
  }

  /** A resource of {@code type} with logical id {@code id}. */
  ObjectNode resource(String type, String id, Context context) {
    ObjectNode resource = JSON.objectNode();
    resource.put("resourceType", type);
    if (id != null) {
      resource.put("id", id);
    }
    fill(resource, fhir.getResourceDefinition(type), context, 0);
    return resource;
  }

  private void fill(ObjectNode node, BaseRuntimeElementCompositeDefinition<?> definition, Context context, int depth) {
    for (BaseRuntimeChildDefinition child : definition.getChildren()) {
      String name = child.getElementName();
      if (name.equals("id") || NEVER.contains(name) || child instanceof RuntimeChildNarrativeDefinition) {
        continue;
      }
      boolean read = facts.properties().contains(name);
      double probability = name.equals("extension") ? 0.15 : read ? 0.7 : 0.02;
      if (depth < MAX_DEPTH && context.chance(probability)) {
        member(node, child, context, depth);
      }
    }
    if (context.chance(0.03)) {
      // a member FHIR does not know: HAPI drops it, the compiled evaluator never asks for it
      node.put("unknownMember" + context.random.nextInt(3), "x");
    }
  }

  private void member(ObjectNode node, BaseRuntimeChildDefinition child, Context context, int depth) {
    String name = child.getElementName();
    if (child instanceof RuntimeChildContainedResources) {
      if (depth == 0) {
        // a contained resource contains nothing (FHIR forbids it)
        node.set(name, contained(context));
      }
      return;
    }
    if (child instanceof RuntimeChildDirectResource) {
      return;
    }
    List<String> names = new ArrayList<>(child.getValidChildNames());
    boolean choice = child instanceof RuntimeChildChoiceDefinition && !(child instanceof RuntimeChildResourceDefinition);
    String jsonName = choice ? alternative(child, names, context) : name;
    BaseRuntimeElementDefinition<?> type = child.getChildByName(jsonName);
    if (type == null) {
      return;
    }
    boolean repeats = child.getMax() != 1;
    put(node, jsonName, type, repeats, child, context, depth);
    Context second = choice ? context.anomaly(TWO_ALTERNATIVES, 0.02) : null;
    if (second != null) {
      String other = second.pick(names);
      if (!other.equals(jsonName) && child.getChildByName(other) != null) {
        put(node, other, child.getChildByName(other), repeats, second, depth);
      }
    }
  }

  /** Mostly an alternative of a type the CQL tests for (is FHIR.Quantity), else any: every one comes in turn. */
  private String alternative(BaseRuntimeChildDefinition child, List<String> names, Context context) {
    List<String> tested = names.stream()
        .filter(n -> child.getChildByName(n) != null && facts.typeTests().contains(child.getChildByName(n).getName()))
        .toList();
    return !tested.isEmpty() && context.chance(0.7) ? context.pick(tested) : context.pick(names);
  }

  private void put(ObjectNode node, String jsonName, BaseRuntimeElementDefinition<?> type, boolean repeats, Context context, int depth) {
    put(node, jsonName, type, repeats, null, context, depth);
  }

  private void put(ObjectNode node, String jsonName, BaseRuntimeElementDefinition<?> type, boolean repeats,
      BaseRuntimeChildDefinition child, Context context, int depth) {
    if (type instanceof RuntimePrimitiveDatatypeDefinition) {
      primitive(node, jsonName, type.getName(), repeats, codes(child), context);
      return;
    }
    if (!(type instanceof BaseRuntimeElementCompositeDefinition<?> composite) || context.chance(0.01)) {
      node.set(jsonName, wrongKind(context));
      return;
    }
    if (!repeats) {
      node.set(jsonName, composite(composite, context, depth + 1));
      return;
    }
    int count = context.chance(0.1) ? 0 : 1 + context.random.nextInt(3);
    if (count == 1 && context.chance(0.25)) {
      // a single object where FHIR repeats, as the CDS Hooks Sandbox sends some
      node.set(jsonName, composite(composite, context, depth + 1));
      return;
    }
    ArrayNode items = node.putArray(jsonName);
    for (int i = 0; i < count; i++) {
      items.add(context.chance(0.02) ? wrongKind(context) : composite(composite, context, depth + 1));
    }
  }

  private JsonNode composite(BaseRuntimeElementCompositeDefinition<?> type, Context context, int depth) {
    Class<?> model = type.getImplementingClass();
    if (Coding.class.isAssignableFrom(model)) {
      return coding(context);
    }
    if (CodeableConcept.class.isAssignableFrom(model)) {
      return concept(context);
    }
    if (Quantity.class.isAssignableFrom(model)) {
      return quantity(context);
    }
    if (Reference.class.isAssignableFrom(model)) {
      return reference(context);
    }
    if (Period.class.isAssignableFrom(model)) {
      ObjectNode period = JSON.objectNode();
      if (context.chance(0.85)) {
        period.put("start", dateTime(context));
      }
      if (context.chance(0.4)) {
        period.put("end", dateTime(context));
      }
      return period;
    }
    if (type.getName().equals("Extension")) {
      return extension(context, depth);
    }
    ObjectNode node = JSON.objectNode();
    fill(node, type, context, depth);
    return node;
  }

  /* ------------------------------------------------------------------ coded data */

  private ContentFacts.Code code(Context context) {
    return context.chance(0.8) ? context.pick(context.pick(context.theme)) : context.pick(facts.codes());
  }

  /**
   * The codes a primitive bound to a code system of HAPI's model may take ({@code Observation.status}):
   * those the CQL names first; null for any other primitive.
   */
  private List<String> codes(BaseRuntimeChildDefinition child) {
    if (!(child instanceof RuntimeChildPrimitiveEnumerationDatatypeDefinition bound) || bound.getBoundEnumType() == null) {
      return null;
    }
    List<String> codes = new ArrayList<>();
    for (Object constant : bound.getBoundEnumType().getEnumConstants()) {
      try {
        Object code = constant.getClass().getMethod("toCode").invoke(constant);
        if (code instanceof String text && !text.equals("?")) {
          codes.add(text);
        }
      } catch (ReflectiveOperationException e) {
        return null;
      }
    }
    return codes.isEmpty() ? null : codes;
  }

  private ObjectNode coding(Context context) {
    ObjectNode coding = JSON.objectNode();
    ContentFacts.Code code = code(context);
    if (context.chance(0.92)) {
      coding.put("system", context.chance(0.97) ? code.system() : context.pick(facts.codes()).system());
    }
    if (context.chance(0.96)) {
      // now and then a code of the CQL's literals ('active', 'C77'), in whatever system
      String text = context.chance(0.1) ? context.pick(facts.strings()) : code.code();
      coding.put("code", context.chance(0.05) ? text + "." + context.random.nextInt(10) : text);
    }
    if (code.display() != null && context.chance(0.5)) {
      coding.put("display", code.display());
    }
    if (context.chance(0.05)) {
      coding.put("version", "2024-0" + (1 + context.random.nextInt(9)));
    }
    if (context.chance(0.03)) {
      coding.set("_code", primitiveExtension(context));
    }
    return coding;
  }

  private ObjectNode concept(Context context) {
    ObjectNode concept = JSON.objectNode();
    int codings = context.chance(0.08) ? 0 : 1 + context.random.nextInt(3);
    if (codings == 1 && context.chance(0.2)) {
      concept.set("coding", coding(context));
    } else if (codings > 0) {
      ArrayNode list = concept.putArray("coding");
      for (int i = 0; i < codings; i++) {
        list.add(context.chance(0.02) ? wrongKind(context) : coding(context));
      }
    }
    if (context.chance(0.3)) {
      concept.put("text", context.pick(facts.strings()));
    }
    return concept;
  }

  private ObjectNode quantity(Context context) {
    ObjectNode quantity = JSON.objectNode();
    if (context.chance(0.9)) {
      quantity.set("value", decimal(context));
    }
    List<String> units = facts.unitLike().isEmpty() ? ODD_UNITS : facts.unitLike();
    String unit = context.chance(0.6) ? context.pick(units) : context.pick(ODD_UNITS);
    if (context.chance(0.8)) {
      quantity.put("unit", unit);
    }
    if (context.chance(0.6)) {
      quantity.put("system", UCUM);
      quantity.put("code", context.chance(0.8) ? unit : context.pick(ODD_UNITS));
    }
    if (context.chance(0.05)) {
      quantity.put("comparator", context.pick(List.of("<", "<=", ">=", ">", "ad")));
    }
    return quantity;
  }

  /** A reference to a resource of the request (by type, contained, absolute, versioned) or to nothing known. */
  private ObjectNode reference(Context context) {
    ObjectNode reference = JSON.objectNode();
    List<String> types = new ArrayList<>(context.ids.keySet());
    String type = types.isEmpty() ? "Medication" : context.pick(types);
    List<String> ids = context.ids.getOrDefault(type, List.of());
    String id = ids.isEmpty() || context.chance(0.1) ? "unknown-" + context.random.nextInt(5) : context.pick(ids);
    String text = switch (context.random.nextInt(8)) {
      case 0 -> "#" + "contained-" + context.random.nextInt(3);
      case 1 -> "http://ehr.example.org/fhir/" + type + "/" + id;
      case 2 -> type + "/" + id + "/_history/" + (1 + context.random.nextInt(3));
      case 3 -> context.chance(0.5) ? "" : "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0";
      default -> type + "/" + id;
    };
    if (context.chance(0.95)) {
      reference.put("reference", text);
    }
    if (context.chance(0.2)) {
      reference.put("display", context.pick(facts.strings()));
    }
    return reference;
  }

  /** Contained resources: mostly Medications, with the ids that "#contained-N" references name. */
  private JsonNode contained(Context context) {
    ArrayNode contained = JSON.arrayNode();
    int count = 1 + context.random.nextInt(2);
    for (int i = 0; i < count; i++) {
      String type = context.chance(0.8) ? "Medication" : context.pick(new ArrayList<>(facts.resourceTypes()));
      ObjectNode resource = JSON.objectNode();
      resource.put("resourceType", type);
      resource.put("id", (context.chance(0.15) ? "#" : "") + "contained-" + context.random.nextInt(3));
      fill(resource, fhir.getResourceDefinition(type), context, 1);
      contained.add(resource);
    }
    return context.chance(0.1) ? contained.get(0) : contained;
  }

  private ObjectNode extension(Context context, int depth) {
    ObjectNode extension = JSON.objectNode();
    List<String> urls = facts.strings().stream().filter(s -> s.startsWith("http")).toList();
    extension.put("url", !urls.isEmpty() && context.chance(0.7) ? context.pick(urls) : "http://example.org/fhir/StructureDefinition/x");
    switch (context.random.nextInt(7)) {
      case 0 -> extension.put("valueCode", context.chance(0.5) ? context.pick(List.of("M", "F", "UNK")) : code(context).code());
      case 1 -> extension.put("valueString", context.pick(facts.strings()));
      case 2 -> extension.put("valueBoolean", context.random.nextBoolean());
      case 3 -> extension.set("valueCodeableConcept", concept(context));
      case 4 -> extension.put("valueDateTime", dateTime(context));
      case 5 -> extension.set("valueQuantity", quantity(context));
      default -> {
        if (depth < MAX_DEPTH) {
          extension.putArray("extension").add(extension(context, depth + 1));
        }
      }
    }
    return extension;
  }

  /** A primitive's {@code _name} member: an id and extensions, sometimes without the value itself. */
  private ObjectNode primitiveExtension(Context context) {
    ObjectNode element = JSON.objectNode();
    if (context.chance(0.3)) {
      element.put("id", "e" + context.random.nextInt(3));
    }
    element.putArray("extension").add(extension(context, MAX_DEPTH));
    return element;
  }

  /* ------------------------------------------------------------------ primitives */

  private void primitive(ObjectNode node, String jsonName, String type, boolean repeats, List<String> codes, Context context) {
    if (repeats) {
      ArrayNode values = node.putArray(jsonName);
      int count = 1 + context.random.nextInt(2);
      for (int i = 0; i < count; i++) {
        values.add(primitiveValue(type, codes, context));
      }
      if (context.chance(0.1)) {
        node.set(jsonName, values.get(0));
      }
      return;
    }
    if (context.chance(0.05)) {
      node.set("_" + jsonName, primitiveExtension(context));
      if (context.chance(0.4)) {
        return;
      }
    }
    node.set(jsonName, primitiveValue(type, codes, context));
  }

  private JsonNode primitiveValue(String type, List<String> codes, Context context) {
    if (context.chance(0.02)) {
      return wrongKind(context);
    }
    if (codes != null && context.chance(0.85)) {
      List<String> named = codes.stream().filter(facts.strings()::contains).toList();
      return JSON.textNode(!named.isEmpty() && context.chance(0.6) ? context.pick(named) : context.pick(codes));
    }
    return switch (type) {
      case "boolean" -> context.chance(0.95) ? JSON.booleanNode(context.random.nextBoolean()) : JSON.textNode("true");
      case "integer", "positiveInt", "unsignedInt" -> context.chance(0.95)
          ? JSON.numberNode(context.random.nextInt(200) - 20) : JSON.numberNode(new BigDecimal("1.5"));
      case "decimal" -> decimal(context);
      case "date" -> JSON.textNode(date(context));
      case "dateTime" -> JSON.textNode(dateTime(context));
      case "instant" -> JSON.textNode(context.chance(0.9) ? instant(context) : dateTime(context));
      case "time" -> JSON.textNode(context.pick(List.of("10:00:00", "23:59:59.999", "00:00", "25:00:00")));
      case "uri", "url", "canonical" -> JSON.textNode(context.chance(0.6)
          ? code(context).system() : context.pick(facts.strings()));
      case "id" -> JSON.textNode("id-" + context.random.nextInt(5));
      default -> JSON.textNode(stringValue(context));
    };
  }

  /** A code or string: the content's literals (statuses, genders) and codes, or text nothing expects. */
  private String stringValue(Context context) {
    int kind = context.random.nextInt(10);
    if (kind < 6) {
      return context.pick(facts.strings());
    }
    if (kind < 9) {
      return code(context).code();
    }
    return context.pick(List.of("", " final", "FINAL", "male ", "unknown", "ünïcødé ✓", "x".repeat(300)));
  }

  private JsonNode decimal(Context context) {
    return switch (context.random.nextInt(9)) {
      case 0 -> JSON.numberNode(context.random.nextInt(400));
      case 1 -> JSON.numberNode(new BigDecimal("1.50"));
      case 2 -> JSON.numberNode(new BigDecimal("1E+2"));
      case 3 -> JSON.numberNode(new BigDecimal("-0.0"));
      case 4 -> JSON.numberNode(new BigDecimal("123456789012345678901234567890.123456789"));
      case 5 -> JSON.textNode("12.5");
      default -> JSON.numberNode(BigDecimal.valueOf(context.random.nextInt(30000), context.random.nextInt(4)));
    };
  }

  /** A date-time around the evaluation instant: inside and outside the rules' windows, in every precision and offset. */
  private OffsetDateTime around(Context context) {
    long days = switch (context.random.nextInt(5)) {
      case 0 -> context.random.nextInt(40);
      case 1 -> 150 + context.random.nextInt(60);
      case 2 -> context.random.nextInt(3000);
      case 3 -> -context.random.nextInt(30);
      default -> context.random.nextInt(400);
    };
    return context.now.minusDays(days).minusMinutes(context.random.nextInt(24 * 60))
        .withOffsetSameInstant(context.pick(OFFSETS));
  }

  private String date(Context context) {
    String day = around(context).toLocalDate().toString();
    Context yearZero = context.anomaly(YEAR_ZERO, 0.005);
    if (yearZero != null) {
      return "0000-" + day.substring(5);
    }
    return switch (context.random.nextInt(12)) {
      case 0 -> day.substring(0, 4);
      case 1 -> day.substring(0, 7);
      case 2 -> context.pick(List.of("2024-02-30", "24-01-01", "2024-13", "not a date"));
      default -> day;
    };
  }

  private String dateTime(Context context) {
    OffsetDateTime value = around(context);
    return switch (context.random.nextInt(14)) {
      case 0, 1 -> date(context);
      case 2 -> value.format(MILLIS);
      case 3 -> value.toLocalDateTime().withNano(0).toString();
      case 4 -> context.pick(List.of("2024-06-15T25:00:00Z", "2024-06-15T10:00", "2024-06-15 10:00:00", "2024-06-15T10:00:00.123456789+01:00"));
      default -> value.withNano(0).format(SECONDS).replace("+00:00", context.chance(0.5) ? "Z" : "+00:00");
    };
  }

  private String instant(Context context) {
    return around(context).format(context.chance(0.5) ? MILLIS : SECONDS);
  }

  /** A JSON value of a kind the element does not have. */
  private JsonNode wrongKind(Context context) {
    return switch (context.random.nextInt(7)) {
      case 0 -> JSON.nullNode();
      case 1 -> JSON.textNode("");
      case 2 -> JSON.numberNode(7);
      case 3 -> JSON.booleanNode(true);
      case 4 -> JSON.objectNode();
      case 5 -> JSON.arrayNode();
      default -> JSON.textNode(context.pick(facts.strings()));
    };
  }
}
