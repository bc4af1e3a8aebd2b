package org.mcrpccds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.mcrpccds.content.ContentStore;
import org.mcrpccds.fhir.DateShifter;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.web.FilterOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The embedded sample FHIR server: a HAPI plain {@link RestfulServer} at {@code /fhir}, read-only,
 * serving the sample patients with their dates shifted to today, with CORS so that a browser app
 * on another origin (the CDS Hooks Sandbox) can read it. Off when {@code mcrpc.sandbox.enabled}
 * is false (the {@code prod} profile).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class SandboxConfig {
  static final String PATH = "/fhir";
  /** Searches kept for paging; the oldest is dropped first. Sample searches are small. */
  private static final int PAGED_SEARCHES_KEPT = 200;

  @Bean
  SampleRecords sampleRecords(ContentStore content, FhirContext fhirContext, Clock clock) {
    DateShifter shifter = new DateShifter(fhirContext, DateShifter.SAMPLE_ANCHOR, LocalDate.now(clock));
    return SampleRecords.load(content, fhirContext, shifter);
  }

  @Bean
  ServletRegistrationBean<RestfulServer> sandboxFhirServer(FhirContext fhirContext, SampleRecords records,
      SandboxProperties properties, ServiceCatalog services) {
    RestfulServer server = new RestfulServer(fhirContext);
    server.setServerName("mCRPC CDS Hooks sample FHIR server (read-only, synthetic patients)");
    server.setImplementationDescription("Synthetic sample patients for trying the mCRPC CDS Hooks services; "
        + "dates are shifted so that the records are current.");
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setResourceProviders(servedTypes(records, services).stream()
        .<IResourceProvider>map(type -> provider(fhirContext, records, type)).toList());
    FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(PAGED_SEARCHES_KEPT);
    paging.setDefaultPageSize(properties.defaultPageSize());
    paging.setMaximumPageSize(properties.maxPageSize());
    server.setPagingProvider(paging);
    server.registerInterceptor(new ReadOnlyInterceptor(fhirContext));

    var registration = new ServletRegistrationBean<>(server, PATH + "/*");
    registration.setName("sandboxFhirServer");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /**
   * CORS for {@code /fhir} as a servlet filter of its own, ordered before any application-wide
   * CORS filter: since Spring 6 a CORS filter that has no configuration for a path rejects that
   * path's preflights (403), which would keep browser apps from reading {@code /fhir}.
   */
  @Bean
  FilterRegistrationBean<CorsFilter> sandboxFhirCorsFilter(SandboxProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors(properties.allowedOrigins()));
    var registration = new FilterRegistrationBean<>(new CorsFilter(source));
    registration.setName("sandboxFhirCorsFilter");
    registration.addUrlPatterns(PATH + "/*");
    registration.setOrder(FilterOrder.SANDBOX_FHIR_CORS);
    return registration;
  }

  /**
   * The types of the samples, and every type a service's prefetch template reads (searched, they
   * answer an empty Bundle rather than 404 when no sample has one).
   */
  private static Set<String> servedTypes(SampleRecords records, ServiceCatalog services) {
    Set<String> types = new TreeSet<>(records.types());
    services.all().forEach(service -> service.prefetch().values()
        .forEach(template -> types.add(template.split("[/?]", 2)[0])));
    return types;
  }

  private static SampleResourceProvider provider(FhirContext fhirContext, SampleRecords records, String type) {
    Class<? extends IBaseResource> implementation = fhirContext.getResourceDefinition(type).getImplementingClass();
    if (type.equals("Patient")) {
      return new PatientSearchProvider(records);
    }
    if (!records.isInPatientCompartment(type)) {
      return new ListingSearchProvider(records, implementation, type);
    }
    return records.isCoded(type)
        ? new CodedCompartmentSearchProvider(records, implementation, type)
        : new CompartmentSearchProvider(records, implementation, type);
  }

  /**
   * Reads from any configured origin, no credentials (the server is open). Private Network Access
   * is allowed so that a public page such as https://sandbox.cds-hooks.org may call this server
   * on localhost from the user's browser.
   */
  private static CorsConfiguration cors(List<String> allowedOrigins) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOriginPatterns(allowedOrigins);
    cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "OPTIONS"));
    cors.setAllowedHeaders(List.of("*"));
    cors.setExposedHeaders(List.of("Location", "Content-Location", "ETag"));
    cors.setAllowPrivateNetwork(true);
    cors.setMaxAge(3600L);
    return cors;
  }
}
