// La campagne dans un navigateur : le gestionnaire du centre de gestion crée la campagne et
// suit son tableau de bord ; l'employeur (compte de Saint-Étienne) déclare, propose, dépose
// une pièce et transmet, au clavier ; axe-core ne relève aucune violation WCAG 2.1 A/AA sur
// chaque page. Prérequis : ceux de pages.test.mjs (binaire, Chromium, npm ci).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lancerNavigateur, violations } from './commun.mjs';

const racine = new URL('..', import.meta.url).pathname;
const binaire = process.env.PASSERELLE_BIN ?? join(racine, 'target/debug/passerelle');
const dossier = mkdtempSync(join(tmpdir(), 'passerelle-campagne-'));
const base = `sqlite:${join(dossier, 'base.sqlite')}`;
const MOT_DE_PASSE = 'mot de passe du navigateur';

// docs/exemple-import : Saint-Étienne (SE-0001 Durand Hélène, technicienne principale de
// 1re classe depuis le 01/01/2016), Firminy, CCAS de Firminy — trois collectivités affiliées.
const SAINT_ETIENNE = '21420218600019';
const COMPTES = [
  ['gestionnaire', 'gestionnaire', []],
  ['rh-se', 'collectivite', [SAINT_ETIENNE]],
];

// La campagne de l'année suivante, dépôt ouvert aujourd'hui (heure de Paris) : ouverte il y a
// 10 jours, close dans 20 jours.
const jour = (decalage) => {
  const d = new Date(Date.now() + decalage * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
};
const ANNEE = Number(jour(0).slice(0, 4)) + 1;

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
  serveur = spawn(binaire, ['serve', '--database-url', base, '--adresse', '127.0.0.1:0', '--annee', String(ANNEE)], { cwd: racine });
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

// Connexion par le formulaire dans un contexte neuf (voir pages.test.mjs pour bypassCSP).
async function connecte(identifiant, chemin) {
  const contexte = await navigateur.newContext({ bypassCSP: true });
  const page = await contexte.newPage();
  await page.goto(new URL(chemin, adresse).href);
  await page.fill('#identifiant', identifiant);
  await page.fill('#mot_de_passe', MOT_DE_PASSE);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

// Envoie le formulaire du champ qui a le focus avec la touche Entrée.
async function entree(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('le gestionnaire crée la campagne au clavier et voit son tableau de bord', async () => {
  const page = await connecte('gestionnaire', '/campagnes');
  assert.deepEqual(await violations(page), []);
  await page.fill('#annee', String(ANNEE));
  await page.fill('#depot_ouverture', jour(-10));
  await page.fill('#depot_cloture', jour(20));
  await page.fill('#date_effet_liste', jour(80));
  await page.focus('#annee');
  await entree(page);
  assert.match(page.url(), new RegExp(`/campagnes/${ANNEE}\\?fait=creee$`));
  const contenu = await page.textContent('main');
  assert.match(contenu, /La campagne est créée/);
  // Du jour même au jour de clôture inclus : 21 jours de dépôt.
  assert.match(contenu, /21 jours de dépôt restants/);
  assert.match(contenu, /0 déclaration\(s\) reçue\(s\) sur 3 attendue\(s\)/);
  assert.match(contenu, /Durand Hélène/);
  assert.deepEqual(await violations(page), []);
  // Filtre des promouvables par collectivité (Firminy : personne au grade d'ingénieur).
  await page.selectOption('#collectivite', { label: 'Firminy' });
  await page.focus('button:text-is("Filtrer")');
  await entree(page);
  assert.match(page.url(), /collectivite=21420095400016/);
  assert.doesNotMatch(await page.textContent('main'), /Durand Hélène/);
  await page.context().close();
});

test('l\'employeur déclare, propose, dépose une pièce et transmet, au clavier', async () => {
  const page = await connecte('rh-se', `/campagnes/${ANNEE}`);
  assert.deepEqual(await violations(page), []);
  await Promise.all([page.waitForNavigation(), page.click('main a[href*="/collectivites/"]')]);
  assert.match(page.url(), new RegExp(`/campagnes/${ANNEE}/collectivites/${SAINT_ETIENNE}$`));
  assert.deepEqual(await violations(page), []);

  // Déclaration : un recrutement de l'année précédant la liste, l'effectif des ingénieurs.
  await page.selectOption('#recrutement_cadre_1', 'ingenieurs_territoriaux');
  await page.selectOption('#recrutement_mode_1', 'concours');
  await page.fill('#recrutement_date_1', `${ANNEE - 1}-03-01`);
  await page.fill('#recrutement_reference_1', `arrêté n° ${ANNEE - 1}-014`);
  await page.fill('#effectif_ingenieurs_territoriaux_fonctionnaires', '12');
  await page.focus('#recrutement_reference_1');
  await entree(page);
  assert.match(await page.textContent('[role=status]'), /La déclaration est enregistrée/);
  assert.match(await page.textContent('#declaration ~ table'), new RegExp(`arrêté n° ${ANNEE - 1}-014`));

  // Proposition de Durand Hélène (ingénieur au choix) : le bouton « Proposer » au clavier.
  const bouton = page.locator('button[aria-label^="Proposer Durand Hélène — Ingénieur territorial au choix"]');
  await bouton.focus();
  await entree(page);
  assert.match(page.url(), /\/propositions\/\d+\?fait=proposee$/);
  assert.match(await page.textContent('[role=status]'), /L'agent est proposé/);
  assert.match(await page.textContent('main'), /pièce\(s\) manquante\(s\)/);
  assert.deepEqual(await violations(page), []);

  // Pièce : l'attestation de formation, en PDF.
  await page.selectOption('#type', 'attestation_formation_cnfpt');
  await page.setInputFiles('#fichier', {
    name: 'attestation.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% attestation\n%%EOF\n'),
  });
  await page.focus('text=Déposer la pièce');
  await entree(page);
  assert.match(await page.textContent('[role=status]'), /La pièce est déposée/);
  assert.match(await page.textContent('main'), /attestation\.pdf/);

  // Transmission : le dossier passe en lecture seule.
  await page.focus('text=Transmettre le dossier');
  await entree(page);
  assert.match(await page.textContent('[role=status]'), /Le dossier est transmis/);
  assert.match(await page.textContent('main'), /lecture seule/);
  assert.equal(await page.locator('form[action$="/dossier"]').count(), 0);
  assert.equal(await page.locator('form[enctype="multipart/form-data"]').count(), 0);
  assert.deepEqual(await violations(page), []);
  await page.context().close();

  // Le tableau de bord du centre de gestion compte la déclaration et la proposition.
  const cdg = await connecte('gestionnaire', `/campagnes/${ANNEE}`);
  const contenu = await cdg.textContent('main');
  assert.match(contenu, /1 déclaration\(s\) reçue\(s\) sur 3 attendue\(s\)/);
  assert.match(contenu, /Ingénieur territorial\s*transmise au centre de gestion : 1/);
  await cdg.context().close();
});
