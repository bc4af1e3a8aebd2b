package org.mcrpccds.cql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How CQL is evaluated ({@code mcrpc.cql.*}).
 *
 * @param evaluator which evaluator runs the libraries: {@code auto} (the compiled evaluator, or the
 *     reference engine when a library needs a construct the compiled one lacks), {@code compiled}
 *     (refuse to start instead) or {@code reference} (always the reference engine)
 * @param shadowRate the share of hook calls (0 to 1) that the reference engine evaluates again, off
 *     the request path, to count where it disagrees with the compiled evaluator; 0 is off
 * @param shadowQueue how many such calls may wait for the reference engine; more are dropped
 */
@ConfigurationProperties("mcrpc.cql")
public record CqlProperties(
    @DefaultValue("auto") Evaluator evaluator,
    @DefaultValue("0") double shadowRate,
    @DefaultValue("16") int shadowQueue) {

  public CqlProperties {
    if (!(shadowRate >= 0 && shadowRate <= 1)) {
      throw new IllegalArgumentException("mcrpc.cql.shadow-rate must be between 0 and 1, not " + shadowRate);
    }
    if (shadowQueue < 1) {
      throw new IllegalArgumentException("mcrpc.cql.shadow-queue must be at least 1, not " + shadowQueue);
    }
  }

  public enum Evaluator { AUTO, COMPILED, REFERENCE }
}
