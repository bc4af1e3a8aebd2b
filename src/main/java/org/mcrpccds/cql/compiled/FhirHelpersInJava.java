package org.mcrpccds.cql.compiled;

import java.util.ArrayList;
import java.util.List;
import org.hl7.elm.r1.FunctionDef;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirType;
import org.mcrpccds.fhir.FhirTypes;
import org.opencds.cqf.cql.engine.elm.executing.DistinctEvaluator;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Concept;

/**
 * FHIRHelpers 4.0.1's {@code ToConcept} and {@code ToCode} written in Java. Every medication and
 * condition a rule looks at goes through them, and as CQL each call is a function frame, a query
 * with its de-duplication and four property navigations per coding. These give what the CQL gives
 * (the conformance and rule-case tests compare every define with the CQL engine's):
 * <pre>
 * ToConcept(concept): if concept is null then null else
 *   System.Concept { codes: concept.coding C return ToCode(C), display: concept.text.value }
 * ToCode(coding): if coding is null then null else
 *   System.Code { code: coding.code.value, system: coding.system.value, version: coding.version.value, display: coding.display.value }
 * </pre>
 * A value that is not FHIR data read from JSON is left to the CQL. Another version of FHIRHelpers
 * is refused when the libraries are compiled: these are 4.0.1's functions, not necessarily its.
 */
final class FhirHelpersInJava {
  static final String LIBRARY = "FHIRHelpers";
  static final String VERSION = "4.0.1";

  private final FhirType codeableConcept;
  private final FhirType.Property conceptText;
  private final FhirType.Property conceptCoding;
  private final FhirType coding;
  private final FhirType.Property codingCode;
  private final FhirType.Property codingSystem;
  private final FhirType.Property codingVersion;
  private final FhirType.Property codingDisplay;

  /** The properties these read, resolved once: by name, each read was a map lookup, four per coding. */
  FhirHelpersInJava(FhirTypes types) {
    codeableConcept = types.datatype("CodeableConcept");
    conceptText = codeableConcept.property("text");
    conceptCoding = codeableConcept.property("coding");
    coding = types.datatype("Coding");
    codingCode = coding.property("code");
    codingSystem = coding.property("system");
    codingVersion = coding.property("version");
    codingDisplay = coding.property("display");
  }

  /** Refuses a FHIRHelpers other than the one these functions were written from. */
  static void requireKnownVersion(ExecutableLibrary library) {
    String version = library.elm().getIdentifier().getVersion();
    if (library.name().equals(LIBRARY) && !VERSION.equals(version)) {
      throw new UnsupportedElmException(library.name(), null, "FHIRHelpers version " + version
          + " (the compiled evaluator runs FHIRHelpers " + VERSION + ", part of it written in Java)");
    }
  }

  /** The Java version of {@code function}, given the compiled CQL for anything else; null when there is none. */
  Expr of(ExecutableLibrary library, FunctionDef function, Expr argument, Expr asCql) {
    if (!library.name().equals(LIBRARY) || function.getOperand().size() != 1) {
      return null;
    }
    String operandType = LibraryCompiler.typeKey(function.getOperand().get(0).getOperandTypeSpecifier());
    if (function.getName().equals("ToConcept") && operandType.equals("{" + TypeTests.FHIR + "}CodeableConcept")) {
      return (e, v) -> {
        Object concept = argument.eval(e, v);
        return concept == null || concept instanceof FhirElement ? toConcept((FhirElement) concept, e) : asCql.eval(e, v);
      };
    }
    if (function.getName().equals("ToCode") && operandType.equals("{" + TypeTests.FHIR + "}Coding")) {
      return (e, v) -> {
        Object coding = argument.eval(e, v);
        return coding == null || coding instanceof FhirElement ? toCode((FhirElement) coding) : asCql.eval(e, v);
      };
    }
    return null;
  }

  private Concept toConcept(FhirElement concept, Evaluation e) {
    if (concept == null) {
      return null;
    }
    Concept result = new Concept().withDisplay(text(read(concept, codeableConcept, conceptText, "text")));
    // a repeating element is a list (an ArrayList: testing the class spares Java 17 a contended
    // interface test, see QueryExpr.collect), or null when absent; the query over null gives null,
    // and no codes
    if (read(concept, codeableConcept, conceptCoding, "coding") instanceof ArrayList<?> codings) {
      List<Object> codes = new ArrayList<>(codings.size());
      for (Object coding : codings) {
        codes.add(toCode((FhirElement) coding));
      }
      // a query's return clause de-duplicates; one code is distinct already
      List<?> distinct = codes.size() > 1 ? DistinctEvaluator.INSTANCE.distinct(codes, e.state) : codes;
      @SuppressWarnings("unchecked")
      Iterable<Code> distinctCodes = (Iterable<Code>) distinct;
      result.withCodes(distinctCodes);
    }
    return result;
  }

  private Code toCode(FhirElement element) {
    if (element == null) {
      return null;
    }
    return new Code()
        .withCode(text(read(element, coding, codingCode, "code")))
        .withSystem(text(read(element, coding, codingSystem, "system")))
        .withVersion(text(read(element, coding, codingVersion, "version")))
        .withDisplay(text(read(element, coding, codingDisplay, "display")));
  }

  /** Property {@code name} of {@code element}: through the resolved property when the element is of its type. */
  private static Object read(FhirElement element, FhirType type, FhirType.Property property, String name) {
    return element.type() == type ? element.get(property) : element.get(name);
  }

  /** {@code element.value} of a string-like primitive. */
  private static String text(Object element) {
    return element instanceof FhirElement primitive ? (String) primitive.primitiveValue() : null;
  }
}
