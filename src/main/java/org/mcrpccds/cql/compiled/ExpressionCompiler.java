package org.mcrpccds.cql.compiled;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;
import javax.xml.namespace.QName;
import kotlin.text.Regex;
import org.hl7.elm.r1.AliasRef;
import org.hl7.elm.r1.And;
import org.hl7.elm.r1.As;
import org.hl7.elm.r1.BinaryExpression;
import org.hl7.elm.r1.Case;
import org.hl7.elm.r1.CaseItem;
import org.hl7.elm.r1.CodeDef;
import org.hl7.elm.r1.CodeRef;
import org.hl7.elm.r1.CodeSystemDef;
import org.hl7.elm.r1.CodeSystemRef;
import org.hl7.elm.r1.Coalesce;
import org.hl7.elm.r1.Element;
import org.hl7.elm.r1.Expression;
import org.hl7.elm.r1.ExpressionRef;
import org.hl7.elm.r1.FunctionRef;
import org.hl7.elm.r1.IdentifierRef;
import org.hl7.elm.r1.If;
import org.hl7.elm.r1.InValueSet;
import org.hl7.elm.r1.Instance;
import org.hl7.elm.r1.InstanceElement;
import org.hl7.elm.r1.Interval;
import org.hl7.elm.r1.Is;
import org.hl7.elm.r1.ListTypeSpecifier;
import org.hl7.elm.r1.Literal;
import org.hl7.elm.r1.NaryExpression;
import org.hl7.elm.r1.Not;
import org.hl7.elm.r1.Null;
import org.hl7.elm.r1.OperandRef;
import org.hl7.elm.r1.Or;
import org.hl7.elm.r1.ParameterRef;
import org.hl7.elm.r1.Property;
import org.hl7.elm.r1.Query;
import org.hl7.elm.r1.QueryLetRef;
import org.hl7.elm.r1.Retrieve;
import org.hl7.elm.r1.TernaryExpression;
import org.hl7.elm.r1.Tuple;
import org.hl7.elm.r1.TupleElement;
import org.hl7.elm.r1.UnaryExpression;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.ValueSetRef;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.fhir.FhirElement;
import org.opencds.cqf.cql.engine.elm.executing.*;
import org.opencds.cqf.cql.engine.exception.InvalidCast;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Concept;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.Precision;
import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.opencds.cqf.cql.engine.runtime.Ratio;
import org.opencds.cqf.cql.engine.runtime.TemporalHelper;
import org.opencds.cqf.cql.engine.runtime.ValueSet;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * Compiles ELM expressions into {@link Expr} closures. Control flow (queries, conditionals,
 * references, function calls) is done here; the value operations (equality, comparison, date
 * arithmetic, string and list operators) are the CQL engine's own implementations, called
 * directly, so that results are the engine's to the last null and precision. Anything not listed
 * here is an {@link UnsupportedElmException}.
 */
final class ExpressionCompiler {
  private interface Handler extends BiFunction<Expression, Scope, Expr> {}

  private final LibraryCompiler libraries;
  private final ValueSetTerminology terminology;
  private final TypeTests typeTests;
  private final Map<Class<?>, Handler> handlers = new HashMap<>();

  ExpressionCompiler(LibraryCompiler libraries, ValueSetTerminology terminology, TypeTests typeTests) {
    this.libraries = libraries;
    this.terminology = terminology;
    this.typeTests = typeTests;
    registerStructure();
    registerLogic();
    registerComparison();
    registerArithmetic();
    registerStrings();
    registerLists();
    registerTemporal();
    registerConversions();
  }

  /**
   * The ELM node types this compiler has a handler for: any other one in a library is an
   * {@link UnsupportedElmException}. (A few handlers refuse some shapes of their node, such as a
   * retrieve with a date filter; docs/evaluator.md lists both, the first generated from this.)
   */
  static Set<Class<?>> supportedNodeTypes() {
    return Set.copyOf(new ExpressionCompiler(null, null, null).handlers.keySet());
  }

  Expr compile(Expression expression, Scope scope) {
    if (expression == null) {
      return (e, v) -> null;
    }
    Handler handler = handlers.get(expression.getClass());
    if (handler == null) {
      throw unsupported(scope, expression, "ELM " + expression.getClass().getSimpleName());
    }
    return handler.apply(expression, scope);
  }

  UnsupportedElmException unsupported(Scope scope, Element element, String what) {
    return new UnsupportedElmException(scope.library().name(), element, what);
  }

  private <T extends Expression> void on(Class<T> type, BiFunction<T, Scope, Expr> handler) {
    handlers.put(type, (expression, scope) -> handler.apply(type.cast(expression), scope));
  }

  /* ------------------------------------------------------------------ operator shapes */

  private interface Unary {
    Object apply(Object operand, Evaluation evaluation);
  }

  private interface Binary {
    Object apply(Object left, Object right, Evaluation evaluation);
  }

  private interface Ternary {
    Object apply(Object first, Object second, Object third, Evaluation evaluation);
  }

  private <T extends UnaryExpression> void unary(Class<T> type, Unary operator) {
    on(type, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      return (e, v) -> operator.apply(operand.eval(e, v), e);
    });
  }

  private <T extends BinaryExpression> void binary(Class<T> type, Binary operator) {
    on(type, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      return (e, v) -> operator.apply(left.eval(e, v), right.eval(e, v), e);
    });
  }

  /** A two-operand operator that ELM models as n-ary (Intersect, Except). */
  private <T extends NaryExpression> void pair(Class<T> type, Binary operator) {
    on(type, (elm, scope) -> {
      if (elm.getOperand().size() != 2) {
        throw unsupported(scope, elm, elm.getClass().getSimpleName() + " of " + elm.getOperand().size() + " operands");
      }
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      return (e, v) -> operator.apply(left.eval(e, v), right.eval(e, v), e);
    });
  }

  private <T extends TernaryExpression> void ternary(Class<T> type, Ternary operator) {
    on(type, (elm, scope) -> {
      Expr first = compile(elm.getOperand().get(0), scope);
      Expr second = compile(elm.getOperand().get(1), scope);
      Expr third = compile(elm.getOperand().get(2), scope);
      return (e, v) -> operator.apply(first.eval(e, v), second.eval(e, v), third.eval(e, v), e);
    });
  }

  /* ------------------------------------------------------------------ structure and references */

  private void registerStructure() {
    on(Null.class, (elm, scope) -> (e, v) -> null);
    on(Literal.class, (elm, scope) -> constant(literal(elm, scope)));
    on(org.hl7.elm.r1.List.class, (elm, scope) -> list(elm, scope));
    on(Tuple.class, (elm, scope) -> tuple(elm, scope));
    on(Instance.class, (elm, scope) -> instance(elm, scope));
    on(Interval.class, (elm, scope) -> interval(elm, scope));
    on(org.hl7.elm.r1.Quantity.class, (elm, scope) ->
        constant(new Quantity().withValue(elm.getValue()).withUnit(elm.getUnit())));
    on(Property.class, (elm, scope) -> property(elm, scope));
    on(AliasRef.class, (elm, scope) -> variable(scope, elm, elm.getName()));
    on(QueryLetRef.class, (elm, scope) -> variable(scope, elm, elm.getName()));
    on(OperandRef.class, (elm, scope) -> variable(scope, elm, elm.getName()));
    on(IdentifierRef.class, (elm, scope) -> identifier(elm, scope));
    on(ExpressionRef.class, (elm, scope) -> {
      ExecutableLibrary library = scope.library().resolve(elm.getLibraryName());
      int slot = library.defineSlot(elm.getName());
      return (e, v) -> e.define(library, slot);
    });
    on(ParameterRef.class, (elm, scope) -> {
      ExecutableLibrary library = scope.library().resolve(elm.getLibraryName());
      int slot = library.parameterSlot(elm.getName());
      return (e, v) -> e.parameter(library, slot);
    });
    on(FunctionRef.class, (elm, scope) -> libraries.call(elm, scope, operands(elm.getOperand(), scope)));
    on(CodeRef.class, (elm, scope) -> constant(code(elm, scope)));
    on(ValueSetRef.class, (elm, scope) -> {
      ValueSet valueSet = valueSet(elm, scope);
      if (Boolean.TRUE.equals(elm.isPreserve())) {
        return constant(valueSet);
      }
      Iterable<Code> expansion = terminology.expand(ValueSetInfo.Companion.fromValueSet(valueSet));
      return constant(expansion);
    });
    on(org.hl7.elm.r1.Code.class, (elm, scope) -> constant(inlineCode(elm, scope)));
    on(org.hl7.elm.r1.Concept.class, (elm, scope) -> {
      List<Code> codes = elm.getCode().stream().map(c -> inlineCode(c, scope)).toList();
      return constant(new Concept().withCodes(codes).withDisplay(elm.getDisplay()));
    });
    on(org.hl7.elm.r1.ConceptRef.class, (elm, scope) -> constant(concept(elm, scope)));
    on(org.hl7.elm.r1.Ratio.class, (elm, scope) -> {
      Ratio ratio = new Ratio();
      ratio.setNumerator(new Quantity().withValue(elm.getNumerator().getValue()).withUnit(elm.getNumerator().getUnit()));
      ratio.setDenominator(new Quantity().withValue(elm.getDenominator().getValue()).withUnit(elm.getDenominator().getUnit()));
      return constant(ratio);
    });
    on(Query.class, (elm, scope) -> QueryExpr.compile(elm, scope, this));
    on(Retrieve.class, (elm, scope) -> RetrieveExpr.compile(elm, scope, this, terminology));
    on(If.class, (elm, scope) -> {
      Expr condition = compile(elm.getCondition(), scope);
      Expr then = compile(elm.getThen(), scope);
      Expr otherwise = compile(elm.getElse(), scope);
      return (e, v) -> Boolean.TRUE.equals(condition.eval(e, v)) ? then.eval(e, v) : otherwise.eval(e, v);
    });
    on(Case.class, (elm, scope) -> caseExpression(elm, scope));
    on(Coalesce.class, (elm, scope) -> {
      Expr[] operands = operands(elm.getOperand(), scope);
      if (operands.length == 1) {
        Expr only = operands[0];
        return (e, v) -> CoalesceEvaluator.INSTANCE.coalesce(java.util.Collections.singletonList(only.eval(e, v)));
      }
      return (e, v) -> {
        for (Expr operand : operands) {
          Object value = operand.eval(e, v);
          if (value != null) {
            return value;
          }
        }
        return null;
      };
    });
    on(As.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      Predicate<Object> test = typeTest(scope, elm, elm.getAsType(), elm.getAsTypeSpecifier());
      boolean strict = Boolean.TRUE.equals(elm.isStrict());
      return (e, v) -> {
        Object value = operand.eval(e, v);
        if (value == null || test.test(value)) {
          return value;
        }
        if (strict) {
          throw new InvalidCast("Cannot cast a value of type " + value.getClass().getName() + " as the requested type");
        }
        return null;
      };
    });
    on(Is.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      Predicate<Object> test = typeTest(scope, elm, elm.isType(), elm.isTypeSpecifier());
      return (e, v) -> {
        Object value = operand.eval(e, v);
        return value == null ? null : test.test(value);
      };
    });
    // as the engine: the source's value, after an error when the condition holds and the severity
    // is "error" (the engine only logs the other severities, and its logging is off here)
    on(org.hl7.elm.r1.Message.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      Expr condition = compile(elm.getCondition(), scope);
      Expr code = compile(elm.getCode(), scope);
      Expr severity = compile(elm.getSeverity(), scope);
      Expr message = compile(elm.getMessage(), scope);
      return (e, v) -> {
        Object value = source.eval(e, v);
        if (Boolean.TRUE.equals(condition.eval(e, v)) && severity.eval(e, v) instanceof String level
            && level.equalsIgnoreCase("error")) {
          Object prefix = code.eval(e, v);
          throw new org.opencds.cqf.cql.engine.exception.CqlException((prefix == null ? "" : prefix + ": ") + message.eval(e, v));
        }
        return value;
      };
    });
  }

  Expr[] operands(List<Expression> expressions, Scope scope) {
    Expr[] compiled = new Expr[expressions.size()];
    for (int i = 0; i < compiled.length; i++) {
      compiled[i] = compile(expressions.get(i), scope);
    }
    return compiled;
  }

  private static Expr constant(Object value) {
    return (e, v) -> value;
  }

  private Object literal(Literal elm, Scope scope) {
    QName type = elm.getValueType();
    String text = elm.getValue();
    if (type == null || !TypeTests.SYSTEM.equals(type.getNamespaceURI())) {
      throw unsupported(scope, elm, "literal of type " + type);
    }
    return switch (type.getLocalPart()) {
      case "Boolean" -> Boolean.parseBoolean(text);
      case "Integer" -> Integer.valueOf(text);
      case "Long" -> Long.valueOf(text);
      case "Decimal" -> new BigDecimal(text);
      case "String" -> text;
      default -> throw unsupported(scope, elm, "literal of type " + type.getLocalPart());
    };
  }

  /**
   * A regular-expression operand as the Kotlin Regex the engine makes of it on every call (so
   * matching and substitution are the engine's own), or null when the pattern is null. A pattern
   * written as a string literal ({@code ReplaceMatches(id, '^#', '')}) is compiled once, here; an
   * invalid literal is left to the call, which fails as the engine's does, only if evaluated.
   */
  private Expr regex(Expression elm, Scope scope) {
    if (elm instanceof Literal literal && literal.getValueType() != null && literal.getValue() != null
        && TypeTests.SYSTEM.equals(literal.getValueType().getNamespaceURI())
        && "String".equals(literal.getValueType().getLocalPart())) {
      try {
        return constant(new Regex(literal.getValue()));
      } catch (PatternSyntaxException e) {
        // compiled on every call below
      }
    }
    Expr pattern = compile(elm, scope);
    return (e, v) -> pattern.eval(e, v) instanceof String text ? new Regex(text) : null;
  }

  /**
   * The strings of a list of string literals, written in place or as the whole body of a define
   * ({@code define "Final Statuses": { 'final', 'amended' }}); null for any other expression.
   */
  private List<String> literalStrings(Expression elm, Scope scope) {
    if (elm instanceof ExpressionRef ref) {
      org.hl7.elm.r1.Library library = scope.library().resolve(ref.getLibraryName()).elm();
      return library.getStatements().getDef().stream()
          .filter(def -> !(def instanceof org.hl7.elm.r1.FunctionDef) && def.getName().equals(ref.getName()))
          .findFirst()
          .map(def -> def.getExpression() instanceof org.hl7.elm.r1.List body ? literalStrings(body, scope) : null)
          .orElse(null);
    }
    if (!(elm instanceof org.hl7.elm.r1.List list) || list.getElement().isEmpty()) {
      return null;
    }
    List<String> strings = new ArrayList<>();
    for (Expression element : list.getElement()) {
      if (!(element instanceof Literal literal) || literal.getValueType() == null
          || !TypeTests.SYSTEM.equals(literal.getValueType().getNamespaceURI())
          || !"String".equals(literal.getValueType().getLocalPart())) {
        return null;
      }
      strings.add(literal.getValue());
    }
    return List.copyOf(strings);
  }

  private Expr list(org.hl7.elm.r1.List elm, Scope scope) {
    Expr[] elements = operands(elm.getElement(), scope);
    return (e, v) -> {
      List<Object> list = new ArrayList<>(elements.length);
      for (Expr element : elements) {
        list.add(element.eval(e, v));
      }
      return list;
    };
  }

  private Expr tuple(Tuple elm, Scope scope) {
    List<TupleElement> elements = elm.getElement();
    String[] names = new String[elements.size()];
    Expr[] values = new Expr[elements.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = elements.get(i).getName();
      values[i] = compile(elements.get(i).getValue(), scope);
    }
    return (e, v) -> {
      // filled in place: the engine's withElements would copy a map built here into the one it already has
      org.opencds.cqf.cql.engine.runtime.Tuple tuple = new org.opencds.cqf.cql.engine.runtime.Tuple();
      Map<String, Object> map = tuple.getElements();
      for (int i = 0; i < names.length; i++) {
        map.put(names[i], values[i].eval(e, v));
      }
      return tuple;
    };
  }

  /** System.Code, Concept, Quantity and Ratio, which the engine builds from their elements the same way. */
  private Expr instance(Instance elm, Scope scope) {
    QName type = elm.getClassType();
    Map<String, Expr> elements = new LinkedHashMap<>();
    for (InstanceElement element : elm.getElement()) {
      elements.put(element.getName(), compile(element.getValue(), scope));
    }
    String kind = TypeTests.SYSTEM.equals(type.getNamespaceURI()) ? type.getLocalPart() : "";
    Set<String> allowed = switch (kind) {
      case "Code" -> Set.of("code", "system", "version", "display");
      case "Concept" -> Set.of("codes", "display");
      case "Quantity" -> Set.of("value", "unit");
      case "Ratio" -> Set.of("numerator", "denominator");
      default -> throw unsupported(scope, elm, "instances of " + type);
    };
    if (!allowed.containsAll(elements.keySet())) {
      throw unsupported(scope, elm, "instance elements " + elements.keySet() + " of " + type);
    }
    Expr code = elements.get("code");
    Expr system = elements.get("system");
    Expr version = elements.get("version");
    Expr display = elements.get("display");
    Expr codes = elements.get("codes");
    Expr value = elements.get("value");
    Expr unit = elements.get("unit");
    Expr numerator = elements.get("numerator");
    Expr denominator = elements.get("denominator");
    return switch (kind) {
      case "Code" -> (e, v) -> new Code()
          .withCode((String) eval(code, e, v))
          .withSystem((String) eval(system, e, v))
          .withVersion((String) eval(version, e, v))
          .withDisplay((String) eval(display, e, v));
      case "Concept" -> (e, v) -> {
        Concept concept = new Concept().withDisplay((String) eval(display, e, v));
        Object list = eval(codes, e, v);
        if (list != null) {
          @SuppressWarnings("unchecked")
          Iterable<Code> all = (Iterable<Code>) list;
          concept.withCodes(all);
        }
        return concept;
      };
      case "Quantity" -> (e, v) -> {
        Quantity quantity = new Quantity().withValue((BigDecimal) eval(value, e, v));
        String u = (String) eval(unit, e, v);
        return u == null ? quantity : quantity.withUnit(u);
      };
      default -> (e, v) -> {
        Ratio ratio = new Ratio();
        ratio.setNumerator((Quantity) eval(numerator, e, v));
        ratio.setDenominator((Quantity) eval(denominator, e, v));
        return ratio;
      };
    };
  }

  private static Object eval(Expr expr, Evaluation e, Object[] v) {
    return expr == null ? null : expr.eval(e, v);
  }

  /** As the engine's IntervalEvaluator: closedness may be computed; no bounds at all is no interval. */
  private Expr interval(Interval elm, Scope scope) {
    Expr low = compile(elm.getLow(), scope);
    Expr high = compile(elm.getHigh(), scope);
    boolean lowClosed = !Boolean.FALSE.equals(elm.isLowClosed());
    boolean highClosed = !Boolean.FALSE.equals(elm.isHighClosed());
    Expr lowClosedExpression = elm.getLowClosedExpression() == null ? null : compile(elm.getLowClosedExpression(), scope);
    Expr highClosedExpression = elm.getHighClosedExpression() == null ? null : compile(elm.getHighClosedExpression(), scope);
    return (e, v) -> {
      Object lowValue = low.eval(e, v);
      Object lowClosedValue = eval(lowClosedExpression, e, v);
      Object highValue = high.eval(e, v);
      Object highClosedValue = eval(highClosedExpression, e, v);
      if (lowValue == null && highValue == null) {
        return null;
      }
      return new org.opencds.cqf.cql.engine.runtime.Interval(lowValue,
          lowClosedValue instanceof Boolean closed ? closed : lowClosed, highValue,
          highClosedValue instanceof Boolean closed ? closed : highClosed, e.state);
    };
  }

  private Expr property(Property elm, Scope scope) {
    Expr source;
    if (elm.getSource() != null) {
      source = compile(elm.getSource(), scope);
    } else if (elm.getScope() != null) {
      source = variable(scope, elm, elm.getScope());
    } else {
      throw unsupported(scope, elm, "a property without source or scope");
    }
    return path(source, elm.getPath());
  }

  private static Expr path(Expr source, String path) {
    Expr result = source;
    for (String name : path.split("\\.")) {
      result = new PropertyAccess(result, name);
    }
    return result;
  }

  /**
   * A function whose body only navigates its single operand ({@code value.value}, as most of
   * FHIRHelpers does), as that navigation on the argument: the call itself would cost more.
   * Null when the body does anything else.
   */
  static Expr inlined(org.hl7.elm.r1.FunctionDef function, Expr argument) {
    if (function.getOperand().size() != 1) {
      return null;
    }
    return navigation(function.getExpression(), function.getOperand().get(0).getName(), argument);
  }

  private static Expr navigation(Expression body, String operand, Expr argument) {
    if (body instanceof OperandRef ref && ref.getName().equals(operand)) {
      return argument;
    }
    if (body instanceof Property property && property.getSource() != null && property.getScope() == null) {
      Expr source = navigation(property.getSource(), operand, argument);
      return source == null ? null : path(source, property.getPath());
    }
    return null;
  }

  private Expr variable(Scope scope, Element elm, String name) {
    int slot = scope.slot(name);
    if (slot < 0) {
      throw unsupported(scope, elm, "a reference to " + name + " outside its scope");
    }
    return (e, v) -> v[slot];
  }

  /** A bare identifier in a sort expression: a variable, else an element of the row being sorted. */
  private Expr identifier(IdentifierRef elm, Scope scope) {
    if (elm.getLibraryName() == null && scope.slot(elm.getName()) >= 0) {
      return variable(scope, elm, elm.getName());
    }
    int row = scope.slot(QueryExpr.SORT_ROW);
    if (row < 0) {
      throw unsupported(scope, elm, "identifier " + elm.getName());
    }
    String name = elm.getName();
    return (e, v) -> Properties.get(v[row], name);
  }

  private Code code(CodeRef elm, Scope scope) {
    ExecutableLibrary library = scope.library().resolve(elm.getLibraryName());
    CodeDef def = library.elm().getCodes().getDef().stream().filter(c -> c.getName().equals(elm.getName())).findFirst()
        .orElseThrow(() -> unsupported(scope, elm, "unknown code " + elm.getName()));
    CodeSystemDef system = codeSystem(library, def.getCodeSystem(), scope, elm);
    return new Code().withCode(def.getId()).withSystem(system.getId()).withDisplay(def.getDisplay()).withVersion(system.getVersion());
  }

  /** {@code Code 'x' from "System"}: as the engine's CodeEvaluator. */
  private Code inlineCode(org.hl7.elm.r1.Code elm, Scope scope) {
    Code code = new Code().withCode(elm.getCode()).withDisplay(elm.getDisplay());
    if (elm.getSystem() != null) {
      CodeSystemDef system = codeSystem(scope.library(), elm.getSystem(), scope, elm);
      code.withSystem(system.getId()).withVersion(system.getVersion());
    }
    return code;
  }

  private Concept concept(org.hl7.elm.r1.ConceptRef elm, Scope scope) {
    ExecutableLibrary library = scope.library().resolve(elm.getLibraryName());
    org.hl7.elm.r1.ConceptDef def = library.elm().getConcepts().getDef().stream()
        .filter(c -> c.getName().equals(elm.getName())).findFirst()
        .orElseThrow(() -> unsupported(scope, elm, "unknown concept " + elm.getName()));
    List<Code> codes = new ArrayList<>();
    for (CodeRef ref : def.getCode()) {
      codes.add(code(ref.getLibraryName() == null && elm.getLibraryName() != null
          ? new CodeRef().withName(ref.getName()).withLibraryName(elm.getLibraryName()) : ref, scope));
    }
    return new Concept().withCodes(codes).withDisplay(def.getDisplay());
  }

  private CodeSystemDef codeSystem(ExecutableLibrary library, CodeSystemRef ref, Scope scope, Element elm) {
    ExecutableLibrary owner = library.resolve(ref.getLibraryName());
    return owner.elm().getCodeSystems().getDef().stream().filter(c -> c.getName().equals(ref.getName())).findFirst()
        .orElseThrow(() -> unsupported(scope, elm, "unknown code system " + ref.getName()));
  }

  ValueSet valueSet(ValueSetRef elm, Scope scope) {
    ExecutableLibrary library = scope.library().resolve(elm.getLibraryName());
    ValueSetDef def = library.elm().getValueSets().getDef().stream().filter(c -> c.getName().equals(elm.getName())).findFirst()
        .orElseThrow(() -> unsupported(scope, elm, "unknown value set " + elm.getName()));
    if (!def.getCodeSystem().isEmpty()) {
      throw unsupported(scope, elm, "value sets restricted to code systems");
    }
    return new ValueSet().withId(def.getId()).withVersion(def.getVersion());
  }

  private Expr caseExpression(Case elm, Scope scope) {
    List<CaseItem> items = elm.getCaseItem();
    Expr[] whens = new Expr[items.size()];
    Expr[] thens = new Expr[items.size()];
    for (int i = 0; i < whens.length; i++) {
      whens[i] = compile(items.get(i).getWhen(), scope);
      thens[i] = compile(items.get(i).getThen(), scope);
    }
    Expr otherwise = compile(elm.getElse(), scope);
    if (elm.getComparand() == null) {
      return (e, v) -> {
        for (int i = 0; i < whens.length; i++) {
          if (Boolean.TRUE.equals(whens[i].eval(e, v))) {
            return thens[i].eval(e, v);
          }
        }
        return otherwise.eval(e, v);
      };
    }
    Expr comparand = compile(elm.getComparand(), scope);
    return (e, v) -> {
      Object value = comparand.eval(e, v);
      for (int i = 0; i < whens.length; i++) {
        if (Boolean.TRUE.equals(EquivalentEvaluator.equivalent(value, whens[i].eval(e, v), e.state))) {
          return thens[i].eval(e, v);
        }
      }
      return otherwise.eval(e, v);
    };
  }

  private Predicate<Object> typeTest(Scope scope, Element elm, QName name, org.hl7.elm.r1.TypeSpecifier specifier) {
    Predicate<Object> test = typeTests.of(name, specifier);
    if (test == null) {
      throw unsupported(scope, elm, "type tests for " + (specifier != null ? specifier : name));
    }
    return test;
  }

  /* ------------------------------------------------------------------ logic */

  private void registerLogic() {
    // CQL's three-valued logic, with the engine's and/or; the right operand is skipped only when
    // the left one already decides, which cannot change a result (CQL expressions have no effects)
    on(And.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      return (e, v) -> {
        Object l = left.eval(e, v);
        return Boolean.FALSE.equals(l) ? Boolean.FALSE : AndEvaluator.and(l, right.eval(e, v));
      };
    });
    on(Or.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      return (e, v) -> {
        Object l = left.eval(e, v);
        return Boolean.TRUE.equals(l) ? Boolean.TRUE : OrEvaluator.or(l, right.eval(e, v));
      };
    });
    binary(org.hl7.elm.r1.Xor.class, (l, r, e) -> XorEvaluator.xor(l, r));
    binary(org.hl7.elm.r1.Implies.class, (l, r, e) -> ImpliesEvaluator.implies((Boolean) l, (Boolean) r));
    unary(Not.class, (operand, e) -> NotEvaluator.not(operand));
    unary(org.hl7.elm.r1.IsNull.class, (operand, e) -> operand == null);
    unary(org.hl7.elm.r1.IsTrue.class, (operand, e) -> Boolean.TRUE.equals(operand));
    unary(org.hl7.elm.r1.IsFalse.class, (operand, e) -> Boolean.FALSE.equals(operand));
  }

  /* ------------------------------------------------------------------ comparison and membership */

  private void registerComparison() {
    binary(org.hl7.elm.r1.Equal.class, (l, r, e) -> EqualEvaluator.equal(l, r, e.state));
    binary(org.hl7.elm.r1.NotEqual.class, (l, r, e) -> NotEqualEvaluator.notEqual(l, r, e.state));
    binary(org.hl7.elm.r1.Equivalent.class, (l, r, e) -> EquivalentEvaluator.equivalent(l, r, e.state));
    binary(org.hl7.elm.r1.Less.class, (l, r, e) -> LessEvaluator.less(l, r, e.state));
    binary(org.hl7.elm.r1.Greater.class, (l, r, e) -> GreaterEvaluator.greater(l, r, e.state));
    binary(org.hl7.elm.r1.LessOrEqual.class, (l, r, e) -> LessOrEqualEvaluator.lessOrEqual(l, r, e.state));
    binary(org.hl7.elm.r1.GreaterOrEqual.class, (l, r, e) -> GreaterOrEqualEvaluator.greaterOrEqual(l, r, e.state));
    on(org.hl7.elm.r1.In.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      List<String> strings = literalStrings(elm.getOperand().get(1), scope);
      if (strings != null) {
        // `X.code in { 'active', 'relapse' }` is asked for every row: a hash lookup, not a scan
        // through the engine's equality; anything but a string gets the engine's answer
        Set<String> members = Set.copyOf(strings);
        return (e, v) -> {
          Object item = left.eval(e, v);
          return item instanceof String text ? members.contains(text) : InEvaluator.internalEvaluate(item, strings, null, e.state);
        };
      }
      Expr right = compile(elm.getOperand().get(1), scope);
      String precision = elm.getPrecision() == null ? null : elm.getPrecision().value();
      return (e, v) -> InEvaluator.internalEvaluate(left.eval(e, v), right.eval(e, v), precision, e.state);
    });
    on(org.hl7.elm.r1.Contains.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      String precision = elm.getPrecision() == null ? null : elm.getPrecision().value();
      Expression leftElm = elm.getOperand().get(0);
      return (e, v) -> ContainsEvaluator.internalEvaluate(left.eval(e, v), right.eval(e, v), leftElm, precision, e.state);
    });
    on(InValueSet.class, (elm, scope) -> inValueSet(elm, scope));
    unary(org.hl7.elm.r1.ExpandValueSet.class, (operand, e) -> ExpandValueSetEvaluator.expand(operand, e.state));
    on(org.hl7.elm.r1.AnyInValueSet.class, (elm, scope) -> {
      if (elm.getValueset() == null) {
        throw unsupported(scope, elm, "AnyInValueSet with a computed value set");
      }
      Expr codes = compile(elm.getCodes(), scope);
      ValueSet valueSet = valueSet(elm.getValueset(), scope);
      return (e, v) -> {
        Object list = codes.eval(e, v);
        if (list == null) {
          return false;
        }
        for (Object code : (Iterable<?>) list) {
          if (Boolean.TRUE.equals(InValueSetEvaluator.inValueSet(code, valueSet, e.state))) {
            return true;
          }
        }
        return false;
      };
    });
  }

  /** As the engine's InValueSet, with the value set's members looked up once, at startup. */
  private Expr inValueSet(InValueSet elm, Scope scope) {
    if (elm.getValueset() == null) {
      throw unsupported(scope, elm, "InValueSet with a computed value set");
    }
    Expr code = compile(elm.getCode(), scope);
    Map<String, Set<String>> members = terminology.members(valueSet(elm.getValueset(), scope).getId());
    Expr codeableConcept = toConceptArgument(elm.getCode(), scope);
    if (codeableConcept != null) {
      // `C.code in "Prostate Cancer"` is FHIRHelpers.ToConcept(C.code) in the value set: whether any
      // coding's system and code is a member, which is read in the JSON without building the Concept
      FhirElement.CodingTest member = (system, value) -> ValueSetTerminology.contains(members, system, value);
      return (e, v) -> {
        Object source = codeableConcept.eval(e, v);
        if (source == null) {
          return false;
        }
        return source instanceof FhirElement element && element.type().name().equals("CodeableConcept")
            ? element.anyCoding(member) : inValueSet(code.eval(e, v), members, e);
      };
    }
    return (e, v) -> inValueSet(code.eval(e, v), members, e);
  }

  /** The argument of {@code FHIRHelpers.ToConcept(argument)}; null when {@code elm} is anything else. */
  private Expr toConceptArgument(Expression elm, Scope scope) {
    if (elm instanceof FunctionRef ref && ref.getName().equals("ToConcept") && ref.getOperand().size() == 1
        && scope.library().resolve(ref.getLibraryName()).name().equals(FhirHelpersInJava.LIBRARY)) {
      return compile(ref.getOperand().get(0), scope);
    }
    return null;
  }

  /** Whether a System value (a string, a Code, a Concept) is in a value set, as the engine's InValueSet. */
  private static Object inValueSet(Object value, Map<String, Set<String>> members, Evaluation e) {
    if (value == null) {
      return false;
    }
    if (value instanceof String text) {
      return ValueSetTerminology.contains(members, null, text);
    }
    if (value instanceof Code c) {
      return ValueSetTerminology.contains(members, c.getSystem(), c.getCode());
    }
    if (value instanceof Concept concept) {
      for (Code c : concept.getCodes()) {
        if (c == null) {
          return null;
        }
        if (ValueSetTerminology.contains(members, c.getSystem(), c.getCode())) {
          return true;
        }
      }
      return false;
    }
    return InValueSetEvaluator.inValueSet(value, new ValueSet(), e.state);
  }

  /* ------------------------------------------------------------------ arithmetic */

  private void registerArithmetic() {
    binary(org.hl7.elm.r1.Add.class, (l, r, e) -> AddEvaluator.add(l, r, e.state));
    binary(org.hl7.elm.r1.Subtract.class, (l, r, e) -> SubtractEvaluator.subtract(l, r, e.state));
    binary(org.hl7.elm.r1.Multiply.class, (l, r, e) -> MultiplyEvaluator.multiply(l, r, e.state));
    binary(org.hl7.elm.r1.Divide.class, (l, r, e) -> DivideEvaluator.divide(l, r, e.state));
    binary(org.hl7.elm.r1.TruncatedDivide.class, (l, r, e) -> TruncatedDivideEvaluator.div(l, r, e.state));
    binary(org.hl7.elm.r1.Modulo.class, (l, r, e) -> ModuloEvaluator.modulo(l, r));
    binary(org.hl7.elm.r1.Power.class, (l, r, e) -> PowerEvaluator.power(l, r));
    unary(org.hl7.elm.r1.Negate.class, (operand, e) -> NegateEvaluator.INSTANCE.negate(operand));
    unary(org.hl7.elm.r1.Abs.class, (operand, e) -> AbsEvaluator.abs(operand));
    unary(org.hl7.elm.r1.Truncate.class, (operand, e) -> TruncateEvaluator.truncate(operand));
    unary(org.hl7.elm.r1.Ceiling.class, (operand, e) -> CeilingEvaluator.ceiling(operand));
    unary(org.hl7.elm.r1.Floor.class, (operand, e) -> FloorEvaluator.floor(operand));
    unary(org.hl7.elm.r1.Ln.class, (operand, e) -> LnEvaluator.ln(operand));
    unary(org.hl7.elm.r1.Exp.class, (operand, e) -> ExpEvaluator.exp(operand));
    on(org.hl7.elm.r1.Round.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      Expr precision = compile(elm.getPrecision(), scope);
      return (e, v) -> RoundEvaluator.round(operand.eval(e, v), precision.eval(e, v));
    });
  }

  /* ------------------------------------------------------------------ strings */

  private void registerStrings() {
    on(org.hl7.elm.r1.Concatenate.class, (elm, scope) -> {
      Expr[] operands = operands(elm.getOperand(), scope);
      return (e, v) -> {
        Object result = operands[0].eval(e, v);
        for (int i = 1; i < operands.length; i++) {
          result = ConcatenateEvaluator.concatenate(result, operands[i].eval(e, v));
        }
        return result;
      };
    });
    on(org.hl7.elm.r1.Combine.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      Expr separator = elm.getSeparator() == null ? constant("") : compile(elm.getSeparator(), scope);
      return (e, v) -> CombineEvaluator.combine(source.eval(e, v), (String) separator.eval(e, v));
    });
    on(org.hl7.elm.r1.Split.class, (elm, scope) -> {
      Expr text = compile(elm.getStringToSplit(), scope);
      Expr separator = compile(elm.getSeparator(), scope);
      return (e, v) -> SplitEvaluator.split(text.eval(e, v), separator.eval(e, v));
    });
    on(org.hl7.elm.r1.SplitOnMatches.class, (elm, scope) -> {
      Expr text = compile(elm.getStringToSplit(), scope);
      Expr pattern = compile(elm.getSeparatorPattern(), scope);
      return (e, v) -> SplitOnMatchesEvaluator.splitOnMatches(text.eval(e, v), pattern.eval(e, v));
    });
    binary(org.hl7.elm.r1.StartsWith.class, (l, r, e) -> StartsWithEvaluator.startsWith(l, r));
    binary(org.hl7.elm.r1.EndsWith.class, (l, r, e) -> EndsWithEvaluator.endsWith((String) l, (String) r));
    on(org.hl7.elm.r1.Matches.class, (elm, scope) -> {
      Expr text = compile(elm.getOperand().get(0), scope);
      Expr pattern = regex(elm.getOperand().get(1), scope);
      return (e, v) -> text.eval(e, v) instanceof String s && pattern.eval(e, v) instanceof Regex regex
          ? regex.matches(s) : null;
    });
    on(org.hl7.elm.r1.ReplaceMatches.class, (elm, scope) -> {
      Expr text = compile(elm.getOperand().get(0), scope);
      Expr pattern = regex(elm.getOperand().get(1), scope);
      Expr substitution = compile(elm.getOperand().get(2), scope);
      return (e, v) -> text.eval(e, v) instanceof String s && pattern.eval(e, v) instanceof Regex regex
          && substitution.eval(e, v) instanceof String by ? regex.replace(s, by) : null;
    });
    on(org.hl7.elm.r1.Substring.class, (elm, scope) -> {
      Expr text = compile(elm.getStringToSub(), scope);
      Expr start = compile(elm.getStartIndex(), scope);
      Expr length = elm.getLength() == null ? null : compile(elm.getLength(), scope);
      return (e, v) -> SubstringEvaluator.substring(text.eval(e, v), start.eval(e, v), eval(length, e, v));
    });
    on(org.hl7.elm.r1.PositionOf.class, (elm, scope) -> {
      Expr pattern = compile(elm.getPattern(), scope);
      Expr text = compile(elm.getString(), scope);
      return (e, v) -> PositionOfEvaluator.positionOf(pattern.eval(e, v), text.eval(e, v));
    });
    on(org.hl7.elm.r1.LastPositionOf.class, (elm, scope) -> {
      Expr pattern = compile(elm.getPattern(), scope);
      Expr text = compile(elm.getString(), scope);
      return (e, v) -> LastPositionOfEvaluator.lastPositionOf(text.eval(e, v), pattern.eval(e, v));
    });
    unary(org.hl7.elm.r1.Upper.class, (operand, e) -> UpperEvaluator.upper(operand));
    unary(org.hl7.elm.r1.Lower.class, (operand, e) -> LowerEvaluator.lower(operand));
    on(org.hl7.elm.r1.Length.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      return (e, v) -> LengthEvaluator.internalEvaluate(operand.eval(e, v), elm, e.state);
    });
    binary(org.hl7.elm.r1.Indexer.class, (l, r, e) -> IndexerEvaluator.indexer(l, r));
  }

  /* ------------------------------------------------------------------ lists */

  private void registerLists() {
    // as the engine's ExistsEvaluator (any non-null element), without its copy of the non-null elements
    unary(org.hl7.elm.r1.Exists.class, (operand, e) -> {
      if (operand == null) {
        return false;
      }
      for (Object element : (Iterable<?>) operand) {
        if (element != null) {
          return true;
        }
      }
      return false;
    });
    on(org.hl7.elm.r1.First.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> FirstEvaluator.first(source.eval(e, v));
    });
    on(org.hl7.elm.r1.Last.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> LastEvaluator.last(source.eval(e, v));
    });
    unary(org.hl7.elm.r1.SingletonFrom.class, (operand, e) -> SingletonFromEvaluator.singletonFrom(operand));
    unary(org.hl7.elm.r1.Flatten.class, (operand, e) -> FlattenEvaluator.flatten(operand));
    unary(org.hl7.elm.r1.Distinct.class, (operand, e) -> DistinctEvaluator.INSTANCE.distinct((Iterable<?>) operand, e.state));
    unary(org.hl7.elm.r1.ToList.class, (operand, e) -> ToListEvaluator.toList(operand));
    on(org.hl7.elm.r1.Union.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      // as the engine, a union of lists is a list even when both are null; the engine learns that
      // from translator types that ELM read from JSON lacks, the compiler from the result types written
      boolean lists = elm.getResultTypeSpecifier() instanceof ListTypeSpecifier
          || elm.getOperand().stream().anyMatch(o -> o.getResultTypeSpecifier() instanceof ListTypeSpecifier);
      if (lists) {
        return (e, v) -> UnionEvaluator.INSTANCE.unionIterable((Iterable<?>) left.eval(e, v), (Iterable<?>) right.eval(e, v), e.state);
      }
      return (e, v) -> UnionEvaluator.union(left.eval(e, v), right.eval(e, v), e.state);
    });
    pair(org.hl7.elm.r1.Intersect.class, (l, r, e) -> IntersectEvaluator.intersect(l, r, e.state));
    pair(org.hl7.elm.r1.Except.class, (l, r, e) -> ExceptEvaluator.except(l, r, e.state));
    on(org.hl7.elm.r1.IndexOf.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      Expr element = compile(elm.getElement(), scope);
      return (e, v) -> IndexOfEvaluator.indexOf(source.eval(e, v), element.eval(e, v), e.state);
    });
    on(org.hl7.elm.r1.Count.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> CountEvaluator.count(source.eval(e, v));
    });
    on(org.hl7.elm.r1.Sum.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> SumEvaluator.sum(source.eval(e, v), e.state);
    });
    on(org.hl7.elm.r1.Min.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> MinEvaluator.min(source.eval(e, v), e.state);
    });
    on(org.hl7.elm.r1.Max.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> MaxEvaluator.max(source.eval(e, v), e.state);
    });
    on(org.hl7.elm.r1.Avg.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> AvgEvaluator.avg(source.eval(e, v), e.state);
    });
    aggregate(org.hl7.elm.r1.Median.class, MedianEvaluator::median);
    aggregate(org.hl7.elm.r1.Mode.class, ModeEvaluator::mode);
    aggregate(org.hl7.elm.r1.Product.class, ProductEvaluator::product);
    aggregate(org.hl7.elm.r1.StdDev.class, StdDevEvaluator::stdDev);
    aggregate(org.hl7.elm.r1.PopulationStdDev.class, PopulationStdDevEvaluator::popStdDev);
    aggregate(org.hl7.elm.r1.Variance.class, (source, state) -> VarianceEvaluator.variance(source, state, false, "Variance"));
    aggregate(org.hl7.elm.r1.PopulationVariance.class,
        (source, state) -> PopulationVarianceEvaluator.popVariance(source, state, false, "PopulationVariance"));
    aggregate(org.hl7.elm.r1.GeometricMean.class,
        (source, state) -> source == null ? null : GeometricMeanEvaluator.INSTANCE.geometricMean((Iterable<?>) source, state));
    on(org.hl7.elm.r1.Slice.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      Expr start = compile(elm.getStartIndex(), scope);
      Expr end = compile(elm.getEndIndex(), scope);
      return (e, v) -> SliceEvaluator.slice(source.eval(e, v), (Integer) start.eval(e, v), (Integer) end.eval(e, v));
    });
    on(org.hl7.elm.r1.AllTrue.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> AllTrueEvaluator.allTrue(source.eval(e, v));
    });
    on(org.hl7.elm.r1.AnyTrue.class, (elm, scope) -> {
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> AnyTrueEvaluator.anyTrue(source.eval(e, v));
    });
  }

  private interface Aggregate {
    Object apply(Object source, org.opencds.cqf.cql.engine.execution.State state);
  }

  private <T extends org.hl7.elm.r1.AggregateExpression> void aggregate(Class<T> type, Aggregate operator) {
    on(type, (elm, scope) -> {
      if (elm.getPath() != null) {
        throw unsupported(scope, elm, elm.getClass().getSimpleName() + " with a path");
      }
      Expr source = compile(elm.getSource(), scope);
      return (e, v) -> operator.apply(source.eval(e, v), e.state);
    });
  }

  @SuppressWarnings("unchecked")
  private static Iterable<org.opencds.cqf.cql.engine.runtime.Interval> intervals(Object list) {
    return (Iterable<org.opencds.cqf.cql.engine.runtime.Interval>) list;
  }

  /* ------------------------------------------------------------------ dates, times, intervals */

  private void registerTemporal() {
    on(org.hl7.elm.r1.Today.class, (elm, scope) -> (e, v) -> TodayEvaluator.today(e.state));
    on(org.hl7.elm.r1.Now.class, (elm, scope) -> (e, v) -> e.state.getEvaluationDateTime());
    unary(org.hl7.elm.r1.DateFrom.class, (operand, e) -> DateFromEvaluator.dateFrom(operand));
    unary(org.hl7.elm.r1.TimeFrom.class, (operand, e) -> TimeFromEvaluator.timeFrom(operand));
    on(org.hl7.elm.r1.DateTimeComponentFrom.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      String precision = elm.getPrecision().value();
      return (e, v) -> DateTimeComponentFromEvaluator.dateTimeComponentFrom(operand.eval(e, v), precision);
    });
    on(org.hl7.elm.r1.DurationBetween.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      org.opencds.cqf.cql.engine.runtime.Precision precision =
          org.opencds.cqf.cql.engine.runtime.Precision.Companion.fromString(elm.getPrecision().value());
      return (e, v) -> DurationBetweenEvaluator.duration(left.eval(e, v), right.eval(e, v), precision);
    });
    on(org.hl7.elm.r1.DifferenceBetween.class, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      org.opencds.cqf.cql.engine.runtime.Precision precision =
          org.opencds.cqf.cql.engine.runtime.Precision.Companion.fromString(elm.getPrecision().value());
      return (e, v) -> DifferenceBetweenEvaluator.difference(left.eval(e, v), right.eval(e, v), precision);
    });
    precisioned(org.hl7.elm.r1.SameAs.class, SameAsEvaluator::sameAs);
    precisioned(org.hl7.elm.r1.SameOrBefore.class, SameOrBeforeEvaluator::sameOrBefore);
    precisioned(org.hl7.elm.r1.SameOrAfter.class, SameOrAfterEvaluator::sameOrAfter);
    precisioned(org.hl7.elm.r1.Before.class, BeforeEvaluator::before);
    precisioned(org.hl7.elm.r1.After.class, AfterEvaluator::after);
    precisioned(org.hl7.elm.r1.Overlaps.class, OverlapsEvaluator::overlaps);
    precisioned(org.hl7.elm.r1.Meets.class, MeetsEvaluator::meets);
    precisioned(org.hl7.elm.r1.IncludedIn.class, IncludedInEvaluator::internalEvaluate);
    precisioned(org.hl7.elm.r1.Includes.class, IncludesEvaluator::internalEvaluate);
    precisioned(org.hl7.elm.r1.ProperIncludes.class, ProperIncludesEvaluator::properlyIncludes);
    precisioned(org.hl7.elm.r1.ProperIncludedIn.class, ProperIncludedInEvaluator::properlyIncludedIn);
    precisioned(org.hl7.elm.r1.Starts.class, StartsEvaluator::starts);
    precisioned(org.hl7.elm.r1.Ends.class, EndsEvaluator::ends);
    precisioned(org.hl7.elm.r1.MeetsBefore.class, MeetsBeforeEvaluator::meetsBefore);
    precisioned(org.hl7.elm.r1.MeetsAfter.class, MeetsAfterEvaluator::meetsAfter);
    precisioned(org.hl7.elm.r1.OverlapsBefore.class, OverlapsBeforeEvaluator::overlapsBefore);
    precisioned(org.hl7.elm.r1.OverlapsAfter.class, OverlapsAfterEvaluator::overlapsAfter);
    binary(org.hl7.elm.r1.Collapse.class, (l, r, e) -> l == null ? null
        : CollapseEvaluator.INSTANCE.collapse(intervals(l), (Quantity) r, e.state));
    binary(org.hl7.elm.r1.Expand.class, (l, r, e) -> ExpandEvaluator.expand(l, (Quantity) r, e.state));
    unary(org.hl7.elm.r1.Size.class, (operand, e) -> SizeEvaluator.size(operand, e.state));
    unary(org.hl7.elm.r1.Successor.class, (operand, e) -> SuccessorEvaluator.successor(operand));
    unary(org.hl7.elm.r1.Predecessor.class, (operand, e) -> PredecessorEvaluator.predecessor(operand));
    on(org.hl7.elm.r1.TimeOfDay.class, (elm, scope) -> (e, v) -> TimeOfDayEvaluator.internalEvaluate(e.state));
    unary(org.hl7.elm.r1.TimezoneOffsetFrom.class, (operand, e) -> TimezoneOffsetFromEvaluator.timezoneOffsetFrom(operand));
    on(org.hl7.elm.r1.CalculateAge.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      String precision = elm.getPrecision().value();
      return (e, v) -> CalculateAgeEvaluator.internalEvaluate(operand.eval(e, v), precision, e.state);
    });
    on(org.hl7.elm.r1.CalculateAgeAt.class, (elm, scope) -> {
      Expr birth = compile(elm.getOperand().get(0), scope);
      Expr asOf = compile(elm.getOperand().get(1), scope);
      String precision = elm.getPrecision().value();
      return (e, v) -> CalculateAgeAtEvaluator.calculateAgeAt(birth.eval(e, v), asOf.eval(e, v), precision);
    });
    on(org.hl7.elm.r1.Date.class, (elm, scope) -> {
      Expr year = compile(elm.getYear(), scope);
      Expr month = compile(elm.getMonth(), scope);
      Expr day = compile(elm.getDay(), scope);
      return (e, v) -> DateEvaluator.internalEvaluate((Integer) year.eval(e, v), (Integer) month.eval(e, v), (Integer) day.eval(e, v));
    });
    on(org.hl7.elm.r1.DateTime.class, (elm, scope) -> {
      Expr[] parts = operands(java.util.Arrays.asList(elm.getYear(), elm.getMonth(), elm.getDay(), elm.getHour(),
          elm.getMinute(), elm.getSecond(), elm.getMillisecond()), scope);
      Expr offset = elm.getTimezoneOffset() == null ? null : compile(elm.getTimezoneOffset(), scope);
      return (e, v) -> {
        // the engine's default offset is the evaluation's
        Object zone = offset == null
            ? TemporalHelper.zoneToOffset(e.state.getEvaluationDateTime().getZoneOffset()) : offset.eval(e, v);
        return DateTimeEvaluator.internalEvaluate((Integer) parts[0].eval(e, v), (Integer) parts[1].eval(e, v),
            (Integer) parts[2].eval(e, v), (Integer) parts[3].eval(e, v), (Integer) parts[4].eval(e, v),
            (Integer) parts[5].eval(e, v), (Integer) parts[6].eval(e, v), (BigDecimal) zone);
      };
    });
    on(org.hl7.elm.r1.Time.class, (elm, scope) -> {
      Expr[] parts = operands(java.util.Arrays.asList(elm.getHour(), elm.getMinute(), elm.getSecond(), elm.getMillisecond()), scope);
      return (e, v) -> {
        Object hour = parts[0].eval(e, v);
        return hour == null ? null : TimeEvaluator.time((Integer) hour, (Integer) parts[1].eval(e, v),
            (Integer) parts[2].eval(e, v), (Integer) parts[3].eval(e, v));
      };
    });
    unary(org.hl7.elm.r1.Start.class, (operand, e) -> StartEvaluator.start(operand));
    unary(org.hl7.elm.r1.End.class, (operand, e) -> EndEvaluator.end(operand));
    unary(org.hl7.elm.r1.Width.class, (operand, e) -> WidthEvaluator.width(operand, e.state));
    unary(org.hl7.elm.r1.PointFrom.class, (operand, e) -> PointFromEvaluator.pointFrom(operand, e.state));
  }

  private interface Precisioned {
    Object apply(Object left, Object right, String precision, org.opencds.cqf.cql.engine.execution.State state);
  }

  private <T extends BinaryExpression> void precisioned(Class<T> type, Precisioned operator) {
    on(type, (elm, scope) -> {
      Expr left = compile(elm.getOperand().get(0), scope);
      Expr right = compile(elm.getOperand().get(1), scope);
      String precision = precisionOf(elm);
      return (e, v) -> operator.apply(left.eval(e, v), right.eval(e, v), precision, e.state);
    });
  }

  private static String precisionOf(BinaryExpression elm) {
    try {
      Object precision = elm.getClass().getMethod("getPrecision").invoke(elm);
      return precision == null ? null : ((org.hl7.elm.r1.DateTimePrecision) precision).value();
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /* ------------------------------------------------------------------ conversions */

  private void registerConversions() {
    unary(org.hl7.elm.r1.ToString.class,
        (operand, e) -> operand instanceof Date date ? dateText(date) : ToStringEvaluator.toString(operand));
    unary(org.hl7.elm.r1.ToDecimal.class, (operand, e) -> ToDecimalEvaluator.toDecimal(operand));
    unary(org.hl7.elm.r1.ToInteger.class, (operand, e) -> ToIntegerEvaluator.toInteger(operand));
    unary(org.hl7.elm.r1.ToLong.class, (operand, e) -> ToLongEvaluator.toLong(operand));
    unary(org.hl7.elm.r1.ToBoolean.class, (operand, e) -> ToBooleanEvaluator.toBoolean(operand));
    unary(org.hl7.elm.r1.ToConcept.class, (operand, e) -> ToConceptEvaluator.toConcept(operand));
    unary(org.hl7.elm.r1.ToDateTime.class, (operand, e) -> ToDateTimeEvaluator.toDateTime(operand, e.state));
    unary(org.hl7.elm.r1.ToDate.class, (operand, e) -> ToDateEvaluator.toDate(operand));
    unary(org.hl7.elm.r1.ToTime.class, (operand, e) -> ToTimeEvaluator.toTime(operand));
    unary(org.hl7.elm.r1.ToQuantity.class, (operand, e) -> ToQuantityEvaluator.toQuantity(operand, e.state));
    unary(org.hl7.elm.r1.ConvertsToBoolean.class, (operand, e) -> ConvertsToBooleanEvaluator.convertsToBoolean(operand));
    unary(org.hl7.elm.r1.ConvertsToInteger.class, (operand, e) -> ConvertsToIntegerEvaluator.convertsToInteger(operand));
    unary(org.hl7.elm.r1.ConvertsToLong.class, (operand, e) -> ConvertsToLongEvaluator.convertsToLong(operand));
    unary(org.hl7.elm.r1.ConvertsToDecimal.class, (operand, e) -> ConvertsToDecimalEvaluator.convertsToDecimal(operand));
    unary(org.hl7.elm.r1.ConvertsToString.class, (operand, e) -> ConvertsToStringEvaluator.convertsToString(operand));
    unary(org.hl7.elm.r1.ConvertsToDate.class, (operand, e) -> ConvertsToDateEvaluator.convertsToDate(operand));
    unary(org.hl7.elm.r1.ConvertsToTime.class, (operand, e) -> ConvertsToTimeEvaluator.convertsToTime(operand));
    unary(org.hl7.elm.r1.ConvertsToQuantity.class, (operand, e) -> ConvertsToQuantityEvaluator.convertsToQuantity(operand, e.state));
    unary(org.hl7.elm.r1.ConvertsToDateTime.class, (operand, e) ->
        ConvertsToDateTimeEvaluator.convertsToDateTime(operand, e.state.getEvaluationDateTime().getZoneOffset()));
    on(org.hl7.elm.r1.Convert.class, (elm, scope) -> {
      Expr operand = compile(elm.getOperand(), scope);
      return (e, v) -> ConvertEvaluator.internalEvaluate(operand.eval(e, v), elm.getToType(), elm.getToTypeSpecifier(), e.state);
    });
  }

  /**
   * ToString of a Date, as the engine writes it (YYYY, YYYY-MM or YYYY-MM-DD by precision) without
   * its String.format, which cost a microsecond a date on the request path (rule texts quote dates).
   */
  private static String dateText(Date date) {
    int year = date.getDate().getYear();
    if (year < 0 || year > 9999) {
      return date.toString();
    }
    String day = date.getDate().toString();
    if (date.getPrecision() == Precision.YEAR) {
      return day.substring(0, 4);
    }
    return date.getPrecision() == Precision.MONTH ? day.substring(0, 7) : day;
  }

  /**
   * One property step, remembering the FHIR type it last saw so that the property's definition is
   * looked up once per type, not once per access. The cache is a single immutable pair: threads
   * that race on it each store a correct one.
   */
  static final class PropertyAccess implements Expr {
    private record Resolved(org.mcrpccds.fhir.FhirType type, org.mcrpccds.fhir.FhirType.Property property) {}

    /** Types seen at this access beyond which lookups go to the type's own map instead of this cache. */
    private static final int CACHED_TYPES = 8;

    private final Expr source;
    private final String name;
    /**
     * The property for each type seen here, copied on write: one access may see several types (a
     * function called with a MedicationStatement, then a MedicationRequest), and a single cached
     * type was replaced, with an allocation, on every alternation.
     */
    private volatile Resolved[] resolved = new Resolved[0];

    PropertyAccess(Expr source, String name) {
      this.source = source;
      this.name = name;
    }

    @Override
    public Object eval(Evaluation e, Object[] v) {
      Object target = source.eval(e, v);
      if (target instanceof FhirElement element && !element.type().isPrimitive()) {
        return element.get(property(element.type()));
      }
      return Properties.get(target, name);
    }

    private org.mcrpccds.fhir.FhirType.Property property(org.mcrpccds.fhir.FhirType type) {
      Resolved[] known = resolved;
      for (Resolved entry : known) {
        if (entry.type() == type) {
          return entry.property();
        }
      }
      org.mcrpccds.fhir.FhirType.Property property = type.property(name);
      if (known.length < CACHED_TYPES) {
        Resolved[] grown = java.util.Arrays.copyOf(known, known.length + 1);
        grown[known.length] = new Resolved(type, property);
        resolved = grown;
      }
      return property;
    }
  }

  /** Property access on every kind of value CQL navigates: FHIR elements, tuples, System structures. */
  static final class Properties {
    private Properties() {}

    static Object get(Object target, String name) {
      if (target == null) {
        return null;
      }
      if (target instanceof FhirElement element) {
        return element.get(name);
      }
      if (target instanceof org.opencds.cqf.cql.engine.runtime.Tuple tuple) {
        return tuple.getElements().get(name);
      }
      if (target instanceof Code code) {
        return switch (name) {
          case "code" -> code.getCode();
          case "system" -> code.getSystem();
          case "version" -> code.getVersion();
          case "display" -> code.getDisplay();
          default -> null;
        };
      }
      if (target instanceof Concept concept) {
        return switch (name) {
          case "codes" -> concept.getCodes();
          case "display" -> concept.getDisplay();
          default -> null;
        };
      }
      if (target instanceof Quantity quantity) {
        return switch (name) {
          case "value" -> quantity.getValue();
          case "unit" -> quantity.getUnit();
          default -> null;
        };
      }
      if (target instanceof org.opencds.cqf.cql.engine.runtime.Interval interval) {
        return switch (name) {
          case "low" -> interval.getLow();
          case "high" -> interval.getHigh();
          case "lowClosed" -> interval.getLowClosed();
          case "highClosed" -> interval.getHighClosed();
          default -> null;
        };
      }
      if (target instanceof Ratio ratio) {
        return switch (name) {
          case "numerator" -> ratio.getNumerator();
          case "denominator" -> ratio.getDenominator();
          default -> null;
        };
      }
      throw new org.opencds.cqf.cql.engine.exception.CqlException(
          "Invalid path: " + name + " for type: " + target.getClass().getName());
    }
  }
}
