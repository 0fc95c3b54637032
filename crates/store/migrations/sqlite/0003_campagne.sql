-- Campagne de promotion interne, côté employeur (SQLite). Même structure que
-- migrations/postgres/0003_campagne.sql : dates en TEXT ISO (AAAA-MM-JJ), instants en TEXT
-- RFC 3339 UTC à la milliseconde, documents JSON en TEXT, pièces en BLOB.

-- La campagne annuelle : une par année de liste d'aptitude.
CREATE TABLE campagnes (
    annee INTEGER PRIMARY KEY,
    depot_ouverture TEXT NOT NULL,
    depot_cloture TEXT NOT NULL,
    date_effet_liste TEXT NOT NULL,
    -- Saisie initiale de la clause de sauvegarde (PUT …/historique), JSON ou NULL.
    historique TEXT,
    creee_le TEXT NOT NULL,
    creee_par TEXT NOT NULL
);

-- Grilles de cotation des lignes directrices de gestion : chaque `PUT` est une nouvelle
-- version, gardée (la liste établie dit quelle version l'a classée).
CREATE TABLE grilles (
    annee BIGINT NOT NULL REFERENCES campagnes (annee),
    version BIGINT NOT NULL,
    contenu TEXT NOT NULL,
    definie_le TEXT NOT NULL,
    definie_par TEXT NOT NULL,
    PRIMARY KEY (annee, version)
);

-- Recensement : recrutements de l'année précédente et effectif au 31 décembre, une
-- déclaration (JSON du contrat) par collectivité et par campagne.
CREATE TABLE declarations (
    id INTEGER PRIMARY KEY,
    annee BIGINT NOT NULL REFERENCES campagnes (annee),
    collectivite_id BIGINT NOT NULL REFERENCES collectivites (id),
    contenu TEXT NOT NULL,
    modifiee_le TEXT NOT NULL,
    modifiee_par TEXT NOT NULL,
    UNIQUE (annee, collectivite_id)
);

-- Propositions de l'employeur et leur dossier. La collectivité est celle de l'agent au
-- moment de la proposition : elle reste propriétaire du dossier.
CREATE TABLE propositions (
    id INTEGER PRIMARY KEY,
    annee BIGINT NOT NULL REFERENCES campagnes (annee),
    agent_id BIGINT NOT NULL REFERENCES agents (id),
    collectivite_id BIGINT NOT NULL REFERENCES collectivites (id),
    cible TEXT NOT NULL,
    voie TEXT NOT NULL,
    rang BIGINT NOT NULL,
    dossier TEXT NOT NULL,
    statut TEXT NOT NULL,
    motifs TEXT NOT NULL,
    promouvable BOOLEAN NOT NULL,
    eligibilite TEXT NOT NULL,
    version_catalogue TEXT NOT NULL,
    creee_le TEXT NOT NULL,
    creee_par TEXT NOT NULL,
    modifiee_le TEXT NOT NULL,
    transmise_le TEXT,
    UNIQUE (annee, agent_id, cible, voie)
);
CREATE INDEX propositions_collectivite ON propositions (annee, collectivite_id, cible, rang);

-- Pièces justificatives : octets en base, dans la même transaction que leur fiche (ni
-- service ni dossier de fichiers à part) ; empreinte SHA-256 contrôlée à chaque lecture.
CREATE TABLE pieces (
    id INTEGER PRIMARY KEY,
    proposition_id BIGINT NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
    type_piece TEXT NOT NULL,
    nom_fichier TEXT,
    taille BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    deposee_le TEXT NOT NULL,
    deposee_par TEXT NOT NULL,
    contenu BLOB NOT NULL,
    UNIQUE (proposition_id, type_piece)
);

-- Compteurs de version des données : `carrieres` augmente à chaque écriture qui change une
-- carrière (import), ce qui rend périmés les promouvables calculés avant.
CREATE TABLE generations (
    nom TEXT NOT NULL PRIMARY KEY,
    valeur BIGINT NOT NULL
);
INSERT INTO generations (nom, valeur) VALUES ('carrieres', 0);

-- Promouvables calculés par le moteur au 1er janvier d'une année, par collectivité : un
-- calcul est à jour tant que la génération des carrières et la version du catalogue n'ont
-- pas changé.
CREATE TABLE promouvables_calculs (
    annee BIGINT NOT NULL,
    collectivite_id BIGINT NOT NULL REFERENCES collectivites (id) ON DELETE CASCADE,
    generation BIGINT NOT NULL,
    version_catalogue TEXT NOT NULL,
    agents BIGINT NOT NULL,
    calcule_le TEXT NOT NULL,
    PRIMARY KEY (annee, collectivite_id)
);

CREATE TABLE promouvables (
    annee BIGINT NOT NULL,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    collectivite_id BIGINT NOT NULL REFERENCES collectivites (id) ON DELETE CASCADE,
    cible TEXT NOT NULL,
    voie TEXT NOT NULL,
    formation_a_jour BOOLEAN,
    PRIMARY KEY (annee, agent_id, cible, voie)
);
CREATE INDEX promouvables_collectivite ON promouvables (annee, collectivite_id);
