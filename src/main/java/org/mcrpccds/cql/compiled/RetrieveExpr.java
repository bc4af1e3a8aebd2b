package org.mcrpccds.cql.compiled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.elm.r1.Retrieve;
import org.hl7.elm.r1.ValueSetRef;
import org.mcrpccds.cql.ValueSetTerminology;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Concept;
import org.opencds.cqf.cql.engine.runtime.ValueSet;

/**
 * {@code [Type]} and {@code [Type: codes]} over the request's record. The record holds only this
 * patient's data, so the patient context needs no filter. A code filter keeps resources with a
 * coding at the code path that is in the value set (or equals one of the codes, system and code):
 * what the reference engine's retrieve provider does (PatientRecordRetrieveProvider). The codings
 * are read once per call and type ({@link CodeIndex}).
 */
final class RetrieveExpr {
  private RetrieveExpr() {}

  static Expr compile(Retrieve elm, Scope scope, ExpressionCompiler compiler, ValueSetTerminology terminology) {
    if (elm.getContext() != null || elm.getDateRange() != null || elm.getDateProperty() != null
        || !elm.getInclude().isEmpty() || !elm.getCodeFilter().isEmpty() || !elm.getDateFilter().isEmpty()
        || !elm.getOtherFilter().isEmpty() || elm.getIdProperty() != null) {
      throw compiler.unsupported(scope, elm, "retrieves with a context, date, id or other filters");
    }
    // The comparator (in, ~, =) is the translator's note; the engine leaves matching to the retrieve
    // provider, which tests membership by system and code, as here.
    String type = elm.getDataType().getLocalPart();
    if (elm.getCodes() == null) {
      return (e, v) -> Collections.unmodifiableList(e.record.ofType(type));
    }
    String codePath = elm.getCodeProperty() == null ? "code" : elm.getCodeProperty();
    if (elm.getCodes() instanceof ValueSetRef ref) {
      Map<String, Set<String>> members = terminology.members(compiler.valueSet(ref, scope).getId());
      return (e, v) -> e.codeIndex(type, codePath).resourcesWith((system, code) -> ValueSetTerminology.contains(members, system, code));
    }
    Expr codes = compiler.compile(elm.getCodes(), scope);
    return (e, v) -> {
      Object wanted = codes.eval(e, v);
      if (wanted instanceof ValueSet valueSet) {
        Map<String, Set<String>> members = terminology.members(valueSet.getId());
        return e.codeIndex(type, codePath).resourcesWith((system, code) -> ValueSetTerminology.contains(members, system, code));
      }
      List<Code> list = codes(wanted);
      return e.codeIndex(type, codePath).resourcesWith((system, code) -> {
        for (Code c : list) {
          if (c != null && code.equals(c.getCode()) && system != null && system.equals(c.getSystem())) {
            return true;
          }
        }
        return false;
      });
    };
  }

  private static List<Code> codes(Object wanted) {
    if (wanted instanceof Code code) {
      return List.of(code);
    }
    if (wanted instanceof Concept concept) {
      return concept.getCodes();
    }
    if (wanted instanceof String text) {
      return List.of(new Code().withCode(text));
    }
    List<Code> codes = new ArrayList<>();
    if (wanted instanceof Iterable<?> items) {
      items.forEach(item -> codes.add((Code) item));
      return codes;
    }
    throw new IllegalArgumentException("The codes argument to Retrieve must be a ValueSet, Code, Concept, String, or List");
  }
}
