package org.mcrpccds.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.HapiElements;
import org.mcrpccds.support.TestContent;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/** The comparison the evaluator tests and the shadow check rely on tells a different value, precision, order or null apart. */
class ResultDifferenceTest {

  @Test
  void systemValuesDifferInPrecisionScaleOrderAndType() {
    var day = new DateTime("2024-06-15", ZoneOffset.UTC);
    var instant = new DateTime("2024-06-15T00:00:00.000", ZoneOffset.UTC);
    assertThat(ResultDifference.between(day, instant)).isNotNull();
    assertThat(ResultDifference.between(new BigDecimal("1.0"), new BigDecimal("1.00"))).isNotNull();
    assertThat(ResultDifference.between(List.of(1, 2), List.of(2, 1))).isNotNull();
    assertThat(ResultDifference.between(List.of(1, 2), List.of(1, 2, 2))).isNotNull();
    assertThat(ResultDifference.between(Boolean.FALSE, null)).isNotNull();
    assertThat(ResultDifference.between(1, 1L)).isNotNull();
    assertThat(ResultDifference.between(quantity("1000", "mg"), quantity("1", "g"))).isNotNull();
    assertThat(ResultDifference.between(quantity("1.0", "mg"), quantity("1.0", "mg"))).isNull();
    assertThat(ResultDifference.between(new Interval(1, true, 5, true), new Interval(1, true, 5, false))).isNotNull();
    assertThat(ResultDifference.between(new Interval(1, true, 5, true), new Interval(1, true, 6, true))).isNotNull();
    assertThat(ResultDifference.between(new Interval(1, true, 5, true), new Interval(1, true, 5, true))).isNull();
    assertThat(ResultDifference.between(List.of(new Interval(1, true, 5, true)), List.of(new Interval(2, true, 5, true)))).isNotNull();
    assertThat(ResultDifference.between(new Tuple().withElements(Map.of("a", 1)), new Tuple().withElements(Map.of("a", 2)))).isNotNull();
  }

  /** FHIR data as CQL reads it: the request's JSON and HAPI's writing of the same data are the same value. */
  @Test
  void fhirDataIsComparedAsCqlReadsItNotAsJson() {
    Observation observation = new Observation();
    observation.setId("o1");
    observation.getCode().addCoding().setSystem("http://loinc.org").setCode("718-7");
    observation.setValue(new Quantity().setValue(new BigDecimal("9.50")).setUnit("g/dL"));
    // as an EHR may send it: coding as a single object, members in another order, an unknown member
    FhirElement raw = TestContent.TYPES.resource(json("""
        {"valueQuantity": {"unit": "g/dL", "value": 9.50}, "resourceType": "Observation", "id": "o1",
         "code": {"coding": {"code": "718-7", "system": "http://loinc.org"}}, "unknownMember": true}"""));
    HapiElements hapi = new HapiElements(TestContent.TYPES);

    assertThat(ResultDifference.between(hapi.of(observation), raw)).isNull();
    assertThat(ResultDifference.between(hapi.of(observation.getValue()), raw.get("value"))).isNull();

    observation.getCode().getCodingFirstRep().setCode("718-8");
    assertThat(ResultDifference.between(hapi.of(observation), raw)).contains(".code.coding[0].code");
    observation.getCode().getCodingFirstRep().setCode("718-7");
    observation.getValueQuantity().setValue(new BigDecimal("9.6"));
    assertThat(ResultDifference.between(hapi.of(observation), raw)).contains(".value.value");
    assertThat(ResultDifference.between(hapi.of(observation), "Observation/o1")).isNotNull();
  }

  private static org.opencds.cqf.cql.engine.runtime.Quantity quantity(String value, String unit) {
    return new org.opencds.cqf.cql.engine.runtime.Quantity().withValue(new BigDecimal(value)).withUnit(unit);
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
