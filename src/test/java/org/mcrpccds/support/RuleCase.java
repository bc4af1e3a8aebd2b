package org.mcrpccds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.mcrpccds.fhir.DateShifter;

/**
 * One file of src/test/resources/rule-cases (format: its README), loaded with every date shifted
 * from the anchor to today, so that windows are tested against the real clock and never go stale.
 */
public record RuleCase(
    String name,
    String description,
    String hook,
    String patientId,
    List<Resource> record,
    List<Resource> draftOrders,
    List<String> selections,
    Set<String> expectedRules,
    Map<String, String> expectedIndicators,
    Map<String, List<String>> expectedText,
    Map<String, List<String>> unexpectedText) {

  public static final Path CASES = Path.of("src/test/resources/rule-cases");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  public static List<RuleCase> all(String folder) {
    return all(folder, TestContent.shifter());
  }

  /** The cases of {@code folder} with their dates moved by {@code shifter} (to a fixed day, for a test that must repeat exactly). */
  public static List<RuleCase> all(String folder, DateShifter shifter) {
    try (Stream<Path> files = Files.walk(CASES.resolve(folder))) {
      return files.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("/bases/"))
          .sorted()
          .map(file -> load(file, shifter))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One case file, its dates shifted to today. */
  public static RuleCase load(Path file) {
    return load(file, TestContent.shifter());
  }

  static RuleCase load(Path file, DateShifter shifter) {
    try {
      JsonNode json = JSON.readTree(file.toFile());
      Map<String, Resource> record = new LinkedHashMap<>();
      if (json.hasNonNull("base")) {
        Bundle base = TestContent.parse(Bundle.class, Files.readString(Path.of("fhir-resources").resolve(json.get("base").asText())));
        base.getEntry().forEach(e -> record.put(key(e.getResource()), e.getResource()));
      }
      for (Resource resource : resources(json.path("resources"))) {
        record.put(key(resource), resource);
      }
      json.path("remove").forEach(r -> record.remove(r.asText()));
      record.values().forEach(shifter::shift);
      List<Resource> drafts = resources(json.path("draftOrders"));
      drafts.forEach(shifter::shift);

      String patientId = record.values().stream().filter(r -> r.fhirType().equals("Patient"))
          .map(r -> r.getIdElement().getIdPart()).findFirst()
          .orElseThrow(() -> new IllegalStateException(file + ": no Patient in the record"));
      List<String> selections = json.has("selections") ? new ArrayList<>() : null;
      json.path("selections").forEach(s -> selections.add(s.asText()));
      Set<String> expected = new TreeSet<>();
      json.path("expectedRules").forEach(r -> expected.add(r.asText()));
      Map<String, String> indicators = new LinkedHashMap<>();
      json.path("expectedIndicators").fields().forEachRemaining(e -> indicators.put(e.getKey(), e.getValue().asText()));
      return new RuleCase(CASES.relativize(file).toString(), json.path("description").asText(), json.path("hook").asText(),
          patientId, new ArrayList<>(record.values()), drafts, selections, expected, indicators,
          texts(json.path("expectedText"), shifter), texts(json.path("unexpectedText"), shifter));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, List<String>> texts(JsonNode byRule, DateShifter shifter) {
    Map<String, List<String>> texts = new LinkedHashMap<>();
    byRule.fields().forEachRemaining(e -> {
      List<String> snippets = new ArrayList<>();
      e.getValue().forEach(t -> snippets.add(shiftDates(t.asText(), shifter)));
      texts.put(e.getKey(), snippets);
    });
    return texts;
  }

  private static List<Resource> resources(JsonNode array) {
    List<Resource> resources = new ArrayList<>();
    array.forEach(node -> resources.add((Resource) TestContent.FHIR.newJsonParser().parseResource(node.toString())));
    return resources;
  }

  private static String key(Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }

  private static String shiftDates(String text, DateShifter shifter) {
    Matcher m = ISO_DATE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, shifter.shift(m.group()));
    }
    return m.appendTail(out).toString();
  }

  /** The drafts this hook checks, as {@code Type/id}: on order-select the selected ones; null: every draft. */
  public Set<String> checkedDrafts() {
    return "order-select".equals(hook) && selections != null ? Set.copyOf(selections) : null;
  }

  /** The CDS Hooks request a client would send for this case, with full prefetch. */
  public ObjectNode hookRequest(Map<String, String> prefetchTemplates) {
    ObjectNode request = JSON.createObjectNode()
        .put("hookInstance", java.util.UUID.randomUUID().toString())
        .put("hook", hook);
    ObjectNode context = request.putObject("context").put("userId", "Practitioner/example").put("patientId", patientId);
    if (!hook.equals("patient-view")) {
      Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
      draftOrders.forEach(d -> drafts.addEntry().setResource(d));
      context.set("draftOrders", TestContent.toJson(drafts));
      if (selections != null) {
        ArrayNode array = context.putArray("selections");
        selections.forEach(array::add);
      }
    }
    ObjectNode prefetch = request.putObject("prefetch");
    prefetchTemplates.forEach((key, template) -> {
      String type = template.substring(0, template.indexOf(template.contains("?") ? '?' : '/'));
      if (!template.contains("?")) {
        record.stream().filter(r -> r.fhirType().equals(type)).findFirst()
            .ifPresentOrElse(r -> prefetch.set(key, TestContent.toJson(r)), () -> prefetch.putNull(key));
      } else {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        record.stream().filter(r -> r.fhirType().equals(type)
                || (type.equals("MedicationRequest") && r.fhirType().equals("Medication")))
            // absolute fullUrls, as EHRs send them: HAPI then hands ids over as URLs
            .forEach(r -> bundle.addEntry().setFullUrl("http://ehr.example.org/fhir/" + key(r)).setResource(r));
        prefetch.set(key, TestContent.toJson(bundle));
      }
    });
    return request;
  }

  @Override
  public String toString() {
    return name;
  }
}
