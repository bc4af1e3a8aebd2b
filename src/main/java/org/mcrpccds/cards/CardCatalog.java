package org.mcrpccds.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.content.ContentStore;
import org.springframework.stereotype.Component;

/**
 * The card definitions of the content, with their Mustache templates compiled once at startup:
 * {@code cql/cards/<rule>.json} (the card), {@code cql/cards/<name>.md} (detail text and partials
 * such as the R8 coverage paragraph) and {@code cql/suggestions/<name>.json} (FHIR resources that
 * suggestions create). The override reasons every warning and critical card offers, unless its
 * definition names its own, are the concepts of the code system
 * {@code fhir-resources/codesystems/override-reason.json}.
 */
@Component
public class CardCatalog {
  private static final String PARTIAL = "partial.";
  private static final String[][] JSON_ESCAPES = {
      {"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}, {"\r", "\\r"}, {"\t", "\\t"}};

  /**
   * A text template and the room its output starts with: its source's length and a quarter more,
   * so that a detail of a few KB is not regrown and copied on the way, while a summary or an
   * indicator does not start in a 4 KB buffer (with those, card texts were nearly a tenth of a
   * call's garbage).
   */
  private record TextTemplate(Template template, int capacity) {
    static TextTemplate of(Mustache.Compiler compiler, String source) {
      return new TextTemplate(compiler.compile(source), source.length() + source.length() / 4);
    }
  }

  private final Map<String, CardDefinition> cards = new LinkedHashMap<>();
  private final Map<String, TextTemplate> textTemplates = new HashMap<>();
  private final Map<String, Template> resourceTemplates = new HashMap<>();
  private final List<CardDefinition.OverrideReason> defaultOverrideReasons;

  public CardCatalog(ContentStore content, ObjectMapper objectMapper) {
    Map<String, String> markdown = content.read("cql/cards/*.md");
    Mustache.Compiler text = Mustache.compiler()
        .escapeHTML(false)
        .defaultValue("")
        .withLoader(name -> new StringReader(required(markdown, name + ".md", "partial")));
    defaultOverrideReasons = overrideReasons(objectMapper,
        required(content.read("fhir-resources/codesystems/override-reason.json"), "override-reason.json", "override reasons"));
    Mustache.Compiler json = Mustache.compiler()
        .withEscaper(Escapers.simple(JSON_ESCAPES))
        .defaultValue("");

    // every Markdown file can also end a card as a whole (a service's cardFooter)
    markdown.forEach((file, source) -> textTemplates.put(PARTIAL + file.substring(0, file.length() - ".md".length()),
        TextTemplate.of(text, source)));
    content.read("cql/suggestions/*.json").forEach((file, template) -> resourceTemplates.put(file, json.compile(template)));
    content.read("cql/cards/*.json").forEach((file, source) -> {
      CardDefinition card = parse(objectMapper, file, source);
      cards.put(card.rule(), card);
      textTemplates.put(card.rule() + ".indicator", TextTemplate.of(text, card.indicator()));
      textTemplates.put(card.rule() + ".summary", TextTemplate.of(text, card.summary()));
      textTemplates.put(card.rule() + ".detail", TextTemplate.of(text, required(markdown, card.detail(), "detail of " + card.rule())));
      card.suggestions().forEach(suggestion -> {
        textTemplates.put(card.rule() + ".suggestion." + suggestion.label(), TextTemplate.of(text, suggestion.label()));
        suggestion.actions().forEach(action -> {
          textTemplates.putIfAbsent(action.description(), TextTemplate.of(text, action.description()));
          if (action.resource() != null) {
            required(resourceTemplates, action.resource(), "suggestion resource of " + card.rule());
          }
        });
      });
    });
  }

  private static List<CardDefinition.OverrideReason> overrideReasons(ObjectMapper mapper, String codeSystem) {
    try {
      JsonNode json = mapper.readTree(codeSystem);
      List<CardDefinition.OverrideReason> reasons = new ArrayList<>();
      json.path("concept").forEach(concept -> reasons.add(new CardDefinition.OverrideReason(
          json.path("url").asText(), concept.path("code").asText(), concept.path("display").asText())));
      if (reasons.isEmpty()) {
        throw new IllegalStateException("the override-reason code system has no concepts");
      }
      return List.copyOf(reasons);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("override-reason.json is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Fails when there is no partial {@code name} ({@code cql/cards/<name>.md}). */
  public void requirePartial(String name, String what) {
    required(textTemplates, partialKey(name), what + " (cql/cards/" + name + ".md)");
  }

  /** The override reasons of a warning or critical card whose definition names none. */
  List<CardDefinition.OverrideReason> defaultOverrideReasons() {
    return defaultOverrideReasons;
  }

  /** The key of partial {@code name} for {@link #text}. */
  static String partialKey(String name) {
    return PARTIAL + name;
  }

  private static CardDefinition parse(ObjectMapper mapper, String file, String source) {
    try {
      CardDefinition card = mapper.readValue(source, CardDefinition.class);
      if (card.rule() == null || card.fires() == null || card.indicator() == null || card.summary() == null
          || card.detail() == null || card.source() == null || card.source().url() == null) {
        throw new IllegalStateException("card " + file + " needs rule, fires, indicator, summary, detail and source.url");
      }
      return card;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("card " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T required(Map<String, T> files, String name, String what) {
    T found = files.get(name);
    if (found == null) {
      throw new IllegalStateException("content file " + name + " (" + what + ") not found");
    }
    return found;
  }

  public CardDefinition card(String rule) {
    CardDefinition card = cards.get(rule);
    if (card == null) {
      throw new IllegalStateException("no card definition for rule " + rule);
    }
    return card;
  }

  /** The text of template {@code key}, without leading or trailing whitespace (as String#trim), copied once. */
  String text(String key, Map<String, Object> values) {
    TextTemplate template = textTemplates.get(key);
    StringWriter out = new StringWriter(template.capacity());
    template.template().execute(values, out);
    StringBuffer text = out.getBuffer();
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) <= ' ') {
      end--;
    }
    return text.substring(start, end);
  }

  String resourceJson(String file, Map<String, Object> values) {
    return resourceTemplates.get(file).execute(values);
  }
}
