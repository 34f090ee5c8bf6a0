// Issue 7, items 18 and 19, on a phone (375 px): people choose (a peer, a staff member, a record,
// a recipient) instead of typing record numbers, and see only the controls they may use.
// run.mjs calls this with its helpers; every test here signs in itself.
export default async function issue7Choices({ test, check, go, signIn, page, base, PHONE, shot, pathOf }) {
  const api = async (p) => {
    const r = await page.request.get(base + '/api/v1' + p);
    check(r.ok(), `GET /api/v1${p} answered ${r.status()}`);
    return r.json();
  };
  const fitsPhone = async (what) => {
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    check(sw <= PHONE.width, `${what} is ${sw} px wide at ${PHONE.width} px`);
  };

  await test('375 px: a supervisor assigns a peer from the match list with its Assign button', async () => {
    await signIn(page, 'supervisor');
    await page.setViewportSize(PHONE);
    const list = await api('/recoverees');
    let done = false;
    for (const rc of list.recoverees) {
      await go(page, `/recoverees/${rc.id}/match`);
      const buttons = page.getByRole('button', { name: /^Assign / });
      if (await buttons.count() === 0) continue;
      await fitsPhone('the match list');
      const label = await buttons.first().getAttribute('aria-label');
      const peer = label.replace(/^Assign /, '');
      await Promise.all([page.waitForURL((u) => u.pathname === `/recoverees/${rc.id}`), buttons.first().click()]);
      const peers = await page.locator('section', { has: page.getByRole('heading', { name: 'Peers' }) }).innerText();
      check(peers.includes(`${peer} since`), `after Assign the record's peers are "${peers.slice(0, 120)}", without ${peer}`);
      await shot(page, 'issue7-assigned', PHONE);
      done = true;
      break;
    }
    check(done, 'no recoveree in the supervisor\'s reach had a peer to assign');
  });

  await test('375 px: a supervisor records a relationship choosing the staff member from a list', async () => {
    await signIn(page, 'supervisor');
    await page.setViewportSize(PHONE);
    const list = await api('/recoverees');
    const rc = list.recoverees[list.recoverees.length - 1];
    await go(page, `/recoverees/${rc.id}`);
    await page.getByText('Record a relationship').click();
    const staff = page.getByLabel('Staff member', { exact: true });
    check(await staff.evaluate((e) => e.tagName) === 'SELECT', 'the staff member is not a list to choose from');
    const option = staff.locator('option').nth(1);
    const text = (await option.innerText()).trim();
    await staff.selectOption({ index: 1 });
    await page.getByLabel('Relationship', { exact: true }).selectOption({ value: 'employer' });
    await fitsPhone('the record page');
    await Promise.all([page.waitForURL((u) => u.pathname === `/recoverees/${rc.id}`),
      page.getByRole('button', { name: 'Record', exact: true }).click()]);
    const name = text.replace(/ \([^)]*\)$/, '');
    const rels = await page.locator('section', { has: page.getByRole('heading', { name: 'Other roles with this recoveree' }) }).innerText();
    check(rels.includes(`${name}: employer or workplace supervisor`), `the relationships read "${rels.slice(0, 160)}", without ${name} as employer`);
  });

  await test('375 px: a peer finds a record by name for emergency access, sees the banner and no Change status', async () => {
    await signIn(page, 'admin');
    const all = (await api('/recoverees')).recoverees;
    await signIn(page, 'peer');
    await page.setViewportSize(PHONE);
    const mine = new Set((await api('/recoverees')).recoverees.map((r) => r.id));
    const other = all.find((r) => !mine.has(r.id));
    check(other, 'every recoveree is on the peer\'s caseload');
    await go(page, '/recoverees');
    await Promise.all([page.waitForURL((u) => u.pathname === '/break-glass/search'),
      page.getByRole('link', { name: 'Find a record for emergency access' }).click()]);
    check(await page.getByLabel('Record number').count() === 0, 'the emergency access form still asks for a record number');
    await page.getByLabel('First or last name').fill(other.last_name);
    await Promise.all([page.waitForURL((u) => u.pathname === '/break-glass/search'),
      page.getByRole('button', { name: 'Find the record' }).click()]);
    await fitsPhone('the emergency access search');
    await page.getByRole('radio', { name: new RegExp(`record ${other.id}$`) }).check();
    await page.getByLabel('Why you need this record now').fill('The hospital called: they are in crisis and I need their contacts.');
    await Promise.all([page.waitForURL((u) => u.pathname === `/recoverees/${other.id}`),
      page.getByRole('button', { name: 'Open with emergency access' }).click()]);
    const banner = page.getByRole('status').filter({ hasText: 'Emergency access' });
    check(await banner.count() === 1, 'the record opened by emergency access shows no emergency-access banner');
    check(await page.getByRole('button', { name: 'Change status' }).count() === 0,
      'a record opened by emergency access offers "Change status" (which the server refuses)');
    await fitsPhone('the record under emergency access');
    await shot(page, 'issue7-break-glass', PHONE);
  });

  // A valid consent (with a disclosure form for those who may disclose) on a recoveree in reach.
  const validConsent = async () => {
    for (const rc of (await api('/recoverees')).recoverees) {
      const cs = await api(`/recoverees/${rc.id}/consents`);
      const c = cs.consents.find((x) => x.state === 'valid' && x.kind === 'specific');
      if (c) return `/recoverees/${rc.id}/consents/${c.id}`;
    }
    return null;
  };

  await test('375 px: a peer sees no disclosure form on a valid consent', async () => {
    await signIn(page, 'peer');
    await page.setViewportSize(PHONE);
    const p = await validConsent();
    check(p, 'no valid specific consent on the peer\'s caseload');
    await go(page, p);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    check(await page.getByRole('heading', { name: 'Disclose under this consent' }).count() === 0,
      'a peer is shown the disclosure form, which answers 403');
    await fitsPhone('the consent page');
  });

  await test('375 px: an administrator makes a disclosure choosing the recipient from the consent\'s own', async () => {
    await signIn(page, 'admin');
    await page.setViewportSize(PHONE);
    const p = await validConsent();
    check(p, 'no valid specific consent in the organization');
    await go(page, p);
    const recipient = page.getByLabel('Recipient (named on the consent)');
    check(await recipient.evaluate((e) => e.tagName) === 'SELECT', 'the recipient is typed, not chosen');
    const named = (await recipient.locator('option').allInnerTexts()).map((t) => t.trim());
    check(named.some((t) => /Camden Health Center/.test(t)), `the recipients offered are ${JSON.stringify(named)}`);
    await recipient.selectOption({ label: named.find((t) => /Camden Health Center/.test(t)) });
    await page.getByLabel('Purpose (stated on the consent)').selectOption({ index: 0 });
    await fitsPhone('the disclosure form');
    await Promise.all([page.waitForURL((u) => /\/disclosures\/\d+$/.test(u.pathname)),
      page.getByRole('button', { name: 'Record disclosure' }).click()]);
    const body = await page.locator('main').innerText();
    check(/Camden Health Center/.test(body), 'the disclosure page does not name the chosen recipient');
    check(pathOf(page).includes('/disclosures/'), 'the disclosure was not recorded');
  });
}
