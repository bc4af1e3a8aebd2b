package org.mcrpccds.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Set;

/**
 * The CDS Hooks 2.0 card rules and the contract's additions, checked on one card: among them,
 * evidence links point to the evidence (an article or a label), never to a search, and warning
 * and critical cards offer override reasons.
 */
public final class CardAssertions {
  private static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
  /** A relative reference {@code Type/id}, as CDS Hooks' delete action names what to remove. */
  public static final String RESOURCE_ID = "[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}";

  private CardAssertions() {}

  public static void assertWellFormed(JsonNode card) {
    assertThat(card.path("uuid").asText()).matches("[0-9a-f-]{36}");
    assertThat(card.path("summary").asText()).isNotBlank().hasSizeLessThan(140);
    assertThat(card.path("detail").asText()).isNotBlank();
    assertListsStandApart(card.path("detail").asText());
    assertThat(INDICATORS).contains(card.path("indicator").asText());
    assertThat(card.at("/source/label").asText()).isNotBlank();
    assertEvidenceUrl(card.at("/source/url").asText());
    if (!card.path("indicator").asText().equals("info")) {
      assertThat(card.path("overrideReasons")).as("override reasons of a %s card", card.path("indicator").asText()).isNotEmpty();
      card.path("overrideReasons").forEach(reason -> {
        assertThat(reason.path("code").asText()).isNotBlank();
        assertThat(reason.path("display").asText()).isNotBlank();
      });
    }
    assertThat(card.at("/extension/org.mcrpccds.rule").asText()).matches("R\\d+b?");
    card.path("suggestions").forEach(suggestion -> {
      assertThat(suggestion.path("label").asText()).isNotBlank();
      assertThat(suggestion.path("uuid").asText()).matches("[0-9a-f-]{36}");
      assertThat(suggestion.path("actions")).isNotEmpty();
      suggestion.path("actions").forEach(action -> {
        assertThat(Set.of("create", "update", "delete")).contains(action.path("type").asText());
        assertThat(action.path("description").asText()).isNotBlank();
        if (action.path("type").asText().equals("delete")) {
          // CDS Hooks 2.0.1 §Action: one Type/id string per action, never an array
          assertThat(action.path("resourceId").isTextual()).as("delete resourceId is a string: %s", action).isTrue();
          assertThat(action.path("resourceId").asText()).matches(RESOURCE_ID);
          assertThat(action.has("resource")).as("a delete names its resource, it does not carry one").isFalse();
        } else {
          assertThat(action.at("/resource/resourceType").asText()).isNotBlank();
        }
      });
    });
    if (card.has("suggestions")) {
      assertThat(card.path("selectionBehavior").asText()).isIn("at-most-one", "any");
    }
    card.path("links").forEach(link -> {
      assertThat(link.path("label").asText()).isNotBlank();
      assertEvidenceUrl(link.path("url").asText());
      assertThat(link.path("type").asText()).isIn("absolute", "smart");
    });
    assertNoEmptyValues(card, "card");
  }

  /**
   * A list needs a blank line before it, and a paragraph after a list needs one too: without it,
   * CommonMark folds the paragraph into the last item and stricter renderers (EHR card viewers)
   * show the items as running text.
   */
  static void assertListsStandApart(String markdown) {
    String[] lines = markdown.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      String previous = lines[i - 1];
      String line = lines[i];
      if (isListItem(line) && !previous.isBlank() && !isListItem(previous)) {
        throw new AssertionError("no blank line before the list item \"" + line + "\" in:\n" + markdown);
      }
      if (isListItem(previous) && !line.isBlank() && !isListItem(line) && !line.startsWith(" ")) {
        throw new AssertionError("no blank line between the list and \"" + line + "\" in:\n" + markdown);
      }
    }
  }

  private static boolean isListItem(String line) {
    return line.startsWith("- ") || line.matches("\\d+\\. .*");
  }

  private static void assertEvidenceUrl(String url) {
    URI uri = URI.create(url);
    assertThat(uri.isAbsolute()).as(url).isTrue();
    assertThat(uri.getScheme()).as(url).isEqualTo("https");
    assertThat(url).as("an evidence link is an article or a label, not a search").doesNotContain("?term=", "search.cfm", "/search?");
  }

  /** CDS Hooks clients choke on null, "", [] and {}: none may appear anywhere in a card. */
  public static void assertNoEmptyValues(JsonNode node, String path) {
    if (node.isNull()) {
      throw new AssertionError(path + " is null");
    }
    if (node.isTextual() && node.asText().isEmpty()) {
      throw new AssertionError(path + " is an empty string");
    }
    if (node.isContainerNode() && node.isEmpty()) {
      throw new AssertionError(path + " is empty");
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> assertNoEmptyValues(e.getValue(), path + "." + e.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        assertNoEmptyValues(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
