-- Schéma initial (SQLite). Même structure que migrations/postgres/0001_schema_initial.sql :
-- dates en TEXT ISO (AAAA-MM-JJ), identifiants entiers, mêmes noms et types déclarés.

CREATE TABLE collectivites (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    nom TEXT NOT NULL,
    cle_tri TEXT NOT NULL,
    type_collectivite TEXT NOT NULL,
    population BIGINT,
    affiliee BOOLEAN NOT NULL
);
CREATE INDEX collectivites_cle_tri ON collectivites (cle_tri);

CREATE TABLE agents (
    id INTEGER PRIMARY KEY,
    matricule TEXT NOT NULL UNIQUE,
    collectivite_id BIGINT NOT NULL REFERENCES collectivites (id),
    nom TEXT NOT NULL,
    prenom TEXT NOT NULL,
    cle_tri TEXT NOT NULL,
    date_naissance TEXT,
    formations_renseignees BOOLEAN NOT NULL,
    complements TEXT
);
CREATE INDEX agents_collectivite ON agents (collectivite_id, cle_tri);

CREATE TABLE periodes (
    id INTEGER PRIMARY KEY,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    rang BIGINT NOT NULL,
    debut TEXT NOT NULL,
    fin TEXT,
    versant TEXT NOT NULL,
    statut TEXT NOT NULL,
    grade TEXT,
    position TEXT NOT NULL,
    motif_disponibilite TEXT,
    quotite DOUBLE PRECISION,
    heures_hebdomadaires DOUBLE PRECISION,
    emploi TEXT,
    emploi_population BIGINT,
    emploi_surclassement BIGINT,
    fonctions TEXT,
    conge_parental_octroye_le TEXT
);
CREATE INDEX periodes_agent ON periodes (agent_id, rang);

CREATE TABLE formations (
    id INTEGER PRIMARY KEY,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    rang BIGINT NOT NULL,
    type_formation TEXT NOT NULL,
    date_formation TEXT NOT NULL,
    jours DOUBLE PRECISION NOT NULL
);
CREATE INDEX formations_agent ON formations (agent_id, rang);

-- Journal d'audit : en ajout seul. Toute modification ou suppression est refusée.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    horodatage TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE TRIGGER journal_sans_modification BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'Le journal est en ajout seul : modification refusée.');
END;

CREATE TRIGGER journal_sans_suppression BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'Le journal est en ajout seul : suppression refusée.');
END;
