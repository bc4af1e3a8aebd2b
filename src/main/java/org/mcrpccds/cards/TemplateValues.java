package org.mcrpccds.cards;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.mcrpccds.fhir.FhirElement;
import org.opencds.cqf.cql.engine.runtime.BaseTemporal;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/** Turns CQL results into plain values a Mustache template can print and iterate. */
public final class TemplateValues {
  private TemplateValues() {}

  /**
   * What card templates see: the hook's own facts, then the CQL results, each converted when a
   * template first reads it (so the facts of a card that does not fire are never computed).
   */
  static Map<String, Object> forTemplates(Map<String, Object> cqlResults, Map<String, Object> hookFacts) {
    return new AbstractMap<>() {
      private final Map<String, Object> converted = new HashMap<>(hookFacts);

      @Override
      public boolean containsKey(Object name) {
        return converted.containsKey(name) || cqlResults.containsKey(name);
      }

      @Override
      public Object get(Object name) {
        if (converted.containsKey(name) || !(name instanceof String define)) {
          return converted.get(name);
        }
        Object value = convert(cqlResults.get(define));
        converted.put(define, value);
        return value;
      }

      @Override
      public Set<Entry<String, Object>> entrySet() {
        throw new UnsupportedOperationException("templates read values by name");
      }
    };
  }

  public static Map<String, Object> of(Map<String, Object> cqlResults) {
    Map<String, Object> values = new LinkedHashMap<>();
    cqlResults.forEach((name, value) -> {
      Object converted = convert(value);
      if (converted != null) {
        values.put(name, converted);
      }
    });
    return values;
  }

  static Object convert(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
      return value;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof BaseTemporal temporal) {
      return temporal.toString();
    }
    if (value instanceof Tuple tuple) {
      return of(tuple.getElements());
    }
    if (value instanceof Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      items.forEach(item -> {
        Object converted = convert(item);
        if (converted != null) {
          list.add(converted);
        }
      });
      // An empty list is "absent" so that {{#list}}…{{/list}} and {{^list}}…{{/list}} both work.
      return list.isEmpty() ? null : list;
    }
    if (value instanceof IPrimitiveType<?> primitive) {
      return primitive.getValueAsString();
    }
    if (value instanceof FhirElement element) {
      // a FHIR primitive prints as written; whole resources and datatypes are not printable facts
      return element.type().isPrimitive() && element.json() != null ? element.json().asText() : null;
    }
    if (value instanceof IBase) {
      return null; // whole FHIR resources and datatypes are not printable facts
    }
    return value.toString();
  }
}
