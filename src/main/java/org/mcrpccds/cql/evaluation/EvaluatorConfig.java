package org.mcrpccds.cql.evaluation;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.CqlProperties;
import org.mcrpccds.cql.ValueSetTerminology;
import org.mcrpccds.cql.compiled.CompiledCqlEvaluator;
import org.mcrpccds.cql.compiled.UnsupportedElmException;
import org.mcrpccds.cql.reference.ReferenceCqlEvaluator;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.LenientResourceParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place that knows the evaluators: which one the service runs and, with
 * {@code mcrpc.cql.shadow-rate}, the shadow check beside the compiled one (docs/evaluator.md).
 * Everything else sees a {@link CqlEvaluator}.
 */
@Configuration(proxyBeanMethods = false)
public class EvaluatorConfig {
  private static final Logger log = LoggerFactory.getLogger(EvaluatorConfig.class);

  /**
   * The compiled evaluator unless {@code mcrpc.cql.evaluator} says otherwise or a library needs a
   * construct it lacks; then the reference engine, with a warning naming the construct (the
   * service stays correct, only slower). {@code compiled} makes that a startup failure instead.
   */
  @Bean
  public CqlEvaluator cqlEvaluator(CompiledLibraries libraries, ValueSetTerminology terminology, FhirContext fhirContext,
      FhirTypes fhirTypes, LenientResourceParser parser, CqlProperties properties, MeterRegistry meters) {
    if (properties.evaluator() != CqlProperties.Evaluator.REFERENCE) {
      long start = System.nanoTime();
      try {
        CqlEvaluator compiled = new CompiledCqlEvaluator(libraries, terminology, fhirTypes);
        log.info("CQL evaluator: compiled ({} ms)", (System.nanoTime() - start) / 1_000_000);
        if (properties.shadowRate() == 0) {
          return compiled;
        }
        log.info("CQL shadow check: the reference engine evaluates {} of the calls again", properties.shadowRate());
        return new ShadowCheck(compiled, ReferenceCqlEvaluator.forService(libraries, terminology, fhirContext, fhirTypes, parser),
            properties.shadowRate(), properties.shadowQueue(), meters);
      } catch (UnsupportedElmException e) {
        if (properties.evaluator() == CqlProperties.Evaluator.COMPILED) {
          throw e;
        }
        log.warn("CQL evaluator: the reference CQL engine, because the compiled evaluator does not support {}", e.getMessage());
      }
    } else {
      log.info("CQL evaluator: the reference CQL engine (mcrpc.cql.evaluator=reference)");
    }
    if (properties.shadowRate() > 0) {
      log.info("CQL shadow check: off, the reference engine itself answers every call");
    }
    return ReferenceCqlEvaluator.forService(libraries, terminology, fhirContext, fhirTypes, parser);
  }
}
