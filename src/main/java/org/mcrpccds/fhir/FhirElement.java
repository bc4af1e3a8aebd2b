package org.mcrpccds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A FHIR resource or element read in place from the request's JSON: no HAPI objects are built.
 * Reading is as lenient as {@link LenientResourceParser} (HAPI's parser), and what it reads is what
 * the CQL engine's model resolver reads from HAPI's objects: a single object where FHIR repeats
 * counts as a list of one, an array where FHIR has one value counts as its first item, an element
 * of the wrong JSON kind is an empty element (a primitive one has no value). A primitive is its
 * JSON value plus, when sent, the {@code _name} member of its owner that carries its id and
 * extensions; that member is looked up only when the id or extensions are read (or the value is
 * absent).
 */
public final class FhirElement {
  /** What an element of the wrong JSON kind reads as, as in HAPI's parser: empty. Shared, never changed. */
  private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

  private final JsonNode json;
  private final FhirType type;
  /** For a primitive: the object holding it, the name of its {@code _name} member, and its index when it repeats. */
  private final JsonNode owner;
  private final String elementName;
  private final int index;

  private FhirElement(JsonNode json, FhirType type, JsonNode owner, String elementName, int index) {
    this.json = json;
    this.type = type;
    this.owner = owner;
    this.elementName = elementName;
    this.index = index;
  }

  /** A resource or complex element. */
  FhirElement(JsonNode json, FhirType type) {
    this(json, type, null, null, -1);
  }

  public FhirType type() {
    return type;
  }

  /** The JSON object of a resource or complex element; the JSON value of a primitive (possibly null). */
  public JsonNode json() {
    return json;
  }

  /** The CQL System value of a primitive ({@code value} in CQL); null for other elements. */
  public Object primitiveValue() {
    return type.isPrimitive() ? type.primitiveKind().toSystemValue(json) : null;
  }

  /** The resource's logical id, from {@code id}; null when it has none. */
  public String resourceId() {
    JsonNode id = json.get("id");
    return id != null && id.isTextual() ? FhirPrimitiveKind.logicalId(id.asText()) : null;
  }

  /** {@link #get(FhirType.Property)} by the property's name. */
  public Object get(String name) {
    if (type.isPrimitive()) {
      return primitiveProperty(name);
    }
    return get(type.property(name));
  }

  /**
   * A property of this element's type as CQL reads it: for a repeating property a list, otherwise
   * the element; null when absent (a repeating one too, as the engine's HAPI model resolver has it)
   * and for a property the type does not have.
   */
  public Object get(FhirType.Property property) {
    if (property == null || !json.isObject()) {
      return null;
    }
    Object value = values(property);
    // values() makes its lists as ArrayLists; testing the class spares Java 17 a contended interface
    // test (QueryExpr.collect says why)
    return value instanceof ArrayList<?> list && list.isEmpty() ? null : value;
  }

  private Object values(FhirType.Property property) {
    if (property.holdsResources()) {
      return property.repeats() ? resources(json.get(property.name())) : resource(json.get(property.name()));
    }
    for (FhirType.Alternative alternative : property.alternatives()) {
      JsonNode value = json.get(alternative.jsonName());
      if (alternative.type().isPrimitive()) {
        if (value != null && value.isArray() && isExtensionUrl(property)) {
          // HAPI's parser reads an extension's url with code of its own that takes a JSON string
          // only: an array leaves the extension without a url (where any other single value is its first item)
          return null;
        }
        if (value != null || json.has(alternative.elementJsonName())) {
          return primitives(property, alternative, value);
        }
      } else if (value != null) {
        return composites(property, alternative.type(), value);
      }
    }
    return null;
  }

  private boolean isExtensionUrl(FhirType.Property property) {
    return property.name().equals("url") && type.name().equals("Extension");
  }

  /** A test of one Coding: its system (possibly null) and its code. */
  @FunctionalInterface
  public interface CodingTest {
    boolean matches(String system, String code);
  }

  /**
   * Whether a Coding held by property {@code name} (a CodeableConcept's codings, or Codings, one or
   * repeated) passes {@code test}: what {@code get(name)} and then each Coding's system and code
   * would give, read in the JSON without building an element or a list. Retrieves with a code
   * filter ask this of every resource of their type.
   */
  public boolean anyCoding(String name, CodingTest test) {
    if (type.isPrimitive() || !json.isObject()) {
      return false;
    }
    FhirType.Property property = type.property(name);
    if (property == null || property.holdsResources()) {
      return false;
    }
    // the first alternative that is present is the property's value, as in values()
    for (FhirType.Alternative alternative : property.alternatives()) {
      JsonNode value = json.get(alternative.jsonName());
      if (alternative.type().isPrimitive()) {
        if (value != null || json.has(alternative.elementJsonName())) {
          return false;
        }
      } else if (value != null) {
        return anyCoding(value, property.repeats(), alternative.type(), test);
      }
    }
    return false;
  }

  /** {@link #anyCoding(String, CodingTest)} of this element itself, when it is a CodeableConcept or a Coding. */
  public boolean anyCoding(CodingTest test) {
    return !type.isPrimitive() && anyCoding(json, false, type, test);
  }

  /** Over the items get() would read (an element of the wrong JSON kind is empty: no coding passes). */
  private static boolean anyCoding(JsonNode value, boolean repeats, FhirType elementType, CodingTest test) {
    boolean concept = elementType.name().equals("CodeableConcept");
    if (value == null || !concept && !elementType.name().equals("Coding")) {
      return false;
    }
    if (!repeats) {
      JsonNode item = first(value);
      return item != null && item.isObject() && passes(item, concept, elementType, test);
    }
    if (!value.isArray()) {
      return value.isObject() && passes(value, concept, elementType, test);
    }
    for (int i = 0, size = value.size(); i < size; i++) {
      JsonNode item = value.get(i);
      if (item.isObject() ? passes(item, concept, elementType, test) : item.isArray() && anyCoding(item, true, elementType, test)) {
        return true;
      }
    }
    return false;
  }

  private static boolean passes(JsonNode item, boolean concept, FhirType elementType, CodingTest test) {
    return concept ? anyCoding(item.get("coding"), true, elementType.property("coding").alternatives()[0].type(), test)
        : codingPasses(item, elementType, test);
  }

  private static boolean codingPasses(JsonNode coding, FhirType codingType, CodingTest test) {
    Object code = primitiveOf(coding, codingType.property("code"));
    return code instanceof String text && test.matches((String) primitiveOf(coding, codingType.property("system")), text);
  }

  /** A non-repeating primitive member's System value, as get(property) and primitiveValue() give it. */
  private static Object primitiveOf(JsonNode owner, FhirType.Property property) {
    FhirType.Alternative alternative = property.alternatives()[0];
    JsonNode value = owner.get(alternative.jsonName());
    return alternative.type().primitiveKind().toSystemValue(value == null ? null : first(value));
  }

  private Object primitiveProperty(String name) {
    if (name.equals("value")) {
      return primitiveValue();
    }
    if (!name.equals("id") && !name.equals("extension")) {
      return null;
    }
    JsonNode element = owner == null ? null : owner.get(elementName);
    if (element != null && index >= 0) {
      element = element.isArray() ? element.get(index) : null;
    }
    if (element == null || !element.isObject()) {
      return name.equals("extension") ? new ArrayList<>() : null;
    }
    // a primitive's id and extensions are an Element's (read here through Extension, which has both);
    // the engine's model resolver gives a primitive's missing extensions as an empty list
    Object value = new FhirElement(element, type.types().datatype("Extension")).get(name);
    return value == null && name.equals("extension") ? new ArrayList<>() : value;
  }

  /**
   * A primitive property as HAPI's parser reads it: where one value is expected, an array's first
   * item; where values repeat, every item (arrays in it flattened), an item that is no JSON value
   * (null, an object) as an element without a value, and after them the elements that have only
   * an id or extensions ({@code _name}).
   */
  private Object primitives(FhirType.Property property, FhirType.Alternative alternative, JsonNode value) {
    FhirType elementType = alternative.type();
    if (!property.repeats()) {
      JsonNode item = value == null ? null : first(value);
      if (item != null && elementType.primitiveKind().isHeld(item)) {
        return new FhirElement(item, elementType, json, alternative.elementJsonName(), -1);
      }
      // no value HAPI keeps: the engine reads a choice's primitive as HAPI holds it, any other one as absent
      return property.choice() && (value != null || json.has(alternative.elementJsonName()))
          ? new FhirElement(null, elementType, json, alternative.elementJsonName(), -1) : null;
    }
    List<Object> list = new ArrayList<>();
    JsonNode elements = json.get(alternative.elementJsonName());
    boolean indexed = value != null && value.isArray() || elements != null && elements.isArray();
    if (value != null && !value.isNull()) {
      addPrimitives(list, value, elementType, alternative, indexed);
    }
    for (int i = list.size(), size = sizeOf(elements); i < size; i++) {
      if (itemOf(elements, i) != null) {
        list.add(new FhirElement(null, elementType, json, alternative.elementJsonName(), indexed ? i : -1));
      }
    }
    // as the engine's model resolver, which looks at the first item only: the list is absent when that has no value
    return list.isEmpty() || hasHeldValue((FhirElement) list.get(0)) ? list : null;
  }

  private static boolean hasHeldValue(FhirElement primitive) {
    return primitive.json != null && primitive.type.primitiveKind().isHeld(primitive.json);
  }

  private void addPrimitives(List<Object> list, JsonNode value, FhirType elementType, FhirType.Alternative alternative,
      boolean indexed) {
    if (value.isArray()) {
      for (int i = 0, size = value.size(); i < size; i++) {
        addPrimitives(list, value.get(i), elementType, alternative, indexed);
      }
      return;
    }
    list.add(new FhirElement(value.isValueNode() && !value.isNull() ? value : null, elementType, json,
        alternative.elementJsonName(), indexed ? list.size() : -1));
  }

  /**
   * A composite property as HAPI's parser reads it: where one element is expected, an array's first
   * item; where elements repeat, every item (arrays in it flattened); an item that is no JSON object
   * is an empty element.
   */
  private static Object composites(FhirType.Property property, FhirType elementType, JsonNode value) {
    if (!property.repeats()) {
      JsonNode item = first(value);
      return item == null ? null : new FhirElement(item.isObject() ? item : EMPTY, elementType);
    }
    List<Object> list = new ArrayList<>();
    addComposites(list, value, elementType);
    return list;
  }

  private static void addComposites(List<Object> list, JsonNode value, FhirType elementType) {
    if (value.isArray()) {
      for (int i = 0, size = value.size(); i < size; i++) {
        addComposites(list, value.get(i), elementType);
      }
      return;
    }
    list.add(new FhirElement(value.isObject() ? value : EMPTY, elementType));
  }

  /** Where one value is expected, the one HAPI's parser reads: the value, or the first item of an array (arrays in it flattened); null when there is none. */
  private static JsonNode first(JsonNode value) {
    if (!value.isArray()) {
      return value;
    }
    for (int i = 0, size = value.size(); i < size; i++) {
      JsonNode found = first(value.get(i));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private FhirElement resource(JsonNode value) {
    if (value == null || !value.isObject() || !value.path("resourceType").isTextual()) {
      return null;
    }
    try {
      return new FhirElement(value, type.types().resource(value.get("resourceType").asText()));
    } catch (FhirTypes.UnknownTypeException e) {
      return null;
    }
  }

  private List<Object> resources(JsonNode value) {
    List<Object> list = new ArrayList<>();
    for (int i = 0, size = sizeOf(value); i < size; i++) {
      FhirElement resource = resource(itemOf(value, i));
      if (resource != null) {
        list.add(resource);
      }
    }
    return list;
  }

  private static int sizeOf(JsonNode node) {
    if (node == null || node.isNull()) {
      return 0;
    }
    return node.isArray() ? node.size() : 1;
  }

  private static JsonNode itemOf(JsonNode node, int i) {
    if (node == null) {
      return null;
    }
    return node.isArray() ? node.get(i) : (i == 0 ? node : null);
  }

  /** Equal as FHIR data: the same type and the same JSON (for a primitive, also the same id and extensions). */
  @Override
  public boolean equals(Object other) {
    return other instanceof FhirElement that && type == that.type && Objects.equals(json, that.json)
        && (!type.isPrimitive() || Objects.equals(primitiveProperty("extension"), that.primitiveProperty("extension")));
  }

  @Override
  public int hashCode() {
    return Objects.hash(type.name(), json);
  }

  @Override
  public String toString() {
    if (type.isResource()) {
      return type.name() + "/" + resourceId();
    }
    return type.isPrimitive() ? String.valueOf(primitiveValue()) : type.toString();
  }
}
