package org.mcrpccds.cql.compiled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.hl7.elm.r1.AliasedQuerySource;
import org.hl7.elm.r1.ByColumn;
import org.hl7.elm.r1.ByDirection;
import org.hl7.elm.r1.ByExpression;
import org.hl7.elm.r1.LetClause;
import org.hl7.elm.r1.Query;
import org.hl7.elm.r1.RelationshipClause;
import org.hl7.elm.r1.SortByItem;
import org.hl7.elm.r1.With;
import org.hl7.elm.r1.Without;
import org.opencds.cqf.cql.engine.elm.executing.DistinctEvaluator;
import org.opencds.cqf.cql.engine.exception.InvalidComparison;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.opencds.cqf.cql.engine.runtime.Tuple;
import java.util.Map;
import org.opencds.cqf.cql.engine.runtime.UnitConversionHelperKt;

/**
 * A CQL query, evaluated as the CQL engine's QueryEvaluator does: sources combined in order (the
 * first outermost), lets, with/without, where (only true passes), return (distinct unless
 * {@code all}), sort; a query over a single non-list value gives a value, not a list.
 */
final class QueryExpr implements Expr {
  /** The variable that holds the row being compared in a sort expression. */
  static final String SORT_ROW = "$this";

  private record Relationship(Expr source, int slot, Expr suchThat, boolean with) {}

  /** {@code aggregate [distinct] R starting X: expression}, with R in a slot of its own. */
  private record Aggregation(int slot, Expr starting, Expr expression, boolean distinct) {}

  private record Sort(int kind, String column, Expr expression, int rowSlot, boolean descending) {
    static final int VALUE = 0;
    static final int COLUMN = 1;
    static final int EXPRESSION = 2;
  }

  private final Expr[] sources;
  private final String[] aliases;
  private final int[] sourceSlots;
  private final Expr[] lets;
  private final int[] letSlots;
  private final Relationship[] relationships;
  private final Expr where;
  private final Expr returned;
  private final boolean distinct;
  private final Aggregation aggregation;
  private final Sort[] sorts;

  private QueryExpr(Expr[] sources, String[] aliases, int[] sourceSlots, Expr[] lets, int[] letSlots, Relationship[] relationships,
      Expr where, Expr returned, boolean distinct, Aggregation aggregation, Sort[] sorts) {
    this.sources = sources;
    this.aliases = aliases;
    this.sourceSlots = sourceSlots;
    this.lets = lets;
    this.letSlots = letSlots;
    this.relationships = relationships;
    this.where = where;
    this.returned = returned;
    this.distinct = distinct;
    this.aggregation = aggregation;
    this.sorts = sorts;
  }

  static Expr compile(Query query, Scope outer, ExpressionCompiler compiler) {
    Scope scope = outer.child();
    List<AliasedQuerySource> querySources = query.getSource();
    Expr[] sources = new Expr[querySources.size()];
    String[] aliases = new String[sources.length];
    int[] sourceSlots = new int[sources.length];
    for (int i = 0; i < sources.length; i++) {
      aliases[i] = querySources.get(i).getAlias();
      // a source sees the aliases declared before it, as in CQL
      sources[i] = compiler.compile(querySources.get(i).getExpression(), scope);
      sourceSlots[i] = scope.declare(querySources.get(i).getAlias());
    }
    List<LetClause> letClauses = query.getLet();
    Expr[] lets = new Expr[letClauses.size()];
    int[] letSlots = new int[lets.length];
    for (int i = 0; i < lets.length; i++) {
      letSlots[i] = scope.declare(letClauses.get(i).getIdentifier());
    }
    for (int i = 0; i < lets.length; i++) {
      lets[i] = compiler.compile(letClauses.get(i).getExpression(), scope);
    }
    List<RelationshipClause> clauses = query.getRelationship();
    Relationship[] relationships = new Relationship[clauses.size()];
    for (int i = 0; i < relationships.length; i++) {
      RelationshipClause clause = clauses.get(i);
      if (!(clause instanceof With) && !(clause instanceof Without)) {
        throw compiler.unsupported(outer, clause, "relationship " + clause.getClass().getSimpleName());
      }
      Scope related = scope.child();
      Expr source = compiler.compile(clause.getExpression(), related);
      int slot = related.declare(clause.getAlias());
      relationships[i] = new Relationship(source, slot, compiler.compile(clause.getSuchThat(), related), clause instanceof With);
    }
    Expr where = query.getWhere() == null ? null : compiler.compile(query.getWhere(), scope);
    Expr returned = query.getReturn() == null ? null : compiler.compile(query.getReturn().getExpression(), scope);
    boolean distinct = query.getReturn() != null && !Boolean.FALSE.equals(query.getReturn().isDistinct());
    Aggregation aggregation = null;
    if (query.getAggregate() != null) {
      if (returned != null) {
        throw compiler.unsupported(outer, query, "a query with both aggregate and return");
      }
      var clause = query.getAggregate();
      Expr starting = clause.getStarting() == null ? null : compiler.compile(clause.getStarting(), scope);
      Scope aggregating = scope.child();
      int slot = aggregating.declare(clause.getIdentifier());
      aggregation = new Aggregation(slot, starting, compiler.compile(clause.getExpression(), aggregating),
          Boolean.TRUE.equals(clause.isDistinct()));
    }
    Sort[] sorts = query.getSort() == null ? new Sort[0] : sorts(query.getSort().getBy(), scope, compiler, query);
    return new QueryExpr(sources, aliases, sourceSlots, lets, letSlots, relationships, where, returned, distinct,
        aggregation, sorts);
  }

  private static Sort[] sorts(List<SortByItem> items, Scope scope, ExpressionCompiler compiler, Query query) {
    Sort[] sorts = new Sort[items.size()];
    for (int i = 0; i < sorts.length; i++) {
      SortByItem item = items.get(i);
      String direction = item.getDirection() == null ? "asc" : item.getDirection().value();
      boolean descending = direction.equals("desc") || direction.equals("descending");
      if (item instanceof ByColumn column) {
        sorts[i] = new Sort(Sort.COLUMN, column.getPath(), null, -1, descending);
      } else if (item instanceof ByExpression byExpression) {
        Scope rowScope = scope.child();
        int row = rowScope.declare(SORT_ROW);
        sorts[i] = new Sort(Sort.EXPRESSION, null, compiler.compile(byExpression.getExpression(), rowScope), row, descending);
      } else if (item instanceof ByDirection) {
        sorts[i] = new Sort(Sort.VALUE, null, null, -1, descending);
      } else {
        throw compiler.unsupported(scope, query, "sort item " + item.getClass().getSimpleName());
      }
    }
    return sorts;
  }

  @Override
  public Object eval(Evaluation e, Object[] v) {
    List<Object> result = new ArrayList<>();
    boolean sourceIsList = false;
    // most queries have one source: for them no array of sources is allocated on every run
    Iterable<?>[] rows = sources.length == 1 ? null : new Iterable<?>[sources.length];
    Iterable<?> firstRows = null;
    for (int i = 0; i < sources.length; i++) {
      Object source = sources[i].eval(e, v);
      sourceIsList |= source instanceof Iterable<?>;
      Iterable<?> sourceRows = rowsOf(source);
      if (i == 0) {
        firstRows = sourceRows;
      }
      if (rows != null) {
        rows[i] = sourceRows;
      }
    }
    collect(e, v, rows, 0, firstRows, result);
    if (aggregation != null) {
      return aggregate(e, v, result);
    }
    if (returned != null && distinct) {
      result = DistinctEvaluator.INSTANCE.distinct(result, e.state);
    }
    for (Sort sort : sorts) {
      result.sort(comparator(sort, e, v));
      if (sort.descending()) {
        Collections.reverse(result);
      }
    }
    if (!sourceIsList) {
      return result.isEmpty() ? null : result.get(0);
    }
    return result;
  }

  private static Iterable<?> rowsOf(Object source) {
    if (source instanceof Iterable<?> iterable) {
      return iterable;
    }
    return source == null ? List.of() : Collections.singletonList(source);
  }

  /** The rows of source {@code source}, each combined with the rows of the sources after it ({@code rows}, null when there is one source). */
  private void collect(Evaluation e, Object[] v, Iterable<?>[] rows, int source, Iterable<?> sourceRows, List<Object> result) {
    // indexed: the query runs for every define and function call, and an iterator per run is garbage.
    // A test of the class, not of List and RandomAccess: on Java 17 a class tested against another
    // interface than the one it last passed rewrites a cache in the class, which the cores then pass
    // back and forth (JDK-8180450, fixed in Java 23), and the engine tests every list against Iterable.
    if (sourceRows instanceof ArrayList<?> list) {
      for (int i = 0, size = list.size(); i < size; i++) {
        row(e, v, rows, source, list.get(i), result);
      }
    } else {
      for (Object row : sourceRows) {
        row(e, v, rows, source, row, result);
      }
    }
  }

  private void row(Evaluation e, Object[] v, Iterable<?>[] rows, int source, Object row, List<Object> result) {
    v[sourceSlots[source]] = row;
    if (source + 1 < sources.length) {
      collect(e, v, rows, source + 1, rows[source + 1], result);
      return;
    }
    for (int i = 0; i < lets.length; i++) {
      v[letSlots[i]] = lets[i].eval(e, v);
    }
    if (!relationshipsHold(e, v)) {
      return;
    }
    if (where != null && !Boolean.TRUE.equals(where.eval(e, v))) {
      return;
    }
    result.add(returned != null ? returned.eval(e, v) : sources.length == 1 && aggregation == null ? row : aliasTuple(v));
  }

  /**
   * As the engine's AggregateClauseEvaluator: the rows (tuples of the aliases) are folded into the
   * identifier, which starts as the starting value, or null.
   */
  private Object aggregate(Evaluation e, Object[] v, List<Object> rows) {
    List<?> folded = aggregation.distinct() ? DistinctEvaluator.INSTANCE.distinct(rows, e.state) : rows;
    Object value = aggregation.starting() == null ? null : aggregation.starting().eval(e, v);
    for (Object row : folded) {
      Map<String, Object> elements = ((Tuple) row).getElements();
      for (int i = 0; i < aliases.length; i++) {
        v[sourceSlots[i]] = elements.get(aliases[i]);
      }
      v[aggregation.slot()] = value;
      value = aggregation.expression().eval(e, v);
    }
    return value;
  }

  /** A row of a multi-source query without a return clause, or of an aggregating one: a tuple of its aliases. */
  private Tuple aliasTuple(Object[] v) {
    Tuple tuple = new Tuple();
    Map<String, Object> elements = tuple.getElements();
    for (int i = 0; i < aliases.length; i++) {
      elements.put(aliases[i], v[sourceSlots[i]]);
    }
    return tuple;
  }

  private boolean relationshipsHold(Evaluation e, Object[] v) {
    for (Relationship relationship : relationships) {
      boolean satisfied = false;
      Object related = relationship.source().eval(e, v);
      Iterable<?> candidates = related instanceof Iterable<?> list ? list
          : related == null ? List.of() : Collections.singletonList(related);
      for (Object candidate : candidates) {
        v[relationship.slot()] = candidate;
        if (Boolean.TRUE.equals(relationship.suchThat().eval(e, v))) {
          satisfied = true;
          break;
        }
      }
      if (satisfied != relationship.with()) {
        return false;
      }
    }
    return true;
  }

  private static Comparator<Object> comparator(Sort sort, Evaluation e, Object[] v) {
    return switch (sort.kind()) {
      case Sort.COLUMN -> (left, right) -> compare(
          ExpressionCompiler.Properties.get(left, sort.column()), ExpressionCompiler.Properties.get(right, sort.column()), e);
      case Sort.EXPRESSION -> (left, right) -> {
        v[sort.rowSlot()] = left;
        Object l = sort.expression().eval(e, v);
        v[sort.rowSlot()] = right;
        Object r = sort.expression().eval(e, v);
        return compare(l, r, e);
      };
      default -> (left, right) -> compare(left, right, e);
    };
  }

  /** The engine's sort order (CqlList): nulls first, quantities by value in common units, else natural order. */
  @SuppressWarnings("unchecked")
  private static int compare(Object left, Object right, Evaluation e) {
    if (left == null && right == null) {
      return 0;
    }
    if (left == null) {
      return -1;
    }
    if (right == null) {
      return 1;
    }
    if (left instanceof Quantity l && right instanceof Quantity r) {
      Integer compared = UnitConversionHelperKt.compareQuantities(l, r, e.state);
      if (compared == null) {
        throw new InvalidComparison("Quantity " + l + " is not comparable to quantity " + r);
      }
      return compared;
    }
    if (left instanceof Interval l && right instanceof Interval r) {
      return l.compareTo(r, e.state);
    }
    try {
      return ((Comparable<Object>) left).compareTo(right);
    } catch (ClassCastException ex) {
      throw new InvalidComparison("Type " + left.getClass().getName() + " is not comparable");
    }
  }
}
