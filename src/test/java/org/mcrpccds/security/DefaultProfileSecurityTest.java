package org.mcrpccds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestIssuers;

/**
 * The default (local) profile: JWTs optional but verified when present, any browser origin may
 * call the CDS Hooks endpoints (the CDS Hooks Sandbox runs in a browser), security headers everywhere.
 */
class DefaultProfileSecurityTest extends ServiceTestBase {
  private static final String SANDBOX = "https://sandbox.cds-hooks.org";

  @Test
  void withoutATokenCallsPass() {
    assertThat(get("/cds-services").status()).isEqualTo(200);
  }

  @Test
  void aTokenThatIsPresentIsVerifiedEvenWhereTokensAreOptional() {
    String untrusted = TestIssuers.get().token(url("/cds-services")).compact(); // no issuer is trusted for it here
    for (String authorization : List.of("Bearer " + untrusted, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz")) {
      Response response = send(HttpRequest.newBuilder(URI.create(url("/cds-services"))).header("Authorization", authorization).GET());
      assertThat(response.status()).as(authorization).isEqualTo(401);
      assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    }
  }

  @Test
  void preflightsAreAnsweredForDiscoveryServicesAndFeedback() {
    for (String path : List.of("/cds-services", "/cds-services/mcrpc-order-sign", "/cds-services/mcrpc-order-sign/feedback")) {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url(path)))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", SANDBOX)
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "authorization,content-type")).raw();

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
      assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
          .contains("authorization").contains("content-type");
    }
  }

  @Test
  void answersAndRefusalsCarryCorsHeadersSoTheBrowserCanReadThem() {
    HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(url("/cds-services"))).header("Origin", SANDBOX).GET()).raw();
    HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url("/cds-services")))
        .header("Origin", SANDBOX).header("Authorization", "Bearer nonsense").GET()).raw();

    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }

  @Test
  void onlyTheCdsHooksEndpointsAreOpenToOtherOrigins() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/analytics/rules")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", SANDBOX).header("Access-Control-Request-Method", "GET")).raw();

    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (Response response : List.of(get("/cds-services"), get("/cds-services/no-such-service"),
        post("/cds-services/mcrpc-patient-view", "{not json"))) {
      var headers = response.raw().headers();
      assertThat(headers.firstValue("X-Content-Type-Options")).as(response.body()).hasValue("nosniff");
      assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
      assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'")
          .contains("frame-ancestors 'none'");
    }
  }
}
