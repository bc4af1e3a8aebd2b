package org.mcrpccds.cql;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import java.util.List;
import org.hl7.fhir.r4.model.ValueSet;
import org.mcrpccds.content.ContentStore;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CqlConfig {

  @Bean
  CompiledLibraries compiledLibraries(ContentStore content) {
    return new CompiledLibraries(content.read("cql/*.cql").values());
  }

  @Bean
  ValueSetTerminology valueSetTerminology(ContentStore content, FhirContext fhirContext) {
    var parser = fhirContext.newJsonParser();
    List<ValueSet> valueSets = content.read("fhir-resources/valuesets/*.json").values().stream()
        .map(json -> parser.parseResource(ValueSet.class, json))
        .toList();
    return new ValueSetTerminology(valueSets);
  }

  @Bean
  CqlEvaluator cqlEvaluator(CompiledLibraries libraries, ValueSetTerminology terminology) {
    return new CqlEvaluator(libraries, terminology, FhirModelResolverCache.resolverForVersion(FhirVersionEnum.R4));
  }
}
