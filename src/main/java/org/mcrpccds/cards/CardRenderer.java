package org.mcrpccds.cards;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.mcrpccds.cql.DefineResults;
import org.springframework.stereotype.Component;

/** Builds the cards of the rules that fired, from their definitions and the library's results. */
@Component
public class CardRenderer {
  /** The contract: a summary is shorter than 140 characters. */
  static final int SUMMARY_LIMIT = 139;

  private final CardCatalog catalog;
  private final FhirContext fhirContext;

  public CardRenderer(CardCatalog catalog, FhirContext fhirContext) {
    this.catalog = catalog;
    this.fhirContext = fhirContext;
  }

  /**
   * The cards of {@code rules} whose define is true in {@code results}: critical first, then
   * warning, then info, and within one indicator in the order of {@code rules}. Each card's detail
   * ends with the partial {@code footer} when one is named. {@code request} adds hook facts
   * (patientId, …) that templates may use.
   */
  public List<CdsServiceResponseCardJson> render(List<String> rules, String footer, DefineResults results,
      Map<String, Object> request) {
    Map<String, Object> values = TemplateValues.forTemplates(results, request);
    List<CdsServiceResponseCardJson> cards = new ArrayList<>();
    String footerText = null;
    for (String rule : rules) {
      CardDefinition definition = catalog.card(rule);
      if (Boolean.TRUE.equals(results.get(definition.fires()))) {
        // the same for every card of the call: rendered once, when the first card fires
        if (footer != null && footerText == null) {
          footerText = catalog.text(CardCatalog.partialKey(footer), values);
        }
        cards.add(card(definition, footerText, results, values));
      }
    }
    cards.sort(Comparator.comparingInt(card -> urgency(card.getIndicator())));
    return cards;
  }

  /** Critical before warning before info (the list sort is stable, so the service's order holds within one). */
  private static int urgency(CdsServiceIndicatorEnum indicator) {
    return switch (indicator) {
      case CRITICAL -> 0;
      case WARNING -> 1;
      case INFO -> 2;
    };
  }

  private CdsServiceResponseCardJson card(CardDefinition definition, String footerText, DefineResults results,
      Map<String, Object> values) {
    String rule = definition.rule();
    String detail = catalog.text(rule + ".detail", values);
    if (footerText != null) {
      detail = detail + "\n\n" + footerText;
    }
    CdsServiceIndicatorEnum indicator =
        CdsServiceIndicatorEnum.valueOf(catalog.text(rule + ".indicator", values).toUpperCase(Locale.ROOT));
    var card = new CdsServiceResponseCardJson()
        .setUuid(TimeOrderedIds.unpredictable(System.currentTimeMillis()).toString())
        .setSummary(limit(catalog.text(rule + ".summary", values)))
        .setDetail(detail)
        .setIndicator(indicator)
        .setSource(new CdsServiceResponseCardSourceJson()
            .setLabel(definition.source().label())
            .setUrl(definition.source().url()));
    card.setExtension(new RuleExtension(rule));
    List<CdsServiceResponseLinkJson> links = definition.links().stream()
        .filter(link -> isOn(link.when(), results))
        .map(link -> new CdsServiceResponseLinkJson().setLabel(link.label()).setUrl(link.url()).setType("absolute"))
        .toList();
    if (!links.isEmpty()) {
      card.setLinks(links);
    }
    for (CardDefinition.Suggestion suggestion : definition.suggestions()) {
      if (isOn(suggestion.when(), results)) {
        card.addSuggestion(suggestion(rule, suggestion, results, values));
      }
    }
    if (card.getSuggestions() != null && !card.getSuggestions().isEmpty()) {
      card.setSelectionBehaviour(definition.selectionBehavior() == null ? "at-most-one" : definition.selectionBehavior());
    }
    List<CardDefinition.OverrideReason> overrideReasons = !definition.overrideReasons().isEmpty()
        ? definition.overrideReasons()
        : indicator == CdsServiceIndicatorEnum.INFO ? List.of() : catalog.defaultOverrideReasons();
    if (!overrideReasons.isEmpty()) {
      card.setOverrideReasons(overrideReasons.stream()
          .map(reason -> new CdsServiceResponseCodingJson()
              .setSystem(reason.system()).setCode(reason.code()).setDisplay(reason.display()))
          .toList());
    }
    return card;
  }

  private CdsServiceResponseSuggestionJson suggestion(String rule, CardDefinition.Suggestion definition,
      DefineResults results, Map<String, Object> values) {
    var suggestion = new CdsServiceResponseSuggestionJson()
        .setUuid(TimeOrderedIds.unpredictable(System.currentTimeMillis()).toString())
        .setLabel(catalog.text(rule + ".suggestion." + definition.label(), values));
    if (Boolean.TRUE.equals(definition.isRecommended())) {
      suggestion.setRecommended(true);
    }
    for (CardDefinition.Action action : definition.actions()) {
      String description = catalog.text(action.description(), values);
      if ("delete".equals(action.type())) {
        // one action per resource: CDS Hooks' resourceId is a single reference
        idsOf(results.get(action.resourceIds())).forEach(id -> suggestion.addAction(new DeleteAction(description, id)));
      } else {
        IBaseResource resource = fhirContext.newJsonParser().parseResource(catalog.resourceJson(action.resource(), values));
        suggestion.addAction(new CdsServiceResponseSuggestionActionJson()
            .setType(action.type()).setDescription(description).setResource(resource));
      }
    }
    return suggestion;
  }

  /** An optional condition: no define named, or the named define is true. */
  private static boolean isOn(String define, DefineResults results) {
    return define == null || Boolean.TRUE.equals(results.get(define));
  }

  private static List<String> idsOf(Object value) {
    List<String> ids = new ArrayList<>();
    if (value instanceof Iterable<?> items) {
      items.forEach(item -> {
        if (item != null) {
          ids.add(item.toString());
        }
      });
    } else if (value != null) {
      ids.add(value.toString());
    }
    return ids;
  }

  private static String limit(String summary) {
    return summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…";
  }
}
