package org.mcrpccds.cql;

import java.time.ZonedDateTime;
import java.util.Map;
import org.mcrpccds.fhir.PatientRecord;

/**
 * Evaluates a CQL library for one patient. Two implementations give the same results: the
 * compiled evaluator (the default, fast) and the reference CQL engine (used when a library needs
 * a construct the compiled evaluator lacks, and as the oracle the tests compare against).
 */
public interface CqlEvaluator {
  /**
   * Every define of {@code libraryName}, by name in library order, evaluated at {@code now}; a
   * define may be computed only when the map is first asked for it (so a card that does not fire
   * costs nothing for its facts), and iterating the map computes them all.
   * {@code parameters} may hold FHIR data as {@link org.mcrpccds.fhir.FhirElement}s (or lists of them).
   */
  Map<String, Object> evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now);
}
