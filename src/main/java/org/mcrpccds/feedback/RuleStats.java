package org.mcrpccds.feedback;

import java.util.Map;

/**
 * What clinicians did with one rule's cards.
 *
 * @param cardsShown cards returned to a client (calls answered 200)
 * @param overrideReasons coded override reason → how often it was given
 * @param acceptanceRate accepted / (accepted + overridden); null while there is no feedback
 */
public record RuleStats(
    String service,
    String rule,
    long cardsShown,
    long accepted,
    long overridden,
    Map<String, Long> overrideReasons,
    Double acceptanceRate) {}
