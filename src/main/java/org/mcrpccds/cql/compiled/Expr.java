package org.mcrpccds.cql.compiled;

/**
 * One ELM expression compiled to Java: what the CQL engine would compute by interpreting the ELM
 * node, computed by a closure made once at startup. {@code variables} are the aliases, lets and
 * operands of the define or function being evaluated, in slots the compiler assigned.
 */
@FunctionalInterface
interface Expr {
  Object eval(Evaluation evaluation, Object[] variables);
}
