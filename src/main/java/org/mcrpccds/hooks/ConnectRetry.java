package org.mcrpccds.hooks;

import java.io.IOException;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.http.protocol.HttpContext;

/**
 * Tries a connection to fhirServer once more when it was not accepted in time. Nothing has been
 * sent then, so a second attempt is safe, and it is what saves the first fetch after a start: that
 * fetch opens a connection per query at once, a server with a short listen queue drops the attempts
 * that do not fit, and the kernel repeats a dropped attempt after one second and then only after
 * three, later than one connect timeout. Every other failure is retried as HttpClient's default
 * does; the hook call's total timeout bounds it all.
 */
final class ConnectRetry implements HttpRequestRetryHandler {
  private static final HttpRequestRetryHandler DEFAULT = DefaultHttpRequestRetryHandler.INSTANCE;

  @Override
  public boolean retryRequest(IOException exception, int executionCount, HttpContext context) {
    if (exception instanceof ConnectTimeoutException) {
      return executionCount == 1;
    }
    return DEFAULT.retryRequest(exception, executionCount, context);
  }
}
