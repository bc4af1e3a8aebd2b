package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.TestContent;

class DateShifterTest {
  private final DateShifter tenDaysLater =
      new DateShifter(TestContent.FHIR, LocalDate.of(2026, 11, 29), LocalDate.of(2026, 12, 9));

  @Test
  void everyDateMovesByTheSameDaysAndKeepsItsPrecision() {
    Patient patient = new Patient();
    patient.getBirthDateElement().setValueAsString("1950-03-01");
    Observation observation = new Observation();
    observation.setEffective(new DateTimeType("2026-11-20T08:30:00+01:00"));
    observation.getIssuedElement().setValueAsString("2026-11-21T10:00:00Z");

    tenDaysLater.shift(patient);
    tenDaysLater.shift(observation);

    assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1950-03-11");
    assertThat(observation.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-30T08:30:00+01:00");
    assertThat(observation.getIssuedElement().getValueAsString()).startsWith("2026-12-01T10:00:00");
    assertThat(tenDaysLater.shift("2026-06-02")).isEqualTo("2026-06-12");
  }

  @Test
  void theEntriesOfABundleMoveToo() {
    Observation observation = new Observation();
    observation.setEffective(new DateTimeType("2026-11-20"));
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.addEntry().setResource(observation);

    tenDaysLater.shift(bundle);

    assertThat(observation.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-30");
  }
}
