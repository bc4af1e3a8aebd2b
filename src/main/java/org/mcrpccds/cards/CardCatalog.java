package org.mcrpccds.cards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcrpccds.content.ContentStore;
import org.springframework.stereotype.Component;

/**
 * The card definitions of the content, with their Mustache templates compiled once at startup:
 * {@code cql/cards/<rule>.json} (the card), {@code cql/cards/<name>.md} (detail text and partials
 * such as the R8 coverage paragraph) and {@code cql/suggestions/<name>.json} (FHIR resources that
 * suggestions create).
 */
@Component
public class CardCatalog {
  private static final String[][] JSON_ESCAPES = {
      {"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}, {"\r", "\\r"}, {"\t", "\\t"}};

  private static final int TEXT_CAPACITY = 4096;

  private final Map<String, CardDefinition> cards = new LinkedHashMap<>();
  private final Map<String, Template> textTemplates = new HashMap<>();
  private final Map<String, Template> resourceTemplates = new HashMap<>();

  public CardCatalog(ContentStore content, ObjectMapper objectMapper) {
    Map<String, String> markdown = content.read("cql/cards/*.md");
    Mustache.Compiler text = Mustache.compiler()
        .escapeHTML(false)
        .defaultValue("")
        .withLoader(name -> new StringReader(required(markdown, name + ".md", "partial")));
    Mustache.Compiler json = Mustache.compiler()
        .withEscaper(Escapers.simple(JSON_ESCAPES))
        .defaultValue("");

    content.read("cql/suggestions/*.json").forEach((file, template) -> resourceTemplates.put(file, json.compile(template)));
    content.read("cql/cards/*.json").forEach((file, source) -> {
      CardDefinition card = parse(objectMapper, file, source);
      cards.put(card.rule(), card);
      textTemplates.put(card.rule() + ".indicator", text.compile(card.indicator()));
      textTemplates.put(card.rule() + ".summary", text.compile(card.summary()));
      textTemplates.put(card.rule() + ".detail", text.compile(required(markdown, card.detail(), "detail of " + card.rule())));
      card.suggestions().forEach(suggestion -> {
        textTemplates.put(card.rule() + ".suggestion." + suggestion.label(), text.compile(suggestion.label()));
        suggestion.actions().forEach(action -> {
          textTemplates.putIfAbsent(action.description(), text.compile(action.description()));
          if (action.resource() != null) {
            required(resourceTemplates, action.resource(), "suggestion resource of " + card.rule());
          }
        });
      });
    });
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

  String text(String key, Map<String, Object> values) {
    // a card's detail is a few KB: a writer that starts that large is not regrown and copied on the way
    StringWriter text = new StringWriter(TEXT_CAPACITY);
    textTemplates.get(key).execute(values, text);
    return text.toString().trim();
  }

  String resourceJson(String file, Map<String, Object> values) {
    return resourceTemplates.get(file).execute(values);
  }
}
