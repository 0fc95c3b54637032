-- Index de lecture (SQLite). Même structure que migrations/postgres/0006_index_journal_cotations.sql,
-- plus l'index de l'horodatage du journal.

-- Le déclencheur `journal_chainage` lit l'horodatage le plus récent (`MAX(horodatage)`) à
-- chaque ajout : sans index, c'est une lecture de tout le journal par écriture, dont le coût
-- croît avec le journal (quelques millisecondes par écriture au-delà de quelques milliers
-- d'entrées). PostgreSQL lit la dernière entrée par son numéro et n'en a pas besoin.
CREATE INDEX journal_horodatage ON journal (horodatage);

-- Cotations d'une campagne sous une version de la grille (classement, établissement des
-- listes).
CREATE INDEX cotations_campagne ON cotations (annee, grille_version);
