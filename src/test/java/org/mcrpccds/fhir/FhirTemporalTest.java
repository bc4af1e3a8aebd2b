package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.support.TestContent;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/**
 * Dates read from JSON are the values the reference engine gets from HAPI for the same text: the
 * same precision, fields and offset, or no value where HAPI's lenient parse keeps none.
 */
class FhirTemporalTest {
  private static final R4FhirModelResolver ENGINE = new R4FhirModelResolver(TestContent.FHIR);

  static List<String> texts() {
    return List.of("2026", "2026-11", "2026-11-29", "2026-02-28", "2024-02-29", "1950-03-01",
        "2026-11-29T10:15:30Z", "2026-11-29T10:15:30+02:00",
        "2026-11-29T10:15:30-05:00", "2026-11-29T10:15:30.1Z", "2026-11-29T10:15:30.12+01:00",
        "2026-11-29T10:15:30.123Z", "2026-11-29T10:15:30.123456-03:30", "2026-11-29T23:59:59.999+14:00",
        "2026-11-29T10:15:30", "2026-07-01T00:00:00");
  }

  static List<String> invalid() {
    return List.of("", "26", "2026-13", "2026-00-01", "2026-02-30", "2026-11-32", "2026-11-29T24:00:00Z",
        "2026-11-29T10:60Z", "not-a-date", "2026/11/29", "2026-11-29T10",
        "2026-11-29T10:15", "2026-11-29T10:15Z");
  }

  @ParameterizedTest
  @MethodSource("texts")
  void dateTimesAreWhatTheEngineMakesOfHapisParse(String text) {
    DateTimeType hapi = new DateTimeType(text);
    assertThat(String.valueOf(FhirTemporal.dateTime(text))).isEqualTo(String.valueOf(engine(hapi)));
  }

  @ParameterizedTest
  @MethodSource("texts")
  void instantsToo(String text) {
    if (text.length() < 20 || !(text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d"))) {
      return; // an instant has seconds and a zone
    }
    assertThat(String.valueOf(FhirTemporal.dateTime(text))).isEqualTo(String.valueOf(engine(new InstantType(text))));
  }

  @ParameterizedTest
  @MethodSource("texts")
  void datesToo(String text) {
    if (text.length() > 10) {
      assertThat(FhirTemporal.date(text)).isNull();
      return;
    }
    assertThat(String.valueOf(FhirTemporal.date(text))).isEqualTo(String.valueOf(ENGINE.toJavaPrimitive(null, new DateType(text))));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void textFhirRefusesHasNoValue(String text) {
    assertThatThrownBy(() -> engine(new DateTimeType(text)).toString())
        .as("HAPI or the engine refuses %s (or HAPI keeps no value)", text).isInstanceOf(RuntimeException.class);
    assertThat(FhirTemporal.dateTime(text)).isNull();
    assertThat(FhirTemporal.date(text)).isNull();
  }

  private static Object engine(BaseDateTimeType value) {
    return ENGINE.toJavaPrimitive(null, value);
  }
}
