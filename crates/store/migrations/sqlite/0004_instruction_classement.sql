-- Campagne côté centre de gestion (SQLite) : instruction, cotations, listes d'aptitude
-- établies et leurs inscrits. Même structure que migrations/postgres/0004_instruction_classement.sql.
-- Dates en TEXT ISO, instants en TEXT RFC 3339 UTC, documents JSON en TEXT.

-- Sexe de l'agent, facultatif (« femme », « homme » ou NULL : inconnu) : il ne sert qu'aux
-- indicateurs d'égalité ; jamais deviné.
ALTER TABLE agents ADD COLUMN sexe TEXT;

-- Décisions d'instruction : une ligne par décision, automatique (moteur) ou motivée
-- (justification obligatoire), toutes gardées ; la dernière fait le statut de la proposition.
CREATE TABLE instructions (
    id INTEGER PRIMARY KEY,
    proposition_id BIGINT NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
    -- « automatique » ou « manuelle ».
    nature TEXT NOT NULL,
    -- « recevable », « irrecevable », ou « transmise » quand un point reste à vérifier.
    statut TEXT NOT NULL,
    motifs TEXT NOT NULL,
    a_verifier TEXT NOT NULL,
    justification TEXT,
    version_catalogue TEXT NOT NULL,
    -- Détail de l'instruction automatique (éligibilité, formation), JSON ou NULL.
    detail TEXT,
    decidee_le TEXT NOT NULL,
    decidee_par TEXT NOT NULL
);
CREATE INDEX instructions_proposition ON instructions (proposition_id, id);

-- Cotations enregistrées : une par proposition et par version de la grille (lignes par
-- critère, total, faits de départage calculés sur la carrière au moment du calcul).
CREATE TABLE cotations (
    proposition_id BIGINT NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
    annee BIGINT NOT NULL,
    grille_version BIGINT NOT NULL,
    contenu TEXT NOT NULL,
    faits TEXT NOT NULL,
    calculee_le TEXT NOT NULL,
    calculee_par TEXT NOT NULL,
    PRIMARY KEY (proposition_id, grille_version),
    FOREIGN KEY (annee, grille_version) REFERENCES grilles (annee, version)
);

-- Liste d'aptitude établie d'un grade cible : postes, date d'effet, version de la grille qui
-- a classé, ordre manuel justifié s'il a fallu départager des ex aequo à la limite des
-- postes, classements de chaque voie tels qu'ils ont servi ; publication.
CREATE TABLE listes (
    annee BIGINT NOT NULL REFERENCES campagnes (annee),
    cible TEXT NOT NULL,
    postes BIGINT,
    date_effet TEXT NOT NULL,
    grille_version BIGINT NOT NULL,
    departage_manuel TEXT,
    justification TEXT,
    classements TEXT NOT NULL,
    etablie_le TEXT NOT NULL,
    etablie_par TEXT NOT NULL,
    publiee_le TEXT,
    publiee_par TEXT,
    PRIMARY KEY (annee, cible)
);

-- Inscrits d'une liste établie, dans l'ordre alphabétique de publication (`ordre` 1, 2…),
-- avec l'identité telle qu'elle a été publiée.
CREATE TABLE inscrits (
    annee BIGINT NOT NULL,
    cible TEXT NOT NULL,
    ordre BIGINT NOT NULL,
    proposition_id BIGINT NOT NULL UNIQUE REFERENCES propositions (id),
    agent_id BIGINT NOT NULL REFERENCES agents (id),
    matricule TEXT NOT NULL,
    nom TEXT NOT NULL,
    prenom TEXT NOT NULL,
    collectivite TEXT NOT NULL,
    voie TEXT NOT NULL,
    rang BIGINT NOT NULL,
    PRIMARY KEY (annee, cible, ordre),
    FOREIGN KEY (annee, cible) REFERENCES listes (annee, cible)
);

-- Sel secret des codes anonymes d'une campagne (hexadécimal, 32 octets tirés au hasard).
CREATE TABLE sels_anonymat (
    annee BIGINT NOT NULL PRIMARY KEY REFERENCES campagnes (annee),
    sel TEXT NOT NULL
);
