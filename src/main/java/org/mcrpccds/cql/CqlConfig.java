package org.mcrpccds.cql;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ValueSet;
import org.mcrpccds.content.ContentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The content's CQL libraries and value sets, shared by whichever evaluator runs (cql.evaluation). */
@Configuration(proxyBeanMethods = false)
class CqlConfig {
  private static final Logger log = LoggerFactory.getLogger(CqlConfig.class);

  @Bean
  CompiledLibraries compiledLibraries(ContentStore content, ObjectMapper objectMapper) {
    long start = System.nanoTime();
    CompiledLibraries libraries = new CompiledLibraries(content.read("cql/*.cql").values(), precompiledElm(content, objectMapper));
    log.info("CQL libraries ready in {} ms ({})", (System.nanoTime() - start) / 1_000_000,
        libraries.fromPrecompiledElm() ? "precompiled ELM" : "translated from CQL");
    return libraries;
  }

  private static CompiledLibraries.PrecompiledElm precompiledElm(ContentStore content, ObjectMapper mapper) {
    Map<String, String> files = content.read("elm/*.json");
    String manifest = files.remove(ElmPrecompiler.MANIFEST);
    if (manifest == null) {
      return CompiledLibraries.PrecompiledElm.NONE;
    }
    try {
      Map<String, String> hashes = new LinkedHashMap<>();
      JsonNode json = mapper.readTree(manifest);
      json.path("sourceHashes").fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
      return new CompiledLibraries.PrecompiledElm(List.copyOf(files.values()), hashes);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable ELM manifest", e);
    }
  }

  @Bean
  ValueSetTerminology valueSetTerminology(ContentStore content, FhirContext fhirContext) {
    var parser = fhirContext.newJsonParser();
    List<ValueSet> valueSets = content.read("fhir-resources/valuesets/*.json").values().stream()
        .map(json -> parser.parseResource(ValueSet.class, json))
        .toList();
    return new ValueSetTerminology(valueSets);
  }
}
