package org.mcrpccds.cql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which CQL evaluator runs the libraries ({@code mcrpc.cql.evaluator}): {@code auto} (the compiled
 * evaluator, or the reference engine when a library needs a construct the compiled one lacks),
 * {@code compiled} (refuse to start instead) or {@code reference} (always the reference engine).
 */
@ConfigurationProperties("mcrpc.cql")
public record CqlProperties(@DefaultValue("auto") Evaluator evaluator) {
  public enum Evaluator { AUTO, COMPILED, REFERENCE }
}
