package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** What the fallback fetch tries again; {@link FirstFallbackCallTest} shows why it must. */
class ConnectRetryTest {
  private final ConnectRetry retry = new ConnectRetry();

  @Test
  void aConnectionNotAcceptedInTimeIsTriedOnceMore() {
    HttpClientContext context = HttpClientContext.create();

    assertThat(retry.retryRequest(new ConnectTimeoutException(), 1, context)).isTrue();
    assertThat(retry.retryRequest(new ConnectTimeoutException(), 2, context)).isFalse();
  }

  @Test
  void otherFailuresAreTriedAgainAsHttpClientsDefaultDoes() {
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(HttpClientContext.HTTP_REQUEST, new HttpGet("http://127.0.0.1/fhir/Patient/1"));

    assertThat(retry.retryRequest(new ConnectException("refused"), 1, context)).as("a refused connection").isFalse();
    assertThat(retry.retryRequest(new NoHttpResponseException("closed"), 1, context)).as("a dropped kept-alive GET").isTrue();
    assertThat(retry.retryRequest(new NoHttpResponseException("closed"), 4, context)).as("after three retries").isFalse();
  }
}
