package org.mcrpccds.cql.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cqframework.cql.cql2elm.CqlTranslator;
import org.hl7.elm.r1.Library;
import org.mcrpccds.content.ContentStore;
import org.mcrpccds.cql.CompiledLibraries;

/**
 * What the content's CQL reads, taken from its ELM and value sets rather than listed by hand, so
 * that the generated data follows the libraries as defines are added: the resource types retrieved
 * or passed as parameters, the property names navigated (FHIRHelpers' too), every code of every
 * value set and code declaration, and every string literal (statuses, units, URLs, code prefixes).
 *
 * @param libraries the libraries with defines (not FHIRHelpers, whose statements are all functions)
 * @param typeTests the FHIR types the CQL tests values for or casts them to ({@code is FHIR.Quantity}):
 *     the alternatives of a choice it looks for
 * @param codeGroups the codes by where they come from: each value set, and the CQL's code declarations
 */
record ContentFacts(List<String> libraries, Set<String> resourceTypes, Set<String> parameterTypes, Set<String> properties,
    Set<String> typeTests, List<List<Code>> codeGroups, List<Code> codes, List<String> strings) {

  /** A code the data may carry: from a value set or a code declaration of the CQL. */
  record Code(String system, String code, String display) {}

  private static final String FHIR = "{http://hl7.org/fhir}";
  private static final String SYSTEM_STRING = "{urn:hl7-org:elm-types:r1}String";
  private static final ObjectMapper JSON = new ObjectMapper();

  static ContentFacts of(CompiledLibraries compiled, ContentStore content) {
    List<String> libraries = new ArrayList<>();
    Set<String> resourceTypes = new TreeSet<>();
    Set<String> parameterTypes = new TreeSet<>();
    Set<String> properties = new TreeSet<>();
    Set<String> typeTests = new TreeSet<>();
    List<List<Code>> groups = new ArrayList<>();
    Set<Code> declared = new java.util.LinkedHashSet<>();
    Set<String> strings = new TreeSet<>();
    for (Library library : compiled.all()) {
      JsonNode elm = read(CqlTranslator.convertToJson(library)).path("library");
      boolean ownDefines = hasDefines(elm);
      if (ownDefines) {
        libraries.add(elm.path("identifier").path("id").asText());
      }
      for (JsonNode node : nodes(elm)) {
        switch (node.path("type").asText()) {
          case "Retrieve" -> resourceTypes.add(fhirType(node.path("dataType").asText()));
          case "Property" -> properties.addAll(List.of(node.path("path").asText().split("\\.")));
          // the content's own tests, not FHIRHelpers' (which tests for every type)
          case "As", "Is" -> {
            String kind = node.path("type").asText().equals("As") ? "as" : "is";
            String tested = node.path(kind + "Type").asText(node.path(kind + "TypeSpecifier").path("name").asText());
            if (ownDefines && tested.startsWith(FHIR)) {
              typeTests.add(fhirType(tested));
            }
          }
          case "Literal" -> {
            if (SYSTEM_STRING.equals(node.path("valueType").asText())) {
              strings.add(node.path("value").asText());
            }
          }
          default -> { }
        }
      }
      for (JsonNode parameter : elm.path("parameters").path("def")) {
        JsonNode element = parameter.path("parameterTypeSpecifier").path("elementType");
        if (element.path("name").asText().startsWith(FHIR)) {
          parameterTypes.add(fhirType(element.path("name").asText()));
        }
      }
      for (JsonNode code : elm.path("codes").path("def")) {
        String systemName = code.path("codeSystem").path("name").asText();
        for (JsonNode system : elm.path("codeSystems").path("def")) {
          if (system.path("name").asText().equals(systemName)) {
            declared.add(new Code(system.path("id").asText(), code.path("id").asText(), text(code.path("display"))));
          }
        }
      }
    }
    if (!declared.isEmpty()) {
      groups.add(List.copyOf(declared));
    }
    content.read("fhir-resources/valuesets/*.json").values().forEach(json -> groups.add(valueSetCodes(read(json))));
    resourceTypes.remove("Patient");
    List<Code> codes = groups.stream().flatMap(List::stream).distinct().toList();
    return new ContentFacts(List.copyOf(libraries), resourceTypes, parameterTypes, properties, typeTests, List.copyOf(groups),
        codes, List.copyOf(strings));
  }

  /** The string literals that may be units: a slash in them and no space or colon (10*3/uL, g/dL, /mm3). */
  List<String> unitLike() {
    return strings.stream().filter(s -> s.contains("/") && !s.contains(" ") && !s.contains(":")).toList();
  }

  private static boolean hasDefines(JsonNode elm) {
    for (JsonNode def : elm.path("statements").path("def")) {
      if (!def.path("type").asText().equals("FunctionDef")) {
        return true;
      }
    }
    return false;
  }

  private static List<Code> valueSetCodes(JsonNode valueSet) {
    Set<Code> codes = new java.util.LinkedHashSet<>();
    for (JsonNode contains : valueSet.path("expansion").path("contains")) {
      codes.add(new Code(contains.path("system").asText(), contains.path("code").asText(), text(contains.path("display"))));
    }
    for (JsonNode include : valueSet.path("compose").path("include")) {
      for (JsonNode concept : include.path("concept")) {
        codes.add(new Code(include.path("system").asText(), concept.path("code").asText(), text(concept.path("display"))));
      }
    }
    return List.copyOf(codes);
  }

  /** Every JSON object of an ELM tree that is an expression node (has a type). */
  private static List<JsonNode> nodes(JsonNode root) {
    List<JsonNode> found = new ArrayList<>();
    List<JsonNode> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty()) {
      JsonNode node = pending.remove(pending.size() - 1);
      if (node.isObject() && node.has("type")) {
        found.add(node);
      }
      node.forEach(pending::add);
    }
    return found;
  }

  private static String fhirType(String qualified) {
    return qualified.startsWith(FHIR) ? qualified.substring(FHIR.length()) : qualified;
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
