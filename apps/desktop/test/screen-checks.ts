// Checks of one screen as it is drawn, shared by the browser tests (issue 15): interactive controls with the
// same accessible name, and words split across two lines.
import type { Page } from 'playwright-core';

/** Roles a person acts with: two of them with one name on one screen cannot be told apart by ear. */
const CONTROL_ROLES = new Set([
  'button',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
]);
/** Roles whose name gives the controls inside them their context ("Yes" in the group of question 3). */
const GROUP_ROLES = new Set(['group', 'radiogroup']);

/**
 * Interactive controls of the screen that share their accessible name with another one, read from Chromium's
 * accessibility tree (Playwright's ARIA snapshot: role, computed name, nesting). Links of one name are a
 * duplicate only when they lead to different places; a radio or checkbox is named within its group
 * (fieldset/radiogroup).
 */
export async function duplicateControlNames(page: Page, within = 'body'): Promise<string[]> {
  const snapshot = await page.locator(within).first().ariaSnapshot();
  const controls = new Map<string, number>();
  const links = new Map<string, Set<string>>();
  const groups: { indent: number; name: string }[] = [];
  let link: { name: string; indent: number } | null = null;
  const endLink = (url: string) => {
    if (!link) return;
    links.set(link.name, (links.get(link.name) ?? new Set()).add(url));
    link = null;
  };
  for (const line of snapshot.split('\n')) {
    const m = /^(\s*)- (?:(\w+)(?: "((?:[^"\\]|\\.)*)")?|\/url: (.*))/.exec(line);
    if (!m) continue;
    const indent = (m[1] ?? '').length;
    if (m[4] !== undefined) {
      // A link's address follows it, one level in.
      if (link && indent > link.indent) endLink(m[4].trim());
      continue;
    }
    endLink('');
    while (groups.length && (groups.at(-1)?.indent ?? 0) >= indent) groups.pop();
    const role = m[2] ?? '';
    const name = (m[3] ?? '').replace(/\\(.)/g, '$1');
    if (GROUP_ROLES.has(role)) groups.push({ indent, name });
    if (role === 'link') link = { name, indent };
    else if (CONTROL_ROLES.has(role)) {
      const inGroup = role === 'radio' || role === 'checkbox' ? groups.at(-1)?.name : undefined;
      const key = `${role} "${name}"${inGroup ? ` in "${inGroup}"` : ''}`;
      controls.set(key, (controls.get(key) ?? 0) + 1);
    }
  }
  endLink('');
  return [
    ...[...controls].filter(([, n]) => n > 1).map(([key, n]) => `${n}× ${key}`),
    ...[...links]
      .filter(([, urls]) => urls.size > 1)
      .map(([name, urls]) => `link "${name}" to ${urls.size} places: ${[...urls].join(', ')}`),
  ];
}

/**
 * Words of the matched elements that are split across two lines ("approve" + "d"): each run of letters and
 * digits of each visible text node, by the lines its client rectangles sit on. Breaking after "/" or "-"
 * ("Privacy/" + "Technical") splits no word.
 */
export async function splitWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll(sel)) {
      if (!(el as HTMLElement).checkVisibility()) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        // Text only a screen reader reads (a 1 px clipped box) has no lines to split.
        if ((n.parentElement?.getBoundingClientRect().width ?? 0) <= 1) continue;
        const text = n.textContent ?? '';
        for (const w of text.matchAll(/[\p{L}\p{N}'’]+/gu)) {
          const range = document.createRange();
          range.setStart(n, w.index);
          range.setEnd(n, w.index + w[0].length);
          const tops = new Set(
            [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
          );
          if (tops.size > 1) out.push(`${w[0]} (in "${text.trim().slice(0, 60)}")`);
        }
      }
    }
    return out;
  }, selector);
}

/** The page's width against its window's: wider means it scrolls sideways. */
export const pageWidths = (page: Page) =>
  page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });

/** The controls of the screen with no label and no accessible name (the start of each one's HTML). */
export const unlabelledControls = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => {
        const e = el as HTMLInputElement;
        if (e.tagName === 'BUTTON') return !e.textContent?.trim() && !e.getAttribute('aria-label');
        return (e.labels?.length ?? 0) === 0 && !e.getAttribute('aria-label');
      })
      .map((el) => el.outerHTML.slice(0, 100)),
  );
