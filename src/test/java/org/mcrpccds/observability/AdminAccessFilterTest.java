package org.mcrpccds.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The admin credential in front of analytics and actuator, as the prod profile configures it. */
class AdminAccessFilterTest {
  private static final AdminProperties PROD = new AdminProperties(true, "admin", "s3cret-enough");

  @Test
  void requiredWithoutAPasswordRefusesToStart() {
    assertThatThrownBy(() -> new AdminAccessFilter(new AdminProperties(true, "admin", " ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mcrpc.admin.password");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/analytics/rules, 401",
      "/analytics/index.html, 401",
      "/analytics, 401",
      "/actuator/prometheus, 401",
      "/actuator, 401",
      "//actuator//prometheus, 401",
      "/actuator/health, 200",
      "/actuator/health/readiness, 200",
      "/cds-services, 200",
      "/analyticsx, 200"})
  void withoutACredential(String path, int status) throws Exception {
    assertThat(call(new AdminAccessFilter(PROD), path, null).getStatus()).isEqualTo(status);
  }

  @Test
  void theRightCredentialPasses() throws Exception {
    assertThat(call(new AdminAccessFilter(PROD), "/analytics/rules", basic("admin:s3cret-enough")).getStatus()).isEqualTo(200);
  }

  @Test
  void aWrongCredentialGetsAChallengeAndAnOperationOutcome() throws Exception {
    MockHttpServletResponse response = call(new AdminAccessFilter(PROD), "/actuator/prometheus", basic("admin:guess"));
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(response.getContentAsString()).contains("OperationOutcome").doesNotContain("s3cret");
    assertThat(call(new AdminAccessFilter(PROD), "/analytics/rules", "Basic not-base64!").getStatus()).isEqualTo(401);
    assertThat(call(new AdminAccessFilter(PROD), "/analytics/rules", "Bearer abc").getStatus()).isEqualTo(401);
  }

  @Test
  void withoutAPasswordOutsideProdEverythingStaysOpen() throws Exception {
    AdminAccessFilter open = new AdminAccessFilter(new AdminProperties(false, "admin", null));
    assertThat(call(open, "/analytics/rules", null).getStatus()).isEqualTo(200);
    assertThat(call(open, "/actuator/prometheus", null).getStatus()).isEqualTo(200);
  }

  @Test
  void aPasswordSetOutsideProdIsEnforced() throws Exception {
    AdminAccessFilter guarded = new AdminAccessFilter(new AdminProperties(false, "ops", "pw-pw-pw"));
    assertThat(call(guarded, "/analytics/rules", null).getStatus()).isEqualTo(401);
    assertThat(call(guarded, "/analytics/rules", basic("ops:pw-pw-pw")).getStatus()).isEqualTo(200);
  }

  private static String basic(String credential) {
    return "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8));
  }

  private static MockHttpServletResponse call(AdminAccessFilter filter, String path, String authorization) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setServletPath(path);
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
