package org.mcrpccds.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildContainedResources;
import ca.uhn.fhir.context.RuntimeChildExtension;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Parses FHIR R4 JSON the way real EHRs send it. Imperfections are accepted: a repeating element
 * sent as a single object instead of an array (the CDS Hooks Sandbox does this with
 * {@code MedicationRequest.category} and {@code reasonCode}) is wrapped into an array; unknown
 * elements or invalid values are dropped instead of failing the whole request, and so are the
 * extensions and contained resources HAPI's parser would fail the whole resource on (an extension
 * that is not a JSON object, a contained resource without a resourceType), which the service's
 * own reading of the JSON ({@link FhirElement}) passes over too. The error handler never logs,
 * because messages about invalid values would carry patient data.
 */
@Component
public class LenientResourceParser {
  private final FhirContext fhirContext;

  public LenientResourceParser(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /** @throws InvalidResourceException when the JSON is not a FHIR resource at all */
  public IBaseResource parse(JsonNode json) {
    if (json == null || !json.isObject() || !json.path("resourceType").isTextual()) {
      throw new InvalidResourceException("not a FHIR resource (no resourceType)");
    }
    ObjectNode copy = ((ObjectNode) json).deepCopy();
    normalizeResource(copy);
    // HAPI reads the tree the request was parsed into: no second serialization and parse of the JSON
    JacksonStructure tree = new JacksonStructure();
    tree.setNativeObject(copy);
    try {
      return newParser().parseResource(tree);
    } catch (RuntimeException e) {
      // DataFormatException mostly, but HAPI's parser also fails with a NullPointerException on some
      // malformed input (an extension that is not an object): the client's error either way
      throw new InvalidResourceException("unreadable " + json.path("resourceType").asText() + " resource");
    }
  }

  private BaseRuntimeElementCompositeDefinition<?> extensionDefinition() {
    return (BaseRuntimeElementCompositeDefinition<?>) fhirContext.getElementDefinition("Extension");
  }

  private IJsonLikeParser newParser() {
    return (IJsonLikeParser) fhirContext.newJsonParser()
        .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
  }

  private void normalizeResource(ObjectNode resource) {
    String type = resource.path("resourceType").asText();
    BaseRuntimeElementCompositeDefinition<?> definition;
    try {
      definition = fhirContext.getResourceDefinition(type);
    } catch (DataFormatException e) {
      throw new InvalidResourceException("unknown resource type " + type);
    }
    normalize(resource, definition);
  }

  private void normalize(ObjectNode node, BaseRuntimeElementCompositeDefinition<?> definition) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (name.startsWith("_")) {
        // a primitive's id and extensions
        forEachObject(node.get(name), element -> {
          if (keepOnlyObjects(element, "extension", false)) {
            forEachObject(element.get("extension"), extension -> normalize(extension, extensionDefinition()));
          }
        });
        continue;
      }
      BaseRuntimeChildDefinition child = definition.getChildByName(name);
      if (child == null) {
        continue;
      }
      if (child instanceof RuntimeChildExtension && !keepOnlyObjects(node, name, false)
          || child instanceof RuntimeChildContainedResources && !keepOnlyObjects(node, name, true)) {
        continue;
      }
      JsonNode value = node.get(name);
      if (child.getMax() != 1 && value.isObject()) {
        ArrayNode wrapped = node.arrayNode().add(value);
        node.set(name, wrapped);
        value = wrapped;
      }
      BaseRuntimeElementDefinition<?> childType = child.getChildByName(name);
      for (Iterator<JsonNode> it = value.isArray() ? value.elements() : java.util.List.of(value).iterator(); it.hasNext(); ) {
        JsonNode element = it.next();
        if (!element.isObject()) {
          continue;
        }
        if (element.has("resourceType")) {
          normalizeResource((ObjectNode) element);
        } else if (childType instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
          normalize((ObjectNode) element, composite);
        }
      }
    }
  }

  /**
   * Removes the items of member {@code name} that HAPI's parser fails the whole resource on, and
   * that the service's reading of FHIR JSON (FhirElement) passes over: extensions that are not JSON
   * objects, contained resources without a resourceType. False when none is left, the member gone.
   */
  private static boolean keepOnlyObjects(ObjectNode node, String name, boolean resources) {
    JsonNode value = node.get(name);
    if (value == null) {
      return false;
    }
    ArrayNode kept = node.arrayNode();
    (value.isArray() ? value : node.arrayNode().add(value)).forEach(item -> {
      if (item.isObject() && (!resources || item.has("resourceType"))) {
        kept.add(item);
      }
    });
    if (kept.isEmpty()) {
      node.remove(name);
      return false;
    }
    if (kept.size() != (value.isArray() ? value.size() : 1)) {
      node.set(name, kept);
    }
    return true;
  }

  private static void forEachObject(JsonNode value, java.util.function.Consumer<ObjectNode> action) {
    for (JsonNode item : value.isArray() ? value : java.util.List.of(value)) {
      if (item instanceof ObjectNode object) {
        action.accept(object);
      }
    }
  }

  /** A value that cannot be read as a FHIR resource: the client's error (4xx), never ours. */
  public static final class InvalidResourceException extends RuntimeException {
    public InvalidResourceException(String message) {
      super(message);
    }
  }
}
