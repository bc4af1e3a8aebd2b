package org.mcrpccds.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The requirements that CDS Hooks 2.0 places on a CDS service (the list Inferno's CDS Hooks test kit
 * extracted from the specification), one row each, with this project's verdict: {@code pass} (a
 * check of {@link CdsHooksConformanceTest} verifies it on the running service), {@code n/a} (why it
 * asks nothing of this service) or {@code deviates} (why the service departs from it, and a check of
 * how far).
 */
record ConformanceMatrix(List<Requirement> requirements) {
  static final Path FILE = Path.of("src/test/resources/conformance/cds-hooks-2.0-service-requirements.tsv");

  /**
   * @param how for {@code pass} and {@code deviates}: the check's id, a colon, what it verifies; for
   *     {@code n/a}: the reason
   */
  record Requirement(String id, String level, String actor, String section, String text, String status, String how) {

    boolean checked() {
      return !status.equals("n/a");
    }

    /** The id of the check that verifies this row ({@code card-summary}); null for {@code n/a}. */
    String check() {
      return checked() ? how.substring(0, how.indexOf(':')) : null;
    }
  }

  static ConformanceMatrix load() {
    try {
      List<String> lines = Files.readAllLines(FILE);
      return new ConformanceMatrix(lines.stream().skip(1).filter(line -> !line.isBlank()).map(line -> {
        String[] cells = line.split("\t", -1);
        if (cells.length != 7) {
          throw new IllegalStateException(FILE + ": a row needs 7 cells, not " + cells.length + ": " + line);
        }
        return new Requirement(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]);
      }).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long count(String status) {
    return requirements.stream().filter(r -> r.status().equals(status)).count();
  }
}
