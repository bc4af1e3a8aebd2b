package org.mcrpccds.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cqframework.cql.elm.visiting.FunctionalElmVisitor;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.ExpressionRef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.hl7.elm.r1.IncludeDef;
import org.hl7.elm.r1.Library;

/**
 * Which defines each define of a compiled CQL library reads, taken from its ELM once at startup:
 * defines of the same library (directly or through the library's functions) and defines of the
 * libraries it includes. This is what lets "why this card" list the facts behind one rule instead
 * of every define.
 */
final class DefineGraph {
  /** A reference found in ELM; {@code library} is the include alias, null for the same library. */
  private record Ref(String library, String name, boolean function) {}

  /** A define of an included library, by that library's real name. */
  record IncludedDefine(String library, String name) {}

  /** What a set of defines reads: defines of this library in reading order, and included defines. */
  record Reads(List<String> defines, List<IncludedDefine> included) {}

  private static final FunctionalElmVisitor<Set<Ref>, Void> REFERENCES = FunctionalElmVisitor.from(
      (element, context) -> element instanceof ExpressionRef ref
          ? Set.of(new Ref(ref.getLibraryName(), ref.getName(), ref instanceof FunctionRef))
          : Set.of(),
      (left, right) -> {
        Set<Ref> union = new LinkedHashSet<>(left);
        union.addAll(right);
        return union;
      });

  private final Set<String> defines = new HashSet<>();
  /** Define or function name → what its body references (overloaded functions merged). */
  private final Map<String, Set<Ref>> references = new HashMap<>();
  private final Map<String, String> libraryOfAlias = new HashMap<>();
  /** Defines that only return an included define ({@code define "X": Common."X"}): their value shows it. */
  private final Map<Ref, String> localCopies = new HashMap<>();

  DefineGraph(Library library) {
    if (library.getIncludes() != null) {
      for (IncludeDef include : library.getIncludes().getDef()) {
        libraryOfAlias.put(include.getLocalIdentifier(), include.getPath());
      }
    }
    for (ExpressionDef def : library.getStatements().getDef()) {
      Set<Ref> read = def.getExpression() == null ? Set.of() : REFERENCES.visitExpression(def.getExpression(), null);
      references.merge(def.getName(), read, (a, b) -> {
        Set<Ref> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return union;
      });
      if (!(def instanceof FunctionDef)) {
        defines.add(def.getName());
        if (def.getExpression() instanceof ExpressionRef ref && !(ref instanceof FunctionRef) && ref.getLibraryName() != null) {
          localCopies.putIfAbsent(new Ref(ref.getLibraryName(), ref.getName(), false), def.getName());
        }
      }
    }
  }

  boolean isDefine(String name) {
    return defines.contains(name);
  }

  /** Everything {@code roots} read, transitively within this library; the roots come first. */
  Reads reads(List<String> roots) {
    Set<String> localDefines = new LinkedHashSet<>();
    Set<IncludedDefine> included = new LinkedHashSet<>();
    Set<String> visited = new HashSet<>();
    roots.forEach(root -> visit(root, localDefines, included, visited));
    return new Reads(new ArrayList<>(localDefines), new ArrayList<>(included));
  }

  private void visit(String name, Set<String> localDefines, Set<IncludedDefine> included, Set<String> visited) {
    if (!visited.add(name)) {
      return;
    }
    if (defines.contains(name)) {
      localDefines.add(name);
    }
    for (Ref ref : references.getOrDefault(name, Set.of())) {
      if (ref.library() == null) {
        visit(ref.name(), localDefines, included, visited);
      } else if (!ref.function()) {
        String copy = localCopies.get(ref);
        if (copy != null) {
          localDefines.add(copy);
        } else {
          included.add(new IncludedDefine(libraryOfAlias.getOrDefault(ref.library(), ref.library()), ref.name()));
        }
      }
    }
  }
}
