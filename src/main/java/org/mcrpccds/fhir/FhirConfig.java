package org.mcrpccds.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FhirConfig {

  /** One FhirContext for the whole application: building it is expensive, using it is thread-safe. */
  @Bean
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  /** FHIR types for reading the request's JSON in place: shared, filled as types are first used. */
  @Bean
  FhirTypes fhirTypes(FhirContext fhirContext) {
    return new FhirTypes(fhirContext);
  }
}
