package org.mcrpccds.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Puts {@link OperationOutcomeErrorReportValve} in place of the error report valve Spring Boot installs. */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
class TomcatErrorReportConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve) {
            host.getPipeline().removeValve(valve);
          }
        }
        host.setErrorReportValveClass(OperationOutcomeErrorReportValve.class.getName());
      }
    });
  }
}
