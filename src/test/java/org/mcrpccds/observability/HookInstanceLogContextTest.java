package org.mcrpccds.observability;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The hookInstance correlation id: read from the body, only when it looks like an id, cleared after the request. */
class HookInstanceLogContextTest {
  private final HookInstanceLogContext advice = new HookInstanceLogContext();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void theTopLevelHookInstanceIsFoundWhereverItIs() {
    assertThat(HookInstanceLogContext.hookInstance(bytes("{\"hookInstance\": \"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\"}")))
        .isEqualTo("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
    assertThat(HookInstanceLogContext.hookInstance(bytes(
        "{\"context\": {\"hookInstance\": \"nested\"}, \"prefetch\": {\"a\": [1, {\"b\": 2}]}, \"hookInstance\": \"last\"}")))
        .isEqualTo("last");
    assertThat(HookInstanceLogContext.hookInstance(bytes("{\"hookInstance\": 12}"))).isNull();
    assertThat(HookInstanceLogContext.hookInstance(bytes("{\"hook\": "))).isNull();
    assertThat(HookInstanceLogContext.hookInstance(bytes("[]"))).isNull();
  }

  @Test
  void onlyAnIdentifierGoesIntoTheLoggingContextAndTheFilterClearsIt() throws Exception {
    AtomicReference<String> duringRequest = new AtomicReference<>();
    new LogContextFilter().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
        new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
          @Override
          protected void service(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
            advice.afterBodyRead(bytes("{\"hookInstance\": \"abc-123\"}"), null, null, byte[].class, null);
            duringRequest.set(MDC.get(HookInstanceLogContext.MDC_KEY));
          }
        }));
    assertThat(duringRequest.get()).isEqualTo("abc-123");
    assertThat(MDC.get(HookInstanceLogContext.MDC_KEY)).isNull();

    advice.afterBodyRead(bytes("{\"hookInstance\": \"Smith, John\\n{fake log line}\"}"), null, null, byte[].class, null);
    assertThat(MDC.get(HookInstanceLogContext.MDC_KEY)).isNull();
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
