// Rule analytics page: reads /analytics/rules and /analytics/rules/daily. Every value from the
// server is written with textContent, never as HTML: override reason codes come from EHRs.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const SERIES = ['cardsShown', 'accepted', 'overridden'];
const SERIES_CLASS = { cardsShown: 'shown', accepted: 'accepted', overridden: 'overridden' };
const MAX_CHART_DAYS = 366;

const form = document.getElementById('period');
const status = document.getElementById('status');

function query() {
  const params = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const value = document.getElementById(name).value;
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? '?' + text : '';
}

async function fetchJson(path) {
  const response = await fetch(path + query(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try {
      message = (await response.json()).issue[0].diagnostics || message;
    } catch (ignored) { /* not an OperationOutcome */ }
    throw new Error(message);
  }
  return response.json();
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

function percent(rate) {
  return rate === null || rate === undefined ? '–' : (rate * 100).toFixed(1) + ' %';
}

function renderRules(report) {
  const body = document.querySelector('#rules tbody');
  body.replaceChildren();
  for (const rule of report.rules) {
    const row = document.createElement('tr');
    cell(row, rule.service);
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = rule.rule;
    row.appendChild(th);
    cell(row, String(rule.cardsShown), 'number');
    cell(row, String(rule.accepted), 'number');
    cell(row, String(rule.overridden), 'number');
    cell(row, percent(rule.acceptanceRate), 'number');
    const reasons = Object.entries(rule.overrideReasons).map(([code, count]) => code + ': ' + count).join(', ');
    cell(row, reasons || '–');
    body.appendChild(row);
  }
  document.getElementById('unknown').textContent = report.unknownCardFeedback
    ? report.unknownCardFeedback + ' feedback item(s) concern cards this deployment did not issue (not counted above).'
    : '';
}

function fillRuleChoices(report) {
  const select = document.getElementById('rule');
  const chosen = select.value;
  select.replaceChildren(new Option('All rules', ''));
  for (const rule of report.rules) {
    select.appendChild(new Option(rule.service + ' ' + rule.rule, rule.service + '|' + rule.rule));
  }
  select.value = chosen;
}

/** Totals per day for the selection, with the days that had no activity filled in as zeros. */
function series(days) {
  const choice = document.getElementById('rule').value;
  const totals = new Map();
  for (const day of days) {
    if (choice && choice !== day.service + '|' + day.rule) continue;
    const total = totals.get(day.date) || { cardsShown: 0, accepted: 0, overridden: 0 };
    for (const name of SERIES) total[name] += day[name];
    totals.set(day.date, total);
  }
  const dates = [...totals.keys()].sort();
  const first = document.getElementById('from').value || dates[0];
  const last = document.getElementById('to').value || dates[dates.length - 1];
  const result = [];
  if (!first || !last) return result;
  for (let d = new Date(first + 'T00:00:00Z'); d <= new Date(last + 'T00:00:00Z') && result.length < MAX_CHART_DAYS;
       d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    result.push({ date, ...(totals.get(date) || { cardsShown: 0, accepted: 0, overridden: 0 }) });
  }
  return result;
}

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent.appendChild(element);
  return element;
}

function renderChart(points) {
  const chart = document.getElementById('chart');
  chart.replaceChildren();
  const table = document.querySelector('#days tbody');
  table.replaceChildren();
  if (points.length === 0) {
    chart.textContent = 'No cards were shown in this period.';
    return;
  }
  const left = 40, bottom = 40, top = 10, height = 220, slot = Math.max(12, Math.min(48, 900 / points.length));
  const width = left + slot * points.length + 10;
  const max = Math.max(1, ...points.map(p => Math.max(p.cardsShown, p.accepted, p.overridden)));
  const root = svg('svg', { viewBox: `0 0 ${width} ${height + top + bottom}`, width, height: height + top + bottom,
    role: 'img', 'aria-labelledby': 'chart-svg-title' }, chart);
  const title = svg('title', { id: 'chart-svg-title' }, root);
  title.textContent = 'Cards shown, accepted and overridden per day from ' + points[0].date + ' to '
    + points[points.length - 1].date + '; the numbers are in the table below the chart.';
  const y = value => top + height - (value / max) * height;
  svg('line', { x1: left, y1: top + height, x2: width, y2: top + height }, root);
  for (const tick of [0, Math.round(max / 2), max]) {
    const label = svg('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, root);
    label.textContent = String(tick);
  }
  const bar = (slot - 4) / SERIES.length;
  const labelEvery = Math.ceil(points.length / 12);
  points.forEach((point, i) => {
    const x = left + i * slot + 2;
    SERIES.forEach((name, s) => {
      if (point[name] > 0) {
        svg('rect', { x: x + s * bar, y: y(point[name]), width: bar, height: top + height - y(point[name]), class: SERIES_CLASS[name] }, root);
      }
    });
    if (i % labelEvery === 0) {
      const label = svg('text', { x: x + slot / 2, y: top + height + 16, 'text-anchor': 'middle' }, root);
      label.textContent = point.date.slice(5);
    }
    const row = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = point.date;
    row.appendChild(th);
    for (const name of SERIES) cell(row, String(point[name]), 'number');
    table.appendChild(row);
  });
}

let lastDays = [];

async function load() {
  status.className = '';
  status.textContent = 'Loading…';
  try {
    const [report, daily] = await Promise.all([fetchJson('rules'), fetchJson('rules/daily')]);
    fillRuleChoices(report);
    renderRules(report);
    lastDays = daily.days;
    renderChart(series(lastDays));
    status.textContent = 'Updated ' + new Date().toLocaleString() + '.';
  } catch (error) {
    status.className = 'error';
    status.textContent = 'Could not load the analytics: ' + error.message;
  }
}

form.addEventListener('submit', event => {
  event.preventDefault();
  load();
});
document.getElementById('rule').addEventListener('change', () => renderChart(series(lastDays)));
load();
