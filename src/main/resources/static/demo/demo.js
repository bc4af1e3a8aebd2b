/*
 * Demo page: builds a CDS Hooks request for a sample patient from this server's /fhir data,
 * posts it to /cds-services/{id}, renders the cards as an EHR would, then asks /explain/{id}
 * why each rule fired or stayed silent. Plain browser JavaScript, no build step, no third party.
 * Everything from the server is put into the page as text, except card detail, which goes
 * through McrpcMarkdown (it escapes everything first).
 */
(function () {
  'use strict';

  var FHIR_ACCEPT = { headers: { Accept: 'application/fhir+json' } };
  var INDICATOR_WORDS = { info: 'Info', warning: 'Warning', critical: 'Critical' };
  var state = { services: {}, scenarios: [], patients: [], descriptions: {} };
  var el = function (id) { return document.getElementById(id); };

  function HttpError(status, message) {
    this.status = status;
    this.message = message;
  }

  /* GET or POST returning parsed JSON; a non-2xx answer becomes an HttpError with the
     OperationOutcome's diagnostics when there is one. */
  function fetchJson(url, options) {
    return fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
        if (!response.ok) {
          var issue = body && body.issue && body.issue[0];
          throw new HttpError(response.status, (issue && issue.diagnostics) || response.statusText);
        }
        return body;
      });
    });
  }

  function postJson(url, body) {
    return fetchJson(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body)
    });
  }

  /* crypto.randomUUID needs a secure context; a page opened on a LAN address is not one. */
  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function node(tag, attributes, children) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') {
        element.textContent = attributes.text;
      } else if (attributes[name] !== undefined && attributes[name] !== null) {
        element.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return element;
  }

  function isWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function externalLink(label, url) {
    return isWebUrl(url)
      ? node('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: label })
      : node('span', { text: label });
  }

  function setStatus(message, isError) {
    var status = el('status');
    status.textContent = message;
    status.classList.toggle('error', Boolean(isError));
  }

  /* ------------------------------------------------------------------ loading */

  function patientName(patient) {
    var name = (patient.name || [])[0] || {};
    return ((name.given || []).join(' ') + ' ' + (name.family || '')).trim() || patient.id;
  }

  function loadAll() {
    var searchset = fetchJson('fhir/Patient?_count=100', FHIR_ACCEPT);
    return Promise.all([
      fetchJson('demo/order-scenarios.json'),
      fetchJson('demo/sample-patients.json'),
      fetchJson('cds-services'),
      searchset
    ]).then(function (loaded) {
      state.scenarios = loaded[0].scenarios;
      state.descriptions = loaded[1].patients;
      loaded[2].services.forEach(function (service) { state.services[service.id] = service; });
      state.patients = (loaded[3].entry || []).map(function (entry) { return entry.resource; });
      fillSelects();
    }).catch(function (error) {
      if (error instanceof HttpError && error.status === 404) {
        setStatus('The sample FHIR server is off in this deployment (mcrpc.sandbox.enabled=false, e.g. the prod profile).', true);
      } else {
        setStatus('Could not load the demo: ' + describe(error), true);
      }
    });
  }

  function fillSelects() {
    var patients = el('patient');
    patients.textContent = '';
    state.patients.forEach(function (patient) {
      patients.appendChild(node('option', { value: patient.id, text: patientName(patient) + ' (' + patient.id + ')' }));
    });
    var scenarios = el('scenario');
    scenarios.textContent = '';
    state.scenarios.forEach(function (scenario) {
      scenarios.appendChild(node('option', { value: scenario.id, text: scenario.label }));
    });
    [patients, scenarios, el('run')].forEach(function (control) { control.disabled = false; });
    describePatient();
    describeScenario();
  }

  function selectedPatient() {
    var id = el('patient').value;
    return state.patients.filter(function (patient) { return patient.id === id; })[0];
  }

  function selectedScenario() {
    var id = el('scenario').value;
    return state.scenarios.filter(function (scenario) { return scenario.id === id; })[0];
  }

  function describePatient() {
    var patient = selectedPatient();
    if (!patient) {
      return;
    }
    var facts = [patient.gender, patient.birthDate && 'born ' + patient.birthDate].filter(Boolean).join(', ');
    el('patient-summary').textContent = facts + '. ' + (state.descriptions[patient.id] || '');
  }

  function describeScenario() {
    var scenario = selectedScenario();
    if (!scenario) {
      return;
    }
    var drafts = (scenario.drafts || []).map(function (draft) {
      var concept = draft.medicationCodeableConcept || draft.code || {};
      return concept.text || draft.resourceType;
    });
    el('scenario-summary').textContent = 'Service ' + scenario.service + ' (hook ' + scenario.hook + ')'
      + (drafts.length ? '; draft order: ' + drafts.join(', ') : '');
  }

  /* ------------------------------------------------------------------ the request */

  /* One prefetch template read from /fhir: an instance read, or a search with every page. */
  function readFhir(query) {
    var parts = query.split('?');
    var url = 'fhir/' + parts[0] + (parts[1] ? '?' + new URLSearchParams(parts[1]).toString() : '');
    if (!parts[1]) {
      return fetchJson(url, FHIR_ACCEPT).catch(function (error) {
        if (error instanceof HttpError && error.status === 404) {
          return null; // CDS Hooks: null means "no data"
        }
        throw error;
      });
    }
    var bundle = { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] };
    function page(pageUrl) {
      return fetchJson(pageUrl, FHIR_ACCEPT).then(function (searchset) {
        bundle.total = searchset.total !== undefined ? searchset.total : bundle.total + (searchset.entry || []).length;
        bundle.entry = bundle.entry.concat(searchset.entry || []);
        var next = (searchset.link || []).filter(function (link) { return link.relation === 'next'; })[0];
        if (next && new URL(next.url, location.href).origin === location.origin) {
          return page(next.url);
        }
        return bundle;
      });
    }
    return page(url);
  }

  function prefetchFor(service, patientId) {
    var templates = service.prefetch || {};
    var keys = Object.keys(templates);
    return Promise.all(keys.map(function (key) {
      return readFhir(templates[key].replace(/\{\{\s*context\.patientId\s*\}\}/g, patientId));
    })).then(function (values) {
      var prefetch = {};
      keys.forEach(function (key, i) { prefetch[key] = values[i]; });
      return prefetch;
    });
  }

  function draftOrders(scenario, patientId) {
    var today = new Date().toISOString().slice(0, 10);
    var drafts = scenario.drafts.map(function (draft) {
      var copy = JSON.parse(JSON.stringify(draft));
      copy.subject = { reference: 'Patient/' + patientId };
      copy.authoredOn = today;
      return copy;
    });
    return {
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: drafts.map(function (draft) { return { resource: draft }; })
      },
      selections: drafts.map(function (draft) { return draft.resourceType + '/' + draft.id; })
    };
  }

  function buildRequest(scenario, patientId, mode) {
    var service = state.services[scenario.service];
    var request = { hookInstance: uuid(), hook: scenario.hook };
    var context = { userId: 'Practitioner/example', patientId: patientId };
    if (scenario.drafts) {
      var orders = draftOrders(scenario, patientId);
      context.draftOrders = orders.draftOrders;
      if (scenario.hook === 'order-select') {
        context.selections = orders.selections;
      }
    }
    request.context = context;
    if (mode === 'fhirServer') {
      request.fhirServer = new URL('fhir', location.href).href;
      return Promise.resolve(request);
    }
    return prefetchFor(service, patientId).then(function (prefetch) {
      request.prefetch = prefetch;
      return request;
    });
  }

  /* ------------------------------------------------------------------ cards */

  function ruleOf(card) {
    return (card.extension && card.extension['org.mcrpccds.rule']) || '';
  }

  function renderSuggestion(card, suggestion, cardId, index) {
    var previewId = cardId + '-suggestion-' + index;
    var button = node('button', {
      type: 'button', class: 'suggestion', 'aria-expanded': 'false', 'aria-controls': previewId
    }, [suggestion.label]);
    if (suggestion.isRecommended) {
      button.appendChild(node('span', { class: 'recommended', text: '(recommended)' }));
    }
    var preview = node('div', { id: previewId, class: 'suggestion-preview', hidden: 'hidden' });
    preview.appendChild(node('p', { text: 'Accepting this suggestion would:' }));
    (suggestion.actions || []).forEach(function (action) {
      if (action.type === 'delete') {
        preview.appendChild(node('p', {}, [
          node('strong', { text: 'Delete ' }), action.resourceId + ' – ' + (action.description || '')
        ]));
      } else {
        preview.appendChild(node('p', {}, [
          node('strong', { text: (action.type === 'update' ? 'Update ' : 'Create ') + ((action.resource || {}).resourceType || '') }),
          ' – ' + (action.description || '')
        ]));
        preview.appendChild(node('pre', { class: 'resource', tabindex: '0', text: JSON.stringify(action.resource, null, 2) }));
      }
    });
    preview.appendChild(node('p', { class: 'hint', text: 'This demo changes no record.' }));
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!open));
      preview.hidden = open;
    });
    return [button, preview];
  }

  function renderOverride(card, article, cardId) {
    var selectId = cardId + '-override';
    var select = node('select', { id: selectId });
    (card.overrideReasons || []).forEach(function (reason) {
      select.appendChild(node('option', { value: reason.code, text: reason.display || reason.code }));
    });
    var dismiss = node('button', { type: 'button', class: 'secondary' }, ['Dismiss card']);
    var box = node('div', { class: 'override' }, [
      node('div', {}, [node('label', { for: selectId, text: 'Reason for not following it' }), select]),
      dismiss
    ]);
    dismiss.addEventListener('click', function () {
      article.classList.add('dismissed');
      box.replaceWith(node('p', {
        class: 'dismissed-note',
        text: 'Dismissed: ' + select.options[select.selectedIndex].text + '. An EHR would send this as CDS Hooks feedback.'
      }));
    });
    return box;
  }

  function renderCard(card, index) {
    var cardId = 'card-' + index;
    var indicator = INDICATOR_WORDS[card.indicator] ? card.indicator : 'info';
    var article = node('article', {
      class: 'cds-card cds-card--' + indicator, 'aria-labelledby': cardId + '-summary', 'data-rule': ruleOf(card)
    });
    article.appendChild(node('div', { class: 'cds-card__header' }, [
      node('span', { class: 'indicator indicator--' + indicator, text: INDICATOR_WORDS[indicator] }),
      node('h3', { id: cardId + '-summary', class: 'cds-card__summary', text: card.summary })
    ]));
    var detail = node('div', { class: 'cds-card__detail' });
    detail.innerHTML = window.McrpcMarkdown.render(card.detail || '');
    detail.querySelectorAll('a').forEach(function (a) { a.setAttribute('rel', 'noopener noreferrer'); });
    article.appendChild(detail);
    if (card.source) {
      article.appendChild(node('p', { class: 'cds-card__source' }, [
        'Source: ', externalLink(card.source.label || card.source.url, card.source.url)
      ]));
    }
    if (card.suggestions && card.suggestions.length) {
      article.appendChild(node('h4', { class: 'cds-card__section-title', text: 'Suggestions' }));
      card.suggestions.forEach(function (suggestion, i) {
        renderSuggestion(card, suggestion, cardId, i).forEach(function (part) { article.appendChild(part); });
      });
    }
    if (card.links && card.links.length) {
      article.appendChild(node('h4', { class: 'cds-card__section-title', text: 'Links' }));
      article.appendChild(node('ul', { class: 'cds-card__links' }, card.links.map(function (link) {
        return node('li', {}, [externalLink(link.label, link.url)]);
      })));
    }
    if (card.overrideReasons && card.overrideReasons.length) {
      article.appendChild(renderOverride(card, article, cardId));
    }
    return article;
  }

  /* ------------------------------------------------------------------ explain */

  function formatValue(value) {
    if (value === null || value === undefined) {
      return node('span', { class: 'value-none', text: 'no value' });
    }
    if (typeof value === 'boolean') {
      return node('span', { class: value ? 'value-true' : 'value-false', text: String(value) });
    }
    if (Array.isArray(value)) {
      return node('span', { text: value.map(plain).join('; ') });
    }
    return node('span', { text: plain(value) });
  }

  function plain(value) {
    if (value !== null && typeof value === 'object') {
      return Object.keys(value).map(function (key) { return key + ': ' + plain(value[key]); }).join(', ');
    }
    return String(value);
  }

  function factsTable(explanation, rule) {
    var rows = rule.facts.map(function (fact) {
      var name = node('th', { scope: 'row' }, [fact.define]);
      if (fact.library !== explanation.library) {
        name.appendChild(node('span', { class: 'library', text: 'from ' + fact.library }));
      }
      return node('tr', {}, [name, node('td', {}, [formatValue(fact.value)])]);
    });
    return node('table', { class: 'facts' }, [
      node('caption', { class: 'hint', text: 'Facts rule ' + rule.rule + ' reads (CQL library ' + explanation.library + ')' }),
      node('thead', {}, [node('tr', {}, [
        node('th', { scope: 'col', text: 'Define' }), node('th', { scope: 'col', text: 'Value' })
      ])]),
      node('tbody', {}, rows)
    ]);
  }

  function renderExplanation(explanation) {
    var rules = {};
    explanation.rules.forEach(function (rule) { rules[rule.rule] = rule; });
    document.querySelectorAll('#cards .cds-card').forEach(function (article) {
      var rule = rules[article.getAttribute('data-rule')];
      if (rule) {
        article.appendChild(node('details', { class: 'why' }, [
          node('summary', { text: 'Why this card?' }),
          node('p', { text: 'Rule ' + rule.rule + ' fired: its define "' + rule.define + '" is true for this record.' }),
          factsTable(explanation, rule)
        ]));
      }
    });
    var silent = explanation.rules.filter(function (rule) { return !rule.fired; });
    var container = el('silent-rules');
    container.textContent = '';
    silent.forEach(function (rule) {
      container.appendChild(node('details', {}, [
        node('summary', { text: rule.rule + ' – stayed silent ("' + rule.define + '" is not true)' }),
        factsTable(explanation, rule)
      ]));
    });
    el('silent').hidden = silent.length === 0;
  }

  /* ------------------------------------------------------------------ running a hook */

  function describe(error) {
    if (error instanceof HttpError) {
      return 'HTTP ' + error.status + (error.message ? ': ' + error.message : '');
    }
    return (error && error.message) || String(error);
  }

  function run(event) {
    event.preventDefault();
    var scenario = selectedScenario();
    var patient = selectedPatient();
    if (!scenario || !patient) {
      return;
    }
    var mode = document.querySelector('input[name="data"]:checked').value;
    var cards = el('cards');
    el('run').disabled = true;
    cards.setAttribute('aria-busy', 'true');
    el('silent').hidden = true;
    setStatus('Calling ' + scenario.service + ' for ' + patientName(patient) + '…');
    var body;
    buildRequest(scenario, patient.id, mode).then(function (request) {
      body = request;
      el('request').textContent = JSON.stringify(request, null, 2);
      return postJson('cds-services/' + encodeURIComponent(scenario.service), request);
    }).then(function (response) {
      el('response').textContent = JSON.stringify(response, null, 2);
      cards.textContent = '';
      var returned = response.cards || [];
      returned.forEach(function (card, i) { cards.appendChild(renderCard(card, i)); });
      var rules = returned.map(ruleOf).filter(Boolean);
      setStatus(returned.length
        ? returned.length + (returned.length === 1 ? ' card' : ' cards') + ' from ' + scenario.service + ' (rule ' + rules.join(', ') + ').'
        : 'No card from ' + scenario.service + ' for this patient: see "Rules that stayed silent" below for why.');
      return postJson('explain/' + encodeURIComponent(scenario.service), body).then(renderExplanation, function (error) {
        el('silent-rules').textContent = 'The explanation is unavailable: ' + describe(error);
        el('silent').hidden = false;
      });
    }).catch(function (error) {
      setStatus('The call failed: ' + describe(error), true);
    }).then(function () {
      cards.removeAttribute('aria-busy');
      el('run').disabled = false;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    el('patient').addEventListener('change', describePatient);
    el('scenario').addEventListener('change', describeScenario);
    el('hook-form').addEventListener('submit', run);
    loadAll();
  });
})();
