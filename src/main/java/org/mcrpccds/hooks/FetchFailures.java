package org.mcrpccds.hooks;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a fetch from {@code fhirServer} failed, in words an integrator can act on, without the
 * server's message or HAPI's (they quote the query, which names the patient, and may echo the
 * token); and the 412 that says so, logged with the chain of exception classes behind it.
 */
final class FetchFailures {
  private static final Logger log = LoggerFactory.getLogger(FhirServerFetcher.class);

  private final FhirServerProperties properties;

  FetchFailures(FhirServerProperties properties) {
    this.properties = properties;
  }

  /**
   * The 412 for {@code what} (a prefetch key, a Medication read), logged at WARN with the server's
   * base, the reason and the exception classes of {@code cause} (may be null), never their messages.
   */
  ApiException failure(String what, String server, String reason, Throwable cause) {
    log.warn("FHIR fallback fetch failed: {} from {}: {}{}", what, server, reason, cause == null ? "" : " (" + chain(cause) + ")");
    return ApiException.preconditionFailed(what + " could not be fetched: " + reason);
  }

  /**
   * What went wrong in one call. HAPI's connection failure is itself a
   * {@link BaseServerResponseException} with status 500, so it must be told apart first: taken for
   * an answer, a connection that timed out read as "fhirServer answered HTTP 500", which no server
   * had sent.
   */
  String reason(Throwable cause, FhirCallGuard calls) {
    if (cause instanceof ApiException api) {
      return api.getMessage();
    }
    if (cause instanceof FhirClientConnectionException) {
      return calls.refusal().orElseGet(() -> connectionFailure(cause));
    }
    if (cause instanceof NonFhirResponseException response) {
      return "fhirServer answered HTTP " + response.getStatusCode() + " with a body that is not FHIR";
    }
    if (cause instanceof BaseServerResponseException response) {
      return "fhirServer answered HTTP " + response.getStatusCode();
    }
    return "fhirServer answer unreadable";
  }

  /** The cause of a call that got no usable answer, from the first exception in the chain that tells. */
  private String connectionFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionPoolTimeoutException) {
        return "no connection to fhirServer free within " + properties.connectTimeout().toMillis() + " ms (mcrpc.fhir.threads)";
      }
      if (t instanceof ConnectTimeoutException) {
        return "fhirServer did not accept a connection within " + properties.connectTimeout().toMillis()
            + " ms (mcrpc.fhir.connect-timeout)";
      }
      if (t instanceof SocketTimeoutException) {
        return "fhirServer sent nothing for " + properties.readTimeout().toMillis() + " ms (mcrpc.fhir.read-timeout)";
      }
      if (t instanceof ConnectException) {
        return "fhirServer refused the connection";
      }
      if (t instanceof UnknownHostException) {
        return "fhirServer's host name does not resolve";
      }
      if (t instanceof SSLException) {
        return "the TLS connection to fhirServer failed";
      }
      if (t instanceof NoHttpResponseException) {
        return "fhirServer closed the connection without answering";
      }
      if (t instanceof DataFormatException) {
        return "fhirServer's answer is not valid FHIR";
      }
    }
    return "fhirServer unreachable";
  }

  /** {@code FhirClientConnectionException < ConnectTimeoutException < SocketTimeoutException}: what failed, layer by layer. */
  private static String chain(Throwable cause) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = cause; t != null && chain.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
      chain.append(chain.length() == 0 ? "" : " < ").append(t.getClass().getSimpleName());
    }
    return chain.toString();
  }
}
