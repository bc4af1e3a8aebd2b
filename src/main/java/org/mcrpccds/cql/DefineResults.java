package org.mcrpccds.cql;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defines of one library evaluated for one patient, the same whichever evaluator ran them. A
 * value is in one form only: CQL System values (Boolean, Integer, Long, BigDecimal, String, and the
 * CQL engine's runtime Date, DateTime, Time, Quantity, Ratio, Code, Concept, Interval and Tuple),
 * lists of values, and FHIR data as {@link org.mcrpccds.fhir.FhirElement}s; never a HAPI object.
 *
 * <p>A define may be computed only when it is first read (so that the facts of a card that does not
 * fire cost nothing); {@link #all()} computes every one. Not thread-safe: one call's results.
 */
public final class DefineResults {
  /**
   * The value of the define at a position of {@link Names#list()}: computed on the first request and
   * the same value after that (the compiled evaluator keeps it in its evaluation, the reference
   * engine computed them all), so that results add no copy of their own.
   */
  @FunctionalInterface
  public interface Source {
    Object compute(int index);
  }

  /** A library's define names in library order, with their positions: made once per library, shared by every call. */
  public static final class Names {
    private final List<String> list;
    private final Map<String, Integer> indexes = new HashMap<>();

    public Names(List<String> names) {
      this.list = List.copyOf(names);
      for (int i = 0; i < list.size(); i++) {
        indexes.put(list.get(i), i);
      }
    }

    public List<String> list() {
      return list;
    }

    int index(String name) {
      Integer index = indexes.get(name);
      return index == null ? -1 : index;
    }
  }

  private final String library;
  private final Names names;
  private final Source source;

  private DefineResults(String library, Names names, Source source) {
    this.library = library;
    this.names = names;
    this.source = source;
  }

  /** Results read from {@code source}, which gives values in the form described above. */
  public static DefineResults of(String library, Names names, Source source) {
    return new DefineResults(library, names, source);
  }

  public String library() {
    return library;
  }

  /** Every define's name, in library order. */
  public List<String> names() {
    return names.list();
  }

  public boolean has(String define) {
    return names.index(define) >= 0;
  }

  /** The value of {@code define}, computed on first read; null for a define the library does not have. */
  public Object get(String define) {
    int index = names.index(define);
    return index < 0 ? null : source.compute(index);
  }

  /** Every define by name, in library order: computes those not read yet. */
  public Map<String, Object> all() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : names.list()) {
      all.put(name, get(name));
    }
    return all;
  }
}
