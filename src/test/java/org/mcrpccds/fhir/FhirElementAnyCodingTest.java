package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrpccds.support.TestContent;

/**
 * anyCoding reads codings in the JSON directly; it must answer what reading them element by
 * element (get, then each Coding's system and code) answers, for well-formed and odd JSON alike.
 */
class FhirElementAnyCodingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PROPERTIES = List.of("code", "category", "medication", "class", "subject", "status", "absent");

  @ParameterizedTest
  @ValueSource(strings = {
      "{'resourceType':'Observation','code':{'coding':[{'system':'http://loinc.org','code':'718-7'}]}}",
      "{'resourceType':'Observation','code':{'coding':{'system':'http://loinc.org','code':'718-7'}}}",
      "{'resourceType':'Observation','code':{'coding':[{'code':'718-7'},{'system':'s','code':'x'}]}}",
      "{'resourceType':'Observation','code':{'coding':[{'system':'http://loinc.org','code':718}]}}",
      "{'resourceType':'Observation','code':{'coding':[{'system':['a'],'code':'718-7'},{'system':'s','code':{'v':1}}]}}",
      "{'resourceType':'Observation','code':{'coding':[{'system':'s','_code':{'extension':[]}}, 'text', null]}}",
      "{'resourceType':'Observation','code':[{'coding':[{'system':'s','code':'c'}]}]}",
      "{'resourceType':'Observation','code':'718-7','status':'final','subject':{'reference':'Patient/1'}}",
      "{'resourceType':'Observation','category':[{'coding':[{'system':'s','code':'laboratory'}]},{'text':'x'}]}",
      "{'resourceType':'Observation','category':{'coding':[{'system':'s','code':'vital-signs'}]}}",
      "{'resourceType':'MedicationRequest','medicationCodeableConcept':{'coding':[{'system':'r','code':'1'}]}}",
      "{'resourceType':'MedicationRequest','medicationReference':{'reference':'Medication/m'}}",
      "{'resourceType':'MedicationRequest','_medicationCodeableConcept':{},'medicationReference':{'reference':'x'}}",
      "{'resourceType':'Encounter','class':{'system':'http://terminology.hl7.org/CodeSystem/v3-ActCode','code':'AMB'}}",
      "{'resourceType':'Encounter','class':[{'system':'s','code':'AMB'}]}",
      "{'resourceType':'Encounter','class':{'code':true}}"})
  void answersAsReadingElementByElement(String json) throws Exception {
    FhirElement resource = resource(json);
    for (String property : PROPERTIES) {
      for (String wanted : List.of("718-7", "x", "c", "laboratory", "vital-signs", "1", "AMB", "true", "718")) {
        FhirElement.CodingTest test = (system, code) -> code.equals(wanted) && (system == null || !system.isEmpty());
        boolean expected = byElements(resource.get(property), test);
        assertThat(resource.anyCoding(property, test)).as(property + " " + wanted).isEqualTo(expected);
      }
    }
  }

  @Test
  void findsCodingsWhereverFhirPutsThem() throws Exception {
    FhirElement.CodingTest loinc = (system, code) -> "http://loinc.org".equals(system) && code.equals("718-7");
    assertThat(resource("{'resourceType':'Observation','code':{'coding':[{'system':'x','code':'1'},"
        + "{'system':'http://loinc.org','code':'718-7'}]}}").anyCoding("code", loinc)).isTrue();
    assertThat(resource("{'resourceType':'Observation','code':{'coding':{'system':'http://loinc.org','code':'718-7'}}}")
        .anyCoding("code", loinc)).as("a single coding object counts as a list of one").isTrue();
    assertThat(resource("{'resourceType':'Observation','code':{'coding':[{'system':'http://loinc.org','code':'777-3'}]}}")
        .anyCoding("code", loinc)).isFalse();
    assertThat(resource("{'resourceType':'Encounter','class':{'system':'s','code':'AMB'}}")
        .anyCoding("class", (system, code) -> code.equals("AMB"))).as("a Coding property").isTrue();
    assertThat(resource("{'resourceType':'Observation','code':{'coding':[{'system':'s','code':718}]}}")
        .anyCoding("code", (system, code) -> code.equals("718"))).as("a number where a code belongs reads as its text").isTrue();
  }

  private static FhirElement resource(String json) throws Exception {
    return TestContent.TYPES.resource(JSON.readTree(json.replace('\'', '"')));
  }

  /** The element-by-element reading: what the compiled evaluator's retrieve did before anyCoding. */
  private static boolean byElements(Object value, FhirElement.CodingTest test) {
    if (value instanceof Iterable<?> values) {
      for (Object item : values) {
        if (byElements(item, test)) {
          return true;
        }
      }
      return false;
    }
    if (!(value instanceof FhirElement element)) {
      return false;
    }
    return switch (element.type().name()) {
      case "CodeableConcept" -> byElements(element.get("coding"), test);
      case "Coding" -> element.get("code") instanceof FhirElement code && code.primitiveValue() instanceof String text
          && test.matches(element.get("system") instanceof FhirElement system ? (String) system.primitiveValue() : null, text);
      default -> false;
    };
  }
}
