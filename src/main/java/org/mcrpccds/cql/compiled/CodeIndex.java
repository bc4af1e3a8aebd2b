package org.mcrpccds.cql.compiled;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.fhir.FhirElement;

/**
 * The codings at one code path of one type's resources in a record, each with the resources that
 * hold it: made once per call, it answers every code-filtered retrieve of that type and path. The
 * libraries retrieve Observations by code a dozen times a call (PSMA results, PSA, testosterone,
 * genomic results...), and testing every coding of every Observation for each cost more than the
 * rest of those defines.
 */
final class CodeIndex {
  private record Coding(String system, String code) {}

  private final List<FhirElement> resources;
  /** Each distinct coding and, in record order, the positions of the resources that hold it. */
  private final Map<Coding, BitSet> holders = new LinkedHashMap<>();

  private CodeIndex(List<FhirElement> resources) {
    this.resources = resources;
  }

  /** Reads the codings as a retrieve's filter tests them (FhirElement.anyCoding, every one visited). */
  static CodeIndex of(List<FhirElement> resources, String codePath) {
    CodeIndex index = new CodeIndex(resources);
    for (int i = 0; i < resources.size(); i++) {
      int position = i;
      resources.get(i).anyCoding(codePath, (system, code) -> {
        index.holders.computeIfAbsent(new Coding(system, code), c -> new BitSet()).set(position);
        return false;
      });
    }
    return index;
  }

  /** The resources with a coding that passes {@code test}, in record order: what filtering them one by one gives. */
  List<Object> resourcesWith(FhirElement.CodingTest test) {
    BitSet matching = new BitSet(resources.size());
    holders.forEach((coding, positions) -> {
      if (test.matches(coding.system(), coding.code())) {
        matching.or(positions);
      }
    });
    List<Object> found = new ArrayList<>(matching.cardinality());
    for (int i = matching.nextSetBit(0); i >= 0; i = matching.nextSetBit(i + 1)) {
      found.add(resources.get(i));
    }
    return found;
  }
}
