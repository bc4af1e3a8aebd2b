package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.TestContent;

class LenientResourceParserTest {
  private final LenientResourceParser parser = new LenientResourceParser(TestContent.FHIR);
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void singleObjectsWhereFhirWantsArraysAreWrapped() throws Exception {
    String sandboxDraft = """
        {"resourceType":"Bundle","entry":[{"resource":{"resourceType":"MedicationRequest","id":"request-123",
         "status":"draft","intent":"order","subject":{"reference":"Patient/p1"},
         "category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category","code":"community"}]},
         "reasonCode":{"text":"prostate cancer"},
         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"2597057"}]}}}]}
        """;
    Bundle bundle = (Bundle) parser.parse(json.readTree(sandboxDraft));
    MedicationRequest draft = (MedicationRequest) bundle.getEntryFirstRep().getResource();
    assertThat(draft.getCategory()).hasSize(1);
    assertThat(draft.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("community");
    assertThat(draft.getReasonCodeFirstRep().getText()).isEqualTo("prostate cancer");
    assertThat(draft.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("2597057");
  }

  @Test
  void unknownElementsAndInvalidValuesAreDroppedNotFatal() throws Exception {
    var resource = parser.parse(json.readTree("""
        {"resourceType":"Observation","status":"final","code":{"text":"x"},"effectiveDateTime":"not-a-date","madeUp":true}
        """));
    assertThat(resource.fhirType()).isEqualTo("Observation");
  }

  /**
   * HAPI's parser fails a whole resource on these, while the service's reading of the JSON passes
   * over them: dropped, the rest of the resource is read as FhirElement reads it.
   */
  @Test
  void extensionsThatAreNoObjectsAndContainedResourcesWithoutTypeAreDropped() throws Exception {
    var observation = (org.hl7.fhir.r4.model.Observation) parser.parse(json.readTree("""
        {"resourceType":"Observation","status":"final","extension":[true, {"url":"http://x","valueString":"kept"}],
         "modifierExtension":"no","_status":{"extension":[7, {"url":"http://y","extension":[null]}]},
         "valueQuantity":{"value":3,"extension":["x"]},"contained":[{"id":"no-type"},{"resourceType":"Medication","id":"m"}]}
        """));
    assertThat(observation.getStatusElement().getValueAsString()).isEqualTo("final");
    assertThat(observation.getExtension()).singleElement().satisfies(e -> assertThat(e.getUrl()).isEqualTo("http://x"));
    assertThat(observation.getStatusElement().getExtension()).singleElement()
        .satisfies(e -> assertThat(e.getUrl()).isEqualTo("http://y"));
    assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("3");
    assertThat(observation.getContained()).singleElement().satisfies(r -> assertThat(r.fhirType()).isEqualTo("Medication"));
  }

  @Test
  void somethingThatIsNoResourceIsRefused() throws Exception {
    assertThatThrownBy(() -> parser.parse(json.readTree("{\"hello\":1}")))
        .isInstanceOf(LenientResourceParser.InvalidResourceException.class);
    assertThatThrownBy(() -> parser.parse(json.readTree("{\"resourceType\":\"NoSuchType\"}")))
        .isInstanceOf(LenientResourceParser.InvalidResourceException.class);
  }
}
