package org.mcrpccds.cql.compiled;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.cql.engine.execution.State;

/**
 * One evaluation of compiled libraries for one patient: the request's data and parameters, and the
 * value of every define and parameter once computed (each is computed at most once, as the CQL
 * engine's expression cache does). The engine's {@link State} carries the evaluation date-time and
 * the terminology for the engine operators the compiled code calls.
 */
final class Evaluation {
  private static final Object NOT_YET = new Object();

  final State state;
  final PatientRecord record;
  private final List<ExecutableLibrary> libraries;
  private final Map<String, Object> parameters;
  private final Object[][] defineValues;
  private final Object[][] parameterValues;
  /** By type and code path: made on a call's first code-filtered retrieve of them. */
  private final Map<String, CodeIndex> codeIndexes = new HashMap<>(4);

  Evaluation(State state, PatientRecord record, List<ExecutableLibrary> libraries, Map<String, Object> parameters) {
    this.state = state;
    this.record = record;
    this.libraries = libraries;
    this.parameters = parameters;
    this.defineValues = new Object[libraries.size()][];
    this.parameterValues = new Object[libraries.size()][];
  }

  Object define(ExecutableLibrary library, int slot) {
    Object[] values = defineValues[library.index()];
    if (values == null) {
      values = new Object[library.defineCount()];
      Arrays.fill(values, NOT_YET);
      defineValues[library.index()] = values;
    }
    Object value = values[slot];
    if (value == NOT_YET) {
      ExecutableLibrary.Define define = library.define(slot);
      value = define.body().eval(this, new Object[define.frameSize()]);
      values[slot] = value;
    }
    return value;
  }

  /**
   * As the CQL engine: a value given for {@code Library.Name}, else for {@code Name} (given names
   * apply to every library that declares the parameter), else the parameter's default.
   */
  Object parameter(ExecutableLibrary library, int slot) {
    Object[] values = parameterValues[library.index()];
    if (values == null) {
      values = new Object[library.parameterCount()];
      Arrays.fill(values, NOT_YET);
      parameterValues[library.index()] = values;
    }
    Object value = values[slot];
    if (value == NOT_YET) {
      ExecutableLibrary.Parameter parameter = library.parameter(slot);
      String qualified = library.name() + "." + parameter.name();
      if (parameters.containsKey(qualified)) {
        value = parameters.get(qualified);
      } else if (parameters.containsKey(parameter.name())) {
        value = parameters.get(parameter.name());
      } else {
        value = parameter.defaultValue() == null ? null : parameter.defaultValue().eval(this, new Object[parameter.frameSize()]);
      }
      values[slot] = value;
    }
    return value;
  }

  /** The codings at {@code codePath} of the record's {@code type} resources, for code-filtered retrieves. */
  CodeIndex codeIndex(String type, String codePath) {
    return codeIndexes.computeIfAbsent(type + '.' + codePath, key -> CodeIndex.of(record.ofType(type), codePath));
  }

  List<ExecutableLibrary> libraries() {
    return libraries;
  }
}
