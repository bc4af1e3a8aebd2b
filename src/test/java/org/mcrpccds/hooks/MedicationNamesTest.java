package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.opencds.cqf.cql.engine.runtime.Code;

/**
 * Identifying a medication by a reference's display text, with the names of the project's value
 * sets (and of any value set: the names are read, not listed).
 */
class MedicationNamesTest {
  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  private static final MedicationNames NAMES = new MedicationNames(TestEvaluator.terminology(), TestContent.TYPES);

  private static List<String> codes(MedicationNames names, String display) {
    return names.identify(display).stream().map(Code::getCode).toList();
  }

  @Test
  void aBrandInBracketsOrAnIngredientNamesTheDrugAsWholeWordsWhateverTheCase() {
    assertThat(codes(NAMES, "Jevtana 60 mg/1.5 mL injection")).containsExactly("1376084");
    assertThat(codes(NAMES, "CABAZITAXEL 20 mg/m2 IV")).containsExactly("996051");
    assertThat(codes(NAMES, "Xtandi (enzalutamide) 40 mg capsule")).contains("1307298", "1307309");
    assertThat(codes(NAMES, "abiraterone acetate 250mg tablet")).containsExactly("1100072");
    assertThat(codes(NAMES, "cabazitaxels")).as("whole words only").isEmpty();
    assertThat(codes(NAMES, "docetaxel-cabazitaxel trial drug")).contains("996051");
  }

  @Test
  void clinicalDrugAndHcpcsDisplaysAreNoNames() {
    ValueSet valueSet = valueSet("foo",
        new String[] {RXNORM, "1", "10 ML foomab 5 MG/ML Injection"},
        new String[] {"http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "J0000", "Injection, barmab, 1 mg"});
    MedicationNames names = new MedicationNames(new ValueSetTerminology(List.of(valueSet)), TestContent.TYPES);

    assertThat(codes(names, "foomab")).isEmpty();
    assertThat(codes(names, "10 ML foomab 5 MG/ML Injection")).isEmpty();
    assertThat(codes(names, "barmab")).isEmpty();
  }

  @Test
  void everyValueSetWithRxNormConceptsGivesItsNames() {
    ValueSet valueSet = valueSet("parp-inhibitor",
        new String[] {RXNORM, "1597582", "olaparib"},
        new String[] {RXNORM, "1597587", "olaparib 150 MG Oral Tablet [Lynparza]"});
    MedicationNames names = new MedicationNames(new ValueSetTerminology(List.of(valueSet)), TestContent.TYPES);

    assertThat(codes(names, "Lynparza 150 mg tablets")).containsExactly("1597587");
    assertThat(codes(names, "olaparib")).containsExactly("1597582");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Lutetium Lu-177 (therapy dose)", "Lu-177", "LU 177 PSMA", "lutetium", "Lu177 radioligand"})
  void radionuclideWordsAloneIdentifyNothingAsPluvictoAndLutatheraShareThem(String display) {
    assertThat(NAMES.identify(display)).isEmpty();
  }

  @Test
  void pluvictoAndLutatheraAreToldApartByTheirOwnNames() {
    assertThat(codes(NAMES, "Lutetium Lu 177 vipivotide tetraxetan 7.4 GBq")).containsExactlyInAnyOrder("2597053", "2597054");
    assertThat(codes(NAMES, "PLUVICTO 1,000 MBq/mL")).containsExactlyInAnyOrder("2597060", "2597052");
    assertThat(codes(NAMES, "Lutathera 7.4 GBq")).containsExactly("1999687");
    assertThat(codes(NAMES, "lutetium Lu 177 dotatate")).containsExactly("1999335");
  }

  @Test
  void theMedicationMadeCarriesTheReferencesIdTheCodingsTheTextAndTheTag() {
    FhirElement medication = NAMES.medication("abc", "Jevtana 60 mg", NAMES.identify("Jevtana 60 mg"));

    assertThat(medication.type().name()).isEqualTo("Medication");
    assertThat(medication.resourceId()).isEqualTo("abc");
    assertThat(medication.json().at("/code/coding/0/system").asText()).isEqualTo(RXNORM);
    assertThat(medication.json().at("/code/coding/0/code").asText()).isEqualTo("1376084");
    assertThat(medication.json().at("/code/text").asText()).isEqualTo("Jevtana 60 mg");
    assertThat(medication.json().at("/meta/tag/0/system").asText()).isEqualTo(MedicationNames.TAG_SYSTEM);
    assertThat(medication.json().at("/meta/tag/0/code").asText()).isEqualTo(MedicationNames.IDENTIFIED_BY_DISPLAY);
  }

  private static ValueSet valueSet(String id, String[]... concepts) {
    ValueSet valueSet = new ValueSet().setUrl("http://example.org/fhir/ValueSet/" + id);
    for (String[] concept : concepts) {
      valueSet.getCompose().addInclude().setSystem(concept[0]).addConcept().setCode(concept[1]).setDisplay(concept[2]);
    }
    return valueSet;
  }
}
