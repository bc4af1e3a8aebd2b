package org.mcrpccds.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildContainedResources;
import ca.uhn.fhir.context.RuntimeChildDirectResource;
import ca.uhn.fhir.context.RuntimeChildExtension;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A FHIR R4 type as HAPI's model describes it (name, base classes, children), for reading that
 * type's JSON without building HAPI objects: which JSON member holds a property, of which type,
 * whether it repeats. Instances come from {@link FhirTypes} and are shared by every request.
 */
public final class FhirType {
  /**
   * How a property's JSON member is named and typed: one alternative, or one per choice type. A
   * primitive also has its {@code _name} member (id and extensions), named here once so that
   * reading it builds no string.
   */
  public record Alternative(String jsonName, String elementJsonName, FhirType type) {
    Alternative(String jsonName, FhirType type) {
      this(jsonName, type.isPrimitive() ? "_" + jsonName : null, type);
    }
  }

  /**
   * One property: its alternatives (several for a choice such as {@code onset[x]}), whether it
   * repeats, and whether its values are resources ({@code contained}, {@code Bundle.entry.resource}),
   * whose type each JSON object names in {@code resourceType}. The alternatives are an array:
   * they are read on every property access, where a list's iterator would be garbage.
   */
  public static final class Property {
    private final String name;
    private final boolean repeats;
    private final boolean holdsResources;
    private final boolean choice;
    private final Alternative[] alternatives;

    Property(String name, boolean repeats, boolean holdsResources, boolean choice, List<Alternative> alternatives) {
      this.name = name;
      this.repeats = repeats;
      this.holdsResources = holdsResources;
      this.choice = choice;
      this.alternatives = alternatives.toArray(new Alternative[0]);
    }

    public String name() {
      return name;
    }

    public boolean repeats() {
      return repeats;
    }

    public boolean holdsResources() {
      return holdsResources;
    }

    /** A choice ({@code value[x]}): the CQL engine reads its primitives as HAPI holds them, with or without a value. */
    public boolean choice() {
      return choice;
    }

    Alternative[] alternatives() {
      return alternatives;
    }
  }

  /**
   * The types a choice ({@code value[x]}, {@code effective[x]}) most often has in clinical data,
   * tried first: valid FHIR sends one alternative, so the order only saves lookups.
   */
  private static final List<String> LIKELY_CHOICES = List.of(
      "Quantity", "CodeableConcept", "dateTime", "Period", "Reference", "string", "boolean", "instant", "integer", "decimal");

  private final FhirTypes types;
  private final String name;
  private final BaseRuntimeElementDefinition<?> definition;
  private final FhirPrimitiveKind primitiveKind;
  private final Map<String, Property> properties = new ConcurrentHashMap<>();

  FhirType(FhirTypes types, BaseRuntimeElementDefinition<?> definition) {
    this.types = types;
    this.definition = definition;
    this.name = definition.getName();
    this.primitiveKind = definition instanceof RuntimePrimitiveDatatypeDefinition
        ? FhirPrimitiveKind.of(name, definition.getImplementingClass()) : null;
  }

  FhirTypes types() {
    return types;
  }

  /** The FHIR name: {@code Condition}, {@code CodeableConcept}, {@code dateTime}, or HAPI's name of a backbone element. */
  public String name() {
    return name;
  }

  public boolean isResource() {
    return definition instanceof RuntimeResourceDefinition;
  }

  public boolean isPrimitive() {
    return primitiveKind != null;
  }

  /** For a primitive type, how its JSON value becomes a CQL System value; null otherwise. */
  public FhirPrimitiveKind primitiveKind() {
    return primitiveKind;
  }

  /** True when a value of this type is a {@code type} (the same type or a specialization, as {@code code} is of {@code string}). */
  public boolean isA(Class<?> type) {
    return type.isAssignableFrom(definition.getImplementingClass());
  }

  /**
   * The names of this type's properties (a choice without its [x]; {@code id} and {@code extension}
   * too), in the order of HAPI's model; none for a primitive.
   */
  public List<String> propertyNames() {
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      return List.of();
    }
    return composite.getChildren().stream().map(BaseRuntimeChildDefinition::getElementName).toList();
  }

  /** The property named {@code name} (without the [x] of a choice), or null when the type has none. */
  public Property property(String name) {
    Property known = properties.get(name);
    if (known != null) {
      return known;
    }
    Property resolved = resolve(name);
    if (resolved != null) {
      properties.put(name, resolved);
    }
    return resolved;
  }

  private Property resolve(String propertyName) {
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      return null;
    }
    BaseRuntimeChildDefinition child = composite.getChildByName(propertyName);
    if (child == null) {
      child = composite.getChildByName(propertyName + "[x]");
    }
    if (child == null) {
      return null;
    }
    boolean repeats = child.getMax() != 1;
    if (child instanceof RuntimeChildContainedResources || child instanceof RuntimeChildDirectResource) {
      return new Property(propertyName, repeats, true, false, List.of());
    }
    if (child instanceof RuntimeChildExtension) {
      return new Property(propertyName, repeats, false, false, List.of(new Alternative(propertyName, types.datatype("Extension"))));
    }
    List<Alternative> alternatives = new ArrayList<>();
    boolean choice = child instanceof RuntimeChildChoiceDefinition && !(child instanceof RuntimeChildResourceDefinition);
    if (choice) {
      for (String jsonName : child.getValidChildNames()) {
        BaseRuntimeElementDefinition<?> element = child.getChildByName(jsonName);
        if (element != null) {
          alternatives.add(new Alternative(jsonName, types.of(element)));
        }
      }
    } else {
      BaseRuntimeElementDefinition<?> element = child.getChildByName(propertyName);
      if (element == null) {
        return null;
      }
      alternatives.add(new Alternative(propertyName, types.of(element)));
    }
    alternatives.sort(Comparator.comparingInt(a -> LIKELY_CHOICES.indexOf(a.type().name()) < 0
        ? LIKELY_CHOICES.size() : LIKELY_CHOICES.indexOf(a.type().name())));
    return new Property(propertyName, repeats, false, choice, alternatives);
  }

  @Override
  public String toString() {
    return "FHIR." + name;
  }
}
