package org.mcrpccds.cql.compiled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ParameterDef;
import org.mcrpccds.cql.DefineResults;

/**
 * One ELM library compiled for evaluation: its defines and parameters in numbered slots (an
 * evaluation keeps one value per slot), its functions by name, and the libraries it includes by
 * their local alias. Built once at startup, then only read.
 */
final class ExecutableLibrary {
  /** A define: its compiled body and how many variable slots the body needs. */
  record Define(String name, Expr body, int frameSize) {}

  /** A function: compiled on first reference (so that unused FHIRHelpers functions cost nothing). */
  static final class Function {
    final FunctionDef elm;
    Expr body;
    int frameSize;

    Function(FunctionDef elm) {
      this.elm = elm;
    }
  }

  /** A parameter: its name and, when it has one, its compiled default. */
  record Parameter(String name, Expr defaultValue, int frameSize) {}

  private final int index;
  private final Library elm;
  private final String name;
  private final Map<String, ExecutableLibrary> includes = new HashMap<>();
  private final Map<String, Integer> defineSlots = new LinkedHashMap<>();
  private final List<Define> defines = new ArrayList<>();
  private final Map<String, Integer> parameterSlots = new HashMap<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private final Map<String, List<Function>> functions = new HashMap<>();
  private final DefineResults.Names defineNames;

  ExecutableLibrary(int index, Library elm) {
    this.index = index;
    this.elm = elm;
    this.name = elm.getIdentifier().getId();
    if (elm.getStatements() != null) {
      for (ExpressionDef def : elm.getStatements().getDef()) {
        if (def instanceof FunctionDef function) {
          functions.computeIfAbsent(function.getName(), n -> new ArrayList<>()).add(new Function(function));
        } else {
          defineSlots.put(def.getName(), defineSlots.size());
          defines.add(null);
        }
      }
    }
    this.defineNames = new DefineResults.Names(List.copyOf(defineSlots.keySet()));
    if (elm.getParameters() != null) {
      for (ParameterDef parameter : elm.getParameters().getDef()) {
        parameterSlots.put(parameter.getName(), parameterSlots.size());
        parameters.add(null);
      }
    }
  }

  int index() {
    return index;
  }

  String name() {
    return name;
  }

  Library elm() {
    return elm;
  }

  void include(String alias, ExecutableLibrary library) {
    includes.put(alias, library);
  }

  /** This library for {@code alias == null}, else the library included under that alias. */
  ExecutableLibrary resolve(String alias) {
    if (alias == null) {
      return this;
    }
    ExecutableLibrary included = includes.get(alias);
    if (included == null) {
      throw new IllegalStateException(name + " includes no library called " + alias);
    }
    return included;
  }

  int defineSlot(String defineName) {
    Integer slot = defineSlots.get(defineName);
    if (slot == null) {
      throw new IllegalStateException(name + " has no define " + defineName);
    }
    return slot;
  }

  /** The define names in slot order, as results name them. */
  DefineResults.Names names() {
    return defineNames;
  }

  int defineCount() {
    return defines.size();
  }

  Define define(int slot) {
    return defines.get(slot);
  }

  void setDefine(int slot, Define define) {
    defines.set(slot, define);
  }

  int parameterSlot(String parameterName) {
    Integer slot = parameterSlots.get(parameterName);
    if (slot == null) {
      throw new IllegalStateException(name + " has no parameter " + parameterName);
    }
    return slot;
  }

  int parameterCount() {
    return parameters.size();
  }

  Parameter parameter(int slot) {
    return parameters.get(slot);
  }

  void setParameter(int slot, Parameter parameter) {
    parameters.set(slot, parameter);
  }

  List<Function> functions(String functionName) {
    return functions.getOrDefault(functionName, List.of());
  }
}
