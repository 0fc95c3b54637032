// Le simulateur public de l'agent dans un navigateur (Chromium de Debian piloté par
// playwright-core) : une carrière saisie au clavier, le verdict lu, aucune violation
// WCAG 2.1 A/AA relevée par axe-core ; le même formulaire sans JavaScript.
//
// Prérequis : ceux de pages.test.mjs (binaire construit ou PASSERELLE_BIN, Chromium, npm ci).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lancerNavigateur, violations } from './commun.mjs';

const racine = new URL('..', import.meta.url).pathname;
const binaire = process.env.PASSERELLE_BIN ?? join(racine, 'target/debug/passerelle');
const dossier = mkdtempSync(join(tmpdir(), 'passerelle-simulateur-'));
const base = `sqlite:${join(dossier, 'base.sqlite')}`;

let serveur;
let adresse;
let navigateur;

before(async () => {
  // Base vide : le simulateur ne lit ni n'écrit aucune donnée.
  serveur = spawn(binaire, ['serve', '--database-url', base, '--adresse', '127.0.0.1:0', '--annee', '2026'], { cwd: racine });
  adresse = await new Promise((resoudre, rejeter) => {
    let sortie = '';
    const delai = setTimeout(() => rejeter(new Error(`serveur muet : ${sortie}`)), 20000);
    const lire = (d) => {
      sortie += d;
      const m = sortie.match(/Passerelle est prête : (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(delai); resoudre(m[1]); }
    };
    serveur.stdout.on('data', lire);
    serveur.stderr.on('data', (d) => { sortie += d; });
    serveur.on('exit', (code) => rejeter(new Error(`serveur arrêté (${code}) : ${sortie}`)));
  });
  navigateur = await lancerNavigateur();
});

after(async () => {
  await navigateur?.close();
  serveur?.kill('SIGINT');
  rmSync(dossier, { recursive: true, force: true });
});

async function taper(page, selecteur, texte) {
  await page.focus(selecteur);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(texte);
}

async function actif(page) {
  return page.evaluate(() => document.activeElement.id);
}

// Exemple du dépôt crates/droit/tests/donnees/exemples/eligibilite-ingenieur-technicien-principal-2022.json :
// technicien du 01/09/2008, principal de 2e classe du 01/03/2014, de 1re classe depuis le
// 01/03/2019. Calcul de l'exemple : liste 2022 fermée au choix (7 ans et 10 mois comme
// technicien principal), première liste 2023 ; inscription à l'examen de la session 2022 ouverte.
test('une carrière saisie au clavier : verdicts de l\'exemple du moteur, axe-core sans violation', async () => {
  const contexte = await navigateur.newContext({ bypassCSP: true });
  const page = await contexte.newPage();
  await page.goto(new URL('/simulateur', adresse).href);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.deepEqual(await violations(page), []);

  await taper(page, '#annee', '2022');
  // Grade visé : ingénieur (liste au clavier : flèches jusqu'à l'option).
  await page.focus('#cible');
  await page.selectOption('#cible', 'ingenieur');
  const periodes = [
    ['01/09/2008', '28/02/2014', 'technicien'],
    ['01/03/2014', '28/02/2019', 'technicien_principal_2e_classe'],
    ['01/03/2019', '', 'technicien_principal_1re_classe'],
  ];
  for (const [i, [debut, fin, grade]] of periodes.entries()) {
    if (i > 0) {
      // « Ajouter une période » au clavier : la ligne apparaît, le curseur y est placé.
      await page.focus('button[data-ajouter=periode]');
      await page.keyboard.press('Enter');
      assert.equal(await actif(page), `p${i}_debut`);
    } else {
      await page.focus('#p0_debut');
    }
    await page.keyboard.type(debut);
    await page.keyboard.press('Tab');
    assert.equal(await actif(page), `p${i}_fin`);
    if (fin) await page.keyboard.type(fin);
    await page.keyboard.press('Tab');
    assert.equal(await actif(page), `p${i}_grade`);
    await page.selectOption(`#p${i}_grade`, grade);
  }
  await page.focus('#calculer');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  const voie = (v) => page.locator(`section.voie[data-cible=ingenieur][data-voie=${v}]`);
  assert.equal(await voie('choix').getAttribute('data-eligible'), 'false');
  assert.equal(await voie('choix').getAttribute('data-premiere-annee'), '2023');
  assert.match(await voie('choix').locator('h3').textContent(), /Ingénieur.*non promouvable/);
  assert.match(await voie('choix').locator('.projection').textContent(), /liste d'aptitude 2023/);
  assert.equal(await voie('inscription_examen').getAttribute('data-eligible'), 'true');
  // Frise et son alternative textuelle ; la saisie est toujours là pour la modifier.
  assert.equal(await page.locator('svg.frise[role=img]').count(), 1);
  assert.equal(await page.locator('table caption', { hasText: 'Frise en texte' }).count(), 1);
  assert.equal(await page.inputValue('#p2_debut'), '01/03/2019');
  assert.deepEqual(await violations(page), []);
  await contexte.close();
});

test('sans JavaScript : « Ajouter une période » renvoie la page avec une ligne de plus, sans rien perdre', async () => {
  const contexte = await navigateur.newContext({ javaScriptEnabled: false });
  const page = await contexte.newPage();
  await page.goto(new URL('/simulateur', adresse).href);
  await page.fill('#p0_debut', '01/09/2008');
  await page.selectOption('#p0_grade', 'technicien');
  await Promise.all([page.waitForNavigation(), page.click('button[data-ajouter=periode]')]);
  assert.equal(await page.inputValue('#p0_debut'), '01/09/2008');
  assert.equal(await page.inputValue('#p0_grade'), 'technicien');
  assert.equal(await page.inputValue('#p1_debut'), '');
  // Le curseur est dans la ligne ajoutée (attribut autofocus, sans script).
  assert.equal(await actif(page), 'p1_debut');
  // Une date impossible : l'erreur est annoncée sous son champ, la saisie est gardée.
  await page.fill('#p1_debut', '31/02/2015');
  await Promise.all([page.waitForNavigation(), page.click('#calculer')]);
  assert.match(await page.textContent('#p1_debut-erreur'), /Date non reconnue/);
  assert.equal(await page.getAttribute('#p1_debut', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#p1_debut'), '31/02/2015');
  await contexte.close();
});

test('le simulateur respecte la politique de sécurité du contenu (aucun blocage)', async () => {
  const contexte = await navigateur.newContext();
  const page = await contexte.newPage();
  const blocages = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocages.push(m.text()); });
  await page.goto(new URL('/simulateur', adresse).href);
  await page.click('button[data-ajouter=periode]');
  assert.equal(await page.locator('fieldset.periode').count(), 2);
  assert.deepEqual(blocages, []);
  await contexte.close();
});

test('les lignes du dossier envoyées en fichier : carrière reportée dans le formulaire, même verdict', async () => {
  const contexte = await navigateur.newContext({ bypassCSP: true });
  const page = await contexte.newPage();
  await page.goto(new URL('/simulateur', adresse).href);
  // Même carrière que l'exemple du moteur ci-dessus, au format de periodes.csv (docs/format-import.md).
  const csv = [
    'matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement',
    'T-01;01/09/2008;28/02/2014;territoriale;titulaire;technicien;activite;;;;;;',
    'T-01;01/03/2014;28/02/2019;territoriale;titulaire;technicien_principal_2e_classe;activite;;;;;;',
    'T-01;01/03/2019;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;',
  ].join('\r\n');
  await taper(page, '#annee-fichier', '2022');
  await page.setInputFiles('#fichier-periodes', { name: 'periodes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForNavigation(), page.click('form[action="/simulateur/fichier"] button[type=submit]')]);
  const choix = page.locator('section.voie[data-cible=ingenieur][data-voie=choix]');
  assert.equal(await choix.getAttribute('data-eligible'), 'false');
  assert.equal(await choix.getAttribute('data-premiere-annee'), '2023');
  assert.equal(await page.inputValue('#p1_debut'), '01/03/2014');
  assert.deepEqual(await violations(page), []);
  await contexte.close();
});
