package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;
import org.springframework.stereotype.Component;

/**
 * Identifies a medication by the display text of a reference that nothing resolves ("Jevtana 60
 * mg/1.5 mL", "cabazitaxel injection"), with the names the value sets already hold: every RxNorm
 * concept of every value set whose display is an ingredient, precise-ingredient or brand name (no
 * strength: "cabazitaxel", "lutetium Lu 177 vipivotide tetraxetan"), and the bracketed brand of a
 * branded drug ("... [Jevtana]"). A name matches as whole words, case aside; the Medication made
 * for it carries the codings of the concepts whose names matched, so the rules read it like any
 * other, and a tag saying it was identified by its display text. Radionuclide words alone
 * ("lutetium", "Lu-177") are never a name: Pluvicto and Lutathera share them.
 */
@Component
public class MedicationNames {
  /** The tag on a Medication made here: identified from a reference's display text, not read. */
  public static final String TAG_SYSTEM = "http://mcrpccds.org/fhir/CodeSystem/medication-identification";
  public static final String IDENTIFIED_BY_DISPLAY = "identified-by-display";

  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  private static final Pattern BRAND = Pattern.compile("\\[([^\\[\\]]+)]\\s*$");
  /** A clinical drug's strength ("40 MG/ML", "27 MCI/ML"): a number, then a unit in capitals. */
  private static final Pattern STRENGTH = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\s+[A-Z]{2,}\\b");
  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> RADIONUCLIDE_WORDS = Set.of("lutetium", "lu", "177", "lu177");

  private final FhirTypes types;
  private final ObjectMapper json = new ObjectMapper();
  /** A name's words → the codings of the concepts it names, by system|code. */
  private final Map<List<String>, Map<String, Code>> names = new LinkedHashMap<>();

  public MedicationNames(ValueSetTerminology terminology, FhirTypes types) {
    this.types = types;
    for (String url : terminology.urls()) {
      for (Code code : terminology.expand(new ValueSetInfo().withId(url))) {
        String name = nameIn(code);
        List<String> words = name == null ? List.of() : words(name);
        if (!words.isEmpty() && !RADIONUCLIDE_WORDS.containsAll(words)) {
          names.computeIfAbsent(words, w -> new LinkedHashMap<>()).putIfAbsent(code.getSystem() + "|" + code.getCode(), code);
        }
      }
    }
  }

  /** The ingredient or brand name an RxNorm concept's display gives, or null (a clinical drug). */
  private static String nameIn(Code code) {
    if (!RXNORM.equals(code.getSystem()) || code.getDisplay() == null) {
      return null;
    }
    Matcher brand = BRAND.matcher(code.getDisplay());
    if (brand.find()) {
      return brand.group(1);
    }
    return STRENGTH.matcher(code.getDisplay()).find() ? null : code.getDisplay();
  }

  private static List<String> words(String text) {
    return Arrays.stream(NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))).filter(word -> !word.isEmpty()).toList();
  }

  /** The codings of every name {@code display} holds as whole words; empty when it holds none. */
  List<Code> identify(String display) {
    if (display == null) {
      return List.of();
    }
    List<String> words = words(display);
    Map<String, Code> found = new LinkedHashMap<>();
    names.forEach((name, codes) -> {
      if (Collections.indexOfSubList(words, name) >= 0) {
        codes.forEach(found::putIfAbsent);
      }
    });
    return new ArrayList<>(found.values());
  }

  /** A Medication with the reference's id, its display as text, the codings and the tag. */
  FhirElement medication(String id, String display, List<Code> codings) {
    ObjectNode medication = json.createObjectNode().put("resourceType", "Medication").put("id", id);
    medication.putObject("meta").putArray("tag").addObject().put("system", TAG_SYSTEM).put("code", IDENTIFIED_BY_DISPLAY)
        .put("display", "Identified by the display text of the reference to it");
    ObjectNode code = medication.putObject("code");
    ArrayNode coding = code.putArray("coding");
    codings.forEach(c -> coding.addObject().put("system", c.getSystem()).put("code", c.getCode()).put("display", c.getDisplay()));
    code.put("text", display);
    return types.resource(medication);
  }
}
