package org.mcrpccds.cql.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The divergences between the two evaluators that are known and explained
 * ({@code src/test/resources/evaluator-divergences.json}), each with its reason: of a define
 * ({@code library} and {@code define}), or caused by an anomaly of the data ({@code anomaly}, one
 * the generator names: any divergence that goes away when that anomaly is left out of the same
 * request). Which of them a run saw, so that an entry that no longer diverges is noticed.
 */
final class ExpectedDivergences {
  static final String FILE = "evaluator-divergences.json";

  /** "library.define" or "anomaly: name" → reason. */
  private final Map<String, String> reasons = new LinkedHashMap<>();
  private final Set<String> anomalies = new TreeSet<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  static ExpectedDivergences load() {
    try (InputStream in = ExpectedDivergences.class.getClassLoader().getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " not found on the test classpath");
      }
      ExpectedDivergences expected = new ExpectedDivergences();
      for (JsonNode entry : new ObjectMapper().readTree(in).path("divergences")) {
        String reason = entry.path("reason").asText("");
        if (reason.isBlank()) {
          throw new IllegalStateException(FILE + ": every divergence needs its reason: " + entry);
        }
        if (entry.has("anomaly")) {
          expected.anomalies.add(entry.get("anomaly").asText());
          expected.reasons.put(anomalyKey(entry.get("anomaly").asText()), reason);
        } else {
          expected.reasons.put(defineKey(entry.path("library").asText(), entry.path("define").asText()), reason);
        }
      }
      return expected;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String defineKey(String library, String define) {
    return library + "." + define;
  }

  private static String anomalyKey(String anomaly) {
    return "anomaly: " + anomaly;
  }

  /** Whether a divergence of this define is listed; a listed one counts as seen. */
  boolean explainsDefine(String library, String define) {
    return seen(defineKey(library, define));
  }

  /** Whether the anomaly is listed as a cause of divergences. */
  boolean listsAnomaly(String anomaly) {
    return anomalies.contains(anomaly);
  }

  /** A divergence went away with this anomaly: the entry is seen. */
  void anomalyExplained(String anomaly) {
    seen(anomalyKey(anomaly));
  }

  private boolean seen(String key) {
    if (reasons.containsKey(key)) {
      seen.add(key);
      return true;
    }
    return false;
  }

  /** The entries no request of the run diverged on. */
  Set<String> unseen() {
    Set<String> unseen = new TreeSet<>(reasons.keySet());
    unseen.removeAll(seen);
    return unseen;
  }
}
