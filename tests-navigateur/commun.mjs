// Outils communs des tests navigateur : lancement de Chromium et contrôle axe-core.
// (Ce fichier n'est pas lui-même un test : `node --test` ne lit que les `*.test.mjs`.)
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

// Chromium de Debian (ou celui que désigne CHROMIUM), sans tête.
export function lancerNavigateur() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Violations WCAG 2.1 A/AA relevées par axe-core sur la page, une ligne par règle.
export async function violations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const r = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return r.violations.map((v) => `${v.id} : ${v.help} (${v.nodes.length} élément(s))`);
}
