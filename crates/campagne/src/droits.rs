//! Qui peut faire quoi, et quand : rôle × action × état de la campagne et de la
//! proposition (contrat v2, « Who acts »).
//!
//! Deux niveaux, dans cet ordre : le rôle (403 `acces_refuse` quand il n'est jamais
//! autorisé), puis l'état (409 : `depot_clos`, `proposition_transmise`…). Le périmètre des
//! collectivités (une collectivité ne voit que ses agents, 404 sinon) est appliqué par les
//! requêtes du stockage, pas ici.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendrier::EtatCampagne;
use crate::erreur::{ErreurCampagne, codes};
use crate::proposition::StatutProposition;

/// Rôle d'un compte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administrateur du centre de gestion : comptes, campagnes, grilles, journal.
    Administrateur,
    /// Service carrières du centre de gestion : conduit la campagne.
    Gestionnaire,
    /// Ressources humaines d'une ou plusieurs collectivités.
    Collectivite,
    /// Membre de la commission qui assiste le Président : classement anonyme seulement.
    Commission,
}

impl Role {
    pub const TOUS: [Role; 4] = [
        Role::Administrateur,
        Role::Gestionnaire,
        Role::Collectivite,
        Role::Commission,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrateur => "administrateur",
            Role::Gestionnaire => "gestionnaire",
            Role::Collectivite => "collectivite",
            Role::Commission => "commission",
        }
    }

    pub fn depuis_code(code: &str) -> Option<Self> {
        Self::TOUS.into_iter().find(|r| r.code() == code)
    }
}

/// Une action de la campagne (une ou plusieurs routes du contrat v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `POST /campagnes`.
    CreerCampagne,
    /// `GET /campagnes/{annee}`.
    LireCampagne,
    /// `PUT /campagnes/{annee}/declarations/{collectivite}`.
    Declarer,
    /// `GET /campagnes/{annee}/declarations[/{collectivite}]`.
    LireDeclarations,
    /// `PUT /campagnes/{annee}/historique`.
    DefinirHistorique,
    /// `GET /campagnes/{annee}/quotas`.
    LireQuotas,
    /// `GET /campagnes/{annee}/promouvables`.
    LirePromouvables,
    /// `POST /campagnes/{annee}/propositions`.
    Proposer,
    /// `PATCH /propositions/{id}`.
    ModifierProposition,
    /// `PUT /propositions/{id}/pieces/{type}`.
    DeposerPiece,
    /// `GET /propositions/{id}/pieces/{type}`.
    LirePiece,
    /// `POST /propositions/{id}/transmission`.
    Transmettre,
    /// `GET /propositions/{id}`, `GET /campagnes/{annee}/propositions`.
    LireProposition,
    /// `POST /propositions/{id}/instruction` sans corps (instruction automatique).
    Instruire,
    /// `POST /propositions/{id}/instruction` avec une décision motivée.
    DeciderRecevabilite,
    /// `PUT /campagnes/{annee}/grille`.
    DefinirGrille,
    /// `GET /campagnes/{annee}/grille`.
    LireGrille,
    /// `GET /propositions/{id}/cotation`.
    LireCotation,
    /// `GET /campagnes/{annee}/classement` nominatif.
    LireClassement,
    /// `GET /campagnes/{annee}/classement` anonyme.
    LireClassementAnonyme,
    /// `POST /campagnes/{annee}/listes`.
    EtablirListe,
    /// `GET /campagnes/{annee}/listes/{cible}[/arrete.pdf]`.
    LireListe,
    /// `GET /inscriptions`.
    LireInscriptions,
    /// `POST /inscriptions/{id}/evenements`.
    EnregistrerEvenement,
    /// Indicateurs de la campagne (égalité, propositions par collectivité).
    LireIndicateurs,
    /// `GET /journal`.
    LireJournal,
}

impl Action {
    pub const TOUTES: [Action; 26] = [
        Action::CreerCampagne,
        Action::LireCampagne,
        Action::Declarer,
        Action::LireDeclarations,
        Action::DefinirHistorique,
        Action::LireQuotas,
        Action::LirePromouvables,
        Action::Proposer,
        Action::ModifierProposition,
        Action::DeposerPiece,
        Action::LirePiece,
        Action::Transmettre,
        Action::LireProposition,
        Action::Instruire,
        Action::DeciderRecevabilite,
        Action::DefinirGrille,
        Action::LireGrille,
        Action::LireCotation,
        Action::LireClassement,
        Action::LireClassementAnonyme,
        Action::EtablirListe,
        Action::LireListe,
        Action::LireInscriptions,
        Action::EnregistrerEvenement,
        Action::LireIndicateurs,
        Action::LireJournal,
    ];

    /// Intitulé en français (messages d'erreur).
    pub fn libelle(self) -> &'static str {
        match self {
            Action::CreerCampagne => "créer une campagne",
            Action::LireCampagne => "consulter la campagne",
            Action::Declarer => "déclarer les recrutements et l'effectif",
            Action::LireDeclarations => "consulter les déclarations",
            Action::DefinirHistorique => "saisir l'historique des quotas",
            Action::LireQuotas => "consulter les quotas",
            Action::LirePromouvables => "consulter les promouvables",
            Action::Proposer => "proposer un agent",
            Action::ModifierProposition => "modifier une proposition",
            Action::DeposerPiece => "joindre une pièce",
            Action::LirePiece => "consulter une pièce",
            Action::Transmettre => "transmettre une proposition",
            Action::LireProposition => "consulter les propositions",
            Action::Instruire => "instruire une proposition",
            Action::DeciderRecevabilite => "décider de la recevabilité",
            Action::DefinirGrille => "modifier la grille de cotation",
            Action::LireGrille => "consulter la grille de cotation",
            Action::LireCotation => "consulter la cotation d'un dossier",
            Action::LireClassement => "consulter le classement nominatif",
            Action::LireClassementAnonyme => "consulter le classement anonyme",
            Action::EtablirListe => "établir la liste d'aptitude",
            Action::LireListe => "consulter la liste d'aptitude",
            Action::LireInscriptions => "consulter les inscriptions",
            Action::EnregistrerEvenement => "enregistrer un événement d'inscription",
            Action::LireIndicateurs => "consulter les indicateurs",
            Action::LireJournal => "consulter le journal",
        }
    }
}

/// Rôles autorisés à une action (la table des droits).
pub fn roles_admis(action: Action) -> &'static [Role] {
    use Action::*;
    use Role::*;
    match action {
        CreerCampagne | DefinirHistorique | DefinirGrille => &[Administrateur, Gestionnaire],
        // La commission consulte le seul classement anonyme ; l'année de la campagne lui
        // sert à s'y retrouver.
        LireCampagne => &[Administrateur, Gestionnaire, Collectivite, Commission],
        LireClassementAnonyme => &[Administrateur, Gestionnaire, Commission],
        Declarer | Proposer | ModifierProposition | DeposerPiece | Transmettre => {
            &[Gestionnaire, Collectivite]
        }
        LireDeclarations | LireQuotas | LirePromouvables | LirePiece | LireProposition
        | LireGrille | LireCotation | LireListe | LireInscriptions => {
            &[Administrateur, Gestionnaire, Collectivite]
        }
        EnregistrerEvenement => &[Gestionnaire, Collectivite],
        Instruire | DeciderRecevabilite | EtablirListe => &[Gestionnaire],
        LireClassement | LireIndicateurs => &[Administrateur, Gestionnaire],
        LireJournal => &[Administrateur],
    }
}

/// Le rôle est-il autorisé à l'action (indépendamment de l'état) ?
pub fn role_admis(role: Role, action: Action) -> bool {
    roles_admis(action).contains(&role)
}

/// L'état de ce sur quoi porte l'action. La transmission et l'établissement de la liste
/// exigent l'état de la campagne (sans lui, ils sont refusés) ; les actions sur une
/// proposition existante exigent son statut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Situation {
    /// État de la campagne (à la date du jour).
    pub campagne: Option<EtatCampagne>,
    /// Statut de la proposition visée.
    pub proposition: Option<StatutProposition>,
}

/// Vérifie qu'un rôle peut faire une action dans une situation : 403 si le rôle n'y est
/// jamais autorisé, 409 si l'état l'interdit.
pub fn autoriser(role: Role, action: Action, s: &Situation) -> Result<(), ErreurCampagne> {
    if !role_admis(role, action) {
        return Err(ErreurCampagne::acces_refuse(format!(
            "Le rôle « {} » ne permet pas de {}.",
            role.code(),
            action.libelle()
        )));
    }
    use Action::*;
    use StatutProposition as P;
    let employeur = role == Role::Collectivite;
    let clos = s.campagne == Some(EtatCampagne::DepotClos);
    let depot_clos = || {
        ErreurCampagne::conflit(
            codes::DEPOT_CLOS,
            "Le dépôt des dossiers est clos (délai de rigueur) : une collectivité ne peut plus rien y changer.",
        )
    };
    let transmise = || {
        ErreurCampagne::conflit(
            codes::PROPOSITION_TRANSMISE,
            "La proposition a été transmise au centre de gestion : elle ne peut plus être modifiée, ni ses pièces.",
        )
    };
    match action {
        // Jusqu'à la clôture pour la collectivité ; toujours pour le gestionnaire.
        Declarer | Proposer if employeur && clos => Err(depot_clos()),
        ModifierProposition | DeposerPiece => {
            if s.proposition.is_some_and(|p| !p.modifiable()) {
                Err(transmise())
            } else if employeur && clos {
                Err(depot_clos())
            } else {
                Ok(())
            }
        }
        Transmettre => {
            if s.proposition.is_some_and(|p| p != P::Brouillon) {
                Err(ErreurCampagne::conflit(
                    codes::PROPOSITION_TRANSMISE,
                    "La proposition a déjà été transmise.",
                ))
            } else if s.campagne != Some(EtatCampagne::DepotOuvert) {
                Err(ErreurCampagne::conflit(
                    codes::DEPOT_CLOS,
                    "La transmission n'est possible que pendant la période de dépôt, jour de clôture inclus (délai de rigueur).",
                ))
            } else {
                Ok(())
            }
        }
        Instruire => match s.proposition {
            Some(P::Brouillon) => Err(non_transmise()),
            Some(P::Transmise) | None => Ok(()),
            Some(P::Inscrite | P::NonRetenue) => Err(liste_etablie()),
            Some(P::Recevable | P::Irrecevable) => Err(ErreurCampagne::conflit(
                codes::DEJA_INSTRUITE,
                "La proposition a déjà été instruite : une nouvelle décision doit être motivée (décision manuelle avec justification).",
            )),
        },
        DeciderRecevabilite => match s.proposition {
            Some(P::Brouillon) => Err(non_transmise()),
            Some(P::Inscrite | P::NonRetenue) => Err(liste_etablie()),
            _ => Ok(()),
        },
        LireCotation => match s.proposition {
            Some(P::Recevable | P::Inscrite | P::NonRetenue) | None => Ok(()),
            Some(p) => Err(ErreurCampagne::conflit(
                codes::NON_RECEVABLE,
                format!(
                    "La cotation n'existe que pour une proposition recevable ; celle-ci est {}.",
                    p.libelle()
                ),
            )),
        },
        EtablirListe => match s.campagne {
            Some(EtatCampagne::DepotClos) => Ok(()),
            _ => Err(ErreurCampagne::conflit(
                codes::DEPOT_EN_COURS,
                "La liste ne peut être établie qu'après la clôture du dépôt des dossiers.",
            )),
        },
        _ => Ok(()),
    }
}

fn non_transmise() -> ErreurCampagne {
    ErreurCampagne::conflit(
        codes::PROPOSITION_NON_TRANSMISE,
        "La proposition est encore un brouillon : elle n'a pas été transmise au centre de gestion.",
    )
}

fn liste_etablie() -> ErreurCampagne {
    ErreurCampagne::conflit(
        codes::LISTE_ETABLIE,
        "La liste d'aptitude de ce grade est établie : la proposition ne change plus.",
    )
}
