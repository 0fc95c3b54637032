-- Comptes, sessions, limitation des échecs de connexion et journal d'audit chaîné (SQLite).
-- Même structure que migrations/postgres/0002_comptes_sessions_journal.sql.

CREATE TABLE utilisateurs (
    id INTEGER PRIMARY KEY,
    identifiant TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    empreinte_mot_de_passe TEXT NOT NULL,
    actif BOOLEAN NOT NULL,
    cree_le TEXT NOT NULL
);

-- Collectivités d'un compte de rôle « collectivite » (par code, comme à l'import).
CREATE TABLE utilisateurs_collectivites (
    utilisateur_id BIGINT NOT NULL REFERENCES utilisateurs (id) ON DELETE CASCADE,
    code_collectivite TEXT NOT NULL,
    PRIMARY KEY (utilisateur_id, code_collectivite)
);

-- Sessions : seule l'empreinte SHA-256 du jeton est stockée ; instants en secondes Unix.
CREATE TABLE sessions (
    empreinte_jeton TEXT NOT NULL PRIMARY KEY,
    utilisateur_id BIGINT NOT NULL REFERENCES utilisateurs (id) ON DELETE CASCADE,
    jeton_csrf TEXT NOT NULL,
    creee_le BIGINT NOT NULL,
    vue_le BIGINT NOT NULL
);
CREATE INDEX sessions_utilisateur ON sessions (utilisateur_id);

-- Échecs de connexion récents, par compte (« compte:… ») et par adresse (« adresse:… »),
-- partagés par tous les serveurs branchés sur la base.
CREATE TABLE echecs_connexion (
    cle TEXT NOT NULL PRIMARY KEY,
    echecs BIGINT NOT NULL,
    depuis BIGINT NOT NULL
);

-- Journal d'audit chaîné. L'ancienne table est renommée ; ses lignes sont recopiées et
-- chaînées par Passerelle au démarrage (Store::migrer), puis elle est supprimée.
DROP TRIGGER journal_sans_modification;
DROP TRIGGER journal_sans_suppression;
ALTER TABLE journal RENAME TO journal_v1;

CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    horodatage TEXT NOT NULL,
    utilisateur TEXT NOT NULL,
    action TEXT NOT NULL,
    objet TEXT NOT NULL,
    avant TEXT,
    apres TEXT,
    precedente TEXT NOT NULL,
    empreinte TEXT NOT NULL
);
CREATE INDEX journal_objet ON journal (objet);

CREATE TRIGGER journal_sans_modification BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'Le journal est en ajout seul : modification refusée.');
END;

CREATE TRIGGER journal_sans_suppression BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'Le journal est en ajout seul : suppression refusée.');
END;

-- Chaque entrée suit la précédente : numéro suivant, empreinte précédente recopiée,
-- horodatage ni antérieur au précédent ni éloigné de plus d'une minute de l'horloge de la
-- base. `REPLACE INTO` (qui supprimerait sans déclencheur de suppression) est refusé ici.
CREATE TRIGGER journal_chainage BEFORE INSERT ON journal
BEGIN
    SELECT RAISE(ABORT, 'Le journal est en ajout seul : une entrée de ce numéro existe déjà.')
    WHERE EXISTS (SELECT 1 FROM journal WHERE id = NEW.id);
    SELECT RAISE(ABORT, 'Journal : numéro d''entrée hors de la suite.')
    WHERE NEW.id IS NULL OR NEW.id <> (SELECT COALESCE(MAX(id), 0) + 1 FROM journal);
    SELECT RAISE(ABORT, 'Journal : empreinte précédente incorrecte.')
    WHERE NEW.precedente <> COALESCE(
        (SELECT empreinte FROM journal ORDER BY id DESC LIMIT 1),
        '0000000000000000000000000000000000000000000000000000000000000000');
    SELECT RAISE(ABORT, 'Journal : horodatage antérieur à l''entrée précédente ou éloigné de l''horloge.')
    WHERE NEW.horodatage < COALESCE((SELECT MAX(horodatage) FROM journal), '')
       OR NEW.horodatage < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-60 seconds')
       OR NEW.horodatage > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+60 seconds');
END;
