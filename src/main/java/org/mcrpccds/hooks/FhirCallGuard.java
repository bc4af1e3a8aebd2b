package org.mcrpccds.hooks;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.methods.HttpRequestBase;
import org.mcrpccds.fhir.FhirServerGuard;

/**
 * Sits on the HAPI client of one hook call, between it and the network. Every call must go to a URL
 * under the request's {@code fhirServer} (whatever a server put in its paging links), and only then
 * gets the access token. The calls in flight are remembered, so that a fetch past its deadline can
 * abort them instead of leaving threads waiting on a server that trickles bytes.
 *
 * <p>A call it stops (after an abort, or outside {@code fhirServer}) is aborted before it is sent, so
 * that executing it fails at once as an I/O error, without touching the network. Throwing from here
 * would do the same, but HAPI logs every exception an interceptor throws at ERROR with its stack
 * trace: an alert for what is an expected outcome of a failed fetch.
 */
final class FhirCallGuard implements IClientInterceptor {
  private final URI server;
  private final String accessToken;
  private final Set<HttpRequestBase> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean aborted;
  private volatile String refusal;

  FhirCallGuard(URI server, String accessToken) {
    this.server = server;
    this.accessToken = accessToken;
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    // FhirServerFetcher's clients are HAPI's Apache clients: their requests can be aborted
    HttpRequestBase call = ((ApacheHttpRequest) request).getApacheRequest();
    // Registered before the check, so that abortAll either sees this call or this check sees
    // abortAll: checked first, a call could slip out between the check and a concurrent abortAll.
    inFlight.add(call);
    if (aborted) {
      call.abort();
      return;
    }
    if (!FhirServerGuard.isUnder(server, request.getUri())) {
      refusal = "a call outside fhirServer was refused";
      call.abort();
      return;
    }
    if (accessToken != null) {
      request.addHeader("Authorization", "Bearer " + accessToken);
    }
  }

  @Override
  public void interceptResponse(IHttpResponse response) {
    // a finished call needs no abort; its request object is released with the guard
  }

  /** Why a call was stopped here, if one was: the call itself fails as a connection error. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  void abortAll() {
    aborted = true;
    inFlight.forEach(HttpRequestBase::abort);
  }
}
