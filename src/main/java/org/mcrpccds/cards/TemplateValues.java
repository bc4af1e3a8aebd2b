package org.mcrpccds.cards;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.fhir.FhirElement;
import org.opencds.cqf.cql.engine.runtime.BaseTemporal;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/** Turns CQL results ({@link DefineResults}) into plain values a Mustache template can print and iterate. */
public final class TemplateValues {
  private TemplateValues() {}

  /**
   * What card templates see: the hook's own facts, then the CQL results, each converted when a
   * template first reads it (so the facts of a card that does not fire are never computed). Its
   * entries, if anyone iterates them, are every fact and every define, which computes them all.
   */
  static Map<String, Object> forTemplates(DefineResults cqlResults, Map<String, Object> hookFacts) {
    return new AbstractMap<>() {
      private final Map<String, Object> converted = new HashMap<>(hookFacts);

      @Override
      public boolean containsKey(Object name) {
        return converted.containsKey(name) || name instanceof String define && cqlResults.has(define);
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
        Map<String, Object> all = new LinkedHashMap<>(hookFacts);
        cqlResults.names().forEach(define -> all.putIfAbsent(define, get(define)));
        return all.entrySet();
      }
    };
  }

  /** Every value of {@code values} that has a printable form, converted, in their order. */
  public static Map<String, Object> of(Map<String, Object> values) {
    Map<String, Object> printable = new LinkedHashMap<>();
    values.forEach((name, value) -> {
      Object converted = convert(value);
      if (converted != null) {
        printable.put(name, converted);
      }
    });
    return printable;
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
    if (value instanceof FhirElement element) {
      // a FHIR primitive prints as written; whole resources and datatypes are not printable facts
      return element.type().isPrimitive() && element.json() != null ? element.json().asText() : null;
    }
    return value.toString();
  }
}
