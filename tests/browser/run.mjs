// peerdesk browser tests: Playwright (playwright-core) driving Debian's Chromium, with axe-core.
// Usage: node run.mjs http://127.0.0.1:PORT   (run.sh starts a fresh demo server and calls this)
// Prints "ok - name" / "not ok - name: reason" per test and last "N passed, N failed".
// Screenshots (375 px and 1280 px) go to $PEERDESK_SHOTS, default /tmp/peerdesk-shots.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const base = (process.argv[2] || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node run.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
const SHOTS = process.env.PEERDESK_SHOTS || '/tmp/peerdesk-shots';
const ORG = 'demo';
const PASSWORD = 'Recovery-Demo-2026';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

let passed = 0;
const profiles = []; // throw-away Chromium profiles, removed at the end
let failed = 0;
const oneLine = (s) => String(s).split('\n').map((l) => l.trim()).filter(Boolean)[0] || 'error';

// A browser that hangs or dies must not hang CI or lose the summary line: give up after
// 10 minutes (a loaded 2-core machine needs about 5), and count anything thrown outside a test as one more failure.
function abort(why) {
  console.log(`not ok - the run completes: ${oneLine(why)}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  for (const d of profiles) try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* still in use */ }
  process.exit(1);
}
const watchdog = setTimeout(() => abort('still running after 600 s'), 600_000);
process.on('uncaughtException', (e) => abort(e && e.message ? e.message : e));
process.on('unhandledRejection', (e) => abort(e && e.message ? e.message : e));


// PEERDESK_BROWSER_ONLY=regex runs only the tests whose names match (while working on one).
const ONLY = process.env.PEERDESK_BROWSER_ONLY ? new RegExp(process.env.PEERDESK_BROWSER_ONLY) : null;

async function test(name, fn) {
  if (ONLY && !ONLY.test(name)) return;
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${oneLine(e && e.message ? e.message : e)}`);
  }
}
function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Chromium gets a fresh, throw-away profile (--user-data-dir) per launch. Playwright refuses
// --user-data-dir in launch()'s args and wants launchPersistentContext(dir) for that, which
// passes exactly --user-data-dir=dir to Chromium.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
async function launch(extra = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-chromium-'));
  profiles.push(dir);
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: DESKTOP, ...extra,
  });
  ctx.setDefaultTimeout(10_000);
  ctx.setDefaultNavigationTimeout(15_000);
  return ctx;
}

// ---- problems seen by the browser (CSP violations, JS errors, console errors) ----------------
const problems = [];
// Chromium reports a page's own 4xx status (a 404 page, a refused sign-in) as a console error;
// the tests check document statuses themselves, so only subresources' failures count here.
const documents = new Set();
function watch(ctx, label) {
  ctx.on('request', (r) => { if (r.isNavigationRequest()) documents.add(r.url()); });
  const where = (p) => { try { return new URL(p.url()).pathname; } catch { return p.url(); } };
  ctx.on('console', (m) => {
    const text = m.text();
    const csp = /Content Security Policy/i.test(text);
    if (m.type() !== 'error' && !csp) return;
    if (/^Failed to load resource/.test(text) && documents.has(m.location().url)) return;
    problems.push(`${label} ${where(m.page())}: ${csp ? 'CSP violation' : 'console error'}: ${oneLine(text)} (${m.location().url})`);
  });
  ctx.on('weberror', (e) => {
    problems.push(`${label} ${where(e.page())}: JS error: ${oneLine(e.error().message)}`);
  });
}

async function go(page, pathname, status = 200) {
  const resp = await page.goto(base + pathname);
  check(resp, `no response for ${pathname}`);
  check(resp.status() === status, `${pathname} answered ${resp.status()}, expected ${status}`);
  return resp;
}
const pathOf = (page) => new URL(page.url()).pathname;

async function signIn(page, username, password = PASSWORD) {
  await page.context().clearCookies();
  await go(page, '/login');
  await page.getByLabel('Organization', { exact: true }).fill(ORG);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname !== '/login', { timeout: 5000 }).catch(async () => {
    const alert = await page.getByRole('alert').allInnerTexts();
    throw new Error(`signing in as ${username} failed: ${oneLine(alert.join(' ') || 'still on /login')}`);
  });
  check(pathOf(page) === '/', `after signing in as ${username} the page is ${pathOf(page)}, not /`);
}

async function shot(page, name, viewport) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize(viewport);
  await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.width}.png`), fullPage: true });
}

const stamp = Date.now().toString(36).slice(-5);
const newPerson = { name: `Jordan Rivera ${stamp}`, username: `jrivera.${stamp}`, password: 'Blue harbor lantern 42' };
let newPersonPath = null;

const strict = await launch();
watch(strict, '[strict browser]');
const page = strict.pages()[0] || await strict.newPage();

// 1 ---------------------------------------------------------------------------------------------
await test('admin signs in, adds a peer, finds them in the staff list, signs out', async () => {
  await signIn(page, 'admin');
  await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();

  const nav = page.getByRole('navigation', { name: 'Main' });
  await Promise.all([page.waitForURL((u) => u.pathname === '/users'), nav.getByRole('link', { name: 'Staff', exact: true }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
  await Promise.all([page.waitForURL((u) => u.pathname === '/users/new'),
    page.getByRole('link', { name: 'Add a staff member' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Add a staff member' }).waitFor();

  await page.getByLabel('Full name', { exact: true }).fill(newPerson.name);
  await page.getByLabel('Username', { exact: true }).fill(newPerson.username);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Peer' });
  await page.getByLabel('First password', { exact: true }).fill(newPerson.password);
  await Promise.all([page.waitForURL((u) => /^\/users\/\d+$/.test(u.pathname)),
    page.getByRole('button', { name: 'Add staff member' }).click()]);
  newPersonPath = pathOf(page);
  await page.getByRole('heading', { level: 1, name: newPerson.name }).waitFor();
  const props = await page.locator('dl.props').innerText();
  check(props.includes(newPerson.username), `the new person's page does not show the username: ${oneLine(props)}`);
  check(/Role\s+Peer\b/.test(props), `the new person's page does not show the role Peer: ${oneLine(props)}`);

  await Promise.all([page.waitForURL((u) => u.pathname === '/users'), page.getByRole('link', { name: 'Back to staff' }).click()]);
  let row = page.getByRole('row').filter({ has: page.getByRole('link', { name: newPerson.name, exact: true }) });
  if (await row.count() === 0) { // not on the first page: look them up as a person would
    await page.getByLabel('Name or username', { exact: true }).fill(newPerson.username);
    await Promise.all([page.waitForURL((u) => u.searchParams.has('q')), page.getByRole('button', { name: 'Filter' }).click()]);
    row = page.getByRole('row').filter({ has: page.getByRole('link', { name: newPerson.name, exact: true }) });
  }
  check(await row.count() === 1, `${newPerson.name} is not in the staff list`);
  const cells = await row.getByRole('cell').allInnerTexts();
  check(cells.includes(newPerson.username) && cells.includes('Peer') && cells.includes('Active'),
    `staff list row is ${JSON.stringify(cells)}`);

  await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.getByRole('button', { name: 'Sign out' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Sign in to peerdesk' }).waitFor();
  await page.goto(base + '/users');
  check(pathOf(page) === '/login', `after signing out /users shows ${pathOf(page)}, not the sign-in page`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
});

// 2 ---------------------------------------------------------------------------------------------
await test('a wrong password shows an alert and stays on the sign-in page', async () => {
  await strict.clearCookies();
  await go(page, '/login');
  await page.getByLabel('Organization', { exact: true }).fill(ORG);
  await page.getByLabel('Username', { exact: true }).fill('supervisor');
  await page.getByLabel('Password', { exact: true }).fill('Not-the-password-1');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  const alert = page.getByRole('alert');
  await alert.first().waitFor();
  const text = (await alert.first().innerText()).trim();
  check(text.length > 0, 'the alert is empty');
  check(!/Recovery-Demo|Not-the-password/.test(await page.content()), 'the page echoes a password');
  check(pathOf(page) === '/login', `the page is ${pathOf(page)}, not /login`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to peerdesk' }).waitFor();
  check(await page.getByLabel('Password', { exact: true }).inputValue() === '', 'the password field is refilled');
  await signIn(page, 'supervisor'); // the right password still works after one mistake
});

// 2b --------------------------------------------------------------------------------------------
// Issue 3 acceptance: a supervisor records 2 ethics CE hours for a peer who was short, and the
// workforce dashboard turns that peer compliant. The demo's Marcus Webb is that peer.
const overallOf = async (name) => {
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await row.first().waitFor();
  return (await row.first().locator('td').last().innerText()).trim();
};
let marcusPath = null;
await test('a supervisor records 2 ethics CE hours and the dashboard turns the peer compliant', async () => {
  await signIn(page, 'supervisor');
  await page.setViewportSize(DESKTOP);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await Promise.all([page.waitForURL((u) => u.pathname === '/workforce'),
    nav.getByRole('link', { name: 'Workforce', exact: true }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Workforce' }).waitFor();
  const before = await overallOf('Marcus Webb');
  check(before !== 'Compliant', `Marcus Webb is already "${before}" before the hours are recorded`);
  await Promise.all([page.waitForURL((u) => /^\/workforce\/\d+$/.test(u.pathname)),
    page.getByRole('link', { name: 'Marcus Webb', exact: true }).click()]);
  marcusPath = pathOf(page);
  await page.getByRole('heading', { level: 1, name: 'Marcus Webb' }).waitFor();
  await page.getByText('Continuing education', { exact: true }).first().click(); // open the <details>
  await page.getByLabel('Course or event', { exact: true }).fill('Ethics and boundaries refresher');
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Ethics & professional boundaries' });
  await page.getByLabel('Hours', { exact: true }).first().fill('2');
  await Promise.all([page.waitForURL((u) => u.pathname === marcusPath),
    page.getByRole('button', { name: 'Add continuing education' }).click()]);
  await page.getByRole('cell', { name: 'Ethics and boundaries refresher' }).waitFor();
  await Promise.all([page.waitForURL((u) => u.pathname === '/workforce'),
    nav.getByRole('link', { name: 'Workforce', exact: true }).click()]);
  const after = await overallOf('Marcus Webb');
  check(after === 'Compliant', `after 2 ethics hours Marcus Webb is "${after}", not Compliant`);
});

// 2c --------------------------------------------------------------------------------------------
// Issue 4 acceptance: intake -> consent signed -> plan -> two BARC-10s -> the chart shows both points.
let rcPath = null, consentPath = null;
await test('a peer does an intake, records and signs a consent, starts a plan, and two BARC-10s chart as two points', async () => {
  await signIn(page, 'peer');
  await page.setViewportSize(DESKTOP);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await Promise.all([page.waitForURL((u) => u.pathname === '/recoverees'),
    nav.getByRole('link', { name: 'Recoverees', exact: true }).click()]);
  await Promise.all([page.waitForURL((u) => u.pathname === '/recoverees/new'),
    page.getByRole('link', { name: 'New intake' }).click()]);
  await page.getByLabel('First name (required)').fill('Rosalind');
  await page.getByLabel('Last name (required)').fill(`Okoye${stamp}`);
  await page.getByLabel(/Date of birth/).fill('1984-03-09');
  await page.getByLabel(/Preferred language/).fill('English');
  await page.getByLabel(/Recovery pathways/).fill('12-step');
  await Promise.all([page.waitForURL((u) => /^\/recoverees\/\d+$/.test(u.pathname)),
    page.getByRole('button', { name: 'Save intake' }).click()]);
  rcPath = pathOf(page);
  await page.getByRole('heading', { level: 1, name: `Rosalind Okoye${stamp}` }).waitFor();

  await Promise.all([page.waitForURL((u) => u.pathname === rcPath + '/consents'),
    page.getByRole('link', { name: 'Consents & disclosures' }).click()]);
  await page.getByLabel('(3) What information, specifically').fill('Recovery plan and attendance');
  await page.getByLabel('(4) Recipients, one per line').fill('Dr. Ana Ruiz, Camden Health Center');
  await page.getByLabel('(5) Purposes, one per line').fill('care coordination');
  await page.getByLabel(/\(6\) States the right to revoke/).check();
  await page.getByLabel('(7) Expires on').fill('2030-01-01');
  await Promise.all([page.waitForURL((u) => /\/consents\/\d+$/.test(u.pathname)),
    page.getByRole('button', { name: 'Record consent' }).click()]);
  consentPath = pathOf(page);
  await page.getByLabel('Full name as signature').fill(`Rosalind Okoye${stamp}`);
  await Promise.all([page.waitForURL((u) => u.pathname === consentPath),
    page.getByRole('button', { name: 'Sign consent' }).click()]);
  const state = await page.locator('.printable .badge').first().innerText();
  check(state.trim().toLowerCase() === 'valid', `the signed consent shows "${state}", not valid`);
  check(await page.getByText(/\(typed, /).count() > 0, 'the e-signature does not show it was typed, when and from where');

  await page.goto(base + rcPath + '/plan');
  await page.getByLabel('Strengths (in their words)').fill('My sister; I love to cook');
  await Promise.all([page.waitForURL((u) => u.pathname === rcPath + '/plan'),
    page.getByRole('button', { name: 'Start the plan' }).click()]);
  await page.getByText('Add a goal').click();
  await page.getByLabel('Goal, in their own words').fill('Cook dinner for my sister every Friday');
  await Promise.all([page.waitForURL((u) => u.pathname === rcPath + '/plan'),
    page.getByRole('button', { name: 'Add goal' }).click()]);
  await page.getByText('“Cook dinner for my sister every Friday”').waitFor();

  for (const [date, value] of [['2026-06-01', '3'], ['2026-09-01', '5']]) {
    await page.goto(base + rcPath + '/barc10');
    await page.getByLabel('Date', { exact: true }).fill(date);
    for (let i = 1; i <= 10; i++) await page.locator(`input[name="item${i}"][value="${value}"]`).check();
    await Promise.all([page.waitForURL((u) => u.pathname === rcPath + '/barc10'),
      page.getByRole('button', { name: 'Save assessment' }).click()]);
  }
  const chart = page.getByRole('img', { name: 'BARC-10 total over time' });
  await chart.waitFor();
  const points = await chart.locator('circle').count();
  check(points === 2, `the chart shows ${points} points, not 2`);
  const text = await chart.innerHTML();
  check(/\b30\b/.test(text) && /\b50\b/.test(text), 'the chart does not label the totals 30 and 50');
});

// 3 ---------------------------------------------------------------------------------------------
// axe-core is injected as an inline script, which peerdesk's CSP (rightly) forbids, so the axe
// pages run in their own Chromium with bypassCSP; CSP is checked in the strict browser (test 5).
const axeCtx = await launch({ bypassCSP: true });
watch(axeCtx, '[axe browser]');
const apage = axeCtx.pages()[0] || await axeCtx.newPage();

// Each page is checked at 1280 px and at 375 px: some rules (a table that scrolls sideways but
// cannot be reached by keyboard, for one) only fail on a phone.
async function axeCheck(name, pathname, status = 200) {
  await test(`axe: ${name} (${pathname}) has no serious or critical WCAG 2 A/AA violations at 1280 and 375 px`, async () => {
    const bad = [];
    for (const viewport of [DESKTOP, PHONE]) {
      await apage.setViewportSize(viewport);
      await go(apage, pathname, status);
      await apage.addScriptTag({ path: AXE });
      const res = await apage.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'],
      }));
      for (const v of res.violations) {
        const line = `${v.id} (${v.impact}) at ${JSON.stringify(v.nodes[0]?.target)}` +
          (v.nodes.length > 1 ? ` and ${v.nodes.length - 1} more` : '') + ` [${viewport.width} px]`;
        if (v.impact === 'serious' || v.impact === 'critical') bad.push(line);
        else console.error(`# axe ${pathname}: ${line}`);
      }
    }
    check(bad.length === 0, bad.join('; '));
  });
}
async function axeAs(username, pages) {
  let signedIn = true;
  await test(`axe browser: ${username} signs in`, async () => {
    signedIn = false;
    await signIn(apage, username);
    signedIn = true;
  });
  if (signedIn) for (const [name, p, status] of pages) await axeCheck(name, p, status);
}

await axeCtx.clearCookies();
await axeCheck('sign-in', '/login');
await axeAs('admin', [
  ['home as admin', '/'],
  ['staff list', '/users'],
  ['add staff', '/users/new'],
  ["a staff member's page", newPersonPath || '/users/1'],
  ['settings', '/settings'],
  ['audit trail', '/audit'],
  ['audit chain check', '/audit/verify'],
  ['my account', '/me'],
  ['API tokens', '/tokens'],
  ['error page', '/users/999999', 404],
]);
await axeAs('peer', [['home as peer', '/'], ['my progress', '/progress'], ['caseload', '/recoverees'],
  ['intake', '/recoverees/new'], ['a recoveree', rcPath || '/recoverees/1'],
  ['consents', (rcPath || '/recoverees/1') + '/consents'], ['a consent', consentPath || '/recoverees/1/consents/1'],
  ['recovery plan', (rcPath || '/recoverees/1') + '/plan'], ['BARC-10', (rcPath || '/recoverees/1') + '/barc10'],
  ['accounting of disclosures', (rcPath || '/recoverees/1') + '/accounting'], ['plan reviews', '/plans/due']]);
await axeAs('supervisor', [
  ['workforce dashboard', '/workforce'],
  ["a peer's workforce page", marcusPath || '/workforce/1'],
  ['emergency access review', '/break-glass'],
  ['matching', (rcPath || '/recoverees/1') + '/match'],
]);
await axeAs('auditor', [['home as auditor', '/']]);
await axeCtx.close();

// 4 ---------------------------------------------------------------------------------------------
await signIn(page, 'admin').catch(() => {});
for (const [name, p] of [['home', '/'], ['staff list', '/users'], ['settings', '/settings'], ['audit trail', '/audit'],
  ['workforce dashboard', '/workforce'], ["a peer's workforce page", marcusPath || '/workforce/1'],
  ['a recoveree', rcPath || '/recoverees/1'], ['BARC-10', (rcPath || '/recoverees/1') + '/barc10']]) {
  await test(`phone 375 px: ${name} does not scroll sideways and the main navigation is reachable`, async () => {
    await page.setViewportSize(PHONE);
    await go(page, p);
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    if (sw > PHONE.width) {
      const wide = await page.evaluate((w) => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > w + 0.5 && !e.closest('.table-wrap > *'))
        .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
          (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ` right=${Math.round(e.getBoundingClientRect().right)}`), PHONE.width);
      throw new Error(`page is ${sw} px wide; too wide: ${wide.join(', ')}`);
    }
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const n = await links.count();
    check(n >= 5, `admin sees ${n} main navigation links`);
    const targets = [...Array(n).keys()].map((i) => links.nth(i)).concat(page.getByRole('button', { name: 'Sign out' }));
    for (const el of targets) {
      const label = (await el.innerText()).trim();
      await el.scrollIntoViewIfNeeded();
      const box = await el.boundingBox();
      check(box && box.width > 0 && box.height > 0, `"${label}" is not visible`);
      check(box.x >= 0 && box.x + box.width <= PHONE.width, `"${label}" is off screen (x ${Math.round(box.x)}, width ${Math.round(box.width)})`);
      await el.click({ trial: true, timeout: 2000 }); // visible, stable, enabled and not covered
    }
    await shot(page, { '/': 'home', '/users': 'staff', '/settings': 'settings', '/audit': 'audit' }[p], PHONE);
  });
}

await test('keyboard: the first Tab reaches "Skip to content", which moves focus to main', async () => {
  await page.setViewportSize(PHONE);
  await go(page, '/');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href') }));
  check(first.text === 'Skip to content', `first Tab focuses "${first.text}"`);
  const skip = page.getByRole('link', { name: 'Skip to content' });
  const box = await skip.boundingBox();
  check(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width, 'the focused skip link is not on screen');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main', null, { timeout: 2000 })
    .catch(async () => { throw new Error(`after Enter focus is on ${await page.evaluate(() => document.activeElement.outerHTML.slice(0, 60))}`); });
  await page.keyboard.press('Tab'); // the next stop is inside main, not back in the header
  const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
  check(inMain, 'Tab after the skip link leaves main');
});

await test('desktop 1280 px screenshots of home, staff, settings and audit', async () => {
  for (const [name, p] of [['home', '/'], ['staff', '/users'], ['settings', '/settings'], ['audit', '/audit']]) {
    await page.setViewportSize(DESKTOP);
    await go(page, p);
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    check(sw <= DESKTOP.width, `${p} is ${sw} px wide at 1280 px`);
    await shot(page, name, DESKTOP);
  }
});

// Issue 7, items 18-19: choices instead of typed numbers, controls only for who may use them.
await (await import('./issue7_choices.mjs')).default({ test, check, go, signIn, page, base, PHONE, shot, pathOf });
// Issue 7 (items 20, 23, 24): phones, printing and the focus ring, in tests/browser/issue7_phone.mjs.
await (await import('./issue7_phone.mjs')).phoneSuite({ test, check, go, signIn, page, shot });
// Issue 10 (items 1 and 3): languages and forms that keep what was typed, in tests/browser/issue10_forms.mjs.
await (await import('./issue10_forms.mjs')).default({ test, check, go, signIn, page, base, PHONE, shot, pathOf });
// Issue 11 (browser acceptance): the service log on a touch phone, in tests/browser/issue11_services.mjs.
await (await import('./issue11_services.mjs')).default({ test, check, go, signIn, launch, watch, base, PHONE, shot, pathOf });
// Issue 12 (browser acceptance): the facilitator's session on a phone, the inbox and the e-mail.
await (await import('./issue12_groups.mjs')).default({ test, check, go, signIn, launch, watch, base, PHONE, shot });
await (await import('./issue13_monitoring.mjs')).default({ test, check, go, signIn, launch, watch, base, PHONE, shot });

// 5 ---------------------------------------------------------------------------------------------
// Every page once more in the strict browser (the CSP is enforced there), then the verdict over
// everything that browser saw during all the tests above.
await test('CSP: no violations, JS errors or console errors on any page', async () => {
  const sweep = [['admin', ['/', '/users', '/users/new', newPersonPath || '/users/1', '/settings', '/audit',
    '/audit/verify', '/me', '/tokens', ['/users/999999', 404]]], ['peer', ['/', '/me']], ['auditor', ['/', '/audit', '/audit/verify']]];
  await strict.clearCookies();
  await page.setViewportSize(DESKTOP);
  await go(page, '/login');
  for (const [user, pages] of sweep) {
    await signIn(page, user);
    for (const p of pages) {
      const [pathname, status] = Array.isArray(p) ? p : [p, 200];
      await go(page, pathname, status);
      await page.waitForLoadState('load');
    }
  }
  await page.waitForTimeout(200); // let late console reports arrive
  // The same problem usually shows on many pages: report each distinct one once, shortened.
  const distinct = new Map();
  for (const pr of problems) {
    const [where, ...rest] = pr.split(': ');
    const what = rest.join(': ').slice(0, 140);
    distinct.set(what, (distinct.get(what) || new Set()).add(where));
  }
  const summary = [...distinct].map(([what, at]) => `${what} [${[...at].slice(0, 3).join(', ')}${at.size > 3 ? ', …' : ''}]`);
  check(problems.length === 0, `${distinct.size} distinct problem(s) on ${problems.length} occasion(s): ${summary.slice(0, 4).join(' | ')}`);
});

// Spreadsheet import (issue 8 item 4) ------------------------------------------------------------
await test('admin uploads a CSV of recoverees, sees the preview, confirms, and finds them in the list', async () => {
  await signIn(page, 'admin');
  await page.setViewportSize(DESKTOP);
  await go(page, '/import');
  await page.getByLabel('What the file lists').selectOption('recoverees');
  const csv = '\uFEFFLast Name,First Name,DOB,Phone,Language,Pathways\r\n' +
    `"Imported, ${stamp}",Mara,1979-04-02,555-0101,English,SMART\r\n` +
    `Imported${stamp},Theo,1982-11-30,555-0102,Spanish,12-step\r\n`;
  await page.getByLabel(/CSV file/).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForURL((u) => u.pathname === '/import/preview'),
    page.getByRole('button', { name: 'Check the file' }).click()]);
  await page.getByRole('heading', { level: 1, name: /^Import preview/ }).waitFor();
  check((await page.locator('#im-rows').innerText()).trim() === '2', 'the preview does not say 2 rows read');
  check((await page.locator('#im-to-write').innerText()).trim() === '2', 'the preview does not say 2 rows to write');
  await Promise.all([page.waitForURL((u) => u.pathname === '/recoverees'),
    page.getByRole('button', { name: 'Import 2 rows' }).click()]);
  await go(page, `/recoverees?q=Imported`);
  const body = await page.locator('main').innerText();
  check(body.includes(`Imported, ${stamp}`) && body.includes(`Imported${stamp}`), 'the imported recoverees are not in the list');
});

await strict.close();
for (const d of profiles) fs.rmSync(d, { recursive: true, force: true });
clearTimeout(watchdog);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
