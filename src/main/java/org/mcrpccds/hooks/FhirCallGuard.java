package org.mcrpccds.hooks;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.methods.HttpRequestBase;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.web.ApiException;

/**
 * Sits on the HAPI client of one hook call, between it and the network. Every call must go to a URL
 * under the request's {@code fhirServer} (whatever a server put in its paging links), and only then
 * gets the access token. The calls in flight are remembered, so that a fetch past its deadline can
 * abort them instead of leaving threads waiting on a server that trickles bytes.
 */
final class FhirCallGuard implements IClientInterceptor {
  private final URI server;
  private final String accessToken;
  private final Set<HttpRequestBase> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean aborted;

  FhirCallGuard(URI server, String accessToken) {
    this.server = server;
    this.accessToken = accessToken;
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    // Registered before the check, so that abortAll either sees this call or this check sees
    // abortAll: checked first, a call could slip out between the check and a concurrent abortAll.
    if (request instanceof ApacheHttpRequest apache) {
      inFlight.add(apache.getApacheRequest());
    }
    if (aborted) {
      throw ApiException.preconditionFailed("fetch aborted");
    }
    if (!FhirServerGuard.isUnder(server, request.getUri())) {
      throw ApiException.preconditionFailed("a call outside fhirServer was refused");
    }
    if (accessToken != null) {
      request.addHeader("Authorization", "Bearer " + accessToken);
    }
  }

  @Override
  public void interceptResponse(IHttpResponse response) {
    // a finished call needs no abort; its request object is released with the guard
  }

  void abortAll() {
    aborted = true;
    inFlight.forEach(HttpRequestBase::abort);
  }
}
