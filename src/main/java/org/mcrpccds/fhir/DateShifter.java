package org.mcrpccds.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Moves every date, dateTime and instant of synthetic data by the same number of days, so that
 * sample patients written "as if today were" an anchor date stay current: a PET scanned 60 days
 * before the anchor is 60 days old whenever the sample is used. Precision and time zone are kept.
 */
public final class DateShifter {
  /** The day the sample patients and rule cases are written against. */
  public static final LocalDate SAMPLE_ANCHOR = LocalDate.of(2026, 11, 29);

  private final FhirContext fhirContext;
  private final int days;

  public DateShifter(FhirContext fhirContext, LocalDate anchor, LocalDate today) {
    this.fhirContext = fhirContext;
    this.days = (int) ChronoUnit.DAYS.between(anchor, today);
  }

  public int days() {
    return days;
  }

  /** Shifts the resource in place; a Bundle's entries too (HAPI's terser does not descend into them). */
  public <T extends IBaseResource> T shift(T resource) {
    if (days != 0) {
      fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, BaseDateTimeType.class)
          .forEach(value -> value.add(Calendar.DATE, days));
      if (resource instanceof Bundle bundle) {
        bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(entry -> shift(entry.getResource()));
      }
    }
    return resource;
  }

  /** The same shift for a plain yyyy-MM-dd date written in text. */
  public String shift(String isoDate) {
    return LocalDate.parse(isoDate).plusDays(days).toString();
  }
}
