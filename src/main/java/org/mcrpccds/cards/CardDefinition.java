package org.mcrpccds.cards;

import java.util.List;

/**
 * One rule's card as the content declares it in {@code cql/cards/<rule>.json}. Text fields are
 * Mustache templates over the library's define results; {@code fires} names the Boolean define
 * that makes the card appear.
 */
public record CardDefinition(
    String rule,
    String fires,
    String indicator,
    String summary,
    String detail,
    Source source,
    List<Link> links,
    String selectionBehavior,
    List<Suggestion> suggestions,
    List<OverrideReason> overrideReasons) {

  public CardDefinition {
    links = links == null ? List.of() : links;
    suggestions = suggestions == null ? List.of() : suggestions;
    overrideReasons = overrideReasons == null ? List.of() : overrideReasons;
  }

  public record Source(String label, String url) {}

  /** {@code when} optionally names a Boolean define; the link is shown only when it is true. */
  public record Link(String label, String url, String when) {}

  /** {@code when} optionally names a Boolean define; the suggestion is offered only when it is true. */
  public record Suggestion(String label, Boolean isRecommended, String when, List<Action> actions) {}

  /**
   * {@code create}/{@code update}: {@code resource} is a FHIR JSON template under cql/suggestions/;
   * {@code delete}: {@code resourceIds} names a define that returns the {@code Type/id} list to delete.
   */
  public record Action(String type, String description, String resource, String resourceIds) {}

  public record OverrideReason(String system, String code, String display) {}
}
