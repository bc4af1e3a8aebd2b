package org.mcrpccds.cql;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Windows and thresholds of the rules (contract: "Windows and thresholds are configuration").
 * Units: haemoglobin g/dL; platelets, leukocytes and neutrophils 10^9/L; eGFR mL/min/1.73 m².
 * Each one is passed to the CQL parameter of the same meaning; the CQL declares the same defaults
 * so that a library evaluated on its own (in tests, in an IDE) behaves like the service.
 */
@ConfigurationProperties("mcrpc.rules")
public record RuleProperties(
    @DefaultValue("180") int psmaWindowDays,
    @DefaultValue("30") int labWindowDays,
    @DefaultValue("9.0") BigDecimal hemoglobinThreshold,
    @DefaultValue("100") BigDecimal plateletThreshold,
    @DefaultValue("2.5") BigDecimal leukocyteThreshold,
    @DefaultValue("30") BigDecimal egfrThreshold,
    @DefaultValue("1.5") BigDecimal cabazitaxelNeutrophilThreshold) {

  public static RuleProperties defaults() {
    return new RuleProperties(180, 30, new BigDecimal("9.0"), new BigDecimal("100"), new BigDecimal("2.5"),
        new BigDecimal("30"), new BigDecimal("1.5"));
  }

  /** The CQL parameters, by the names the libraries declare. */
  public Map<String, Object> cqlParameters() {
    return Map.of(
        "PSMA Window Days", psmaWindowDays,
        "Lab Window Days", labWindowDays,
        "Hemoglobin Threshold", hemoglobinThreshold,
        "Platelet Threshold", plateletThreshold,
        "Leukocyte Threshold", leukocyteThreshold,
        "eGFR Threshold", egfrThreshold,
        "Cabazitaxel Neutrophil Threshold", cabazitaxelNeutrophilThreshold);
  }
}
