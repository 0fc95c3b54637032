// Tests dans un navigateur (Chromium de Debian piloté par playwright-core) : connexion sous
// chaque rôle, ce que chacun voit (et ne voit pas), navigation au clavier, et aucune
// violation WCAG 2.1 A/AA relevée par axe-core.
//
// Prérequis : le binaire construit (target/debug/passerelle, ou PASSERELLE_BIN), Chromium
// (/usr/bin/chromium, ou CHROMIUM), les paquets npm (npm ci).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lancerNavigateur, violations } from './commun.mjs';

const racine = new URL('..', import.meta.url).pathname;
const binaire = process.env.PASSERELLE_BIN ?? join(racine, 'target/debug/passerelle');
const dossier = mkdtempSync(join(tmpdir(), 'passerelle-navigateur-'));
const base = `sqlite:${join(dossier, 'base.sqlite')}`;
const MOT_DE_PASSE = 'mot de passe du navigateur';

// docs/exemple-import : Saint-Étienne (SE-0001 Durand Hélène, SE-0002 Martin Élodie),
// Firminy (FI-0001 Bernard Paul), CCAS de Firminy.
const SAINT_ETIENNE = '21420218600019';
const FIRMINY = '21420095400016';
const COMPTES = [
  ['admin', 'administrateur', []],
  ['gestionnaire', 'gestionnaire', []],
  ['rh-se', 'collectivite', [SAINT_ETIENNE]],
  ['rh-firminy', 'collectivite', [FIRMINY]],
  ['commission', 'commission', []],
];

let serveur;
let adresse;
let navigateur;

function passerelle(args, entree) {
  const r = spawnSync(binaire, args, { encoding: 'utf8', input: entree });
  assert.equal(r.status, 0, `${args.join(' ')} : ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  passerelle(['import', join(racine, 'docs/exemple-import'), '--database-url', base]);
  for (const [id, role, codes] of COMPTES) {
    const args = ['utilisateur', 'ajouter', '--identifiant', id, '--role', role, '--database-url', base];
    for (const c of codes) args.push('--collectivite', c);
    passerelle(args, `${MOT_DE_PASSE}\n`);
  }
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
  navigateur = await lancerNavigateur();
});

after(async () => {
  await navigateur?.close();
  serveur?.kill('SIGINT');
  rmSync(dossier, { recursive: true, force: true });
});

// Une page dans un contexte neuf (cookies propres), connecté par le formulaire. axe-core est
// injecté comme script en ligne : le contexte contourne la politique de sécurité du contenu
// (CSP) du serveur pour lui seul ; le test « CSP » vérifie à part que les pages la respectent.
async function connecte(identifiant, chemin = '/', options = { bypassCSP: true }) {
  const contexte = await navigateur.newContext(options);
  const page = await contexte.newPage();
  await page.goto(new URL(chemin, adresse).href);
  assert.match(page.url(), /\/connexion\?retour=/);
  await page.fill('#identifiant', identifiant);
  await page.fill('#mot_de_passe', MOT_DE_PASSE);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

test('page de connexion : aucune violation WCAG A/AA, erreur annoncée', async () => {
  const page = await navigateur.newPage({ bypassCSP: true });
  await page.goto(new URL('/connexion', adresse).href);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.deepEqual(await violations(page), []);
  await page.fill('#identifiant', 'admin');
  await page.fill('#mot_de_passe', 'pas le bon');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(await page.textContent('[role=alert]'), /Identifiant ou mot de passe incorrect/);
  assert.equal(await page.inputValue('#identifiant'), 'admin');
  assert.deepEqual(await violations(page), []);
  await page.close();
});

for (const [nom, chemin] of [
  ['accueil', '/'],
  ['collectivité', `/collectivites/${SAINT_ETIENNE}?annee=2026`],
  ['agent', '/agents/SE-0001?annee=2026'],
  ['journal', '/journal'],
  ['introuvable', '/agents/inconnu'],
]) {
  test(`page ${nom} (administrateur) : aucune violation WCAG A/AA (axe-core)`, async () => {
    const page = await connecte('admin', chemin);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await violations(page), []);
    await page.context().close();
  });
}

test('les pages respectent la politique de sécurité du contenu (aucun blocage)', async () => {
  const page = await connecte('admin', '/', {});
  const blocages = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocages.push(m.text()); });
  for (const chemin of ['/', `/collectivites/${SAINT_ETIENNE}`, '/agents/SE-0001', '/journal']) {
    await page.goto(new URL(chemin, adresse).href);
  }
  assert.deepEqual(blocages, []);
  await page.context().close();
});

test('chaque rôle se connecte et voit son nom et son rôle', async () => {
  for (const [id, role] of COMPTES) {
    const page = await connecte(id);
    const bandeau = await page.textContent('header');
    assert.match(bandeau, new RegExp(`Connecté\\(e\\) : ${id}`));
    assert.match(bandeau, role === 'collectivite' ? /collectivité/ : new RegExp(role === 'administrateur' ? 'administrateur' : role === 'commission' ? 'commission' : 'gestionnaire'));
    await page.context().close();
  }
});

test('une collectivité ne voit que ses agents', async () => {
  const page = await connecte('rh-se');
  const liens = await page.$$eval('main a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(liens, ['Saint-Étienne']);
  await page.goto(new URL(`/collectivites/${SAINT_ETIENNE}`, adresse).href);
  const contenu = await page.textContent('main');
  assert.match(contenu, /Durand Hélène/);
  assert.match(contenu, /Martin Élodie/);
  // Firminy et son agent : introuvables.
  const r = await page.goto(new URL(`/collectivites/${FIRMINY}`, adresse).href);
  assert.equal(r.status(), 404);
  const r2 = await page.goto(new URL('/agents/FI-0001', adresse).href);
  assert.equal(r2.status(), 404);
  assert.doesNotMatch(await page.textContent('main'), /Bernard/);
  await page.context().close();
});

test('la commission n\'a aucune page d\'agent', async () => {
  const page = await connecte('commission');
  assert.match(await page.textContent('main'), /classement anonymisé/);
  assert.equal(await page.$$eval('main a[href^="/collectivites/"]', (as) => as.length), 0);
  const r = await page.goto(new URL('/agents/SE-0001', adresse).href);
  assert.equal(r.status(), 403);
  assert.deepEqual(await violations(page), []);
  await page.context().close();
});

test('déconnexion : retour à la page de connexion, pages fermées', async () => {
  const page = await connecte('gestionnaire');
  await Promise.all([page.waitForNavigation(), page.click('text=Se déconnecter')]);
  assert.match(page.url(), /\/connexion$/);
  await page.goto(new URL('/', adresse).href);
  assert.match(page.url(), /\/connexion\?retour=/);
  await page.context().close();
});

test('navigation au clavier : lien d\'évitement, puis collectivité, puis agent', async () => {
  const page = await connecte('gestionnaire');
  // Premier arrêt de tabulation : le lien d'évitement, qui mène au contenu.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Aller au contenu');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contenu');
  // Depuis le contenu, la tabulation atteint le champ de recherche (étiqueté), son bouton,
  // puis le premier lien du tableau (ordre alphabétique).
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'recherche');
  assert.equal(await page.evaluate(() => document.activeElement.labels[0].textContent.trim()),
    'Rechercher une collectivité (nom ou code)');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Rechercher');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'CCAS de Firminy');
  for (let i = 0; i < 5; i += 1) {
    const texte = await page.evaluate(() => document.activeElement.textContent.trim());
    if (texte === 'Saint-Étienne') break;
    await page.keyboard.press('Tab');
  }
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), new RegExp(`/collectivites/${SAINT_ETIENNE}$`));
  await page.focus('#annee');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2027');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /annee=2027/);
  assert.match(await page.textContent('h2'), /2027/);
  await page.context().close();
});

test('registre des listes d\'aptitude : recherche au clavier, inscription, cloisonnement', async () => {
  const page = await connecte('gestionnaire', '/inscriptions');
  // Trois inscriptions saisies par l'API (même session) : deux agents de Saint-Étienne et une
  // personne inscrite par un autre centre de gestion.
  for (const corps of [
    { matricule: 'SE-0001', nom: 'Durand', prenom: 'Hélène', cible: 'ingenieur', annee: 2026, inscription: '2026-03-01' },
    { matricule: 'SE-0002', nom: 'Martin', prenom: 'Élodie', cible: 'redacteur', annee: 2025, inscription: '2025-03-01' },
    { nom: 'Lefèvre', prenom: 'Anne', cible: 'attache', annee: 2026, inscription: '2026-03-01', centre_gestion: 'CDG 69' },
  ]) {
    const r = await page.request.post(new URL('/api/v1/inscriptions', adresse).href, { data: corps });
    assert.equal(r.status(), 201, await r.text());
  }
  await page.goto(new URL('/inscriptions', adresse).href);
  assert.match(await page.textContent('h1'), /Registre des inscriptions/);
  assert.match(await page.textContent('table caption'), /page 1 sur 1/);
  const noms = await page.$$eval('tbody th[scope=row]', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(noms, ['Durand Hélène', 'Lefèvre Anne', 'Martin Élodie']);
  assert.deepEqual(await violations(page), []);
  // Recherche au clavier : nom sans accent, validée par Entrée.
  await page.focus('#texte');
  await page.keyboard.type('elodie');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /texte=elodie/);
  const trouves = await page.$$eval('tbody th[scope=row]', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(trouves, ['Martin Élodie']);
  await Promise.all([page.waitForNavigation(), page.click('text=Martin Élodie')]);
  assert.match(page.url(), /\/inscriptions\/\d+$/);
  assert.match(await page.textContent('h1'), /Inscription sur liste d'aptitude : Élodie Martin/);
  assert.match(await page.textContent('main'), /Échéances de l'inscription/);
  assert.deepEqual(await violations(page), []);
  const adresseInscription = page.url();
  await page.context().close();
  // Firminy ne voit pas les inscriptions des agents de Saint-Étienne.
  const autre = await connecte('rh-firminy', '/inscriptions');
  assert.match(await autre.textContent('main'), /0 inscription/);
  const r = await autre.goto(adresseInscription);
  assert.equal(r.status(), 404);
  await autre.context().close();
});
