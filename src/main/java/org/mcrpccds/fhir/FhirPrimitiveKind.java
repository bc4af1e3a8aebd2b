package org.mcrpccds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.MarkdownType;

/**
 * What the {@code value} of a FHIR primitive is in CQL, read from its JSON value the way the CQL
 * engine's R4 model resolver reads it from a HAPI object: text for the string-like types (trimmed
 * for a code, as HAPI's CodeType has it; empty text is no value), the logical part for {@code id},
 * Boolean, Integer, Decimal, and Date, DateTime or Time with the precision written. A value FHIR
 * would not accept is absent (null), as HAPI's lenient parser drops it.
 */
public enum FhirPrimitiveKind {
  STRING, CODE, ID, BOOLEAN, INTEGER, DECIMAL, DATE, DATE_TIME, TIME;

  /** The kind of the FHIR type {@code fhirType}, which HAPI implements with {@code modelClass}. */
  static FhirPrimitiveKind of(String fhirType, Class<?> modelClass) {
    // HAPI trims a code and markdown when it reads them (a code bound to an enumeration is an Enumeration, kept as sent)
    if (modelClass == CodeType.class || modelClass == MarkdownType.class) {
      return CODE;
    }
    return switch (fhirType) {
      case "boolean" -> BOOLEAN;
      case "integer", "positiveInt", "unsignedInt" -> INTEGER;
      case "decimal" -> DECIMAL;
      case "date" -> DATE;
      case "dateTime", "instant" -> DATE_TIME;
      case "time" -> TIME;
      case "id" -> ID;
      default -> STRING;
    };
  }

  /**
   * Whether HAPI's parser keeps {@code json} as a primitive's value (it may still be no valid
   * value, as a date written wrong): a JSON value other than null, not blank, and for a decimal
   * written as text, a number.
   */
  boolean isHeld(JsonNode json) {
    if (json.isNull() || !json.isValueNode()) {
      return false;
    }
    if (!json.isTextual()) {
      return true;
    }
    return !json.textValue().isBlank() && (this != DECIMAL || parseDecimal(json.textValue()) != null);
  }

  /** The CQL System value of a primitive's JSON value, or null when it has none FHIR accepts. */
  public Object toSystemValue(JsonNode json) {
    if (json == null || !json.isValueNode() || json.isNull()) {
      return null;
    }
    return switch (this) {
      case STRING -> json.asText().isEmpty() ? null : json.asText();
      case CODE -> json.asText().isEmpty() ? null : json.asText().trim();
      case ID -> json.asText().isEmpty() ? null : logicalId(json.asText());
      case BOOLEAN -> json.isBoolean() ? Boolean.valueOf(json.booleanValue()) : parseBoolean(json.asText());
      case INTEGER -> json.canConvertToInt() && json.isIntegralNumber() ? Integer.valueOf(json.intValue()) : parseInteger(json.asText());
      case DECIMAL -> parseDecimal(json.asText());
      case DATE -> FhirTemporal.date(json.asText());
      case DATE_TIME -> FhirTemporal.dateTime(json.asText());
      case TIME -> FhirTemporal.time(json.asText());
    };
  }

  /** As HAPI's IdType: the part after the last slash, without a version. */
  static String logicalId(String id) {
    int history = id.indexOf("/_history/");
    String unversioned = history >= 0 ? id.substring(0, history) : id;
    int slash = unversioned.lastIndexOf('/');
    return slash >= 0 ? unversioned.substring(slash + 1) : unversioned;
  }

  private static Boolean parseBoolean(String text) {
    return switch (text) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static Integer parseInteger(String text) {
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static BigDecimal parseDecimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
