package org.mcrpccds.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.fhir.FhirServerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The security configuration without starting the application: the shipped Sandbox key, the
 * default and prod profiles as the YAML files define them, and the fail-fast checks.
 */
class SecurityConfigurationTest {

  @Test
  void theSandboxsPublishedKeyIsShippedAndParses() throws Exception {
    Map<String, JWK> keys = new JwkSetReader(Duration.ofSeconds(1)).read(TrustedIssuers.SANDBOX_JWKS);

    JWK key = keys.get("44823f3d-0b01-4a6c-a80e-b9d3e8a7226f");
    assertThat(key).isInstanceOf(ECKey.class);
    assertThat(((ECKey) key).getCurve()).isEqualTo(Curve.P_384);
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
    assertThat(key.isPrivate()).isFalse();
  }

  @Test
  void theDefaultProfileTrustsTheSandboxAndKeepsJwtsOptional() throws IOException {
    Binder binder = binder("application.yml");
    SecurityProperties security = binder.bindOrCreate("mcrpc.security", SecurityProperties.class);

    assertThat(security.requireJwt()).isFalse();
    assertThat(security.trustCdsHooksSandbox()).isTrue();
    assertThat(security.cors().allowedOrigins()).containsExactly("*");
    assertThat(security.rateLimit().enabled()).isFalse();
    assertThat(new TrustedIssuers(security, Clock.systemUTC()).find(TrustedIssuers.SANDBOX_ISS)).isPresent();
    assertThat(binder.bind("server.address", String.class).get()).isEqualTo("127.0.0.1");
    assertThat(binder.bind("server.shutdown", String.class).get()).isEqualTo("graceful");
    assertThat(binder.bindOrCreate("mcrpc.fhir", FhirServerProperties.class).allowLoopback()).isTrue();
  }

  @Test
  void theProdProfileRequiresJwtsHttpsAndAnExplicitAllowList() throws IOException {
    Binder binder = binder("application-prod.yml", "application.yml");
    SecurityProperties security = binder.bindOrCreate("mcrpc.security", SecurityProperties.class);
    FhirServerProperties fhir = binder.bindOrCreate("mcrpc.fhir", FhirServerProperties.class);

    assertThat(security.requireJwt()).isTrue();
    assertThat(security.trustCdsHooksSandbox()).isFalse();
    assertThat(security.cors().allowedOrigins()).allMatch(String::isBlank);
    assertThat(security.rateLimit().enabled()).isTrue();
    assertThat(fhir.allowLoopback()).isFalse();
    assertThat(fhir.requireHttps()).isTrue();
    assertThat(new FhirServerGuard(fhir).allowed("http://127.0.0.1:8080/fhir")).isEmpty();
    assertThat(binder.bind("server.address", String.class).get()).isEqualTo("0.0.0.0");
  }

  @Test
  void theProdProfileRefusesToStartWithoutATrustedIssuer() throws IOException {
    SecurityProperties prod = binder("application-prod.yml", "application.yml").bindOrCreate("mcrpc.security", SecurityProperties.class);

    assertThatThrownBy(() -> new TrustedIssuers(prod, Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mcrpc.security.issuers[0].iss");
  }

  @Test
  void anIssuerNeedsAUsableKeySetLocation() {
    for (String location : List.of("", "http://keys.example.org/jwks.json", "ftp://keys.example.org/jwks.json", "jwks.json")) {
      SecurityProperties properties = withIssuers(List.of(new SecurityProperties.Issuer("https://ehr.example.org", location, List.of(), null)));
      assertThatThrownBy(() -> new TrustedIssuers(properties, Clock.systemUTC())).as(location).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void theExpectedAudienceIsTheUrlCalledOrThePublicBaseBehindAProxy() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/mcrpc-patient-view");
    request.setScheme("http");
    request.setServerName("10.0.0.5");
    request.setServerPort(8080);
    request.addHeader("X-Forwarded-Host", "evil.example.org");

    assertThat(new ExpectedAudience(withIssuers(List.of())).of(request))
        .isEqualTo("http://10.0.0.5:8080/cds-services/mcrpc-patient-view");
    assertThat(new ExpectedAudience(withBase("https://cds.example.org/")).of(request))
        .isEqualTo("https://cds.example.org/cds-services/mcrpc-patient-view");
  }

  @Test
  void aTokenBucketAllowsItsBurstThenRefuses() {
    TokenBuckets buckets = new TokenBuckets(3, 0.001);

    assertThat(List.of(buckets.take("a"), buckets.take("a"), buckets.take("a"))).containsOnly(0L);
    assertThat(buckets.take("a")).isPositive();
    assertThat(buckets.take("b")).isZero();
  }

  private static SecurityProperties withIssuers(List<SecurityProperties.Issuer> issuers) {
    SecurityProperties defaults = new Binder().bindOrCreate("mcrpc.security", SecurityProperties.class);
    return new SecurityProperties(true, issuers, false, defaults.audienceBaseUrl(), defaults.clockSkew(),
        defaults.maxTokenLifetime(), defaults.jwksTimeout(), defaults.jwksCacheTtl(), defaults.jwksRefreshInterval(),
        defaults.cors(), defaults.rateLimit(), defaults.headers());
  }

  private static SecurityProperties withBase(String base) {
    SecurityProperties d = withIssuers(List.of());
    return new SecurityProperties(d.requireJwt(), d.issuers(), d.trustCdsHooksSandbox(), base, d.clockSkew(),
        d.maxTokenLifetime(), d.jwksTimeout(), d.jwksCacheTtl(), d.jwksRefreshInterval(), d.cors(), d.rateLimit(), d.headers());
  }

  /** The files' properties, the first one winning, as profile-specific files win over application.yml. */
  private static Binder binder(String... files) throws IOException {
    MutablePropertySources sources = new MutablePropertySources();
    for (String file : files) {
      List<PropertySource<?>> loaded = new ArrayList<>(new YamlPropertySourceLoader().load(file, new ClassPathResource(file)));
      loaded.forEach(sources::addLast);
    }
    return new Binder(ConfigurationPropertySources.from(sources));
  }
}
