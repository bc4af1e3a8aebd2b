package org.mcrpccds.feedback;

import org.mcrpccds.web.OperationOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database that does not answer is the server's problem, not the client's request: 503, so an
 * EHR may retry feedback later (it is idempotent). Logged by class only: messages can quote values.
 */
@RestControllerAdvice(assignableTypes = {FeedbackController.class, AnalyticsController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreUnavailableResponses {
  private static final Logger log = LoggerFactory.getLogger(StoreUnavailableResponses.class);

  @ExceptionHandler(DataAccessException.class)
  ResponseEntity<String> storeUnavailable(DataAccessException e) {
    log.error("feedback store unavailable: {}", e.getClass().getName());
    return OperationOutcomes.response(HttpStatus.SERVICE_UNAVAILABLE, "transient", "the feedback store is unavailable");
  }
}
