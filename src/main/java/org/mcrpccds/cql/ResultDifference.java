package org.mcrpccds.cql;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.mcrpccds.fhir.FhirElement;
import org.opencds.cqf.cql.engine.elm.executing.EqualEvaluator;
import org.opencds.cqf.cql.engine.runtime.BaseTemporal;
import org.opencds.cqf.cql.engine.runtime.Concept;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/**
 * Whether two define values ({@link DefineResults}) are the same value, stricter than CQL equality
 * where a reader could tell them apart: the same precision of a date, the same scale of a decimal
 * (1.0 and 1.00 print differently), the same order of a list, an interval's bounds and closedness
 * (CQL equality of uncertain intervals is null), a concept's codes and display, and FHIR data
 * property by property as CQL reads it (what the CQL engine's {@code equalsDeep} compares), not
 * by its JSON. The description names values: never log it.
 */
public final class ResultDifference {
  private ResultDifference() {}

  /** Why {@code actual} is not {@code expected}, or null when it is the same value. */
  public static String between(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual ? null : "expected " + expected + " but was " + actual;
    }
    if (expected instanceof FhirElement element) {
      return actual instanceof FhirElement other ? fhir(element, other, "") : "expected FHIR " + element + " but was " + actual;
    }
    if (expected instanceof Interval interval) {
      return interval(interval, actual);
    }
    if (expected instanceof Iterable<?> list) {
      return actual instanceof Iterable<?> other ? list(list, other) : "expected a list but was " + actual;
    }
    if (expected instanceof Tuple tuple) {
      return tuple(tuple, actual);
    }
    if (expected.getClass() != actual.getClass()) {
      return "expected a " + expected.getClass().getSimpleName() + " but was a " + actual.getClass().getSimpleName() + ": " + actual;
    }
    if (expected instanceof Concept concept) {
      // by parts: CQL equality of concepts without codes is null, not true
      Concept other = (Concept) actual;
      if (!Objects.equals(concept.getDisplay(), other.getDisplay())) {
        return "expected display " + concept.getDisplay() + " but was " + other.getDisplay();
      }
      String codes = between(concept.getCodes(), other.getCodes());
      return codes == null ? null : ".codes " + codes;
    }
    if (expected instanceof BaseTemporal || expected instanceof BigDecimal) {
      return expected.toString().equals(actual.toString()) ? null : "expected " + expected + " but was " + actual;
    }
    if (expected instanceof Quantity quantity) {
      Quantity other = (Quantity) actual;
      return Objects.equals(quantity.getValue(), other.getValue()) && Objects.equals(quantity.getUnit(), other.getUnit())
          ? null : "expected " + expected + " but was " + actual;
    }
    return Boolean.TRUE.equals(EqualEvaluator.equal(expected, actual)) ? null : "expected " + expected + " but was " + actual;
  }

  private static String interval(Interval interval, Object actual) {
    if (!(actual instanceof Interval other) || interval.getLowClosed() != other.getLowClosed()
        || interval.getHighClosed() != other.getHighClosed()) {
      return "expected " + interval + " but was " + actual;
    }
    String low = between(interval.getLow(), other.getLow());
    String high = between(interval.getHigh(), other.getHigh());
    return low != null ? "low " + low : high != null ? "high " + high : null;
  }

  private static String list(Iterable<?> expected, Iterable<?> actual) {
    Iterator<?> e = expected.iterator();
    Iterator<?> a = actual.iterator();
    int index = 0;
    while (e.hasNext() && a.hasNext()) {
      String difference = between(e.next(), a.next());
      if (difference != null) {
        return "[" + index + "] " + difference;
      }
      index++;
    }
    return e.hasNext() || a.hasNext() ? "lists of different sizes: " + expected + " / " + actual : null;
  }

  private static String tuple(Tuple tuple, Object actual) {
    if (!(actual instanceof Tuple other) || !tuple.getElements().keySet().equals(other.getElements().keySet())) {
      return "expected " + tuple + " but was " + actual;
    }
    for (String name : tuple.getElements().keySet()) {
      String difference = between(tuple.getElements().get(name), other.getElements().get(name));
      if (difference != null) {
        return "." + name + " " + difference;
      }
    }
    return null;
  }

  /** FHIR data compared as CQL reads it: the same type, and every property (a primitive's value, id and extensions) the same. */
  private static String fhir(FhirElement expected, FhirElement actual, String path) {
    if (expected == actual) {
      return null;
    }
    if (!expected.type().name().equals(actual.type().name())) {
      return path + " expected FHIR." + expected.type().name() + " but was FHIR." + actual.type().name();
    }
    if (expected.type().isResource() && !Objects.equals(expected.resourceId(), actual.resourceId())) {
      return path + " expected " + expected + " but was " + actual;
    }
    if (expected.type().isPrimitive()) {
      String value = between(expected.primitiveValue(), actual.primitiveValue());
      if (value != null) {
        return path + ".value " + value;
      }
      for (String name : List.of("id", "extension")) {
        String difference = fhirValue(expected.get(name), actual.get(name), path + "." + name);
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    for (String name : expected.type().propertyNames()) {
      String difference = fhirValue(expected.get(name), actual.get(name), path + "." + name);
      if (difference != null) {
        return difference;
      }
    }
    return null;
  }

  private static String fhirValue(Object expected, Object actual, String path) {
    if (expected == null || actual == null) {
      return expected == actual ? null : path + " expected " + expected + " but was " + actual;
    }
    if (expected instanceof List<?> list) {
      if (!(actual instanceof List<?> other) || list.size() != other.size()) {
        return path + " expected " + expected + " but was " + actual;
      }
      for (int i = 0; i < list.size(); i++) {
        String difference = fhirValue(list.get(i), other.get(i), path + "[" + i + "]");
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    if (expected instanceof FhirElement element && actual instanceof FhirElement other) {
      return fhir(element, other, path);
    }
    return path + " expected " + expected + " but was " + actual;
  }
}
