package org.mcrpccds.cql;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Windows and thresholds of the rules ("windows and thresholds are configuration"), and the rules
 * a site switches off. Units: haemoglobin g/dL; platelets, leukocytes and neutrophils 10^9/L; eGFR
 * mL/min/1.73 m²; testosterone ng/dL; PSA ng/mL. Each window or threshold is passed to the CQL
 * parameter of the same meaning; the CQL declares the same defaults so that a library evaluated
 * on its own (in tests, in an IDE) behaves like the service.
 */
@ConfigurationProperties("mcrpc.rules")
public record RuleProperties(
    @DefaultValue("180") int psmaWindowDays,
    @DefaultValue("30") int labWindowDays,
    @DefaultValue("9.0") BigDecimal hemoglobinThreshold,
    @DefaultValue("100") BigDecimal plateletThreshold,
    @DefaultValue("2.5") BigDecimal leukocyteThreshold,
    @DefaultValue("30") BigDecimal egfrThreshold,
    @DefaultValue("1.5") BigDecimal cabazitaxelNeutrophilThreshold,
    @DefaultValue("90") int testosteroneWindowDays,
    @DefaultValue("50") BigDecimal castrateTestosteroneThreshold,
    @DefaultValue("210") int boneAgentWindowDays,
    @DefaultValue("84") int luPsmaCourseDays,
    @DefaultValue("6") int luPsmaMaximumDoses,
    @DefaultValue("28") int radium223WindowDays,
    @DefaultValue("1.25") BigDecimal psaRiseRatio,
    @DefaultValue("2.0") BigDecimal psaRiseMinimum,
    @DefaultValue("84") int psaIgnoreDays,
    @DefaultValue("21") int psaConfirmDays,
    @DefaultValue List<String> disabled) {

  public RuleProperties {
    disabled = disabled == null ? List.of() : disabled.stream().map(String::trim).filter(id -> !id.isEmpty()).toList();
  }

  /** The defaults above, bound as the service binds them when no {@code mcrpc.rules} property is set. */
  public static RuleProperties defaults() {
    return new Binder().bindOrCreate("mcrpc.rules", RuleProperties.class);
  }

  /** The rules switched off ({@code mcrpc.rules.disabled}): no card, nothing evaluated for them. */
  public Set<String> disabledRules() {
    return Set.copyOf(disabled);
  }

  /** The CQL parameters, by the names the libraries declare. */
  public Map<String, Object> cqlParameters() {
    return Map.ofEntries(
        Map.entry("PSMA Window Days", psmaWindowDays),
        Map.entry("Lab Window Days", labWindowDays),
        Map.entry("Hemoglobin Threshold", hemoglobinThreshold),
        Map.entry("Platelet Threshold", plateletThreshold),
        Map.entry("Leukocyte Threshold", leukocyteThreshold),
        Map.entry("eGFR Threshold", egfrThreshold),
        Map.entry("Cabazitaxel Neutrophil Threshold", cabazitaxelNeutrophilThreshold),
        Map.entry("Testosterone Window Days", testosteroneWindowDays),
        Map.entry("Castrate Testosterone Threshold", castrateTestosteroneThreshold),
        Map.entry("Bone Agent Window Days", boneAgentWindowDays),
        Map.entry("Lu-PSMA Course Days", luPsmaCourseDays),
        Map.entry("Lu-PSMA Maximum Doses", luPsmaMaximumDoses),
        Map.entry("Radium-223 Window Days", radium223WindowDays),
        Map.entry("PSA Rise Ratio", psaRiseRatio),
        Map.entry("PSA Rise Minimum", psaRiseMinimum),
        Map.entry("PSA Ignore Days", psaIgnoreDays),
        Map.entry("PSA Confirm Days", psaConfirmDays));
  }
}
