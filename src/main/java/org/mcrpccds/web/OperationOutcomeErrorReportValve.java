package org.mcrpccds.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Errors Tomcat answers itself, before any servlet runs (a malformed URI, a header over the
 * limit, an unreadable Content-Length), as an OperationOutcome like every other error, instead of
 * Tomcat's HTML page. Only the status's reason phrase is sent: never an exception or server version.
 */
public class OperationOutcomeErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String reason = known == null ? "HTTP " + status : known.getReasonPhrase();
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(OperationOutcomes.json(status < 500 ? "invalid" : "exception", reason));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the connection is gone or the response already committed: nothing more to send
    }
  }
}
