/*
 * A tiny Markdown renderer for CDS card detail: paragraphs, bullet and numbered lists, **bold**,
 * *italic* and [links](https://...). The whole text is HTML-escaped before any markup is added, so
 * card text can never inject HTML or script; links are kept only for http(s) URLs.
 * Exposed as window.McrpcMarkdown.render(text) -> HTML string.
 */
(function (global) {
  'use strict';

  var ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  /* Applied to already-escaped text. Italic needs a space or line start before the opening star
     and a space or punctuation after the closing one, so UCUM units such as 10*3/uL stay as they are. */
  function inline(escaped) {
    return escaped
      .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[\s(])\*(\S(?:[^*]*?\S)?)\*(?=$|[\s).,;:!?])/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
        '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>');
  }

  function render(markdown) {
    var lines = escapeHtml(markdown || '').replace(/\r\n?/g, '\n').split('\n');
    var html = [];
    var paragraph = [];
    var list = null;

    function flushParagraph() {
      if (paragraph.length) {
        html.push('<p>' + inline(paragraph.join(' ')) + '</p>');
        paragraph = [];
      }
    }
    function flushList() {
      if (list) {
        html.push('<' + list.tag + '>' + list.items.map(function (item) {
          return '<li>' + inline(item) + '</li>';
        }).join('') + '</' + list.tag + '>');
        list = null;
      }
    }

    lines.forEach(function (line) {
      var bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
      var numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      var heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
      if (!line.trim()) {
        flushParagraph();
        flushList();
      } else if (bullet || numbered) {
        var tag = bullet ? 'ul' : 'ol';
        flushParagraph();
        if (list && list.tag !== tag) {
          flushList();
        }
        list = list || { tag: tag, items: [] };
        list.items.push((bullet || numbered)[1]);
      } else if (list && /^\s{2,}\S/.test(line)) {
        list.items[list.items.length - 1] += ' ' + line.trim();
      } else if (heading) {
        flushParagraph();
        flushList();
        html.push('<p class="md-heading"><strong>' + inline(heading[1]) + '</strong></p>');
      } else {
        flushList();
        paragraph.push(line.trim());
      }
    });
    flushParagraph();
    flushList();
    return html.join('\n');
  }

  global.McrpcMarkdown = { render: render, escapeHtml: escapeHtml };
})(window);
