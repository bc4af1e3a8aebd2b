package org.mcrpccds.cql;

import java.time.ZonedDateTime;
import java.util.Map;
import org.mcrpccds.fhir.PatientRecord;

/**
 * Evaluates a CQL library for one patient. Two implementations give the same results, in the same
 * form ({@link DefineResults}), so that no caller knows which one ran: the compiled evaluator (the
 * default, fast) and the reference CQL engine (used when a library needs a construct the compiled
 * evaluator lacks, and as the oracle the tests and the shadow check compare against).
 */
public interface CqlEvaluator {
  /**
   * Every define of {@code libraryName} evaluated at {@code now}. {@code parameters} may hold FHIR
   * data as {@link org.mcrpccds.fhir.FhirElement}s (or lists of them).
   */
  DefineResults evaluate(String libraryName, PatientRecord record, String patientId,
      Map<String, Object> parameters, ZonedDateTime now);
}
