// pubtrend's explorer, progressively: without this script the form and
// links work as they are. With it, topics update the results without a
// reload (the URL follows with history.pushState, so it stays the
// permalink), a blank field is always there for one more topic, and the
// embed snippet can be copied with one button.
'use strict';
(function () {
  document.documentElement.classList.add('js');
  const form = document.getElementById('explore');
  if (!form || !window.fetch || !window.history || !window.DOMParser) {
    return;
  }
  const inputs = document.getElementById('inputs');
  const maxTopics = 10;
  let pending = null; // the request in flight, aborted by a newer one
  let poll = null;

  // The URL of what the form asks for: blank fields and defaults left
  // out, names in the order the server writes them, so that it answers
  // without redirecting.
  function formURL() {
    const pairs = [];
    for (const [name, value] of new FormData(form)) {
      const v = String(value).trim();
      if (v === '' || (name === 'style' && v === 'auto')) {
        continue;
      }
      pairs.push([name, v]);
    }
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const qs = new URLSearchParams(pairs).toString();
    return '/' + (qs ? '?' + qs : '');
  }

  // Swap in the results of url; push it as the page's address unless it
  // is a refresh of the same page.
  async function show(url, push) {
    if (pending) {
      pending.abort();
    }
    clearTimeout(poll);
    const ctl = new AbortController();
    pending = ctl;
    const result = document.getElementById('result');
    result.setAttribute('aria-busy', 'true');
    try {
      const resp = await fetch(url, { headers: { Accept: 'text/html' }, signal: ctl.signal });
      const doc = new DOMParser().parseFromString(await resp.text(), 'text/html');
      const fresh = doc.getElementById('result');
      if (!fresh) {
        throw new Error('the answer has no results');
      }
      result.replaceWith(fresh);
      document.title = doc.title;
      if (push) {
        history.pushState(null, '', resp.url);
      }
      enhance();
    } catch (err) {
      if (err.name === 'AbortError') {
        return;
      }
      result.removeAttribute('aria-busy');
      const p = document.createElement('p');
      p.className = 'problem';
      p.setAttribute('role', 'alert');
      p.textContent = 'The results could not be loaded: ' + err.message + '. Press Show to try again.';
      result.prepend(p);
    } finally {
      if (pending === ctl) {
        pending = null;
      }
    }
  }

  // Keep one blank field at the end for another topic.
  function blankField() {
    const fields = inputs.querySelectorAll('input[name=q]');
    const last = fields[fields.length - 1];
    if (!last || last.value.trim() === '' || fields.length >= maxTopics) {
      return;
    }
    const label = last.parentElement.cloneNode(true);
    const input = label.querySelector('input');
    input.value = '';
    input.placeholder = 'another topic';
    label.querySelector('.visually-hidden').textContent = 'Topic ' + (fields.length + 1);
    inputs.appendChild(label);
  }

  // Set the form from the page's address, after Back or Forward.
  function fillForm() {
    const sp = new URLSearchParams(location.search);
    const qs = sp.getAll('q');
    const fields = Array.from(inputs.querySelectorAll('input[name=q]'));
    while (fields.length > 1 && fields.length > qs.length + 1) {
      fields.pop().parentElement.remove();
    }
    for (let i = 0; i < fields.length; i++) {
      fields[i].value = qs[i] || '';
    }
    for (let i = fields.length; i < qs.length; i++) {
      blankField();
      const all = inputs.querySelectorAll('input[name=q]');
      all[all.length - 1].value = qs[i];
    }
    blankField();
    for (const name of ['from', 'to']) {
      form.elements[name].value = sp.get(name) || '';
    }
    form.elements.style.value = sp.get('style') || 'auto';
    form.elements.per100k.checked = sp.has('per100k');
    form.elements.log.checked = sp.has('log');
  }

  // What the results need once they are in the page: the copy button,
  // and a refresh while counts are being collected.
  function enhance() {
    const copy = document.getElementById('copy');
    if (copy) {
      copy.hidden = false;
      const snippet = document.getElementById('embed');
      // The server wrote the address it was asked under; the browser
      // knows the one people use.
      snippet.value = snippet.value.replace(/src="[^"\/]*\/\/[^\/"]*\//, 'src="' + location.origin + '/');
    }
    const result = document.getElementById('result');
    if (result && result.dataset.collecting && !document.querySelector('meta[http-equiv=refresh]')) {
      poll = setTimeout(() => show(location.pathname + location.search, false), 3000);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    show(formURL(), true);
  });
  form.addEventListener('change', (e) => {
    if (e.target.matches('input, select') && formURL() !== location.pathname + location.search) {
      form.requestSubmit();
    }
  });
  inputs.addEventListener('input', blankField);
  document.addEventListener('click', async (e) => {
    if (!e.target.matches || !e.target.matches('#copy')) {
      return;
    }
    const snippet = document.getElementById('embed');
    try {
      await navigator.clipboard.writeText(snippet.value);
    } catch {
      snippet.select();
      document.execCommand('copy');
    }
    e.target.textContent = 'Copied';
    setTimeout(() => { e.target.textContent = 'Copy'; }, 2000);
  });
  window.addEventListener('popstate', () => {
    fillForm();
    show(location.pathname + location.search, false);
  });
  enhance();
})();
