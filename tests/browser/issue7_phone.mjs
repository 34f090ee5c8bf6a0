// Issue 7 items 20, 23 and 24 in the browser: the main lists on a 375 px phone (stacked cards,
// status first, no sideways scroll, a small header, 24 px and 44 px targets, a legible BARC-10
// chart), printing (documents without their forms, a plan with signature lines, a dated
// workforce printout), and a focus ring of at least 3:1 against what surrounds it.
// run.mjs calls phoneSuite() with its helpers, so the results count in its summary line.

const PHONE = { width: 375, height: 812 };

// WCAG relative luminance and contrast of two "rgb(r, g, b)" / "rgba(...)" colours.
function rgb(s) {
  const m = String(s).match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
}
function luminance({ r, g, b }) {
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export async function phoneSuite({ test, check, go, signIn, page, shot }) {
  // Where the browser says things are, in one evaluate per page.
  const measure = () => page.evaluate(() => {
    const vis = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
    const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height, right: r.right }; };
    const name = (e) => (e.innerText || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40);
    const header = document.querySelector('header.top');
    const row = document.querySelector('.table-wrap tbody tr:has(.card-status)');
    let status = null;
    if (row) {
      const cells = [...row.children].filter(vis);
      const s = row.querySelector('.card-status');
      status = { box: box(s), first: cells.every((c) => c === s || c.getBoundingClientRect().top >= s.getBoundingClientRect().top - 0.5),
        text: s.innerText.trim() };
    }
    return {
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth, innerHeight,
      header: header ? header.getBoundingClientRect().height : 0,
      status,
      links: [...document.querySelectorAll('.table-wrap td a, .table-wrap th a')].filter(vis).slice(0, 30).map((e) => ({ name: name(e), ...box(e) })),
      buttons: [...document.querySelectorAll('main button:not(.link), main .button')].filter(vis).map((e) => ({ name: name(e), ...box(e) })),
      wide: [...document.querySelectorAll('body *')].filter((e) => vis(e) && e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest('.top nav'))
        .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')),
    };
  });

  // The record of the peer's first recoveree: its consents, and a consent to print.
  let rcPath = null;
  async function firstRecoveree() {
    await go(page, '/recoverees');
    const href = await page.locator('.table-wrap tbody a[href^="/recoverees/"]').first().getAttribute('href');
    check(href, 'the peer has no recoveree to open');
    return href;
  }

  const lists = [
    ['admin', 'staff list', '/users'],
    ['admin', 'audit trail', '/audit'],
    ['admin', 'API tokens', '/tokens'],
    ['supervisor', 'workforce dashboard', '/workforce'],
    ['supervisor', 'emergency access review', '/break-glass'],
    ['supervisor', 'recoverees', '/recoverees'],
    ['peer', 'caseload', '/recoverees'],
    ['peer', 'plans due', '/plans/due'],
    ['peer', 'consents', 'CONSENTS'],
  ];
  let who = null;
  for (const [user, label, p] of lists) {
    await test(`phone 375 px (issue 7): ${label} as ${user} stacks its table into cards, status first, with 24/44 px targets and a small header`, async () => {
      if (who !== user) { await signIn(page, user); who = user; }
      await page.setViewportSize(PHONE);
      let pathname = p;
      if (p === 'CONSENTS') { rcPath = rcPath || await firstRecoveree(); pathname = rcPath + '/consents'; }
      await go(page, pathname);
      const m = await measure();
      check(m.scrollWidth <= m.innerWidth, `the page is ${m.scrollWidth} px wide at ${m.innerWidth} px (${m.wide.join(', ')})`);
      check(m.header < 0.15 * m.innerHeight, `the header is ${Math.round(m.header)} px, ${Math.round(100 * m.header / m.innerHeight)}% of the first screen`);
      if (m.status) {
        check(m.status.box.x >= 0 && m.status.box.right <= m.innerWidth && m.status.box.h > 0,
          `the status cell "${m.status.text}" of the first card is off screen (x ${Math.round(m.status.box.x)}, right ${Math.round(m.status.box.right)})`);
        check(m.status.first, `the status cell "${m.status.text}" is not first in its card`);
      } else {
        check(!['/users', '/workforce', 'CONSENTS'].includes(p), `${pathname} has no row with a status cell`);
      }
      for (const l of m.links) check(l.h >= 24, `the record link "${l.name}" is ${l.h.toFixed(1)} px tall, under 24`);
      for (const b of m.buttons) check(b.h >= 44, `the button "${b.name}" is ${b.h.toFixed(1)} px tall, under 44`);
      await shot(page, `issue7-${label.replace(/\W+/g, '-')}-${user}`, PHONE);
    });
  }

  await test('phone 375 px (issue 7): the BARC-10 chart\'s text renders at 12 px or more', async () => {
    if (who !== 'peer') { await signIn(page, 'peer'); who = 'peer'; }
    await page.setViewportSize(PHONE);
    rcPath = rcPath || await firstRecoveree();
    await go(page, rcPath + '/barc10');
    const t = await page.evaluate(() => {
      const svg = document.querySelector('figure.chart svg');
      if (!svg) return null;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const texts = [...svg.querySelectorAll('text')];
      const sizes = texts.map((e) => parseFloat(getComputedStyle(e).fontSize) * scale);
      // The box of a horizontal digit string is about its font size tall.
      const heights = texts.filter((e) => !e.closest('[transform]') && !e.getAttribute('transform') && /\d/.test(e.textContent))
        .map((e) => e.getBoundingClientRect().height);
      return { n: texts.length, min: Math.min(...sizes), minHeight: Math.min(...heights), width: svg.getBoundingClientRect().width };
    });
    check(t && t.n > 0, 'the BARC-10 page has no chart text');
    check(t.min >= 12, `the chart's smallest text renders at ${t.min.toFixed(1)} px (chart ${Math.round(t.width)} px wide)`);
    check(t.minHeight >= 12, `a chart label's box is ${t.minHeight.toFixed(1)} px tall`);
    await shot(page, 'issue7-barc10', PHONE);
  });

  // ---- printing (item 23) -------------------------------------------------------------------
  const visible = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)]
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length, sel);

  await test('print (issue 7): a consent prints without its signature, disclosure and revocation forms', async () => {
    if (who !== 'peer') { await signIn(page, 'peer'); who = 'peer'; }
    rcPath = rcPath || await firstRecoveree();
    await go(page, rcPath + '/consents');
    const hrefs = await page.locator('.table-wrap tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(hrefs.length > 0, 'the recoveree has no consent');
    let formsOnScreen = 0;
    try {
      for (const h of hrefs) { // a consent valid today has the disclosure and revocation forms
        await go(page, h);
        formsOnScreen = await visible('main form');
        if (formsOnScreen > 0) break;
      }
      check(formsOnScreen > 0, 'no consent of the recoveree shows a form on screen');
      await page.emulateMedia({ media: 'print' });
      const forms = await visible('main form, main input, main textarea, main select, main button');
      check(forms === 0, `${forms} form controls print with the consent`);
      check(await visible('article.printable') === 1, 'the consent itself does not print');
      check(await visible('main h2') === 1, 'a form\'s heading prints with the consent');
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  await test('print (issue 7): a plan prints its text and signature lines, not its edit form', async () => {
    if (who !== 'peer') { await signIn(page, 'peer'); who = 'peer'; }
    rcPath = rcPath || await firstRecoveree();
    await go(page, rcPath + '/plan');
    check(await visible('.signatures') === 0, 'the signature lines show on screen');
    try {
      await page.emulateMedia({ media: 'print' });
      const controls = await visible('main input, main textarea, main select, main button');
      check(controls === 0, `${controls} form controls print with the plan`);
      const sig = await page.locator('.signatures').innerText().catch(() => '');
      check(/Recoveree[\s\S]*Date[\s\S]*Peer recovery specialist[\s\S]*Date/.test(sig), `the plan prints no signature lines: "${sig}"`);
      check(await visible('.plan-print') === 1, 'the plan\'s strengths and barriers do not print');
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  await test('print (issue 7): the workforce dashboard prints with its date', async () => {
    await signIn(page, 'supervisor'); who = 'supervisor';
    await go(page, '/workforce');
    try {
      await page.emulateMedia({ media: 'print' });
      const asOf = await page.locator('.as-of').innerText().catch(() => '');
      check(/\b\d{4}-\d{2}-\d{2}\b/.test(asOf), `the workforce printout carries no date: "${asOf}"`);
      check(await visible('main form') === 0, 'the filters print');
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  // ---- focus ring (item 24) -------------------------------------------------------------------
  await test('focus (issue 7): the focus ring of links, buttons and text areas is at least 3:1 against the page', async () => {
    if (who !== 'peer') { await signIn(page, 'peer'); who = 'peer'; }
    await page.setViewportSize({ width: 1280, height: 800 });
    await go(page, '/recoverees');
    await page.keyboard.press('Tab'); // keyboard modality, so focus() shows :focus-visible
    const targets = [
      ['a record link', '.table-wrap tbody a'],
      ['a main navigation link', 'header nav a'],
      ['the sign-out button', 'header button'],
      ['a button', 'main button'],
      ['a text area', 'main textarea'],
      ['an input', 'main input:not([type=hidden])'],
    ];
    const bad = [];
    for (const [label, sel] of targets) {
      // The list has no text area: the intake form has every kind of control.
      if (await page.locator(sel).count() === 0) {
        await go(page, '/recoverees/new');
        await page.keyboard.press('Tab');
      }
      const el = page.locator(sel).first();
      await el.focus();
      const r = await el.evaluate((e) => {
        const cs = getComputedStyle(e);
        // The ring is drawn outside the element (outline-offset), over its ancestors' background.
        let bg = 'rgba(0, 0, 0, 0)';
        for (let p = e.parentElement; p; p = p.parentElement) {
          const c = getComputedStyle(p).backgroundColor;
          if (!/rgba\(0, 0, 0, 0\)|transparent/.test(c)) { bg = c; break; }
        }
        if (/rgba\(0, 0, 0, 0\)/.test(bg)) bg = 'rgb(255, 255, 255)';
        return { visible: e.matches(':focus-visible'), style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor, bg };
      });
      const ratio = contrast(rgb(r.color), rgb(r.bg));
      if (!r.visible || r.style === 'none' || r.width < 2 || ratio < 3)
        bad.push(`${label}: ${r.style} ${r.width}px ${r.color} on ${r.bg} = ${ratio.toFixed(2)}:1${r.visible ? '' : ' (not :focus-visible)'}`);
    }
    check(bad.length === 0, bad.join('; '));
  });
}
