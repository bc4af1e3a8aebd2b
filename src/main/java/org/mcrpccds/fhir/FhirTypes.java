package org.mcrpccds.fhir;

import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * The FHIR R4 types, from HAPI's model, for reading FHIR JSON as it arrived ({@link FhirElement}).
 * HAPI scans a type's model once, on first use; everything here is shared and thread-safe.
 */
public final class FhirTypes {
  /** Abstract types CQL can test for but HAPI has no element definition of. */
  private static final Map<String, Class<?>> ABSTRACT = Map.of(
      "Resource", Resource.class,
      "DomainResource", DomainResource.class,
      "Element", Element.class,
      "BackboneElement", BackboneElement.class,
      "Type", Type.class);

  private final FhirContext fhirContext;
  private final Map<BaseRuntimeElementDefinition<?>, FhirType> byDefinition = new ConcurrentHashMap<>();
  /**
   * Resource types by name: every resource of every request is typed by its resourceType, and
   * HAPI's lookup lower-cases the name (a new string, hashed) on each call.
   */
  private final Map<String, FhirType> resourcesByName = new ConcurrentHashMap<>();

  public FhirTypes(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  FhirContext fhirContext() {
    return fhirContext;
  }

  FhirType of(BaseRuntimeElementDefinition<?> definition) {
    return byDefinition.computeIfAbsent(definition, d -> new FhirType(this, d));
  }

  /** The resource type named {@code name}; an {@link UnknownTypeException} when FHIR R4 has none. */
  public FhirType resource(String name) {
    FhirType known = resourcesByName.get(name);
    if (known != null) {
      return known;
    }
    FhirType type;
    try {
      type = of(fhirContext.getResourceDefinition(name));
    } catch (DataFormatException e) {
      throw new UnknownTypeException(name);
    }
    // HAPI also accepts "observation" or "OBSERVATION": only the type's own spelling is kept, so
    // that a client sending every spelling cannot grow the map
    if (type.name().equals(name)) {
      resourcesByName.put(name, type);
    }
    return type;
  }

  /** The datatype named {@code name} ({@code Coding}, {@code dateTime}); an {@link UnknownTypeException} when FHIR R4 has none. */
  public FhirType datatype(String name) {
    BaseRuntimeElementDefinition<?> definition = fhirContext.getElementDefinition(name);
    if (definition == null) {
      throw new UnknownTypeException(name);
    }
    return of(definition);
  }

  /**
   * The class a value of the FHIR type {@code name} is an instance of in HAPI's model, for type
   * tests ({@code is FHIR.dateTime}, {@code as FHIR.Medication}); null when there is no such type.
   */
  public Class<?> modelClass(String name) {
    Class<?> abstractType = ABSTRACT.get(name);
    if (abstractType != null) {
      return abstractType;
    }
    BaseRuntimeElementDefinition<?> definition = fhirContext.getElementDefinition(name);
    if (definition == null) {
      try {
        definition = fhirContext.getResourceDefinition(name);
      } catch (DataFormatException e) {
        return null;
      }
    }
    return definition.getImplementingClass();
  }

  /** A resource of the request: a JSON object naming its {@code resourceType}. */
  public FhirElement resource(JsonNode json) {
    if (json == null || !json.isObject() || !json.path("resourceType").isTextual()) {
      throw new UnknownTypeException(null);
    }
    return new FhirElement(json, resource(json.get("resourceType").asText()));
  }

  /** Not a FHIR R4 resource type (or no resourceType at all): the client's error. */
  public static final class UnknownTypeException extends RuntimeException {
    UnknownTypeException(String name) {
      super(name == null ? "not a FHIR resource (no resourceType)" : "unknown resource type " + name);
    }
  }
}
