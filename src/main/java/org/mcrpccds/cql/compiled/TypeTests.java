package org.mcrpccds.cql.compiled;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Predicate;
import javax.xml.namespace.QName;
import org.hl7.elm.r1.ChoiceTypeSpecifier;
import org.hl7.elm.r1.IntervalTypeSpecifier;
import org.hl7.elm.r1.ListTypeSpecifier;
import org.hl7.elm.r1.NamedTypeSpecifier;
import org.hl7.elm.r1.TypeSpecifier;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.CodeSystem;
import org.opencds.cqf.cql.engine.runtime.Concept;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.opencds.cqf.cql.engine.runtime.Ratio;
import org.opencds.cqf.cql.engine.runtime.Time;
import org.opencds.cqf.cql.engine.runtime.Tuple;
import org.opencds.cqf.cql.engine.runtime.ValueSet;

/**
 * The runtime test behind {@code is} and {@code as}, resolved once per ELM node with the CQL
 * engine's rules: System types are Java classes, FHIR types are tested on the element's FHIR type
 * (a specialization counts, as {@code code} for {@code string}), a list type accepts any list, an
 * interval type any interval, a choice anything, a tuple type any tuple.
 */
final class TypeTests {
  static final String SYSTEM = "urn:hl7-org:elm-types:r1";
  static final String FHIR = "http://hl7.org/fhir";

  private static final Map<String, Class<?>> SYSTEM_TYPES = Map.ofEntries(
      Map.entry("Any", Object.class),
      Map.entry("Boolean", Boolean.class),
      Map.entry("Integer", Integer.class),
      Map.entry("Long", Long.class),
      Map.entry("Decimal", BigDecimal.class),
      Map.entry("String", String.class),
      Map.entry("DateTime", DateTime.class),
      Map.entry("Date", Date.class),
      Map.entry("Time", Time.class),
      Map.entry("Quantity", Quantity.class),
      Map.entry("Ratio", Ratio.class),
      Map.entry("Code", Code.class),
      Map.entry("Concept", Concept.class),
      Map.entry("ValueSet", ValueSet.class),
      Map.entry("CodeSystem", CodeSystem.class));

  private final FhirTypes fhirTypes;

  TypeTests(FhirTypes fhirTypes) {
    this.fhirTypes = fhirTypes;
  }

  /** The test for {@code type}, or null when the compiled evaluator cannot test it. */
  Predicate<Object> of(QName name, TypeSpecifier specifier) {
    if (specifier != null) {
      return of(specifier);
    }
    return name == null ? null : named(name);
  }

  private Predicate<Object> of(TypeSpecifier specifier) {
    if (specifier instanceof NamedTypeSpecifier named) {
      return named(named.getName());
    }
    if (specifier instanceof ListTypeSpecifier) {
      return value -> value instanceof Iterable<?>;
    }
    if (specifier instanceof IntervalTypeSpecifier) {
      return value -> value instanceof Interval;
    }
    if (specifier instanceof ChoiceTypeSpecifier) {
      return value -> true;
    }
    return value -> value instanceof Tuple;
  }

  private Predicate<Object> named(QName name) {
    if (SYSTEM.equals(name.getNamespaceURI())) {
      Class<?> type = SYSTEM_TYPES.get(name.getLocalPart());
      return type == null ? null : type::isInstance;
    }
    if (FHIR.equals(name.getNamespaceURI())) {
      Class<?> modelClass = fhirTypes.modelClass(name.getLocalPart());
      return modelClass == null ? null : value -> value instanceof FhirElement element && element.type().isA(modelClass);
    }
    return null;
  }
}
