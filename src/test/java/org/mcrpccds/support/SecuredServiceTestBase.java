package org.mcrpccds.support;

import java.net.http.HttpRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP tests that need a production-like security configuration: JWTs required from
 * the {@link TestIssuers}, a rate limit, and FHIR fallback only to an explicit allow-list on the
 * {@link TestFhirServer} (no loopback wildcard), with timeouts generous enough for a busy CI
 * machine. Every test that needs this extends this class unchanged, so the suite starts this
 * configuration once. Requests get a valid JWT for their URL unless they carry an Authorization
 * header already; {@link #sendWithoutToken} sends none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mcrpc.security.require-jwt=true",
    "mcrpc.security.rate-limit.enabled=true",
    "mcrpc.security.rate-limit.burst=5",
    "mcrpc.security.rate-limit.per-second=0.05",
    "mcrpc.fhir.allow-loopback=false",
    "mcrpc.fhir.connect-timeout=2s",
    "mcrpc.fhir.read-timeout=5s",
    "mcrpc.fhir.total-timeout=10s",
    "mcrpc.fhir.max-pages=8"})
public abstract class SecuredServiceTestBase extends ServiceTestBase {
  protected static final TestIssuers ISSUERS = TestIssuers.get();
  protected static final TestFhirServer FHIR = TestFhirServer.get();

  /** Everything that names a port of a test server; a list property must come from one source. */
  @DynamicPropertySource
  static void testServers(DynamicPropertyRegistry registry) {
    String[][] issuers = {
        {TestIssuers.EHR, "file:" + ISSUERS.ehrJwksFile(), null, null},
        {TestIssuers.ROTATING, ISSUERS.url("/rotating/jwks.json"), ISSUERS.url("/rotating/alternate-jwks.json"), null},
        {TestIssuers.REFRESH, ISSUERS.url("/refresh/jwks.json"), null, null},
        {TestIssuers.TENANT, "file:" + ISSUERS.ehrJwksFile(), null, TestIssuers.TENANT_ID}};
    for (int i = 0; i < issuers.length; i++) {
      String prefix = "mcrpc.security.issuers[" + i + "].";
      String[] issuer = issuers[i];
      registry.add(prefix + "iss", () -> issuer[0]);
      registry.add(prefix + "jwks", () -> issuer[1]);
      if (issuer[2] != null) {
        registry.add(prefix + "jku[0]", () -> issuer[2]);
      }
      if (issuer[3] != null) {
        registry.add(prefix + "tenant", () -> issuer[3]);
      }
    }
    registry.add("mcrpc.fhir.allowed-servers", () -> String.join(",",
        FHIR.base("fhir"), FHIR.base("no-include"), FHIR.base("paged"), FHIR.base("tiny-pages"), FHIR.base("broken"), FHIR.base("wrong-token")));
  }

  @Override
  protected Response send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    if (built.headers().firstValue("Authorization").isPresent()) {
      return super.send(request);
    }
    return super.send(HttpRequest.newBuilder(built, (name, value) -> true)
        .header("Authorization", "Bearer " + ISSUERS.token(built.uri().toString()).compact()));
  }

  protected Response sendWithoutToken(HttpRequest.Builder request) {
    return super.send(request);
  }
}
