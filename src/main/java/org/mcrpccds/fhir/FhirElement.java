package org.mcrpccds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A FHIR resource or element read in place from the request's JSON: no HAPI objects are built.
 * Reading is as lenient as {@link LenientResourceParser}: a single object where FHIR repeats counts
 * as a list of one, and a value of the wrong JSON kind is absent. A primitive is its JSON value
 * plus, when sent, the {@code _name} object that carries its id and extensions.
 */
public final class FhirElement {
  private final JsonNode json;
  private final JsonNode primitiveElement;
  private final FhirType type;

  FhirElement(JsonNode json, JsonNode primitiveElement, FhirType type) {
    this.json = json;
    this.primitiveElement = primitiveElement;
    this.type = type;
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

  /**
   * A property as CQL reads it: for a repeating property a list (empty when absent), otherwise the
   * element or null. The {@code value} of a primitive is its System value; a property the type does
   * not have is null.
   */
  public Object get(String name) {
    if (type.isPrimitive()) {
      return primitiveProperty(name);
    }
    FhirType.Property property = type.property(name);
    if (property == null || !json.isObject()) {
      return null;
    }
    if (property.holdsResources()) {
      return read(property, json.get(name), null, null);
    }
    for (FhirType.Alternative alternative : property.alternatives()) {
      JsonNode value = json.get(alternative.jsonName());
      JsonNode element = alternative.elementJsonName() == null ? null : json.get(alternative.elementJsonName());
      if (value != null || element != null) {
        return read(property, value, element, alternative.type());
      }
    }
    return property.repeats() ? new ArrayList<>() : null;
  }

  private Object primitiveProperty(String name) {
    if (name.equals("value")) {
      return primitiveValue();
    }
    if (primitiveElement == null || !primitiveElement.isObject()) {
      return name.equals("extension") ? new ArrayList<>() : null;
    }
    // a primitive's id and extensions are an Element's (read here through Extension, which has both),
    // held in its "_name" object
    return name.equals("id") || name.equals("extension")
        ? new FhirElement(primitiveElement, null, type.types().datatype("Extension")).get(name)
        : null;
  }

  private Object read(FhirType.Property property, JsonNode value, JsonNode element, FhirType elementType) {
    if (!property.repeats()) {
      if ((value != null && value.isArray()) || (element != null && element.isArray())) {
        return null;
      }
      return one(value, element, elementType, property.holdsResources());
    }
    List<Object> list = new ArrayList<>();
    int size = Math.max(sizeOf(value), sizeOf(element));
    for (int i = 0; i < size; i++) {
      FhirElement item = one(itemOf(value, i), itemOf(element, i), elementType, property.holdsResources());
      if (item != null) {
        list.add(item);
      }
    }
    return list;
  }

  private FhirElement one(JsonNode value, JsonNode element, FhirType elementType, boolean resource) {
    if (value != null && value.isNull()) {
      value = null;
    }
    if (element != null && !element.isObject()) {
      element = null;
    }
    if (resource) {
      if (value == null || !value.isObject() || !value.path("resourceType").isTextual()) {
        return null;
      }
      try {
        return new FhirElement(value, null, type.types().resource(value.get("resourceType").asText()));
      } catch (FhirTypes.UnknownTypeException e) {
        return null;
      }
    }
    if (elementType.isPrimitive()) {
      if (value != null && !value.isValueNode()) {
        value = null;
      }
      return value == null && element == null ? null : new FhirElement(value, element, elementType);
    }
    return value != null && value.isObject() ? new FhirElement(value, null, elementType) : null;
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

  /** Equal as FHIR data: the same type and the same JSON. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FhirElement that && type == that.type && Objects.equals(json, that.json)
        && Objects.equals(primitiveElement, that.primitiveElement);
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
