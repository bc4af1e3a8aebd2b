package org.mcrpccds.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every refusal becomes an OperationOutcome with the right status. Unexpected failures are logged
 * by class name only (their messages may quote request content) and answered without internals.
 */
@RestControllerAdvice
class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<String> refused(ApiException e) {
    return OperationOutcomes.response(e.status(), e.issueType(), e.getMessage());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<String> noSuchPath(NoResourceFoundException e) {
    return OperationOutcomes.response(HttpStatus.NOT_FOUND, "not-found", "no such endpoint");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<String> wrongMethod(HttpRequestMethodNotSupportedException e) {
    return OperationOutcomes.response(HttpStatus.METHOD_NOT_ALLOWED, "not-supported", "method " + e.getMethod() + " not allowed here");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<String> wrongMediaType(HttpMediaTypeNotSupportedException e) {
    return OperationOutcomes.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-supported", "send application/json");
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodySizeLimitFilter.BodyTooLargeException) {
        return OperationOutcomes.response(HttpStatus.PAYLOAD_TOO_LARGE, "too-costly", "request body too large");
      }
    }
    return OperationOutcomes.response(HttpStatus.BAD_REQUEST, "invalid", "the request body could not be read");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<String> unexpected(Exception e) {
    log.error("unexpected {} while answering a request", e.getClass().getName());
    return OperationOutcomes.response(HttpStatus.INTERNAL_SERVER_ERROR, "exception", "internal error");
  }
}
