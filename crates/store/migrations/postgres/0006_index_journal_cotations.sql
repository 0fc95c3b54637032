-- Index de lecture (PostgreSQL). Même structure que migrations/sqlite/0006_index_journal_cotations.sql,
-- sans l'index de l'horodatage du journal : le déclencheur de chaînage de PostgreSQL lit la
-- dernière entrée par son numéro.

-- Cotations d'une campagne sous une version de la grille (classement, établissement des
-- listes).
CREATE INDEX cotations_campagne ON cotations (annee, grille_version);
