package org.mcrpccds.cql.compiled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.hl7.elm.r1.ChoiceTypeSpecifier;
import org.hl7.elm.r1.Expression;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.hl7.elm.r1.IncludeDef;
import org.hl7.elm.r1.IntervalTypeSpecifier;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ListTypeSpecifier;
import org.hl7.elm.r1.NamedTypeSpecifier;
import org.hl7.elm.r1.OperandDef;
import org.hl7.elm.r1.ParameterDef;
import org.hl7.elm.r1.TupleTypeSpecifier;
import org.hl7.elm.r1.TypeSpecifier;
import org.hl7.elm.r1.UsingDef;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.FhirTypes;

/**
 * Compiles a set of ELM libraries (a service library, the libraries it includes, FHIRHelpers)
 * into {@link ExecutableLibrary}s: every define and parameter default at once, each function the
 * first time something calls it. Function overloads are resolved here, from the signature the
 * translator wrote or the operands' result types, so that no call matches types at runtime.
 */
final class LibraryCompiler {
  private final Map<String, ExecutableLibrary> byName = new HashMap<>();
  private final List<ExecutableLibrary> libraries = new ArrayList<>();
  private final ExpressionCompiler expressions;
  private final FhirHelpersInJava fhirHelpers;

  LibraryCompiler(List<Library> elm, ValueSetTerminology terminology, FhirTypes fhirTypes) {
    this.expressions = new ExpressionCompiler(this, terminology, new TypeTests(fhirTypes));
    this.fhirHelpers = new FhirHelpersInJava(fhirTypes);
    for (Library library : elm) {
      ExecutableLibrary executable = new ExecutableLibrary(libraries.size(), library);
      libraries.add(executable);
      byName.put(executable.name(), executable);
    }
    for (ExecutableLibrary library : libraries) {
      checkModels(library);
      FhirHelpersInJava.requireKnownVersion(library);
      if (library.elm().getIncludes() != null) {
        for (IncludeDef include : library.elm().getIncludes().getDef()) {
          ExecutableLibrary included = byName.get(include.getPath());
          if (included == null) {
            throw new IllegalStateException(library.name() + " includes " + include.getPath() + ", which is not loaded");
          }
          library.include(include.getLocalIdentifier(), included);
        }
      }
    }
    for (ExecutableLibrary library : libraries) {
      compileDefinesAndParameters(library);
    }
  }

  List<ExecutableLibrary> libraries() {
    return libraries;
  }

  ExecutableLibrary library(String name) {
    ExecutableLibrary library = byName.get(name);
    if (library == null) {
      throw new IllegalArgumentException("no CQL library named " + name);
    }
    return library;
  }

  private static void checkModels(ExecutableLibrary library) {
    if (library.elm().getUsings() == null) {
      return;
    }
    for (UsingDef using : library.elm().getUsings().getDef()) {
      boolean system = using.getUri().equals(TypeTests.SYSTEM);
      boolean fhirR4 = using.getUri().equals(TypeTests.FHIR) && "4.0.1".equals(using.getVersion());
      if (!system && !fhirR4) {
        throw new UnsupportedElmException(library.name(), using, "data model " + using.getUri() + " " + using.getVersion());
      }
    }
  }

  private void compileDefinesAndParameters(ExecutableLibrary library) {
    if (library.elm().getStatements() != null) {
      for (ExpressionDef def : library.elm().getStatements().getDef()) {
        if (def instanceof FunctionDef) {
          continue;
        }
        if (def.getContext() != null && !def.getContext().equals("Patient")) {
          throw new UnsupportedElmException(library.name(), def, "defines in context " + def.getContext());
        }
        Scope scope = Scope.of(library);
        Expr body = expressions.compile(def.getExpression(), scope);
        library.setDefine(library.defineSlot(def.getName()), new ExecutableLibrary.Define(def.getName(), body, scope.size()));
      }
    }
    if (library.elm().getParameters() != null) {
      for (ParameterDef def : library.elm().getParameters().getDef()) {
        Scope scope = Scope.of(library);
        Expr value = def.getDefault() == null ? null : expressions.compile(def.getDefault(), scope);
        library.setParameter(library.parameterSlot(def.getName()), new ExecutableLibrary.Parameter(def.getName(), value, scope.size()));
      }
    }
  }

  /** A call of the function {@code ref} names, with its operands compiled. */
  Expr call(FunctionRef ref, Scope scope, Expr[] operands) {
    ExecutableLibrary target = scope.library().resolve(ref.getLibraryName());
    ExecutableLibrary.Function function = resolve(ref, target, scope);
    if (Boolean.TRUE.equals(function.elm.isExternal())) {
      throw expressions.unsupported(scope, ref, "external function " + ref.getName());
    }
    Expr inlined = operands.length == 1 ? ExpressionCompiler.inlined(function.elm, operands[0]) : null;
    if (inlined != null) {
      return inlined;
    }
    if (function.body == null) {
      compile(function, target);
    }
    Expr asCql = (e, v) -> {
      Object[] frame = new Object[function.frameSize];
      for (int i = 0; i < operands.length; i++) {
        frame[i] = operands[i].eval(e, v);
      }
      return function.body.eval(e, frame);
    };
    Expr inJava = operands.length == 1 ? fhirHelpers.of(target, function.elm, operands[0], asCql) : null;
    return inJava != null ? inJava : asCql;
  }

  private void compile(ExecutableLibrary.Function function, ExecutableLibrary library) {
    Scope scope = Scope.of(library);
    for (OperandDef operand : function.elm.getOperand()) {
      scope.declare(operand.getName());
    }
    // a placeholder first, so that a function that calls itself finds itself compiled
    function.body = (e, v) -> {
      throw new IllegalStateException("function " + function.elm.getName() + " called while being compiled");
    };
    Expr body = expressions.compile(function.elm.getExpression(), scope);
    function.frameSize = scope.size();
    function.body = body;
  }

  private ExecutableLibrary.Function resolve(FunctionRef ref, ExecutableLibrary target, Scope scope) {
    int arity = ref.getOperand().size();
    List<ExecutableLibrary.Function> candidates = target.functions(ref.getName()).stream()
        .filter(f -> f.elm.getOperand().size() == arity)
        .toList();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    List<String> wanted = ref.getSignature().isEmpty()
        ? ref.getOperand().stream().map(LibraryCompiler::typeKey).toList()
        : ref.getSignature().stream().map(LibraryCompiler::typeKey).toList();
    List<ExecutableLibrary.Function> matching = candidates.stream()
        .filter(f -> f.elm.getOperand().stream().map(LibraryCompiler::typeKey).toList().equals(wanted))
        .toList();
    if (matching.size() != 1) {
      throw expressions.unsupported(scope, ref, "a call of " + ref.getName() + " whose overload is only known at runtime ("
          + candidates.size() + " candidates for " + wanted + ")");
    }
    return matching.get(0);
  }

  private static String typeKey(OperandDef operand) {
    return operand.getOperandTypeSpecifier() != null ? typeKey(operand.getOperandTypeSpecifier()) : typeKey(operand.getOperandType());
  }

  private static String typeKey(Expression expression) {
    return expression.getResultTypeSpecifier() != null
        ? typeKey(expression.getResultTypeSpecifier())
        : typeKey(expression.getResultTypeName());
  }

  private static String typeKey(QName name) {
    return name == null ? "?" : name.toString();
  }

  static String typeKey(TypeSpecifier specifier) {
    if (specifier instanceof NamedTypeSpecifier named) {
      return typeKey(named.getName());
    }
    if (specifier instanceof ListTypeSpecifier list) {
      return "List<" + typeKey(list.getElementType()) + ">";
    }
    if (specifier instanceof IntervalTypeSpecifier interval) {
      return "Interval<" + typeKey(interval.getPointType()) + ">";
    }
    if (specifier instanceof ChoiceTypeSpecifier choice) {
      return choice.getChoice().stream().map(LibraryCompiler::typeKey).sorted().collect(Collectors.joining(",", "Choice<", ">"));
    }
    if (specifier instanceof TupleTypeSpecifier tuple) {
      return tuple.getElement().stream().map(e -> e.getName() + ":" + typeKey(e.getElementType()))
          .collect(Collectors.joining(",", "Tuple{", "}"));
    }
    return "?";
  }
}
