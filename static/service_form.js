/* service_form.js - keep what was typed in the service form in this browser until it is sent
 * (issue 11: a draft survives a lost connection), and forget it once the service is saved.
 * The form works without it; the server keeps drafts too ("Save draft"). */
(function () {
  'use strict';
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { return; }
  var saved = document.getElementById('service-saved');
  if (saved) { /* the service page after a save: the kept copy is sent */
    try {
      var sent = window.sessionStorage.getItem('pd.service.sent');
      if (sent) { store.removeItem(sent); window.sessionStorage.removeItem('pd.service.sent'); }
    } catch (e) { /* nothing kept */ }
    return;
  }
  var f = document.getElementById('service-form');
  if (!f) return;
  /* Keyed by the form's own page (its _form field), not the address: a refused form comes back
   * at the POST's address (/services), and its copy must be the one the save forgets. */
  var page = f.elements._form && f.elements._form.value ? f.elements._form.value : location.pathname;
  var key = 'pd.service:' + page + ':' + (f.getAttribute('data-draft') || '0');
  function collect() {
    var o = {};
    for (var i = 0; i < f.elements.length; i++) {
      var e = f.elements[i];
      if (!e.name || e.name.charAt(0) === '_' || e.type === 'submit') continue;
      if (e.type === 'checkbox' || e.type === 'radio') {
        if (!e.checked) continue;
        o[e.name] = o[e.name] ? o[e.name] + ',' + e.value : e.value;
      } else if (e.value) {
        o[e.name] = e.value;
      }
    }
    o._at = Date.now();
    return o;
  }
  function apply(o) {
    for (var i = 0; i < f.elements.length; i++) {
      var e = f.elements[i];
      if (!e.name || !(e.name in o) || e.name.charAt(0) === '_') continue;
      var v = String(o[e.name]);
      if (e.type === 'checkbox' || e.type === 'radio') e.checked = v.split(',').indexOf(e.value) >= 0;
      else if (e.type !== 'hidden') e.value = v;
    }
  }
  var note = f.elements.note, kept = null;
  try { kept = JSON.parse(store.getItem(key) || 'null'); } catch (e) { kept = null; }
  /* A week-old copy is stale; a form the server filled in again wins. */
  if (kept && kept.note && note && !note.value && Date.now() - (kept._at || 0) < 7 * 86400000) {
    apply(kept);
    var n = document.getElementById('draft-restored');
    if (n) n.hidden = false;
  }
  function save() { try { store.setItem(key, JSON.stringify(collect())); } catch (e) { /* full */ } }
  f.addEventListener('input', save);
  f.addEventListener('change', save);
  f.addEventListener('submit', function () {
    save();
    try { window.sessionStorage.setItem('pd.service.sent', key); } catch (e) { /* none */ }
  });
})();
