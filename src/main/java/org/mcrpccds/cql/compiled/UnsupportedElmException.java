package org.mcrpccds.cql.compiled;

import org.hl7.elm.r1.Element;

/**
 * A construct the compiled evaluator does not implement: the service then evaluates with the CQL
 * engine instead (CqlConfig), and the message says which construct, where, so that it can be added.
 */
public final class UnsupportedElmException extends RuntimeException {
  UnsupportedElmException(String library, Element element, String what) {
    super(library + (element != null && element.getLocator() != null ? " [" + element.getLocator() + "]" : "") + ": " + what);
  }
}
