//! Liste d'aptitude de promotion interne : durée de validité, maintien, suspension du
//! décompte, offres d'emploi, radiation (contrat v1, commande `liste-aptitude`) ; et
//! établissement de la liste (classement au score de la campagne, publication par ordre
//! alphabétique, jamais plus d'inscrits que de postes).
//!
//! Textes : CGFP L.325-39 et suivants (ancien art. 44 loi 84-53) ; fiche service-public.fr F17757 (« inscription
//! sur une liste d'aptitude ») ; guide CDG Martinique §II.D ; FAQ CNFPT ingénieur en chef Q34 et Q36 ;
//! note juridique §5.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::{self, Jour, ajouter_annees, ajouter_mois, format_fr, jour};
use crate::erreur::{ErreurEntree, pointeur};

const REF_VALIDITE: &str = "CGFP L.325-39 et suivants (ancien art. 44 loi n° 84-53) ; guide CDG Martinique §II.D ; fiche service-public.fr F17757 ; FAQ CNFPT ingénieur en chef Q36";
const REF_SUSPENSION: &str = "FAQ CNFPT ingénieur en chef Q36 (dix cas de suspension) ; fiche service-public.fr F17757 ; guide CDG Martinique §II.D";
const REF_OFFRES: &str = "Fiche service-public.fr F17757 (offre par lettre recommandée, absence de réponse en 2 mois = refus, radiation après 2 refus) ; décret n° 2013-593 art. 23 (listes de concours)";
const REF_NOMINATION: &str = "Fiche service-public.fr F17757 (radiation à la date de la nomination comme stagiaire ou de la titularisation)";

/// Motif de suspension du décompte de la durée d'inscription (FAQ CNFPT ingénieur en chef Q36 ; docs/codes.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MotifSuspension {
    CongeParental,
    CongeMaternite,
    CongeAdoption,
    CongePresenceParentale,
    CongeSolidariteFamiliale,
    CongeLongueDuree,
    ServiceNational,
    /// Mandat d'élu local, jusqu'à son terme.
    MandatEluLocal,
    /// Contrat (CGFP L.332-13) sur un emploi correspondant au cadre d'emplois de la liste.
    #[serde(rename = "contrat_l332_13")]
    ContratL332_13,
    /// Engagement de service civique, à la demande de la personne.
    ServiceCivique,
}

impl MotifSuspension {
    pub fn libelle(self) -> &'static str {
        match self {
            Self::CongeParental => "congé parental",
            Self::CongeMaternite => "congé de maternité",
            Self::CongeAdoption => "congé d'adoption",
            Self::CongePresenceParentale => "congé de présence parentale",
            Self::CongeSolidariteFamiliale => "congé de solidarité familiale",
            Self::CongeLongueDuree => "congé de longue durée",
            Self::ServiceNational => "obligations du service national",
            Self::MandatEluLocal => "mandat d'élu local",
            Self::ContratL332_13 => "contrat L.332-13 sur un emploi du cadre d'emplois",
            Self::ServiceCivique => "engagement de service civique",
        }
    }
}

/// Période de suspension du décompte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    pub motif: MotifSuspension,
    pub debut: Date,
    /// `null` : la suspension est toujours en cours.
    #[serde(default)]
    pub fin: Option<Date>,
}

/// Réponse à une offre d'emploi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReponseOffre {
    Acceptee,
    Refusee,
}

/// Offre d'emploi notifiée par lettre recommandée avec accusé de réception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offre {
    /// Date de réception de la lettre recommandée (point de départ du délai de deux mois).
    pub date: Date,
    /// `null` : pas encore de réponse.
    #[serde(default)]
    pub reponse: Option<ReponseOffre>,
    /// Date de la réponse, si elle est connue (extension).
    #[serde(default)]
    pub date_reponse: Option<Date>,
}

/// Entrée de la commande `liste-aptitude`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeListeAptitude {
    /// Date d'inscription sur la liste d'aptitude.
    pub inscription: Date,
    /// Date à laquelle la situation est appréciée.
    pub aujourd_hui: Date,
    /// Dates de réception des demandes écrites de maintien sur la liste.
    #[serde(default)]
    pub demandes_maintien: Vec<Date>,
    #[serde(default)]
    pub suspensions: Vec<Suspension>,
    #[serde(default)]
    pub offres: Vec<Offre>,
    /// Date de nomination comme stagiaire (ou comme titulaire en cas de dispense de stage).
    #[serde(default)]
    pub nomination: Option<Date>,
}

/// Situation sur la liste.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatutListe {
    Inscrit,
    Radie,
}

/// Motif de radiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MotifRadiation {
    /// Quatre années d'inscription écoulées (suspensions déduites).
    FinValidite,
    /// Deux offres d'emploi refusées (ou réputées refusées).
    DeuxRefus,
    /// Nomination comme stagiaire ou titularisation.
    Nomination,
    /// Terme de la 2e ou de la 3e année atteint sans demande de maintien reçue à temps.
    MaintienNonDemande,
}

/// État d'une échéance de la liste.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EtatEcheance {
    /// Échéance future.
    AVenir,
    /// Demande de maintien reçue à temps : l'inscription se poursuit au-delà du terme.
    MaintienObtenu,
    /// Terme atteint sans demande reçue à temps : radiation.
    MaintienNonDemande,
    /// Terme de la 4e année atteint : radiation.
    Echue,
    /// La radiation est intervenue avant ce terme.
    SansObjet,
}

/// Une échéance : terme d'une année d'inscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Echeance {
    /// Année d'inscription qui se termine (2, 3 ou 4).
    pub annee: u8,
    /// Dernier jour d'inscription de cette année, suspensions déduites ; `null` si le décompte
    /// est suspendu sans date de fin connue.
    pub terme: Option<Date>,
    /// Date limite (incluse) de réception de la demande de maintien ; `null` pour la 4e année.
    pub demande_maintien_avant: Option<Date>,
    /// Demande de maintien retenue pour cette échéance.
    pub demande_recue: Option<Date>,
    pub etat: EtatEcheance,
}

/// Une offre d'emploi, évaluée.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OffreEvaluee {
    pub date: Date,
    pub reponse: Option<ReponseOffre>,
    /// Date à partir de laquelle l'offre sans réponse est réputée refusée.
    pub reputee_refusee_le: Option<Date>,
    /// L'offre compte comme un refus à la date `aujourd_hui`.
    pub refus: bool,
    /// L'offre est arrivée après la radiation : elle est sans effet.
    pub sans_effet: bool,
}

/// Sortie de la commande `liste-aptitude`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseListeAptitude {
    pub statut: StatutListe,
    pub motif_radiation: Option<MotifRadiation>,
    /// Dernier jour de l'inscription en cours (ou de la dernière inscription avant radiation) ;
    /// `null` si le décompte est suspendu sans date de fin connue.
    pub fin_validite: Option<Date>,
    /// Date limite (incluse) de réception de la prochaine demande de maintien ; `null` s'il
    /// n'y en a plus à faire, si le délai est passé ou si le décompte est suspendu.
    pub prochaine_demande_maintien_avant: Option<Date>,
    /// Premier jour où la personne n'est plus inscrite ; `null` si inscrite, ou si la date
    /// du refus qui entraîne la radiation n'est pas connue.
    pub date_radiation: Option<Date>,
    /// Terme de la 4e année, suspensions déduites (durée maximale d'inscription).
    pub fin_validite_maximale: Option<Date>,
    /// Jours de suspension du décompte, de l'inscription jusqu'à `aujourd_hui` (ou la
    /// radiation).
    pub jours_suspendus: u32,
    /// Le décompte est suspendu à la date `aujourd_hui`.
    pub decompte_suspendu: bool,
    /// Historique des échéances (2e, 3e et 4e années).
    pub echeances: Vec<Echeance>,
    pub offres: Vec<OffreEvaluee>,
    /// Dates à partir desquelles des offres sans réponse sont réputées refusées.
    pub offres_reputees_refusees: Vec<Date>,
    /// Nombre de refus comptés.
    pub refus: u32,
    /// Explication en français.
    pub explication: String,
    /// Textes appliqués.
    pub references: Vec<String>,
    /// `false` si le résultat dépend d'une règle non vérifiée sur le texte en vigueur.
    pub verifie: bool,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

/// Intervalle suspendu, en numéros de jour ; `fin = None` : sans fin connue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Intervalle {
    debut: Jour,
    fin: Option<Jour>,
}

/// Fusionne les suspensions (qui peuvent se chevaucher : un mandat et un congé de
/// maternité) à partir de la date d'inscription.
fn fusionner(inscription: Jour, suspensions: &[Suspension]) -> Vec<Intervalle> {
    let mut v: Vec<Intervalle> = suspensions
        .iter()
        .filter_map(|s| {
            let debut = jour(s.debut).max(inscription);
            let fin = s.fin.map(jour);
            match fin {
                Some(f) if f < debut => None,
                _ => Some(Intervalle { debut, fin }),
            }
        })
        .collect();
    v.sort_by_key(|i| i.debut);
    let mut out: Vec<Intervalle> = Vec::new();
    for i in v {
        if let Some(dernier) = out.last_mut() {
            match dernier.fin {
                None => continue,
                Some(f) if i.debut <= f + 1 => {
                    dernier.fin = i.fin.map(|g| g.max(f));
                    continue;
                }
                _ => {}
            }
        }
        out.push(i);
    }
    out
}

/// Dernier jour de la `annees`-ième année d'inscription, le décompte étant suspendu pendant
/// les intervalles donnés. `None` si une suspension sans fin connue empêche d'atteindre le
/// terme.
fn terme(inscription: Date, annees: i32, suspendus: &[Intervalle]) -> Option<Jour> {
    let debut = jour(inscription);
    // Jours à décompter : de l'inscription à la veille du même quantième `annees` ans plus
    // tard (inscription le 01/02/2025 → terme de la 2e année le 31/01/2027).
    let mut restant = jour(ajouter_annees(inscription, annees)) - debut;
    let mut curseur = debut;
    for i in suspendus {
        let fin_i = i.fin;
        if let Some(f) = fin_i
            && f < curseur
        {
            continue;
        }
        let libres = (i.debut - curseur).max(0);
        if restant <= libres {
            return Some(curseur + restant - 1);
        }
        restant -= libres;
        curseur = fin_i? + 1;
    }
    Some(curseur + restant - 1)
}

/// Jours suspendus entre deux dates incluses.
fn jours_suspendus_entre(suspendus: &[Intervalle], de: Jour, a: Jour) -> u32 {
    suspendus
        .iter()
        .map(|i| {
            let d = i.debut.max(de);
            let f = i.fin.unwrap_or(a).min(a);
            if f >= d { (f - d + 1) as u32 } else { 0 }
        })
        .sum()
}

fn date_opt(j: Option<Jour>) -> Option<Date> {
    j.map(date::date)
}

fn fr_opt(d: Option<Date>) -> String {
    d.map(format_fr)
        .unwrap_or_else(|| "inconnue (décompte suspendu sans date de fin)".into())
}

fn verifier_annee(d: Date, chemin: &str) -> Result<(), ErreurEntree> {
    if !(1950..=2100).contains(&i32::from(d.year())) {
        return Err(ErreurEntree::hors_bornes(
            format!(
                "La date {} est hors des bornes admises (années 1950 à 2100).",
                format_fr(d)
            ),
            chemin,
        ));
    }
    Ok(())
}

fn valider(e: &DemandeListeAptitude) -> Result<(), ErreurEntree> {
    verifier_annee(e.inscription, "/inscription")?;
    verifier_annee(e.aujourd_hui, "/aujourd_hui")?;
    if e.aujourd_hui < e.inscription {
        return Err(ErreurEntree::hors_bornes(
            format!(
                "La date d'appréciation ({}) précède l'inscription ({}).",
                format_fr(e.aujourd_hui),
                format_fr(e.inscription)
            ),
            "/aujourd_hui",
        ));
    }
    let dans_la_fenetre = |d: Date, chemin: String, quoi: &str| -> Result<(), ErreurEntree> {
        verifier_annee(d, &chemin)?;
        if d < e.inscription || d > e.aujourd_hui {
            return Err(ErreurEntree::hors_bornes(
                format!(
                    "{quoi} du {} doit se situer entre l'inscription ({}) et la date d'appréciation ({}).",
                    format_fr(d),
                    format_fr(e.inscription),
                    format_fr(e.aujourd_hui)
                ),
                chemin,
            ));
        }
        Ok(())
    };
    for (i, d) in e.demandes_maintien.iter().enumerate() {
        dans_la_fenetre(
            *d,
            pointeur(["demandes_maintien", &i.to_string()]),
            "La demande de maintien",
        )?;
    }
    for (i, s) in e.suspensions.iter().enumerate() {
        let base = ["suspensions".to_owned(), i.to_string()];
        verifier_annee(
            s.debut,
            &pointeur(base.iter().chain(["debut".to_owned()].iter())),
        )?;
        if s.debut > e.aujourd_hui {
            return Err(ErreurEntree::hors_bornes(
                format!(
                    "La suspension commence le {}, après la date d'appréciation ({}).",
                    format_fr(s.debut),
                    format_fr(e.aujourd_hui)
                ),
                pointeur(base.iter().chain(["debut".to_owned()].iter())),
            ));
        }
        if let Some(f) = s.fin {
            let chemin = pointeur(base.iter().chain(["fin".to_owned()].iter()));
            verifier_annee(f, &chemin)?;
            if f < s.debut {
                return Err(ErreurEntree::hors_bornes(
                    format!(
                        "La fin de la suspension ({}) précède son début ({}).",
                        format_fr(f),
                        format_fr(s.debut)
                    ),
                    chemin,
                ));
            }
        }
    }
    for (i, o) in e.offres.iter().enumerate() {
        dans_la_fenetre(
            o.date,
            pointeur(["offres", &i.to_string(), "date"]),
            "L'offre",
        )?;
        if let Some(r) = o.date_reponse {
            let chemin = pointeur(["offres", &i.to_string(), "date_reponse"]);
            if o.reponse.is_none() {
                return Err(ErreurEntree::new(
                    "entree_invalide",
                    "Une date de réponse est donnée pour une offre sans réponse.",
                    chemin,
                ));
            }
            verifier_annee(r, &chemin)?;
            if r < o.date || r > e.aujourd_hui {
                return Err(ErreurEntree::hors_bornes(
                    format!(
                        "La réponse du {} doit se situer entre l'offre ({}) et la date d'appréciation ({}).",
                        format_fr(r),
                        format_fr(o.date),
                        format_fr(e.aujourd_hui)
                    ),
                    chemin,
                ));
            }
        }
    }
    if let Some(n) = e.nomination {
        dans_la_fenetre(n, "/nomination".into(), "La nomination")?;
    }
    Ok(())
}

/// Un évènement qui radie la personne de la liste.
#[derive(Debug, Clone, Copy)]
struct Radiation {
    /// Jour servant à ordonner les évènements.
    ordre: Jour,
    /// Date de radiation, si elle est connue.
    date: Option<Jour>,
    motif: MotifRadiation,
}

/// Commande `liste-aptitude`.
pub fn executer(e: DemandeListeAptitude) -> Result<ReponseListeAptitude, ErreurEntree> {
    valider(&e)?;
    Ok(evaluer(&e))
}

/// Évalue la situation d'une personne inscrite (entrée déjà validée).
pub fn evaluer(e: &DemandeListeAptitude) -> ReponseListeAptitude {
    let ins = jour(e.inscription);
    let auj = jour(e.aujourd_hui);
    let suspendus = fusionner(ins, &e.suspensions);

    // Validité de deux ans, prolongée d'une 3e puis d'une 4e année sur demande écrite reçue
    // un mois au moins avant le terme ; quatre ans au plus ; décompte suspendu (REF_VALIDITE,
    // REF_SUSPENSION).
    let t2 = terme(e.inscription, 2, &suspendus);
    let t3 = terme(e.inscription, 3, &suspendus);
    let t4 = terme(e.inscription, 4, &suspendus);
    let limite = |t: Option<Jour>| t.map(|t| jour(ajouter_mois(date::date(t), -1)));
    let d2 = limite(t2);
    let d3 = limite(t3);
    let avant_ou_egal = |x: Jour, borne: Option<Jour>| borne.is_none_or(|b| x <= b);

    let mut demandes: Vec<Jour> = e.demandes_maintien.iter().map(|d| jour(*d)).collect();
    demandes.sort_unstable();
    // Demande pour la 3e année : reçue au plus tard un mois avant le terme de la 2e année.
    let dem3 = demandes.iter().copied().find(|&x| avant_ou_egal(x, d2));
    // Demande pour la 4e année : postérieure à la limite précédente, au plus tard un mois
    // avant le terme de la 3e année ; une demande ne vaut que pour une échéance.
    let dem4 = demandes
        .iter()
        .copied()
        .filter(|&x| dem3.is_some() && Some(x) != dem3)
        .find(|&x| d2.is_some_and(|l| x > l) && avant_ou_egal(x, d3));

    let mut radiations: Vec<Radiation> = Vec::new();
    if let Some(n) = e.nomination {
        radiations.push(Radiation {
            ordre: jour(n),
            date: Some(jour(n)),
            motif: MotifRadiation::Nomination,
        });
    }
    let echu = |t: Option<Jour>| t.is_some_and(|t| t < auj);
    if echu(t2) && dem3.is_none() {
        let t = t2.expect("terme connu");
        radiations.push(Radiation {
            ordre: t + 1,
            date: Some(t + 1),
            motif: MotifRadiation::MaintienNonDemande,
        });
    } else if dem3.is_some() && echu(t3) && dem4.is_none() {
        let t = t3.expect("terme connu");
        radiations.push(Radiation {
            ordre: t + 1,
            date: Some(t + 1),
            motif: MotifRadiation::MaintienNonDemande,
        });
    } else if dem4.is_some() && echu(t4) {
        let t = t4.expect("terme connu");
        radiations.push(Radiation {
            ordre: t + 1,
            date: Some(t + 1),
            motif: MotifRadiation::FinValidite,
        });
    }

    // Offres : sans réponse pendant deux mois, l'offre est réputée refusée ; deux refus
    // radient (REF_OFFRES). Le délai exprimé en mois expire le jour du même quantième :
    // l'offre reçue le 15/03 est réputée refusée à partir du 16/05.
    let mut offres_triees: Vec<Offre> = e.offres.clone();
    offres_triees.sort_by_key(|o| o.date);
    let mut refus_dates: Vec<(Jour, Option<Jour>)> = Vec::new();
    let mut reputees = Vec::new();
    let mut evaluees = Vec::new();
    for o in &offres_triees {
        let reputee = jour(ajouter_mois(o.date, 2)) + 1;
        let (refus, reputee_le, quand) = match o.reponse {
            Some(ReponseOffre::Refusee) => (
                true,
                None,
                (
                    o.date_reponse.map(jour).unwrap_or(jour(o.date)),
                    o.date_reponse.map(jour),
                ),
            ),
            Some(ReponseOffre::Acceptee) => (false, None, (0, None)),
            None => {
                if reputee <= auj {
                    reputees.push(date::date(reputee));
                    (true, Some(date::date(reputee)), (reputee, Some(reputee)))
                } else {
                    (false, Some(date::date(reputee)), (0, None))
                }
            }
        };
        if refus {
            refus_dates.push(quand);
        }
        evaluees.push(OffreEvaluee {
            date: o.date,
            reponse: o.reponse,
            reputee_refusee_le: reputee_le,
            refus,
            sans_effet: false,
        });
    }
    refus_dates.sort_by_key(|r| r.0);
    if let Some(&(ordre, date)) = refus_dates.get(1) {
        radiations.push(Radiation {
            ordre,
            date,
            motif: MotifRadiation::DeuxRefus,
        });
    }
    radiations.sort_by_key(|r| (r.ordre, r.motif != MotifRadiation::Nomination));
    let radiation = radiations.first().copied();

    // Offres arrivées après la radiation : sans effet.
    if let Some(r) = radiation {
        for o in &mut evaluees {
            if jour(o.date) >= r.ordre {
                o.sans_effet = true;
                o.refus = false;
            }
        }
    }
    let refus = evaluees.iter().filter(|o| o.refus).count() as u32;

    // Validité en cours (ou à la radiation).
    // Une demande reçue après la radiation ne prolonge rien.
    let reference_jour = radiation.map(|r| r.ordre).unwrap_or(auj + 1);
    let fin_validite = if dem4.is_some_and(|x| x < reference_jour) {
        t4
    } else if dem3.is_some_and(|x| x < reference_jour) {
        t3
    } else {
        t2
    };

    let statut = if radiation.is_some() {
        StatutListe::Radie
    } else {
        StatutListe::Inscrit
    };

    let prochaine = if radiation.is_some() {
        None
    } else if dem3.is_none() {
        d2.filter(|&l| auj <= l)
    } else if dem4.is_none() {
        d3.filter(|&l| auj <= l)
    } else {
        None
    };

    // Échéances.
    let etat = |t: Option<Jour>, demande: Option<Jour>, derniere: bool| -> EtatEcheance {
        let Some(t) = t else {
            return EtatEcheance::AVenir;
        };
        if radiation.is_some_and(|r| r.ordre <= t) {
            return EtatEcheance::SansObjet;
        }
        if t >= auj {
            return if demande.is_some() && !derniere {
                EtatEcheance::MaintienObtenu
            } else {
                EtatEcheance::AVenir
            };
        }
        if derniere {
            EtatEcheance::Echue
        } else if demande.is_some() {
            EtatEcheance::MaintienObtenu
        } else {
            EtatEcheance::MaintienNonDemande
        }
    };
    let mut echeances = vec![Echeance {
        annee: 2,
        terme: date_opt(t2),
        demande_maintien_avant: date_opt(d2),
        demande_recue: date_opt(dem3),
        etat: etat(t2, dem3, false),
    }];
    if dem3.is_some() || statut == StatutListe::Inscrit {
        echeances.push(Echeance {
            annee: 3,
            terme: date_opt(t3),
            demande_maintien_avant: date_opt(d3),
            demande_recue: date_opt(dem4),
            etat: if dem3.is_some() {
                etat(t3, dem4, false)
            } else {
                EtatEcheance::AVenir
            },
        });
        echeances.push(Echeance {
            annee: 4,
            terme: date_opt(t4),
            demande_maintien_avant: None,
            demande_recue: None,
            etat: if dem4.is_some() {
                etat(t4, None, true)
            } else {
                EtatEcheance::AVenir
            },
        });
    }
    // Quand la personne est radiée avant d'avoir demandé son maintien, les échéances
    // suivantes n'existent pas.
    if statut == StatutListe::Radie && dem3.is_none() {
        echeances.truncate(1);
    }

    let borne_suspension = (reference_jour - 1).min(auj);
    let jours_suspendus = jours_suspendus_entre(&suspendus, ins, borne_suspension);
    let decompte_suspendu = statut == StatutListe::Inscrit
        && suspendus
            .iter()
            .any(|i| i.debut <= auj && i.fin.is_none_or(|f| f >= auj));

    // Explication.
    let mut phrases = vec![format!(
        "Inscription le {} : validité de deux ans, jusqu'au {} (suspensions déduites).",
        format_fr(e.inscription),
        fr_opt(date_opt(t2))
    )];
    if jours_suspendus > 0 {
        let motifs: Vec<&str> = e.suspensions.iter().map(|s| s.motif.libelle()).collect();
        phrases.push(format!(
            "Décompte suspendu pendant {jours_suspendus} jour(s) ({}) : les termes sont reportés d'autant.",
            motifs.join(", ")
        ));
    }
    if decompte_suspendu {
        phrases.push(format!(
            "Le décompte est suspendu au {}.",
            format_fr(e.aujourd_hui)
        ));
    }
    if let Some(x) = dem3 {
        phrases.push(format!(
            "Demande de maintien pour la 3e année reçue le {} (limite : {}) : inscription prolongée jusqu'au {}.",
            format_fr(date::date(x)),
            fr_opt(date_opt(d2)),
            fr_opt(date_opt(t3))
        ));
    }
    if let Some(x) = dem4 {
        phrases.push(format!(
            "Demande de maintien pour la 4e année reçue le {} (limite : {}) : inscription prolongée jusqu'au {}, durée maximale.",
            format_fr(date::date(x)),
            fr_opt(date_opt(d3)),
            fr_opt(date_opt(t4))
        ));
    }
    let tardives: Vec<String> = demandes
        .iter()
        .filter(|&&x| Some(x) != dem3 && Some(x) != dem4)
        .map(|&x| format_fr(date::date(x)))
        .collect();
    if !tardives.is_empty() {
        phrases.push(format!(
            "Demande(s) de maintien sans effet (reçue(s) moins d'un mois avant le terme ou en surnombre) : {}.",
            tardives.join(", ")
        ));
    }
    for o in &evaluees {
        if let Some(r) = o.reputee_refusee_le
            && o.refus
        {
            phrases.push(format!(
                "L'offre reçue le {} est restée sans réponse deux mois : réputée refusée à partir du {}.",
                format_fr(o.date),
                format_fr(r)
            ));
        }
    }
    if refus > 0 {
        phrases.push(format!("Refus comptés : {refus} (radiation au deuxième)."));
    }
    match radiation {
        Some(r) => {
            let quand = r
                .date
                .map(|j| format!("à compter du {}", format_fr(date::date(j))))
                .unwrap_or_else(|| {
                    "à la date du second refus (date de réponse non fournie)".into()
                });
            let pourquoi = match r.motif {
                MotifRadiation::Nomination => "nomination comme stagiaire ou titularisation",
                MotifRadiation::DeuxRefus => "deux offres d'emploi refusées",
                MotifRadiation::MaintienNonDemande => {
                    "terme atteint sans demande de maintien reçue un mois au moins avant"
                }
                MotifRadiation::FinValidite => "quatre années d'inscription écoulées",
            };
            phrases.push(format!("Radiation {quand} : {pourquoi}."));
        }
        None => {
            phrases.push(format!(
                "Inscrit au {} ; fin de l'inscription en cours : {}.",
                format_fr(e.aujourd_hui),
                fr_opt(date_opt(fin_validite))
            ));
            match (prochaine, dem3, dem4) {
                (Some(l), _, _) => phrases.push(format!(
                    "Prochaine demande de maintien à faire parvenir au plus tard le {}.",
                    format_fr(date::date(l))
                )),
                (None, _, Some(_)) => phrases
                    .push("Aucune autre demande de maintien possible : quatre ans au plus.".into()),
                (None, _, _) => {
                    if fin_validite.is_none() {
                        phrases.push("Date limite de la prochaine demande de maintien inconnue tant que la suspension dure.".into());
                    } else {
                        phrases.push("Le délai pour demander le maintien est dépassé : radiation au terme de l'inscription en cours.".into());
                    }
                }
            }
        }
    }
    let deux_refus_retenus = radiation.is_some_and(|r| r.motif == MotifRadiation::DeuxRefus);
    if deux_refus_retenus {
        phrases.push("La radiation après deux refus est établie pour les listes de concours ; son application aux listes de promotion interne est une règle non vérifiée sur le texte en vigueur.".into());
    }

    let mut references = vec![REF_VALIDITE.to_owned()];
    if !e.suspensions.is_empty() {
        references.push(REF_SUSPENSION.to_owned());
    }
    if !e.offres.is_empty() {
        references.push(REF_OFFRES.to_owned());
    }
    if e.nomination.is_some() {
        references.push(REF_NOMINATION.to_owned());
    }

    ReponseListeAptitude {
        version_catalogue: crate::catalogue::version().into(),
        statut,
        motif_radiation: radiation.map(|r| r.motif),
        fin_validite: date_opt(fin_validite),
        prochaine_demande_maintien_avant: date_opt(prochaine),
        date_radiation: radiation.and_then(|r| r.date).map(date::date),
        fin_validite_maximale: date_opt(t4),
        jours_suspendus,
        decompte_suspendu,
        echeances,
        offres: evaluees,
        offres_reputees_refusees: reputees,
        refus,
        explication: phrases.join(" "),
        references,
        // Deux refus : la règle vient des listes de concours (note juridique §5, R
        // pour la promotion interne).
        verifie: !deux_refus_retenus,
    }
}

// ------------------------------------------------------------ Établissement de la liste

/// Un candidat proposé, avec le score obtenu dans la campagne (grille des lignes directrices
/// de gestion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidatListe {
    pub id: String,
    pub nom: String,
    #[serde(default)]
    pub prenom: Option<String>,
    pub score: f64,
}

/// Entrée de l'établissement d'une liste d'aptitude (commande d'extension
/// `liste-aptitude-etablir`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeEtablissementListe {
    /// Postes ouverts (sortie `postes` de la commande `quota`) ; `null` : sans quota.
    pub postes: Option<u32>,
    pub candidats: Vec<CandidatListe>,
}

/// Une ligne du classement au score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClasseListe {
    /// Rang au score (les ex aequo partagent le même rang).
    pub rang: u32,
    pub id: String,
    pub nom: String,
    pub prenom: Option<String>,
    pub score: f64,
    /// `true` retenu, `false` non retenu, `null` ex aequo à départager à la limite des postes.
    pub retenu: Option<bool>,
}

/// Une personne inscrite, dans l'ordre de publication (alphabétique).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InscritListe {
    pub id: String,
    pub nom: String,
    pub prenom: Option<String>,
    /// Clé de tri alphabétique normalisée (minuscules, sans accents ni séparateurs).
    pub cle_tri: String,
}

/// Sortie de l'établissement d'une liste d'aptitude.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseEtablissementListe {
    pub postes: Option<u32>,
    /// Liste publiée, par ordre alphabétique.
    pub inscrits: Vec<InscritListe>,
    /// Classement au score de la campagne.
    pub classement: Vec<ClasseListe>,
    /// Candidats ex aequo à la limite des postes : le départage relève des lignes directrices
    /// de gestion, il n'est pas fait ici.
    pub departage_requis: Vec<String>,
    /// Postes laissés libres en attendant le départage.
    pub postes_en_attente_de_departage: u32,
    pub explication: String,
    pub references: Vec<String>,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

/// Clé de tri alphabétique à la française : minuscules, accents et ligatures repliés
/// (« Écoffier » = « ecoffier », « Œuvray » = « oeuvray »), espaces, tirets et apostrophes
/// ignorés. Calculée en Rust pour ne pas dépendre de la collation d'une base de données.
pub fn cle_alphabetique(texte: &str) -> String {
    let mut s = String::with_capacity(texte.len());
    for c in texte.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => s.push('a'),
            'ç' => s.push('c'),
            'é' | 'è' | 'ê' | 'ë' => s.push('e'),
            'î' | 'ï' | 'í' | 'ì' => s.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => s.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => s.push('u'),
            'ÿ' | 'ý' => s.push('y'),
            'ñ' => s.push('n'),
            'œ' => s.push_str("oe"),
            'æ' => s.push_str("ae"),
            'ß' => s.push_str("ss"),
            c if c.is_alphanumeric() => s.push(c),
            _ => {}
        }
    }
    s
}

/// Clé secondaire du tri alphabétique : départage deux textes de même [`cle_alphabetique`]
/// par leurs accents, lettre par lettre dans l'ordre de lecture (ordre du français de France,
/// sans l'inversion canadienne) : lettre sans accent, puis aigu, grave, circonflexe, tréma,
/// cédille, tilde, rond ; le premier accent différent décide (« cote » < « coté » < « côte »
/// < « côté »).
pub fn cle_accents(texte: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(texte.len());
    for c in texte.chars().flat_map(char::to_lowercase) {
        let poids: &[u8] = match c {
            'á' | 'é' | 'í' | 'ó' | 'ú' | 'ý' => &[1],
            'à' | 'è' | 'ì' | 'ò' | 'ù' => &[2],
            'â' | 'ê' | 'î' | 'ô' | 'û' => &[3],
            'ä' | 'ë' | 'ï' | 'ö' | 'ü' | 'ÿ' => &[4],
            'ç' => &[5],
            'ã' | 'ñ' | 'õ' => &[6],
            'å' => &[7],
            // Ligatures : deux lettres sans accent dans la clé primaire.
            'œ' | 'æ' | 'ß' => &[0, 0],
            c if c.is_alphanumeric() => &[0],
            _ => &[],
        };
        k.extend_from_slice(poids);
    }
    k
}

/// Clé de tri d'un nom de famille pour la publication : celle de [`cle_alphabetique`], sans
/// la particule « de » ou « d' » écrite en minuscules en tête du nom (« de Gaulle » se range
/// à G, usage typographique français) ; une particule écrite avec une majuscule fait partie
/// du nom (« De Smet », « D'Aubigné » se rangent à D).
pub fn cle_nom_publication(nom: &str) -> String {
    let t = nom.trim_start();
    let sans = ["de ", "d'", "d\u{2019}"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .filter(|reste| !reste.trim().is_empty())
        .unwrap_or(t);
    cle_alphabetique(sans)
}

/// Établit une liste d'aptitude : classement au score de la campagne, au plus `postes`
/// inscrits (CGFP L.523-1 ; guide CDG Martinique §II.D ; fiche service-public.fr F17757), puis publication par ordre
/// alphabétique (guide CDG Martinique §II.D ; FAQ CNFPT ingénieur en chef Q34). Des ex aequo à la limite des postes ne sont
/// pas départagés ici : ils sont signalés et les postes correspondants restent en attente.
pub fn etablir_liste(
    postes: Option<u32>,
    candidats: &[CandidatListe],
) -> ReponseEtablissementListe {
    // Clés de tri calculées une fois par candidat, pas à chaque comparaison.
    let cles: Vec<(String, String, &str)> = candidats.iter().map(cle_personne).collect();
    let mut rangs: Vec<usize> = (0..candidats.len()).collect();
    rangs.sort_by(|&a, &b| {
        candidats[b]
            .score
            .total_cmp(&candidats[a].score)
            .then_with(|| cles[a].cmp(&cles[b]))
    });
    let ordre: Vec<&CandidatListe> = rangs.iter().map(|&i| &candidats[i]).collect();
    let mut classement: Vec<ClasseListe> = Vec::with_capacity(ordre.len());
    let mut departage = Vec::new();
    let mut restant = postes;
    let mut arret = false;
    let mut i = 0;
    while i < ordre.len() {
        let score = ordre[i].score;
        let mut j = i;
        while j < ordre.len() && ordre[j].score == score {
            j += 1;
        }
        let groupe = &ordre[i..j];
        let taille = groupe.len() as u32;
        let retenu = if arret {
            Some(false)
        } else {
            match restant {
                None => Some(true),
                Some(r) if taille <= r => {
                    restant = Some(r - taille);
                    Some(true)
                }
                Some(0) => {
                    arret = true;
                    Some(false)
                }
                Some(_) => {
                    arret = true;
                    departage.extend(groupe.iter().map(|c| c.id.clone()));
                    None
                }
            }
        };
        for c in groupe {
            classement.push(ClasseListe {
                rang: i as u32 + 1,
                id: c.id.clone(),
                nom: c.nom.clone(),
                prenom: c.prenom.clone(),
                score: c.score,
                retenu,
            });
        }
        i = j;
    }
    let mut inscrits: Vec<InscritListe> = classement
        .iter()
        .filter(|c| c.retenu == Some(true))
        .map(|c| InscritListe {
            id: c.id.clone(),
            nom: c.nom.clone(),
            prenom: c.prenom.clone(),
            cle_tri: format!(
                "{} {}",
                cle_nom_publication(&c.nom),
                cle_alphabetique(c.prenom.as_deref().unwrap_or(""))
            ),
        })
        .collect();
    inscrits.sort_by_cached_key(|a| {
        (
            cle_nom_publication(&a.nom),
            cle_alphabetique(a.prenom.as_deref().unwrap_or("")),
            cle_accents(&a.nom),
            cle_accents(a.prenom.as_deref().unwrap_or("")),
            a.nom.clone(),
            a.id.clone(),
        )
    });
    let en_attente = if departage.is_empty() {
        0
    } else {
        restant.unwrap_or(0)
    };
    let mut explication = match postes {
        Some(p) => format!(
            "{} candidat(s) proposé(s) pour {p} poste(s) : {} inscrit(s), retenus dans l'ordre du score de la campagne puis publiés par ordre alphabétique.",
            candidats.len(),
            inscrits.len()
        ),
        None => format!(
            "Promotion sans quota : les {} candidat(s) proposé(s) sont inscrits, publiés par ordre alphabétique.",
            inscrits.len()
        ),
    };
    if !departage.is_empty() {
        explication.push_str(&format!(
            " {} candidat(s) ex aequo à la limite des postes ({}) : {en_attente} poste(s) en attente d'un départage selon les lignes directrices de gestion.",
            departage.len(),
            departage.join(", ")
        ));
    }
    ReponseEtablissementListe {
        version_catalogue: crate::catalogue::version().into(),
        postes,
        inscrits,
        classement,
        departage_requis: departage,
        postes_en_attente_de_departage: en_attente,
        explication,
        references: vec![
            "CGFP L.523-1 (ancien art. 39 loi n° 84-53 : pas plus d'inscrits que de postes) ; guide CDG Martinique §II.D ; fiche service-public.fr F17757".into(),
            "Guide CDG Martinique §II.D et FAQ CNFPT ingénieur en chef Q34 (liste établie par ordre alphabétique)".into(),
        ],
    }
}

fn cle_personne(c: &CandidatListe) -> (String, String, &str) {
    (
        cle_alphabetique(&c.nom),
        cle_alphabetique(c.prenom.as_deref().unwrap_or("")),
        c.id.as_str(),
    )
}

/// Commande d'extension `liste-aptitude-etablir` : valide puis établit la liste.
pub fn executer_etablissement(
    d: DemandeEtablissementListe,
) -> Result<ReponseEtablissementListe, ErreurEntree> {
    let mut vus = std::collections::HashSet::new();
    for (i, c) in d.candidats.iter().enumerate() {
        let idx = i.to_string();
        if c.id.trim().is_empty() {
            return Err(ErreurEntree::new(
                "valeur_vide",
                "L'identifiant d'un candidat ne peut pas être vide.",
                pointeur(["candidats", &idx, "id"]),
            ));
        }
        if !vus.insert(c.id.as_str()) {
            return Err(ErreurEntree::new(
                "identifiant_en_double",
                format!("L'identifiant « {} » apparaît deux fois.", c.id),
                pointeur(["candidats", &idx, "id"]),
            ));
        }
        if cle_alphabetique(&c.nom).is_empty() {
            return Err(ErreurEntree::new(
                "valeur_vide",
                "Le nom du candidat est vide.",
                pointeur(["candidats", &idx, "nom"]),
            ));
        }
        if !c.score.is_finite() || c.score < 0.0 {
            return Err(ErreurEntree::hors_bornes(
                "Le score doit être un nombre positif ou nul.",
                pointeur(["candidats", &idx, "score"]),
            ));
        }
    }
    Ok(etablir_liste(d.postes, &d.candidats))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn fusion_des_suspensions_qui_se_chevauchent() {
        let ins = jour(d(2025, 1, 1));
        let s = [
            Suspension {
                motif: MotifSuspension::MandatEluLocal,
                debut: d(2025, 3, 1),
                fin: Some(d(2025, 3, 31)),
            },
            Suspension {
                motif: MotifSuspension::CongeMaternite,
                debut: d(2025, 3, 15),
                fin: Some(d(2025, 4, 10)),
            },
        ];
        let f = fusionner(ins, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].debut, jour(d(2025, 3, 1)));
        assert_eq!(f[0].fin, Some(jour(d(2025, 4, 10))));
    }

    #[test]
    fn terme_sans_suspension() {
        // Exemple partagé liste-aptitude-base.json : 01/02/2025 → 31/01/2027.
        assert_eq!(
            terme(d(2025, 2, 1), 2, &[]).map(date::date),
            Some(d(2027, 1, 31))
        );
    }
}
