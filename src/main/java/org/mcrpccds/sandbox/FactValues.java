package org.mcrpccds.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.cards.TemplateValues;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.fhir.FhirElement;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/**
 * Define results as printable facts, the way card templates print them ({@link TemplateValues}),
 * except that a FHIR resource becomes its {@code Type/id} reference: for "why this card" the
 * draft or Observation a rule picked matters, while a template has no use for whole resources.
 */
final class FactValues {
  private FactValues() {}

  /** Every define, in the library's order; null when it has no value (null, an empty list). */
  static Map<String, Object> printable(DefineResults results) {
    Map<String, Object> referenced = new LinkedHashMap<>();
    results.all().forEach((name, value) -> referenced.put(name, withReferences(value)));
    Map<String, Object> printable = TemplateValues.of(referenced);
    Map<String, Object> all = new LinkedHashMap<>();
    results.names().forEach(name -> all.put(name, printable.get(name)));
    return all;
  }

  private static Object withReferences(Object value) {
    if (value instanceof FhirElement element && element.type().isResource()) {
      String id = element.resourceId();
      return id == null ? element.type().name() + " (no id)" : element.type().name() + "/" + id;
    }
    if (value instanceof Tuple tuple) {
      Map<String, Object> elements = new LinkedHashMap<>();
      tuple.getElements().forEach((name, element) -> elements.put(name, withReferences(element)));
      return new Tuple().withElements(elements);
    }
    if (value instanceof Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      items.forEach(item -> list.add(withReferences(item)));
      return list;
    }
    return value;
  }
}
