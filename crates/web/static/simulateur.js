// Simulateur de promotion interne : ajoute une ligne (période, formation, examen) sans
// renvoyer la page. Sans ce script, le bouton envoie le formulaire et le serveur rend la
// page avec une ligne vide de plus : le comportement est le même.
(function () {
  'use strict';
  var groupes = {
    periode: { conteneur: 'periodes', prefixe: 'p', titre: 'Période', max: 40 },
    formation: { conteneur: 'formations', prefixe: 'f', titre: 'Formation', max: 40 },
    examen: { conteneur: 'examens', prefixe: 'e', titre: 'Examen', max: 10 },
  };
  function renommer(element, ancien, nouveau) {
    ['id', 'name', 'for', 'aria-describedby'].forEach(function (a) {
      var v = element.getAttribute(a);
      if (v) { element.setAttribute(a, v.split(ancien).join(nouveau)); }
    });
  }
  function ajouter(sorte) {
    var g = groupes[sorte];
    var conteneur = document.getElementById(g.conteneur);
    var lignes = conteneur.querySelectorAll('fieldset');
    if (!lignes.length || lignes.length >= g.max) { return false; }
    var modele = lignes[lignes.length - 1];
    var rang = lignes.length;
    var ancien = g.prefixe + modele.getAttribute('data-rang') + '_';
    var nouveau = g.prefixe + rang + '_';
    var copie = modele.cloneNode(true);
    copie.setAttribute('data-rang', String(rang));
    copie.querySelector('legend').textContent = g.titre + ' ' + (rang + 1);
    copie.querySelectorAll('.erreur-champ').forEach(function (e) { e.remove(); });
    copie.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
    copie.querySelectorAll('*').forEach(function (e) { renommer(e, ancien, nouveau); });
    copie.querySelectorAll('input[type=text]').forEach(function (e) { e.value = ''; });
    // Les listes gardent le choix de la ligne précédente (même versant, statut, grade…).
    var origines = modele.querySelectorAll('select');
    copie.querySelectorAll('select').forEach(function (e, i) { e.value = origines[i].value; });
    copie.querySelectorAll('[aria-describedby]').forEach(function (e) {
      var ids = e.getAttribute('aria-describedby').split(' ').filter(function (id) {
        return copie.querySelector('#' + CSS.escape(id));
      });
      if (ids.length) { e.setAttribute('aria-describedby', ids.join(' ')); } else { e.removeAttribute('aria-describedby'); }
    });
    conteneur.appendChild(copie);
    if (sorte === 'formation') {
      var case_ = document.querySelector('input[name=formations_renseignees]');
      if (case_) { case_.checked = true; }
    }
    var premier = copie.querySelector('input, select');
    if (premier) { premier.focus(); }
    return true;
  }
  document.querySelectorAll('button[data-ajouter]').forEach(function (b) {
    b.addEventListener('click', function (ev) {
      if (ajouter(b.getAttribute('data-ajouter'))) { ev.preventDefault(); }
    });
  });
})();
