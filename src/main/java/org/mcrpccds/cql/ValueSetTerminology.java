package org.mcrpccds.cql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.ValueSet;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.terminology.CodeSystemInfo;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * Value-set membership from the project's own ValueSet resources, expanded once at startup into
 * hash sets so that every {@code in} test during a request is one lookup. No terminology server
 * is consulted: the value sets enumerate their codes (expansion.contains, else compose concepts).
 */
public final class ValueSetTerminology implements TerminologyProvider {
  /** url → system → codes */
  private final Map<String, Map<String, Set<String>>> membersByUrl = new HashMap<>();
  private final Map<String, List<Code>> codesByUrl = new HashMap<>();

  public ValueSetTerminology(List<ValueSet> valueSets) {
    for (ValueSet valueSet : valueSets) {
      List<Code> codes = enumerate(valueSet);
      if (codes.isEmpty()) {
        throw new IllegalStateException("value set " + valueSet.getUrl() + " enumerates no codes");
      }
      codesByUrl.put(valueSet.getUrl(), List.copyOf(codes));
      Map<String, Set<String>> bySystem = new HashMap<>();
      codes.forEach(code -> bySystem.computeIfAbsent(code.getSystem(), s -> new HashSet<>()).add(code.getCode()));
      membersByUrl.put(valueSet.getUrl(), bySystem);
    }
  }

  private static List<Code> enumerate(ValueSet valueSet) {
    List<Code> codes = new ArrayList<>();
    if (valueSet.hasExpansion() && valueSet.getExpansion().hasContains()) {
      valueSet.getExpansion().getContains().forEach(c ->
          codes.add(new Code().withSystem(c.getSystem()).withCode(c.getCode()).withDisplay(c.getDisplay())));
    } else {
      valueSet.getCompose().getInclude().forEach(include -> include.getConcept().forEach(c ->
          codes.add(new Code().withSystem(include.getSystem()).withCode(c.getCode()).withDisplay(c.getDisplay()))));
    }
    return codes;
  }

  public Set<String> urls() {
    return membersByUrl.keySet();
  }

  @Override
  public boolean in(Code code, ValueSetInfo valueSet) {
    if (code == null || code.getCode() == null) {
      return false;
    }
    return contains(members(valueSet.getId()), code.getSystem(), code.getCode());
  }

  /** The members of the value set {@code url}, for repeated tests: see {@link #contains}. */
  public Map<String, Set<String>> members(String url) {
    Map<String, Set<String>> members = membersByUrl.get(url);
    if (members == null) {
      // A library naming a value set we do not ship is a content error: fail loudly, not silently false.
      throw new IllegalStateException("unknown value set " + url);
    }
    return members;
  }

  /** Whether {@code members} (of {@link #members}) holds the code: one or two hash lookups, no allocation. */
  public static boolean contains(Map<String, Set<String>> members, String system, String code) {
    if (code == null) {
      return false;
    }
    Set<String> codes = members.get(system);
    return codes != null && codes.contains(code);
  }

  @Override
  public Iterable<Code> expand(ValueSetInfo valueSet) {
    members(valueSet.getId());
    return codesByUrl.get(valueSet.getId());
  }

  @Override
  public Code lookup(Code code, CodeSystemInfo codeSystem) {
    return code;
  }
}
