/**
 * The search page's script, as the browser runs it: it reads `?q=` from the address, searches the
 * prebuilt MiniSearch index (assets/search-index.<lang>.js sets `window.POLICYMARK_SEARCH`), ranks
 * sections holding the exact phrase first, and lists the results with a short excerpt. It builds the
 * results with DOM calls and `textContent` only: no text of a policy ever becomes markup.
 */
export const SEARCH_SCRIPT = `(function () {
  'use strict';
  var data = window.POLICYMARK_SEARCH;
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!data || !window.MiniSearch || !form || !input || !status || !list) return;
  var index = window.MiniSearch.loadJS(data.index, data.options);
  var words = data.words;
  function fill(template, query) { return template.split('{q}').join(query); }
  function excerpt(text, query) {
    var lower = text.toLowerCase();
    var at = lower.indexOf(query.toLowerCase());
    if (at < 0) {
      var first = query.toLowerCase().split(/\\s+/)[0] || '';
      at = first ? lower.indexOf(first) : -1;
    }
    var start = Math.max(0, at - 80);
    var end = Math.min(text.length, (at < 0 ? 0 : at) + 180);
    return (start > 0 ? '… ' : '') + text.slice(start, end).trim() + (end < text.length ? ' …' : '');
  }
  function run(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    query = query.trim();
    if (!query) { status.textContent = words.prompt; return; }
    var phrase = query.toLowerCase().replace(/\\s+/g, ' ');
    var hits = index.search(query, { prefix: true, combineWith: 'AND', boost: { title: 2 } });
    if (hits.length === 0) hits = index.search(query, { prefix: true, fuzzy: 0.2, boost: { title: 2 } });
    hits.sort(function (a, b) {
      var pa = (a.title + ' ' + a.text).toLowerCase().replace(/\\s+/g, ' ').indexOf(phrase) >= 0 ? 1 : 0;
      var pb = (b.title + ' ' + b.text).toLowerCase().replace(/\\s+/g, ' ').indexOf(phrase) >= 0 ? 1 : 0;
      return pb - pa || b.score - a.score;
    });
    status.textContent = hits.length === 0 ? fill(words.none, query) : fill(words.results, query) + ' (' + hits.length + ')';
    hits.slice(0, 50).forEach(function (hit) {
      var item = document.createElement('li');
      var heading = document.createElement('h2');
      var link = document.createElement('a');
      link.href = hit.url;
      link.textContent = hit.title;
      heading.appendChild(link);
      var where = document.createElement('p');
      where.className = 'where';
      where.textContent = hit.document;
      var text = document.createElement('p');
      text.className = 'excerpt';
      text.textContent = excerpt(hit.text, query);
      item.appendChild(heading);
      item.appendChild(where);
      item.appendChild(text);
      list.appendChild(item);
    });
  }
  var query = new URLSearchParams(window.location.search).get('q') || '';
  input.value = query;
  run(query);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var value = input.value;
    try { window.history.replaceState(null, '', '?q=' + encodeURIComponent(value)); } catch (e) { /* file:// may refuse */ }
    run(value);
  });
})();
`;

/** The fields MiniSearch indexes and stores; the browser loads the index with the same options. */
export const SEARCH_OPTIONS = {
  fields: ['title', 'text', 'document'],
  storeFields: ['title', 'text', 'document', 'url'],
} as const;
