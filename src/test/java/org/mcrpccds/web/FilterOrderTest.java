package org.mcrpccds.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The servlet filters of the running service, in the order Spring Boot registers them: every filter
 * in a place of its own (no two with one order value), the service's in the order FilterOrder
 * states (the request flow: log context, security headers, CORS, body size, authentication, rate).
 */
class FilterOrderTest extends ServiceTestBase {
  @Autowired
  private ConfigurableApplicationContext context;

  @Test
  void everyFilterHasAPlaceOfItsOwnAndOursRunInTheStatedOrder() {
    List<String> ours = new ArrayList<>();
    Map<Integer, List<String>> byOrder = new TreeMap<>();
    for (var initializer : new ServletContextInitializerBeans(context.getBeanFactory())) {
      if (initializer instanceof FilterRegistrationBean<?> registration) {
        String name = registration.getFilterName() != null ? registration.getFilterName()
            : registration.getFilter().getClass().getSimpleName();
        byOrder.computeIfAbsent(registration.getOrder(), o -> new ArrayList<>()).add(name);
        if (registration.getFilter().getClass().getName().startsWith("org.mcrpccds.")
            || registration.getOrder() >= FilterOrder.LOG_CONTEXT && registration.getOrder() <= FilterOrder.RATE_LIMIT) {
          ours.add(registration.getFilter().getClass().getSimpleName() + "@" + (registration.getOrder() - FilterOrder.LOG_CONTEXT));
        }
      }
    }

    assertThat(byOrder.values()).as("filters sharing an order value").allSatisfy(names -> assertThat(names).hasSize(1));
    assertThat(ours).containsExactly(
        "LogContextFilter@0",
        "SecurityHeadersFilter@1",
        "CorsFilter@2",
        "CorsFilter@3",
        "BodySizeLimitFilter@4",
        "CdsClientJwtFilter@5",
        "AdminAccessFilter@6",
        "RateLimitFilter@7");
  }
}
