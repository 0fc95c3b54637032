-- Vie de la liste d'aptitude (sqlite) : registre des inscriptions et de leurs évènements.
-- Même structure dans les deux moteurs : dates en TEXT ISO (AAAA-MM-JJ), instants en TEXT
-- RFC 3339 UTC à la milliseconde, détails en JSON (TEXT).

-- Une inscription sur une liste d'aptitude de promotion interne. La liste est nationale :
-- l'identité de la personne est gardée ici (elle peut venir d'un autre centre de gestion et
-- n'être pas un agent enregistré). `liste_id` désigne la liste établie dans Passerelle
-- (sans clé étrangère : les listes établies vivent dans leurs propres tables) ; nul pour
-- une inscription importée d'une liste antérieure ou saisie.
-- Les colonnes `statut` à `etat_calcule_le` sont l'état calculé par le moteur
-- (commande liste-aptitude) à la date de la dernière écriture ; les pages et l'API le
-- recalculent à la date du jour.
CREATE TABLE inscriptions (
    id INTEGER PRIMARY KEY,
    matricule TEXT,
    nom TEXT NOT NULL,
    prenom TEXT NOT NULL,
    cle_tri TEXT NOT NULL,
    date_naissance TEXT,
    collectivite TEXT,
    centre_gestion TEXT,
    cible TEXT NOT NULL,
    annee BIGINT NOT NULL,
    date_inscription TEXT NOT NULL,
    liste_id BIGINT,
    source TEXT NOT NULL,
    statut TEXT NOT NULL,
    motif_radiation TEXT,
    fin_validite TEXT,
    prochaine_demande_avant TEXT,
    suspendu_depuis TEXT,
    date_radiation TEXT,
    etat_calcule_le TEXT NOT NULL,
    creee_le TEXT NOT NULL,
    creee_par TEXT NOT NULL
);
CREATE INDEX inscriptions_cle_tri ON inscriptions (cle_tri);
CREATE INDEX inscriptions_cible ON inscriptions (cible, annee);
CREATE INDEX inscriptions_collectivite ON inscriptions (collectivite);

-- Évènements de la vie de l'inscription, en ajout seul : demande de maintien, suspension et
-- fin de suspension (motif), offre d'emploi et réponse, nomination et sa confirmation.
CREATE TABLE inscriptions_evenements (
    id INTEGER PRIMARY KEY,
    inscription_id BIGINT NOT NULL REFERENCES inscriptions (id),
    type_evenement TEXT NOT NULL,
    date_evenement TEXT NOT NULL,
    detail TEXT NOT NULL,
    enregistre_le TEXT NOT NULL,
    enregistre_par TEXT NOT NULL
);
CREATE INDEX inscriptions_evenements_inscription ON inscriptions_evenements (inscription_id, id);
CREATE INDEX inscriptions_evenements_type ON inscriptions_evenements (type_evenement, date_evenement);
