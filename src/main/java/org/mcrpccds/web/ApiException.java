package org.mcrpccds.web;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with the HTTP status and the FHIR issue type of the
 * OperationOutcome that explains it. Messages must never contain patient data or tokens.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String issueType;

  public ApiException(HttpStatus status, String issueType, String message) {
    super(message, null, false, false);
    this.status = status;
    this.issueType = issueType;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "invalid", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, "not-found", message);
  }

  public static ApiException preconditionFailed(String message) {
    return new ApiException(HttpStatus.PRECONDITION_FAILED, "incomplete", message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "too-costly", message);
  }

  public HttpStatus status() {
    return status;
  }

  public String issueType() {
    return issueType;
  }
}
