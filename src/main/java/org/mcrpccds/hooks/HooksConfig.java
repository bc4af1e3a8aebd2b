package org.mcrpccds.hooks;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HooksConfig {

  /** UTC: "today" in a look-back window must not depend on the server's time zone. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
