// Tests dans un navigateur (Chromium de Debian piloté par playwright-core) : les pages se
// parcourent au clavier et axe-core n'y trouve aucune violation WCAG 2.1 A/AA.
//
// Prérequis : le binaire construit (target/debug/passerelle, ou PASSERELLE_BIN), Chromium
// (/usr/bin/chromium, ou CHROMIUM), les paquets npm (npm ci).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const racine = new URL('..', import.meta.url).pathname;
const binaire = process.env.PASSERELLE_BIN ?? join(racine, 'target/debug/passerelle');
const dossier = mkdtempSync(join(tmpdir(), 'passerelle-navigateur-'));
const base = `sqlite:${join(dossier, 'base.sqlite')}`;

let serveur;
let adresse;
let navigateur;

before(async () => {
  const imp = spawnSync(binaire, ['import', join(racine, 'docs/exemple-import'), '--database-url', base], { encoding: 'utf8' });
  assert.equal(imp.status, 0, imp.stderr);
  serveur = spawn(binaire, ['serve', '--database-url', base, '--adresse', '127.0.0.1:0', '--annee', '2026'], { cwd: racine });
  adresse = await new Promise((resoudre, rejeter) => {
    let sortie = '';
    const delai = setTimeout(() => rejeter(new Error(`serveur muet : ${sortie}`)), 20000);
    serveur.stdout.on('data', (d) => {
      sortie += d;
      const m = sortie.match(/Passerelle est prête : (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(delai); resoudre(m[1]); }
    });
    serveur.on('exit', (code) => rejeter(new Error(`serveur arrêté (${code}) : ${sortie}`)));
  });
  navigateur = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await navigateur?.close();
  serveur?.kill('SIGINT');
  rmSync(dossier, { recursive: true, force: true });
});

async function violations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const r = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return r.violations.map((v) => `${v.id} : ${v.help} (${v.nodes.length} élément(s))`);
}

for (const [nom, chemin] of [
  ['accueil', '/'],
  ['collectivité', '/collectivites/21420218600019?annee=2026'],
  ['agent', '/agents/SE-0001?annee=2026'],
  ['introuvable', '/agents/inconnu'],
]) {
  test(`page ${nom} : aucune violation WCAG A/AA (axe-core)`, async () => {
    const page = await navigateur.newPage();
    await page.goto(new URL(chemin, adresse).href);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
}

test('navigation au clavier : lien d\'évitement, puis collectivité, puis agent', async () => {
  const page = await navigateur.newPage();
  await page.goto(adresse);
  // Premier arrêt de tabulation : le lien d'évitement, qui mène au contenu.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Aller au contenu');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contenu');
  // Depuis le contenu, la tabulation atteint le premier lien du tableau (ordre alphabétique).
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'CCAS de Firminy');
  // Jusqu'à Saint-Étienne, puis Entrée.
  for (let i = 0; i < 5; i += 1) {
    const texte = await page.evaluate(() => document.activeElement.textContent.trim());
    if (texte === 'Saint-Étienne') break;
    await page.keyboard.press('Tab');
  }
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/collectivites\/21420218600019$/);
  // Le champ d'année est étiqueté et atteignable au clavier.
  await page.focus('#annee');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2027');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /annee=2027/);
  assert.match(await page.textContent('h2'), /2027/);
  await page.close();
});
