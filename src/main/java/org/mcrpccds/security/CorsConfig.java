package org.mcrpccds.security;

import java.util.List;
import org.mcrpccds.web.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser-based CDS clients such as the CDS Hooks Sandbox, on discovery, services and
 * feedback only. It runs before authentication, so a preflight (which carries no credentials) is
 * answered and a 401 or 429 still carries the headers the browser needs to show it. No credentials
 * (cookies) are involved: clients send their JWT in the Authorization header.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

  @Bean
  FilterRegistrationBean<CorsFilter> cdsHooksCorsFilter(SecurityProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    List<String> origins = properties.cors().allowedOrigins().stream().filter(o -> !o.isBlank()).toList();
    if (!origins.isEmpty()) {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(origins);
      cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
      cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
      cors.setAllowCredentials(false);
      cors.setMaxAge(properties.cors().maxAge());
      source.registerCorsConfiguration(CdsHooksPaths.ROOT, cors);
      source.registerCorsConfiguration(CdsHooksPaths.ROOT + "/**", cors);
    }
    FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
    registration.setOrder(FilterOrder.CDS_HOOKS_CORS);
    // only the CDS Hooks paths: elsewhere (/fhir has its own CORS) a preflight is not this filter's to answer
    registration.addUrlPatterns(CdsHooksPaths.ROOT, CdsHooksPaths.ROOT + "/*");
    return registration;
  }
}
