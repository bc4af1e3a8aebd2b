package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF allow-list: exact scheme, host and port, a path under the base, no tricks. */
class FhirServerGuardTest {
  private static FhirServerGuard guard(List<String> allowed, boolean loopback, boolean https) {
    return new FhirServerGuard(new FhirServerProperties(allowed, loopback, https, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(1), 5, 4));
  }

  @Test
  void allowsTheListedBaseAndPathsUnderIt() {
    FhirServerGuard guard = guard(List.of("https://ehr.example.org/fhir/r4/"), false, true);

    assertThat(guard.allowed("https://ehr.example.org/fhir/r4")).isPresent();
    assertThat(guard.allowed("https://ehr.example.org/fhir/r4/")).isPresent();
    assertThat(guard.allowed("HTTPS://EHR.example.org/fhir/r4")).isPresent();
    assertThat(guard.allowed("https://ehr.example.org:443/fhir/r4/tenant-1")).isPresent();
  }

  @Test
  void refusesEverythingElse() {
    FhirServerGuard guard = guard(List.of("https://ehr.example.org/fhir/r4"), false, true);

    for (String server : List.of("https://ehr.example.org/fhir/r4x", "https://ehr.example.org/fhir", "https://ehr.example.org",
        "http://ehr.example.org/fhir/r4", "https://ehr.example.org:8443/fhir/r4", "https://ehr.example.org.evil.com/fhir/r4",
        "https://evil.com/ehr.example.org/fhir/r4", "https://ehr.example.org@evil.com/fhir/r4",
        "https://user@ehr.example.org/fhir/r4", "https://ehr.example.org/fhir/r4/../../admin",
        "https://ehr.example.org/fhir/r4/%2e%2e/%2e%2e/admin", "https://ehr.example.org/fhir/r4%2F..%2F..%2Fadmin",
        "https://ehr.example.org/fhir/r4?redirect=https://evil.com", "https://ehr.example.org/fhir/r4#x",
        "https://localhost/fhir", "http://127.0.0.1/fhir", "file:///etc/passwd", "ftp://ehr.example.org/fhir/r4",
        "//ehr.example.org/fhir/r4", "fhir/r4", "", " ", "https://ehr.example.org/fhir/r4 https://evil.com")) {
      assertThat(guard.allowed(server)).as(server).isEmpty();
    }
    assertThat(guard.allowed(null)).isEmpty();
  }

  @Test
  void loopbackOnlyWhereAllowedAndOnlyAsALiteral() {
    FhirServerGuard local = guard(List.of(), true, false);

    for (String server : List.of("http://localhost:8080/fhir", "http://127.0.0.1/fhir", "http://127.1.2.3:9/x", "http://[::1]:8080/fhir")) {
      assertThat(local.allowed(server)).as(server).isPresent();
    }
    for (String server : List.of("http://127.0.0.1.nip.io/fhir", "http://10.0.0.1/fhir", "http://169.254.169.254/latest",
        "http://[::ffff:169.254.169.254]/", "http://0.0.0.0/fhir", "http://example.org/fhir")) {
      assertThat(local.allowed(server)).as(server).isEmpty();
    }
    assertThat(guard(List.of(), false, false).allowed("http://127.0.0.1/fhir")).isEmpty();
  }

  @Test
  void pagingLinksMustStayUnderTheServer() {
    URI base = URI.create("https://ehr.example.org/fhir");

    assertThat(FhirServerGuard.isUnder(base, "https://ehr.example.org/fhir?_getpages=abc&_offset=2")).isTrue();
    assertThat(FhirServerGuard.isUnder(base, "https://ehr.example.org/fhir/Observation?patient=1&page=2")).isTrue();
    assertThat(FhirServerGuard.isUnder(base, "https://evil.com/fhir?_getpages=abc")).isFalse();
    assertThat(FhirServerGuard.isUnder(base, "http://ehr.example.org/fhir?_getpages=abc")).isFalse();
    assertThat(FhirServerGuard.isUnder(base, "https://ehr.example.org/other?_getpages=abc")).isFalse();
    assertThat(FhirServerGuard.isUnder(base, "https://ehr.example.org/fhir/../other")).isFalse();
    assertThat(FhirServerGuard.isUnder(base, "/fhir?_getpages=abc")).isFalse();
  }

  @Test
  void aPlainHttpAllowListEntryWhereHttpsIsRequiredStopsTheStart() {
    assertThatThrownBy(() -> guard(List.of("http://ehr.example.org/fhir"), false, true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("require-https");
    assertThatThrownBy(() -> guard(List.of("not a url"), false, false)).isInstanceOf(IllegalStateException.class);
  }
}
