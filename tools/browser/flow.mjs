#!/usr/bin/env node
// Runs a scripted flow in a real Chromium (Debian's, driven by
// playwright-core) the way a person would: sign in, fill forms, upload a
// file, follow links — and checks each page it lands on with axe-core when a
// step asks. Used by cmd/municat's TestPublishingInBrowser; see README.md.
//
//   node tools/browser/flow.mjs job.json result.json
//
// job: { base, chromium, outDir, timeoutMs?, steps: [step…] }. Steps run in one
// browser context (cookies kept), in order; the first failing step ends the
// flow. Each step is an object with "do" and its arguments:
//   goto {path, status?}           load base+path; status: the HTTP status wanted
//   fill {selector, value}         type into an input or textarea
//   select {selector, value}       choose an <option> by value
//   check {selector}               tick a checkbox or radio button
//   upload {selector, file}        set a file input to the file (absolute path)
//   click {selector, expectURL?}   click, wait for the navigation; expectURL a regexp
//   submit {selector}              press the button and wait for the next page
//   expectText {text, selector?}   the page (or the element) contains text
//   expectNoText {text}            the page does not contain text
//   waitForText {path, text, timeoutMs?} load base+path again every second until it contains text
//   expectStatus {status}          the last navigation answered status
//   axe {name}                     run axe-core (WCAG 2.1 A/AA) and take a screenshot
//   capture {name, selector, attr?} keep an element's text (or attribute) in result.captured[name]
// Every request to another host, every console error and CSP violation is
// recorded for the whole flow. Exit status: 0 = flow done, no problem;
// 1 = problems found (result written); 2 = the run itself failed.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  axeSource as loadAxe, CSP_LISTENER, cspEvents, errorText, fileName, launch, log, runAxe, watch, withTimeout,
} from './lib.mjs';

/** Limit of one step. */
const STEP_TIMEOUT_MS = 45_000;
/** Default limit of the whole flow (job.timeoutMs overrides). */
const RUN_TIMEOUT_MS = 5 * 60_000;

/** runStep performs one step on page; lastStatus holds the last navigation's status. */
async function runStep(page, step, state, job, axe) {
  const nav = async (action) => {
    const [resp] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 }),
      action(),
    ]);
    state.status = resp ? resp.status() : 0;
  };
  switch (step.do) {
    case 'goto': {
      const url = new URL(step.path, job.base).href;
      // A page the step expects to fail (401, 404) logs "Failed to load
      // resource" in the console; that is not a problem of the page.
      if (step.status >= 400) state.expectedFailures.add(url);
      const resp = await page.goto(url, { waitUntil: 'load' });
      state.status = resp ? resp.status() : 0;
      if (step.status && state.status !== step.status) throw new Error(`status ${state.status}, want ${step.status}`);
      return;
    }
    case 'fill':
      await page.locator(step.selector).first().fill(step.value);
      return;
    case 'select':
      await page.locator(step.selector).first().selectOption(step.value);
      return;
    case 'check':
      await page.locator(step.selector).first().check();
      return;
    case 'upload':
      await page.locator(step.selector).first().setInputFiles(step.file);
      return;
    case 'click':
    case 'submit':
      await nav(() => page.locator(step.selector).first().click());
      if (step.expectURL && !new RegExp(step.expectURL).test(page.url())) {
        throw new Error(`after the click the URL is ${page.url()}, want /${step.expectURL}/`);
      }
      if (step.status && state.status !== step.status) throw new Error(`status ${state.status}, want ${step.status}`);
      return;
    case 'expectText': {
      const scope = step.selector ? page.locator(step.selector).first() : page.locator('body');
      const text = (await scope.innerText()).replace(/\s+/g, ' ');
      if (!text.includes(step.text)) throw new Error(`"${step.text}" not found in ${step.selector || 'the page'}: ${text.slice(0, 400)}`);
      return;
    }
    case 'expectNoText': {
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      if (text.includes(step.text)) throw new Error(`"${step.text}" found on ${page.url()}, want it absent`);
      return;
    }
    case 'waitForText': {
      const deadline = Date.now() + (step.timeoutMs || 30_000);
      for (;;) {
        const resp = await page.goto(new URL(step.path, job.base).href, { waitUntil: 'load' });
        state.status = resp ? resp.status() : 0;
        const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
        if (text.includes(step.text)) return;
        if (Date.now() > deadline) throw new Error(`"${step.text}" did not appear on ${step.path}: ${text.slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    case 'expectStatus':
      if (state.status !== step.status) throw new Error(`status ${state.status}, want ${step.status}`);
      return;
    case 'axe': {
      const res = await runAxe(page, axe, '1280');
      state.result.axe.push({ name: step.name, url: page.url(), status: state.status, violations: res.violations, version: res.version });
      const shot = path.join(job.outDir, `${fileName(step.name)}-1280.png`);
      await page.screenshot({ path: shot, fullPage: true });
      return;
    }
    case 'capture': {
      const el = page.locator(step.selector).first();
      state.result.captured[step.name] = step.attr ? await el.getAttribute(step.attr) : (await el.innerText()).trim();
      return;
    }
  }
  throw new Error(`unknown step "${step.do}"`);
}

/** describe names a step for messages. */
function describe(i, step) {
  const arg = step.path || step.selector || step.text || step.name || '';
  return `step ${i + 1} ${step.do} ${arg}`.trim();
}

async function main() {
  const [jobFile, resultFile] = process.argv.slice(2);
  if (!jobFile || !resultFile) {
    process.stderr.write('usage: node tools/browser/flow.mjs job.json result.json\n');
    return 2;
  }
  const job = JSON.parse(await readFile(jobFile, 'utf8'));
  for (const k of ['base', 'outDir', 'chromium', 'steps']) {
    if (!job[k]) throw new Error(`job: "${k}" missing`);
  }
  await mkdir(job.outDir, { recursive: true });
  const started = Date.now();
  const result = {
    chromium: '', durationMs: 0, ok: false, error: '', steps: [], axe: [], captured: {},
    thirdPartyRequests: [], consoleErrors: [], cspViolations: [], failedRequests: [],
  };
  const write = () => {
    result.durationMs = Date.now() - started;
    return writeFile(resultFile, JSON.stringify(result, null, 2) + '\n');
  };
  const axe = await loadAxe();
  let browser;
  const timer = setTimeout(async () => {
    result.error = `flow timed out after ${(job.timeoutMs || RUN_TIMEOUT_MS) / 1000} s`;
    log(result.error);
    await write().catch(() => {});
    process.exit(2);
  }, job.timeoutMs || RUN_TIMEOUT_MS);
  try {
    browser = await launch(job);
    result.chromium = browser.version();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    ctx.setDefaultTimeout(20_000);
    await ctx.addInitScript(CSP_LISTENER);
    const page = await ctx.newPage();
    watch(page, result, new URL(job.base).host, '1280');
    const state = { status: 0, result, expectedFailures: new Set() };
    for (const [i, step] of job.steps.entries()) {
      const name = describe(i, step);
      const rec = { step: name, ok: false, url: '', status: 0, ms: 0, error: '' };
      result.steps.push(rec);
      const t0 = Date.now();
      try {
        await withTimeout(runStep(page, step, state, job, axe), STEP_TIMEOUT_MS, name);
        rec.ok = true;
      } catch (err) {
        rec.error = errorText(err);
        result.error = `${name}: ${rec.error}`;
      }
      rec.url = page.url();
      rec.status = state.status;
      rec.ms = Date.now() - t0;
      log(`${name}: ${rec.ok ? 'ok' : `FAILED ${rec.error}`} (${rec.url}, ${rec.ms} ms)`);
      for (const e of await cspEvents(page)) {
        if (!result.cspViolations.includes(e)) result.cspViolations.push(e);
      }
      if (!rec.ok) {
        await page.screenshot({ path: path.join(job.outDir, 'flow-failure-1280.png'), fullPage: true }).catch(() => {});
        break;
      }
    }
    result.ok = result.error === '';
    result.consoleErrors = result.consoleErrors.filter((e) => ![...state.expectedFailures].some((u) =>
      e.includes('Failed to load resource') && e.includes(`(${u}:`)));
  } catch (err) {
    result.error = errorText(err);
  } finally {
    if (browser) await withTimeout(browser.close(), 10_000, 'closing Chromium').catch(() => {});
    clearTimeout(timer);
  }
  await write();
  if (!result.ok) return result.steps.length ? 1 : 2;
  const problems = result.axe.reduce((n, a) => n + a.violations.length, 0) + result.thirdPartyRequests.length +
    result.consoleErrors.length + result.cspViolations.length;
  return problems ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`browser: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
