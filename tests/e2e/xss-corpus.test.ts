// Hostile text in the dashboard (README "Hostile input", issue 11): a corpus of script-injection
// payloads, imported with `steplens import` as execution names, inputs, outputs, errors, causes,
// state names and a definition's comment and parameters — and written into audit rows (who, what,
// which execution, outcome, error: an OIDC name claim or a foreign writer could put them there) —
// stays text in Chromium on every page
// that shows those fields: no dialog opens, no payload's script runs (each calls a function the
// test exposes with its own number), no element the payloads describe is created, no `javascript:`
// link appears, and the payloads read back as the text they are.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction, AuditOutcome } from '../../lib/schemas/audit';
import { appendAuditEntry } from '../../lib/store/audit/index';
import { openStore } from '../../lib/store/index';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Hostile';
const arnOf = (name: string) => `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Payload templates; `N` becomes the payload's number, and running any of them calls
 * `__xss(N)` (or alert(N), caught as a dialog). Kinds: tags with handlers, script and style
 * breakouts, attribute and URL breakouts, SVG and MathML, template-literal and framework
 * expression syntax, encoded forms a naive decoder would revive.
 */
const TEMPLATES = [
  '<script>__xss(N)</script>',
  '<img src=x onerror=__xss(N)>',
  '<img src="x" onerror="__xss(N)">',
  '<svg onload=__xss(N)>',
  '<svg><script>__xss(N)</script></svg>',
  '"><script>__xss(N)</script>',
  "'><img src=x onerror=__xss(N)>",
  '</title><script>__xss(N)</script>',
  '</textarea><script>__xss(N)</script>',
  '</script><script>__xss(N)</script>',
  '</style><img src=x onerror=__xss(N)>',
  '<body onload=__xss(N)>',
  '<iframe src="javascript:__xss(N)"></iframe>',
  '<iframe srcdoc="<script>parent.__xss(N)</script>"></iframe>',
  '<a href="javascript:__xss(N)">click</a>',
  '<a href="jav&#x09;ascript:__xss(N)">click</a>',
  'javascript:__xss(N)',
  '<details open ontoggle=__xss(N)>',
  '<input autofocus onfocus=__xss(N)>',
  '<video><source onerror=__xss(N)></video>',
  '<audio src=x onerror=__xss(N)>',
  '<object data="javascript:__xss(N)"></object>',
  '<embed src="javascript:__xss(N)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(N)>',
  '<marquee onstart=__xss(N)>',
  '<form><button formaction=javascript:__xss(N)>x</button></form>',
  '<isindex type=image src=1 onerror=__xss(N)>',
  '<div style="background:url(javascript:__xss(N))">',
  '<link rel=import href="data:text/html,<script>__xss(N)</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(N)">',
  '<base href="javascript:__xss(N)//">',
  '<img src=x:alert(N) onerror=eval(src)>',
  '<img src=x onerror=alert(N)>',
  '<svg><animate onbegin=alert(N) attributeName=x dur=1s>',
  '<x contenteditable onfocus=alert(N) autofocus>x</x>',
  '${__xss(N)}',
  '{{constructor.constructor("__xss(N)")()}}',
  '<%= __xss(N) %>',
  '#{__xss(N)}',
  '&lt;script&gt;__xss(N)&lt;/script&gt;',
  '%3Cscript%3E__xss(N)%3C/script%3E',
  '\\u003cscript\\u003e__xss(N)\\u003c/script\\u003e',
  '<scr<script>ipt>__xss(N)</scr</script>ipt>',
  '<SCRIPT SRC=data:,__xss(N)></SCRIPT>',
  '<img """><script>__xss(N)</script>">',
  '<svg><foreignObject><img src=x onerror=__xss(N)></foreignObject></svg>',
  '<noscript><p title="</noscript><img src=x onerror=__xss(N)>">',
  '<template><img src=x onerror=__xss(N)></template><img src=x onerror=__xss(N)>',
  '<select autofocus onfocus=__xss(N)>',
  '<textarea autofocus onfocus=__xss(N)>',
  '<keygen autofocus onfocus=__xss(N)>',
  '<img src=x onerror=window["__x"+"ss"](N)>',
  '<svg><use href="data:image/svg+xml,<svg id=x xmlns=http://www.w3.org/2000/svg><image href=1 onerror=__xss(N) /></svg>#x" /></svg>',
  '<img src=x onerror=&#95;&#95;xss(N)>',
  '\u2028<script>__xss(N)</script>\u2029',
  '<div onmouseover=__xss(N) style="position:fixed;inset:0">hover</div>',
  '<div onclick=__xss(N) style="position:fixed;inset:0">click</div>',
] as const;

const PAYLOADS = TEMPLATES.map((template, i) => template.replaceAll('N', String(i + 1)));

/** Execution names cannot hold ':' (it ends the ARN's name), nor '/' kept readable in a URL test. */
const nameSafe = (payload: string) => !payload.includes(':') && !payload.includes('/');

/** A failed execution with `payloads` in its name, input, state names, parameters, output, error and cause. */
function hostileHistory(startSeconds: number, payloads: readonly string[]): { definition: unknown; events: unknown[] } {
  const [first = '', second = '', third = '', fourth = '', ...rest] = payloads;
  const t = (s: number) => new Date((startSeconds + s) * 1000).toISOString();
  const taskName = `Load ${first}`;
  const catchName = `Handle ${second}`;
  const definition = {
    Comment: `Comment ${third}`,
    StartAt: taskName,
    States: {
      [taskName]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fourth, 'Payload.$': '$' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: catchName }],
        End: true,
      },
      [catchName]: { Type: 'Fail', Error: `E ${third}`, Cause: `C ${fourth}` },
    },
  };
  const input = JSON.stringify({ [first]: second, list: rest, nested: { [third]: { value: fourth } } });
  const res = { resourceType: 'lambda', resource: 'invoke' };
  const error = `Err ${second}`;
  const cause = JSON.stringify({ errorMessage: third, errorType: fourth, stackTrace: rest.slice(0, 3) });
  const events = [
    { id: 1, previousEventId: 0, timestamp: t(0), type: 'ExecutionStarted', executionStartedEventDetails: { input, roleArn: 'arn:aws:iam::123456789012:role/r' } },
    { id: 2, previousEventId: 1, timestamp: t(1), type: 'TaskStateEntered', stateEnteredEventDetails: { name: taskName, input } },
    { id: 3, previousEventId: 2, timestamp: t(1), type: 'TaskScheduled', taskScheduledEventDetails: { ...res, region: 'us-east-1', parameters: JSON.stringify({ FunctionName: fourth, Payload: { [first]: rest } }) } },
    { id: 4, previousEventId: 3, timestamp: t(1), type: 'TaskStarted', taskStartedEventDetails: res },
    { id: 5, previousEventId: 4, timestamp: t(2), type: 'TaskFailed', taskFailedEventDetails: { ...res, error, cause } },
    { id: 6, previousEventId: 5, timestamp: t(2), type: 'TaskStateExited', stateExitedEventDetails: { name: taskName, output: JSON.stringify({ Error: error, Cause: cause, out: rest }) } },
    { id: 7, previousEventId: 6, timestamp: t(2), type: 'FailStateEntered', stateEnteredEventDetails: { name: catchName, input: JSON.stringify({ Error: error, Cause: cause }) } },
    { id: 8, previousEventId: 7, timestamp: t(3), type: 'ExecutionFailed', executionFailedEventDetails: { error: `E ${third}`, cause: `C ${fourth}` } },
  ];
  return { definition, events };
}

/** The payloads dealt round-robin to 8 executions (7 or 8 each, so every field gets one). */
const GROUPS: string[][] = Array.from({ length: 8 }, (_, g) => PAYLOADS.filter((_, i) => i % 8 === g));
/** Each execution's name holds the first name-safe payload of its group. */
const NAMES = GROUPS.map((group, g) => `x${g}-${group.find(nameSafe) ?? 'plain'}`);

/** The audit row of payload `p` (number i): the payload in every text column, the closed vocabularies (action, outcome) included, as the store could hold them. */
const auditTarget = (i: number, p: string) => (i % 2 === 0 ? arnOf(`a${i}-${p}`) : p);
function hostileAudit(i: number, p: string) {
  return {
    at: new Date(Date.now() - (PAYLOADS.length - i) * 1000),
    subject: `oidc:${p}`,
    actorName: `Name ${p}`,
    role: p,
    credential: p,
    action: p as AuditAction,
    target: auditTarget(i, p),
    outcome: p as AuditOutcome,
    httpStatus: 409,
    error: `Why ${p}`,
    resultArn: i % 3 === 0 ? arnOf(`r${i}-${p}`) : null,
    detail: { reasons: [p] },
  };
}

let server: RunningServer;
let browser: Browser;
let page: Page;
let dir = '';
/** Payload numbers whose script ran, and dialogs that opened: both must stay empty. */
const ran: number[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-xss-e2e-'));
  // Redaction off: the payloads must reach the page as they are, not as "[redacted]".
  server = await startSteplensServer({ env: { STEPLENS_REDACTION: 'off' } });
  const now = Math.floor(Date.now() / 1000) - 3600;
  for (const [g, group] of GROUPS.entries()) {
    const file = join(dir, `hostile-${g}.json`);
    writeFileSync(file, JSON.stringify(hostileHistory(now + g * 60, group)));
    const imported = await runSteplens(['import', '--execution-arn', arnOf(NAMES[g] as string), file], { env: server.env });
    if (imported.code !== 0) throw new Error(`import of ${NAMES[g]} failed: ${imported.stderr}`);
  }
  const store = await openStore(server.env.DATABASE_URL as string);
  try {
    for (const [i, payload] of PAYLOADS.entries()) await appendAuditEntry(store, hostileAudit(i, payload));
  } finally {
    await store.close();
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.exposeFunction('__xss', (n: number) => ran.push(n));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What of the page a payload could have turned into markup: must all be zero/empty. */
async function injectedMarkup(): Promise<{ handlers: string[]; frames: number; javascriptUrls: string[]; unnoncedScripts: number }> {
  return page.evaluate(() => {
    const handlers: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name) && /xss|alert|eval/.test(attribute.value)) handlers.push(`${element.tagName} ${attribute.name}`);
      }
    }
    const javascriptUrls = Array.from(document.querySelectorAll('[href],[src],[action],[formaction],[data]'))
      .flatMap((element) => ['href', 'src', 'action', 'formaction', 'data'].map((name) => element.getAttribute(name) ?? ''))
      .filter((value) => /^\s*(javascript|data:text\/html)/i.test(value));
    const frames = document.querySelectorAll('iframe, object, embed, frame, base, meta[http-equiv]').length;
    const unnoncedScripts = Array.from(document.querySelectorAll('script')).filter((script) => !script.src && !script.nonce && script.textContent?.includes('xss')).length;
    return { handlers, frames, javascriptUrls, unnoncedScripts };
  });
}

/** Visits `url`, waits for `ready` to hold `text`, interacts, and checks nothing ran or was injected. */
async function visitInert(url: string, ready: string, text: string, interact?: () => Promise<void>, shot?: string): Promise<void> {
  await page.goto(url);
  await expect.poll(async () => (await page.locator(ready).first().textContent()) ?? '', { timeout: 20_000 }).toContain(text);
  if (interact) await interact();
  // Give a deferred handler (onerror of an image, autofocus) time to fire.
  await page.mouse.move(640, 450);
  await page.mouse.click(5, 5);
  await page.waitForTimeout(300);
  if (shot) await page.screenshot({ path: join(screenshotDir, shot), fullPage: true });
  expect(await injectedMarkup(), url).toEqual({ handlers: [], frames: 0, javascriptUrls: [], unnoncedScripts: 0 });
  expect(ran, url).toEqual([]);
  expect(dialogs, url).toEqual([]);
}

const executionUrl = (g: number, query = '') => `${server.baseUrl}/executions/${encodeURIComponent(arnOf(NAMES[g] as string))}${query}`;

describe('an XSS corpus stays text in Chromium', () => {
  it(`holds ${PAYLOADS.length} payloads over ${GROUPS.length} executions`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(PAYLOADS).size).toBe(PAYLOADS.length);
  });

  it('the detectors see a payload that does run (checked on a page without the dashboard)', async () => {
    await page.setContent('<p>probe</p>');
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=__xss(999)><a href="javascript:void 0">x</a><iframe></iframe>');
      setTimeout(() => alert('probe'), 0);
    });
    await expect.poll(() => ran.length).toBe(1);
    await expect.poll(() => dialogs.length).toBe(1);
    const seen = await injectedMarkup();
    expect(seen.handlers).toEqual(['IMG onerror']);
    expect(seen.javascriptUrls).toHaveLength(1);
    expect(seen.frames).toBe(1);
    ran.length = 0;
    dialogs.length = 0;
  });

  it('the executions list and the home page show the hostile names and errors as text', async () => {
    await visitInert(`${server.baseUrl}/executions`, 'main', 'x0-', undefined, 'xss-executions-list.png');
    const text = (await page.locator('main').textContent()) ?? '';
    // The names read back as the characters they are (not parsed as tags).
    expect(text).toContain(NAMES[0]);
    await visitInert(`${server.baseUrl}/`, 'main', 'Hostile');
  });

  it('every execution page (graph with hostile state names, failure banner, step panel, events, definition) stays inert', async () => {
    for (const [g, group] of GROUPS.entries()) {
      await visitInert(executionUrl(g), '[data-testid="execution-page"]', 'Load', async () => {
        // The failing step's panel: its input, parameters, error and cause.
        const show = page.locator('[data-testid="show-failing-step"]');
        if ((await show.count()) > 0) await show.first().click();
        await expect.poll(async () => (await page.locator('[data-testid="step-panel"]').textContent()) ?? '').toContain('Err');
      }, g === 0 ? 'xss-execution-page.png' : undefined);
      // The failing step is the Fail state: its error and cause, and the caught error in its input, as text.
      const panel = (await page.locator('[data-testid="step-panel"]').textContent()) ?? '';
      expect(panel, NAMES[g]).toContain(`E ${group[2]}`);
      expect(panel, NAMES[g]).toContain(`Err ${group[1]}`);

      await page.click('[data-view="events"]');
      const failedRow = page.locator('.ev-row[data-event-id="5"] .ev-line');
      await expect.poll(() => failedRow.count()).toBe(1);
      await failedRow.click();
      await expect.poll(async () => (await page.locator('[data-testid="event-details"]').textContent()) ?? '').toContain('Err');
      await page.click('[data-view="definition"]');
      await expect.poll(async () => (await page.locator('[data-testid="definition-json"]').textContent()) ?? '').toContain('StartAt');
      await page.waitForTimeout(200);
      expect(await injectedMarkup(), NAMES[g]).toEqual({ handlers: [], frames: 0, javascriptUrls: [], unnoncedScripts: 0 });
      expect(ran, NAMES[g]).toEqual([]);
      expect(dialogs, NAMES[g]).toEqual([]);
    }
  }, 300_000);

  it('the failures, state machine and diff pages show the hostile errors, causes and states as text', async () => {
    await visitInert(`${server.baseUrl}/failures`, 'main', 'Err', undefined, 'xss-failures.png');
    await visitInert(`${server.baseUrl}/state-machines/${encodeURIComponent(MACHINE)}`, 'main', 'Hostile', async () => {
      await expect.poll(() => page.locator('g.wg-node').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    });
    await visitInert(
      `${server.baseUrl}/executions/diff?a=${encodeURIComponent(arnOf(NAMES[0] as string))}&b=${encodeURIComponent(arnOf(NAMES[1] as string))}`,
      '[data-testid="execution-diff"]',
      'Load',
      undefined,
      'xss-diff.png',
    );
  }, 120_000);

  it('the Audit page and GET /api/audit show hostile who, action, execution, outcome and error as text', async () => {
    await visitInert(`${server.baseUrl}/audit`, '[data-testid="audit-table"]', 'Name ', undefined, 'xss-audit.png');
    const table = (await page.locator('[data-testid="audit-table"]').textContent()) ?? '';
    for (const payload of PAYLOADS) {
      expect(table).toContain(`Name ${payload}`);
      expect(table).toContain(`Why ${payload}`);
    }
    // What is not one of the vocabulary's words is shown as one of them (the store's reading), never as the text stored.
    expect(await page.locator('[data-testid="audit-row"]').evaluateAll((rows) => [...new Set(rows.map((row) => `${row.getAttribute('data-action')}/${row.getAttribute('data-outcome')}`))])).toEqual(['stop/failed']);
    // One execution's log, filtered by a hostile target (its name shown in the filter bar).
    await visitInert(`${server.baseUrl}/audit?target=${encodeURIComponent(auditTarget(1, PAYLOADS[1] as string))}`, '[data-testid="audit-table"]', `Name ${PAYLOADS[1]}`);

    // The API: JSON the browser never sniffs as HTML, holding the payloads exactly, and inert when opened as a page.
    const response = await fetch(`${server.baseUrl}/api/audit?limit=500`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const { entries } = (await response.json()) as { entries: Array<{ actorName: string; subject: string; role: string; target: string; error: string | null }> };
    expect(entries.map((entry) => entry.actorName).sort()).toEqual(PAYLOADS.map((payload) => `Name ${payload}`).sort());
    for (const [i, payload] of PAYLOADS.entries()) {
      const entry = entries.find((candidate) => candidate.actorName === `Name ${payload}`);
      expect(entry).toMatchObject({ subject: `oidc:${payload}`, role: payload, target: auditTarget(i, payload), error: `Why ${payload}` });
    }
    await visitInert(`${server.baseUrl}/api/audit`, 'body', 'Name ');
  }, 120_000);
});
