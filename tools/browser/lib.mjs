// Shared by run.mjs (page checks) and flow.mjs (scripted flows): timeouts,
// request watching, the CSP listener, axe-core and Chromium's launch.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** axe-core tags: WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Nodes reported per axe violation. */
export const AXE_NODES = 5;

/** log writes a progress line to stderr (the Go test streams it). */
export function log(...args) {
  process.stderr.write(`browser: ${args.join(' ')}\n`);
}

/** axeSource returns the source of axe-core, to inject into pages. */
export function axeSource() {
  return readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/**
 * launch starts Chromium at the job's path. Every host but the portal's
 * resolves to nothing, so a third-party request fails at once instead of
 * leaving the machine (it is still recorded: the 'request' event comes
 * first).
 */
export function launch(job) {
  const hostname = new URL(job.base).hostname;
  return chromium.launch({
    executablePath: job.chromium,
    args: ['--no-sandbox', `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${hostname}`],
    timeout: 30_000,
  });
}

/** withTimeout rejects with a clear message when p takes longer than ms. */
export function withTimeout(p, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** errorText returns the first line of an error's message. */
export function errorText(err) {
  return String(err && err.message ? err.message : err).split('\n')[0];
}

/**
 * isThirdParty reports whether url leaves the base URL's host:port. data:,
 * about: and blob: URLs stay in the page.
 */
export function isThirdParty(url, baseHost) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (['data:', 'about:', 'blob:'].includes(u.protocol)) return false;
  return u.host !== baseHost;
}

/**
 * watch records what a page does: requests, failures, console errors and CSP
 * violations, into rec (arrays shared by the desktop and mobile loads).
 */
export function watch(page, rec, baseHost, label) {
  page.on('request', (req) => {
    if (isThirdParty(req.url(), baseHost)) {
      rec.thirdPartyRequests.push({ url: req.url(), type: req.resourceType(), viewport: label });
    }
  });
  page.on('requestfailed', (req) => {
    rec.failedRequests.push({ url: req.url(), error: req.failure()?.errorText || 'failed', viewport: label });
  });
  page.on('response', (resp) => {
    const req = resp.request();
    if (resp.status() >= 400 && !(req.isNavigationRequest() && req.frame() === page.mainFrame())) {
      rec.failedRequests.push({ url: resp.url(), status: resp.status(), viewport: label });
    }
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) {
      rec.cspViolations.push(`[${label}] console: ${text}`);
    } else if (msg.type() === 'error') {
      const loc = msg.location();
      rec.consoleErrors.push(`[${label}] ${text}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => rec.consoleErrors.push(`[${label}] uncaught: ${errorText(err)}`));
}

/**
 * CSP_LISTENER runs in every document before its own scripts (through the
 * DevTools protocol, so the page's CSP does not block it) and keeps the
 * securitypolicyviolation events for cspEvents.
 */
export const CSP_LISTENER = () => {
  window.__municatCSP = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__municatCSP.push(`${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
      `${e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''}`);
  });
};

/** cspEvents returns the securitypolicyviolation events the page saw. */
export async function cspEvents(page) {
  try {
    return await page.evaluate('window.__municatCSP || []');
  } catch {
    return [];
  }
}

/** runAxe injects axe-core into the page (bypassing CSP, see top) and runs it. */
export async function runAxe(page, axeSource, label) {
  const has = await page.evaluate('typeof window.axe === "object"');
  if (!has) await page.evaluate(axeSource);
  const res = await page.evaluate(
    async ([tags, max]) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return {
        version: window.axe.version,
        passes: r.passes.length,
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodeCount: v.nodes.length,
          nodes: v.nodes.slice(0, max).map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 300) })),
        })),
      };
    },
    [AXE_TAGS, AXE_NODES],
  );
  for (const v of res.violations) v.viewport = label;
  return res;
}

/** fileName makes a page name safe as a file name. */
export function fileName(name) {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
