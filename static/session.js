/* session.js - the facilitator's session view (GR-2, GR-3): the segment timer, kept in this
 * browser per session so a reload or a locked phone does not lose it, and the attendance tiles
 * gathered into the one "attendance" field the server reads. Every word shown comes from the
 * page (the message catalog); this file only moves state. */
(function () {
  'use strict';

  /* ---- the timer ---- */
  var timer = document.getElementById('timer');
  if (timer) {
    var key = 'pd-timer-' + timer.getAttribute('data-session');
    var segs = Array.prototype.slice.call(document.querySelectorAll('#segments li'));
    var now = document.getElementById('seg-now');
    var left = document.getElementById('seg-left');
    var state = null;
    try { state = JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { state = null; }
    if (!state) state = { seg: 0, started: 0, spent: 0, running: false };

    var save = function () {
      try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode */ }
    };
    var elapsed = function () {
      return state.spent + (state.running ? (Date.now() - state.started) / 1000 : 0);
    };
    var fmt = function (s) {
      var neg = s < 0;
      s = Math.abs(Math.round(s));
      var m = Math.floor(s / 60), r = s % 60;
      return (neg ? '+' : '') + m + ':' + (r < 10 ? '0' : '') + r;
    };
    var draw = function () {
      segs.forEach(function (li, i) {
        li.classList.toggle('current', i === state.seg);
        li.classList.toggle('done', i < state.seg);
        if (i === state.seg) li.setAttribute('aria-current', 'step');
        else li.removeAttribute('aria-current');
      });
      var cur = segs[state.seg];
      if (!cur) return;
      var total = parseInt(cur.getAttribute('data-minutes'), 10) * 60;
      now.textContent = cur.querySelector('.seg-label').textContent;
      left.textContent = fmt(total - elapsed());
      left.classList.toggle('over', elapsed() > total);
    };
    document.getElementById('timer-start').addEventListener('click', function () {
      if (!state.running) { state.running = true; state.started = Date.now(); save(); draw(); }
    });
    document.getElementById('timer-pause').addEventListener('click', function () {
      if (state.running) { state.spent = elapsed(); state.running = false; save(); draw(); }
    });
    document.getElementById('timer-next').addEventListener('click', function () {
      if (state.seg < segs.length - 1) {
        state.seg++;
        state.spent = 0;
        state.started = Date.now();
        save();
        draw();
      }
    });
    draw();
    setInterval(draw, 1000);
  }

  /* ---- attendance ---- */
  var form = document.getElementById('attendance-form');
  if (!form) return;
  var guests = document.getElementById('guests');
  var tpl = document.getElementById('guest-row');
  var nguest = 0;
  var addGuest = function (g) {
    var node = tpl.content.firstElementChild.cloneNode(true);
    var name = 'guest-' + (nguest++);
    node.querySelectorAll('input[type=radio]').forEach(function (r) {
      r.name = name;
      if (g && g.status) r.checked = r.value === g.status;
    });
    if (g) {
      node.querySelector('.guest-name').value = g.guest_name || '';
      node.querySelector('.guest-role').value = g.guest_role || '';
    }
    guests.appendChild(node);
    return node;
  };
  document.getElementById('add-guest').addEventListener('click', function () {
    addGuest(null).querySelector('.guest-name').focus();
  });

  /* What was sent before a refusal comes back as the page's data-kept. */
  var kept = form.getAttribute('data-kept');
  if (kept) {
    try {
      JSON.parse(kept).forEach(function (a) {
        if (a.recoveree_id) {
          var fs = document.getElementById('member_' + a.recoveree_id);
          if (!fs) return;
          fs.querySelectorAll('input[type=radio]').forEach(function (r) { r.checked = r.value === a.status; });
          fs.querySelector('.shared').checked = !!a.shared;
          fs.querySelector('.pnote').value = a.note || '';
        } else {
          addGuest(a);
        }
      });
    } catch (e) { /* nothing kept */ }
  }

  form.addEventListener('submit', function () {
    var out = [];
    form.querySelectorAll('fieldset.member').forEach(function (fs) {
      var st = fs.querySelector('input[type=radio]:checked');
      if (!st) return; /* the server names every member left unmarked */
      out.push({
        recoveree_id: parseInt(fs.getAttribute('data-id'), 10),
        status: st.value,
        shared: fs.querySelector('.shared').checked,
        note: fs.querySelector('.pnote').value
      });
    });
    guests.querySelectorAll('fieldset.guest').forEach(function (fs) {
      var name = fs.querySelector('.guest-name').value.trim();
      if (!name) return;
      var st = fs.querySelector('input[type=radio]:checked');
      out.push({
        guest_name: name,
        guest_role: fs.querySelector('.guest-role').value.trim(),
        status: st ? st.value : 'present'
      });
    });
    document.getElementById('attendance').value = JSON.stringify(out);
  });
})();
