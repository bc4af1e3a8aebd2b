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
  private final Map<String, Set<String>> membersByUrl = new HashMap<>();
  private final Map<String, List<Code>> codesByUrl = new HashMap<>();

  public ValueSetTerminology(List<ValueSet> valueSets) {
    for (ValueSet valueSet : valueSets) {
      List<Code> codes = enumerate(valueSet);
      if (codes.isEmpty()) {
        throw new IllegalStateException("value set " + valueSet.getUrl() + " enumerates no codes");
      }
      codesByUrl.put(valueSet.getUrl(), List.copyOf(codes));
      Set<String> keys = new HashSet<>();
      codes.forEach(code -> keys.add(key(code.getSystem(), code.getCode())));
      membersByUrl.put(valueSet.getUrl(), keys);
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

  private static String key(String system, String code) {
    return system + '|' + code;
  }

  public Set<String> urls() {
    return membersByUrl.keySet();
  }

  @Override
  public boolean in(Code code, ValueSetInfo valueSet) {
    if (code == null || code.getCode() == null) {
      return false;
    }
    return members(valueSet).contains(key(code.getSystem(), code.getCode()));
  }

  @Override
  public Iterable<Code> expand(ValueSetInfo valueSet) {
    members(valueSet);
    return codesByUrl.get(valueSet.getId());
  }

  @Override
  public Code lookup(Code code, CodeSystemInfo codeSystem) {
    return code;
  }

  private Set<String> members(ValueSetInfo valueSet) {
    Set<String> members = membersByUrl.get(valueSet.getId());
    if (members == null) {
      // A library naming a value set we do not ship is a content error: fail loudly, not silently false.
      throw new IllegalStateException("unknown value set " + valueSet.getId());
    }
    return members;
  }
}
