// Tests dans un navigateur du côté centre de gestion, sur la base de démonstration
// (`passerelle demo --sans-serveur`, qui prépare une campagne 2026 passée : dossiers
// instruits, cotés, classés, listes établies et publiées) : le parcours du service carrières
// (file de travail, dossier, classement, liste) et la vue anonyme, imprimable, de la
// commission ; aucune violation WCAG 2.1 A/AA relevée par axe-core.
//
// Prérequis : ceux de pages.test.mjs (binaire construit, Chromium, npm ci).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lancerNavigateur, violations } from './commun.mjs';

const racine = new URL('..', import.meta.url).pathname;
const binaire = process.env.PASSERELLE_BIN ?? join(racine, 'target/debug/passerelle');
const dossier = mkdtempSync(join(tmpdir(), 'passerelle-navigateur-cdg-'));
const base = `sqlite:${join(dossier, 'demo.sqlite')}`;
const MOT_DE_PASSE = 'mot de passe du navigateur';

let serveur;
let adresse;
let navigateur;

function passerelle(args, entree) {
  const r = spawnSync(binaire, args, { encoding: 'utf8', input: entree });
  assert.equal(r.status, 0, `${args.join(' ')} : ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  const sortie = passerelle(['demo', '--sans-serveur', '--agents', '1500', '--collectivites', '12',
    '--database-url', base]);
  assert.match(sortie, /Campagne 2026 \(passée\) préparée/);
  for (const [id, role] of [['service-carrieres', 'gestionnaire'], ['membre-commission', 'commission']]) {
    passerelle(['utilisateur', 'ajouter', '--identifiant', id, '--role', role, '--database-url', base],
      `${MOT_DE_PASSE}\n`);
  }
  serveur = spawn(binaire, ['serve', '--database-url', base, '--adresse', '127.0.0.1:0', '--annee', '2026'], { cwd: racine });
  adresse = await new Promise((resoudre, rejeter) => {
    let texte = '';
    const delai = setTimeout(() => rejeter(new Error(`serveur muet : ${texte}`)), 20000);
    serveur.stdout.on('data', (d) => {
      texte += d;
      const m = texte.match(/Passerelle est prête : (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(delai); resoudre(m[1]); }
    });
    serveur.on('exit', (code) => rejeter(new Error(`serveur arrêté (${code}) : ${texte}`)));
  });
  navigateur = await lancerNavigateur();
});

after(async () => {
  await navigateur?.close();
  serveur?.kill('SIGINT');
  rmSync(dossier, { recursive: true, force: true });
});

async function connecte(identifiant, chemin) {
  const contexte = await navigateur.newContext({ bypassCSP: true });
  const page = await contexte.newPage();
  await page.goto(new URL(chemin, adresse).href);
  assert.match(page.url(), /\/connexion\?retour=/);
  await page.fill('#identifiant', identifiant);
  await page.fill('#mot_de_passe', MOT_DE_PASSE);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

test('parcours du service carrières : file de travail, dossier, classement, liste publiée', async () => {
  // La démonstration tient aussi une campagne 2027 ouverte (dépôt en cours) : le lien
  // « Instruction » mène à la plus récente ; la campagne passée se choisit par son année.
  const page = await connecte('service-carrieres', '/instruction');
  assert.match(page.url(), /\/campagnes\/2027\/instruction$/);
  await page.goto(new URL('/campagnes/2026/instruction', adresse).href);
  assert.match(await page.textContent('h1'), /Instruction des dossiers — campagne 2026/);
  assert.deepEqual(await violations(page), []);
  // Filtrer les dossiers inscrits sur une liste, puis ouvrir le premier.
  await page.selectOption('#etat', 'inscrite');
  await Promise.all([page.waitForNavigation(), page.click('button:text("Filtrer")')]);
  assert.match(page.url(), /etat=inscrite/);
  const etats = await page.$$eval('main table:last-of-type tbody tr td:nth-child(7)', (tds) => tds.map((t) => t.textContent));
  assert.ok(etats.length > 0);
  assert.ok(etats.every((e) => e === 'inscrite sur la liste'), etats.join(', '));
  await Promise.all([page.waitForNavigation(), page.click('main table:last-of-type tbody tr:first-child a')]);
  assert.match(page.url(), /\/propositions\/\d+\/instruction$/);
  assert.match(await page.textContent('main'), /Cotation \(grille version 1\)/);
  assert.match(await page.textContent('main'), /Décisions successives/);
  assert.deepEqual(await violations(page), []);
  // Le classement de ce grade, puis sa liste établie.
  await Promise.all([page.waitForNavigation(), page.click('main a:text("Classement de ce grade")')]);
  assert.match(page.url(), /\/campagnes\/2026\/classement\?cible=/);
  assert.deepEqual(await violations(page), []);
  const liens = await page.$$eval('main a[href*="/listes/"]', (as) => as.map((a) => a.getAttribute('href')));
  assert.equal(liens.length, 1, 'la liste du premier grade est établie');
  await Promise.all([page.waitForNavigation(), page.click('main a[href*="/listes/"]')]);
  assert.match(await page.textContent('main'), /publiée le/);
  const noms = await page.$$eval('main table tbody th', (ths) => ths.map((t) => t.textContent));
  assert.ok(noms.length > 0);
  const tries = [...noms].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' }));
  assert.deepEqual(noms, tries, 'ordre alphabétique');
  assert.deepEqual(await violations(page), []);
  await page.context().close();
});

test('commission : classement anonyme, au clavier, imprimable', async () => {
  const page = await connecte('membre-commission', '/campagnes/2026/classement');
  assert.match(await page.textContent('h1'), /Classement anonyme/);
  const entetes = await page.$$eval('main table thead th', (ths) => ths.map((t) => t.textContent));
  assert.ok(!entetes.includes('Agent') && !entetes.includes('Collectivité'), entetes.join(', '));
  const codes = await page.$$eval('main table tbody td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
  assert.ok(codes.length > 0);
  assert.ok(codes.every((c) => /^PI26-[0-9A-Z]{4,}$/.test(c)), codes.join(', '));
  // Aucun lien vers un dossier nominatif.
  assert.equal(await page.$$eval('main a[href^="/propositions/"]', (as) => as.length), 0);
  assert.deepEqual(await violations(page), []);
  // Changer de voie au clavier : la liste, puis le bouton.
  await page.focus('#voie');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Afficher');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /voie=examen/);
  // À l'impression : ni navigation, ni formulaire.
  await page.goto(new URL('/campagnes/2026/classement', adresse).href);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('header'), false);
  assert.equal(await page.isVisible('main form'), false);
  assert.equal(await page.isVisible('main table'), true);
  await page.context().close();
});

test('grille de cotation : lue, prévisualisée au clavier, erreurs affichées sans rien perdre', async () => {
  const page = await connecte('service-carrieres', '/campagnes/2026/grille');
  assert.match(await page.textContent('h1'), /Grille de cotation — campagne 2026/);
  const main = await page.textContent('main');
  assert.match(main, /La grille en vigueur/);
  assert.match(main, /Critère n° 1 :/);
  assert.match(main, /Clés de départage des égalités, dans l'ordre/);
  assert.deepEqual(await violations(page), []);

  // Aperçu de la version en vigueur, au clavier : le champ des numéros, le lien de l'aide
  // vers la file d'instruction, puis le bouton.
  await page.focus('#dossiers-version');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'file d\'instruction');
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent.trim()),
    /^Prévisualiser la version \d+ sur des dossiers$/);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /apercu=1/);
  assert.match(await page.textContent('main'), /Aperçu : cotation de la version \d+ sur 5 dossier\(s\)/);
  assert.ok(await page.$$eval('main table caption', (cs) => cs.filter((c) => /^Cotation du dossier n° \d+ : /.test(c.textContent)).length) === 5);
  assert.deepEqual(await violations(page), []);

  // Une grille fautive : refusée, chaque erreur nomme le critère et le champ, le texte saisi
  // et les numéros de dossiers restent dans le formulaire ; aucune version n'est ajoutée.
  const versionsAvant = await page.$$eval('#versions ~ table tbody tr', (trs) => trs.length);
  const fautive = '{"libelle": "Grille d\'essai", "criteres": [\n'
    + ' {"code": "crep", "libelle": "Valeur professionnelle", "mode": "somme", "champ": "crep",\n'
    + '  "valeurs": {"bon": 2}, "points": 3},\n'
    + ' {"code": "encadrement", "libelle": "Agents encadrés", "mode": "par_unite",\n'
    + '  "champ": "agents_encadres", "points": 0.5, "max": -5}]}';
  await page.fill('#texte-grille', fautive);
  await page.fill('#dossiers-saisie', '1, 2');
  await Promise.all([page.waitForNavigation(), page.click('button:text("Enregistrer comme nouvelle version")')]);
  const erreurs = await page.$$eval('#erreurs-grille li', (lis) => lis.map((l) => l.textContent));
  assert.deepEqual(erreurs, [
    'Critère n° 1 (« crep ») : le champ « points » ne s\'applique pas au mode « somme ».',
    'Critère n° 2 (« encadrement ») : « max » vaut -5 ; les points doivent être un nombre positif ou nul.',
  ]);
  assert.equal(await page.inputValue('#texte-grille'), fautive);
  assert.equal(await page.inputValue('#dossiers-saisie'), '1, 2');
  assert.equal(await page.getAttribute('#texte-grille', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#texte-grille', 'aria-describedby'), /erreurs-grille/);
  assert.equal(await page.$$eval('#versions ~ table tbody tr', (trs) => trs.length), versionsAvant);
  assert.deepEqual(await violations(page), []);
  // Au clavier, du texte au fichier puis aux numéros des dossiers.
  await page.focus('#texte-grille');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fichier-grille');
  await page.context().close();
});
