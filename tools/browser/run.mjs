#!/usr/bin/env node
// Checks web pages in a real Chromium (Debian's, driven by playwright-core)
// and writes what it found as JSON. Used by cmd/municat's
// TestCitizenPagesInBrowser; see README.md for the job and result shapes.
//
//   node tools/browser/run.mjs job.json [result.json]
//
// The result goes to result.json, or to job.json's "result" member, or to
// "<job>.result.json". Exit status: 0 = result written and no problem found,
// 1 = result written and problems found, 2 = usage error or the run itself
// failed (the result, if written, has "error").
//
// For every page of the job, in fresh browser contexts (nothing cached):
//   1. desktop, 1280 px: load, record every request (third-party hosts, failed
//      requests, HTTP status >= 400), console errors, uncaught exceptions and
//      CSP violations, bytes transferred (CDP encodedDataLength: headers plus
//      the body as sent, compressed if the server compressed), run axe-core,
//      take a full-page screenshot;
//   2. mobile, 390 px (isMobile, hasTouch): the same checks except the weight;
//   3. JavaScript disabled: is there a non-empty <h1> and a <main>?
// Then the keyboard-only walk: Tab to each step's selector, checking that every
// focus stop shows a focus indicator, and press Enter (after typing a text).
// The mouse is never used.
//
// axe-core is injected with page.evaluate(source), which runs through the
// DevTools protocol and so is not subject to the page's Content-Security-Policy
// (a <script> tag would be blocked by script-src 'none'). The contexts are NOT
// created with bypassCSP, so the CSP checks see exactly what a visitor's
// browser enforces, in the same load that axe checks.

import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  axeSource as loadAxe, CSP_LISTENER, cspEvents, errorText, fileName, launch, log, runAxe, watch, withTimeout,
} from './lib.mjs';

/** Per-page limit: all three loads of one page, axe and screenshots. */
const PAGE_TIMEOUT_MS = 60_000;
/** Default limit of the whole run (job.timeoutMs overrides). */
const RUN_TIMEOUT_MS = 6 * 60_000;
/** Limit of one keyboard-walk step (Tab presses plus the navigation). */
const STEP_TIMEOUT_MS = 30_000;
/** Most Tab presses to reach one step's selector. */
const MAX_TABS = 150;
/** Viewports: desktop and mobile. */
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };


/** checkPage runs all checks of one page and returns its result. */
async function checkPage(browser, job, p, axeSource, baseHost) {
  const url = new URL(p.path, job.base).href;
  const rec = {
    name: p.name,
    path: p.path,
    url,
    status: 0,
    violations: [],
    thirdPartyRequests: [],
    consoleErrors: [],
    cspViolations: [],
    failedRequests: [],
    bytes: 0,
    requests: 0,
    noJS: { status: 0, h1: false, main: false, h1Text: '' },
    screenshots: [],
    axe: { runs: 0, version: '' },
    error: '',
  };
  const contexts = [];
  const newContext = async (opts) => {
    const ctx = await browser.newContext(opts);
    contexts.push(ctx);
    ctx.setDefaultTimeout(20_000);
    ctx.setDefaultNavigationTimeout(30_000);
    return ctx;
  };
  try {
    await withTimeout((async () => {
      for (const [label, viewport, mobile] of [['1280', DESKTOP, false], ['390', MOBILE, true]]) {
        const ctx = await newContext({ viewport, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile, locale: 'de-DE' });
        await ctx.addInitScript(CSP_LISTENER);
        const page = await ctx.newPage();
        watch(page, rec, baseHost, label);
        // Bytes on the wire, from the DevTools protocol: encodedDataLength of
        // every finished request is its headers plus its body as transferred.
        const sizes = new Map();
        if (!mobile) {
          const cdp = await ctx.newCDPSession(page);
          await cdp.send('Network.enable');
          cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
          cdp.on('Network.loadingFailed', (e) => { if (!sizes.has(e.requestId)) sizes.set(e.requestId, 0); });
        }
        const resp = await page.goto(url, { waitUntil: 'load' });
        const status = resp ? resp.status() : 0;
        if (!mobile) rec.status = status;
        if (!mobile) await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
        const axe = await runAxe(page, axeSource, label);
        rec.axe.runs++;
        rec.axe.version = axe.version;
        rec.violations.push(...axe.violations);
        const shot = path.join(job.outDir, `${fileName(p.name)}-${label}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        rec.screenshots.push(shot);
        for (const e of await cspEvents(page)) rec.cspViolations.push(`[${label}] event: ${e}`);
        if (!mobile) {
          // Read after the screenshot: a full-page capture may load lazy
          // images, which a visitor who scrolls down downloads too.
          await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => {});
          rec.requests = sizes.size;
          rec.bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
        }
        await ctx.close();
      }
      const ctx = await newContext({ viewport: DESKTOP, javaScriptEnabled: false });
      const page = await ctx.newPage();
      const resp = await page.goto(url, { waitUntil: 'load' });
      rec.noJS.status = resp ? resp.status() : 0;
      const h1 = page.locator('h1').first();
      rec.noJS.h1Text = (await h1.count()) ? ((await h1.textContent()) || '').trim() : '';
      rec.noJS.h1 = rec.noJS.h1Text !== '';
      rec.noJS.main = (await page.locator('main').count()) > 0;
      await ctx.close();
    })(), PAGE_TIMEOUT_MS, `page ${p.name}`);
  } catch (err) {
    rec.error = errorText(err);
  } finally {
    for (const ctx of contexts) await ctx.close().catch(() => {});
  }
  return rec;
}

/**
 * FOCUS_INFO describes document.activeElement: whether it matches the
 * selector, a short description, and whether it shows a focus indicator (an
 * outline that is not 'none' and wider than 0, or a box-shadow).
 */
const FOCUS_INFO = (selector) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return { none: true, matches: false, desc: '(body)', indicator: true, href: null };
  }
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  let desc = el.tagName.toLowerCase();
  if (el.id) desc += `#${el.id}`;
  if (typeof el.className === 'string' && el.className.trim()) desc += `.${el.className.trim().split(/\s+/).join('.')}`;
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 50);
  if (text) desc += ` "${text}"`;
  return {
    none: false,
    matches: el.matches(selector),
    desc,
    indicator: outline || !!shadow,
    style: `outline: ${cs.outlineStyle} ${cs.outlineWidth}; box-shadow: ${cs.boxShadow}`,
    href: el.getAttribute('href'),
  };
};

/** walkSteps runs the keyboard-only walk and returns its result. */
async function walkSteps(browser, job) {
  const w = job.walk;
  const out = { ok: false, start: w.start, steps: [], error: '', focusWithoutIndicator: [] };
  const ctx = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, locale: 'de-DE' });
  ctx.setDefaultTimeout(20_000);
  ctx.setDefaultNavigationTimeout(30_000);
  const seen = new Set();
  try {
    const page = await ctx.newPage();
    await page.goto(new URL(w.start, job.base).href, { waitUntil: 'load' });
    for (const [i, step] of w.steps.entries()) {
      const name = `step ${i + 1} (${step.action} ${step.selector})`;
      const rec = { selector: step.selector, action: step.action, ok: false, tabs: 0, focused: '', url: '', href: null, error: '' };
      out.steps.push(rec);
      try {
        await withTimeout((async () => {
          const trail = [];
          let info = await page.evaluate(FOCUS_INFO, step.selector);
          while (!info.matches) {
            if (rec.tabs >= MAX_TABS) {
              throw new Error(`${name}: "${step.selector}" not reached after ${MAX_TABS} Tab presses on ${page.url()}; ` +
                `last focused: ${trail.slice(-6).join(' → ') || '(nothing)'}`);
            }
            await page.keyboard.press('Tab');
            rec.tabs++;
            info = await page.evaluate(FOCUS_INFO, step.selector);
            if (!info.none) {
              trail.push(info.desc);
              if (!info.indicator) {
                const key = `${new URL(page.url()).pathname} ${info.desc}`;
                if (!seen.has(key)) {
                  seen.add(key);
                  out.focusWithoutIndicator.push({ step: i + 1, url: page.url(), element: info.desc, style: info.style });
                }
              }
            }
          }
          rec.focused = info.desc;
          rec.href = info.href;
          if (step.action === 'focus') {
            if (info.href !== null && info.href.trim() === '') throw new Error(`${name}: ${info.desc} has an empty href`);
            rec.url = page.url();
            return;
          }
          if (step.action !== 'enter' && step.action !== 'type') throw new Error(`${name}: unknown action "${step.action}"`);
          const before = page.url();
          const navigated = page.waitForEvent('framenavigated', {
            predicate: (f) => f === page.mainFrame(),
            timeout: 15_000,
          });
          navigated.catch(() => {}); // awaited below only when there is no expectURL
          if (step.action === 'type') await page.keyboard.type(step.text || '');
          await page.keyboard.press('Enter');
          if (step.expectURL) {
            const re = new RegExp(step.expectURL);
            try {
              await page.waitForURL((u) => re.test(u.href), { timeout: 15_000, waitUntil: 'load' });
            } catch {
              throw new Error(`${name}: after Enter the URL is ${page.url()}, want it to match /${step.expectURL}/`);
            }
          } else {
            try {
              await navigated;
            } catch {
              throw new Error(`${name}: Enter on ${info.desc} did not navigate (URL still ${before})`);
            }
            await page.waitForLoadState('load');
          }
          rec.url = page.url();
        })(), STEP_TIMEOUT_MS, name);
        rec.ok = true;
      } catch (err) {
        rec.error = errorText(err);
        out.error = rec.error;
        break;
      }
    }
    out.ok = out.error === '' && out.steps.length === w.steps.length;
  } catch (err) {
    out.error = out.error || `walk: ${errorText(err)}`;
  } finally {
    await ctx.close().catch(() => {});
  }
  return out;
}

/** problems counts what the Go test would fail on, for the exit status. */
function problems(result) {
  let n = result.error ? 1 : 0;
  for (const p of result.pages) {
    n += p.violations.length + p.thirdPartyRequests.length + p.consoleErrors.length + p.cspViolations.length +
      p.failedRequests.length + (p.error ? 1 : 0) + (p.status === 200 ? 0 : 1) + (p.noJS.h1 && p.noJS.main ? 0 : 1);
  }
  if (result.walk && (!result.walk.ok || result.walk.focusWithoutIndicator.length)) n++;
  return n;
}

/** main reads the job, runs it and writes the result. */
async function main() {
  const [jobFile, resultArg] = process.argv.slice(2);
  if (!jobFile) {
    process.stderr.write('usage: node tools/browser/run.mjs job.json [result.json]\n');
    return 2;
  }
  const job = JSON.parse(await readFile(jobFile, 'utf8'));
  for (const k of ['base', 'outDir', 'chromium']) {
    if (!job[k]) throw new Error(`job: "${k}" missing`);
  }
  job.pages ||= [];
  const resultFile = resultArg || job.result || `${jobFile.replace(/\.json$/, '')}.result.json`;
  const baseHost = new URL(job.base).host;
  const started = Date.now();
  const result = { base: job.base, chromium: '', axe: '', durationMs: 0, pages: [], walk: null, error: '' };
  const write = () => {
    result.durationMs = Date.now() - started;
    return writeFile(resultFile, JSON.stringify(result, null, 2) + '\n');
  };
  await mkdir(job.outDir, { recursive: true });
  const axeSource = await loadAxe();

  let browser;
  const timer = setTimeout(async () => {
    result.error = `run timed out after ${(job.timeoutMs || RUN_TIMEOUT_MS) / 1000} s`;
    log(result.error);
    await write().catch(() => {});
    await withTimeout(browser ? browser.close() : Promise.resolve(), 5_000, 'close').catch(() => {});
    process.exit(2);
  }, job.timeoutMs || RUN_TIMEOUT_MS);
  try {
    browser = await launch(job);
    result.chromium = browser.version();
    log(`Chromium ${result.chromium}, ${job.pages.length} pages on ${job.base}`);
    const queue = job.pages.map((p, i) => [p, i]);
    const concurrency = Math.max(1, job.concurrency || 2);
    const worker = async () => {
      for (let item; (item = queue.shift());) {
        const [p, i] = item;
        const t0 = Date.now();
        const rec = await checkPage(browser, job, p, axeSource, baseHost);
        result.pages[i] = rec;
        result.axe ||= rec.axe.version;
        log(`${p.name} ${p.path}: status ${rec.status}, ${rec.violations.length} axe violations, ` +
          `${rec.bytes} bytes in ${rec.requests} requests, ${Date.now() - t0} ms${rec.error ? `, ERROR ${rec.error}` : ''}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (job.walk && job.walk.steps && job.walk.steps.length) {
      const t0 = Date.now();
      result.walk = await walkSteps(browser, job);
      log(`keyboard walk: ${result.walk.ok ? 'ok' : `FAILED: ${result.walk.error}`}, ` +
        `${result.walk.focusWithoutIndicator.length} focus stops without indicator, ${Date.now() - t0} ms`);
    }
  } catch (err) {
    result.error = errorText(err);
    log(`error: ${result.error}`);
  } finally {
    if (browser) await withTimeout(browser.close(), 10_000, 'closing Chromium').catch(() => {});
    clearTimeout(timer);
  }
  await write();
  log(`result in ${resultFile}, ${Date.now() - started} ms`);
  if (result.error) return 2;
  return problems(result) ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`browser: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
