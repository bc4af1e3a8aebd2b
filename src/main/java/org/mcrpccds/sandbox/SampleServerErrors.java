package org.mcrpccds.sandbox;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Refusals of the sample server, each with its OperationOutcome already attached: HAPI logs the
 * message of an exception it has to build an outcome for, and messages quote what the client sent
 * (ids, search values), which must not reach the logs.
 */
final class SampleServerErrors {
  private SampleServerErrors() {}

  static ResourceNotFoundException notFound(String message) {
    return new ResourceNotFoundException(message, outcome(OperationOutcome.IssueType.NOTFOUND, message));
  }

  static InvalidRequestException notSupported(String message) {
    return new InvalidRequestException(message, outcome(OperationOutcome.IssueType.NOTSUPPORTED, message));
  }

  static OperationOutcome outcome(OperationOutcome.IssueType type, String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
    return outcome;
  }
}
