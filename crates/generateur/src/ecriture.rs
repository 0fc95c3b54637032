//! Écriture au format d'import (`docs/format-import.md`) : séparateur `;`, dates
//! `JJ/MM/AAAA`, UTF-8, une ligne d'en-tête par fichier.

use std::fmt::Write as _;

use droit::carriere::{
    EmploiCode, FormationSuivie, MotifDisponibilite, Periode, Position, Statut, TypeFormation,
    Versant,
};
use jiff::civil::Date;

use crate::{AgentGenere, CollectiviteGeneree};

pub const ENTETE_COLLECTIVITES: &str = "code_collectivite;nom;type;population;affiliee";
pub const ENTETE_AGENTS: &str = "matricule;code_collectivite;nom;prenom;date_naissance";
pub const ENTETE_PERIODES: &str = "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement";
pub const ENTETE_FORMATIONS: &str = "matricule;type;date;jours";

/// Une valeur de cellule, entre guillemets si elle contient le séparateur, un guillemet ou
/// un saut de ligne.
fn champ(out: &mut String, v: &str) {
    if v.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

fn date_fr(out: &mut String, d: Date) {
    let _ = write!(out, "{:02}/{:02}/{:04}", d.day(), d.month(), d.year());
}

/// Nombre décimal à la française : `80`, `17,5`.
fn nombre(out: &mut String, x: f64) {
    if x.fract() == 0.0 {
        let _ = write!(out, "{}", x as i64);
    } else {
        let s = format!("{x}");
        out.push_str(&s.replace('.', ","));
    }
}

pub fn code_versant(v: Versant) -> &'static str {
    match v {
        Versant::Territoriale => "territoriale",
        Versant::Etat => "etat",
        Versant::Hospitaliere => "hospitaliere",
        Versant::HorsFonctionPublique => "hors_fonction_publique",
    }
}

pub fn code_statut(s: Statut) -> &'static str {
    match s {
        Statut::Titulaire => "titulaire",
        Statut::Stagiaire => "stagiaire",
        Statut::Contractuel => "contractuel",
        Statut::ContractuelCdi => "contractuel_cdi",
        Statut::DroitPrive => "droit_prive",
    }
}

pub fn code_position(p: Position) -> &'static str {
    match p {
        Position::Activite => "activite",
        Position::MiseADisposition => "mise_a_disposition",
        Position::Detachement => "detachement",
        Position::Disponibilite => "disponibilite",
        Position::CongeParental => "conge_parental",
        Position::HorsCadres => "hors_cadres",
        Position::ServiceNational => "service_national",
        Position::ExclusionTemporaire => "exclusion_temporaire",
        Position::ProrogationStage => "prorogation_stage",
        Position::Apprentissage => "apprentissage",
    }
}

pub fn code_motif(m: MotifDisponibilite) -> &'static str {
    match m {
        MotifDisponibilite::EleverEnfant => "elever_enfant",
        MotifDisponibilite::ActiviteProfessionnelle => "activite_professionnelle",
        MotifDisponibilite::ConvenancesPersonnelles => "convenances_personnelles",
        MotifDisponibilite::Autre => "autre",
    }
}

pub fn code_emploi(e: EmploiCode) -> &'static str {
    match e {
        EmploiCode::DgsCommune => "dgs_commune",
        EmploiCode::DgsEtablissementAssimile => "dgs_etablissement_assimile",
        EmploiCode::DgaCommune => "dga_commune",
        EmploiCode::DgaEtablissementAssimile => "dga_etablissement_assimile",
        EmploiCode::DgsMairieArrondissement => "dgs_mairie_arrondissement",
        EmploiCode::DgaMairieArrondissement => "dga_mairie_arrondissement",
        EmploiCode::DgsConseilTerritoireAmp => "dgs_conseil_territoire_amp",
        EmploiCode::DgaDepartement => "dga_departement",
        EmploiCode::DgaRegion => "dga_region",
        EmploiCode::DstCommune => "dst_commune",
        EmploiCode::DgstEpci => "dgst_epci",
        EmploiCode::EmploiL313_1 => "emploi_l313_1",
        EmploiCode::DirecteurSdis => "directeur_sdis",
        EmploiCode::DirecteurAdjointSdis => "directeur_adjoint_sdis",
        EmploiCode::ContratProjet => "contrat_projet",
        EmploiCode::ContratDroitPublic => "contrat_droit_public",
        EmploiCode::Autre => "autre",
    }
}

pub fn code_formation(t: TypeFormation) -> &'static str {
    match t {
        TypeFormation::Fppe => "fppe",
        TypeFormation::Fptlc => "fptlc",
        TypeFormation::Fppr => "fppr",
        TypeFormation::PoliceContinue => "police_continue",
    }
}

/// Ligne de `collectivites.csv` (avec saut de ligne).
pub fn ligne_collectivite(out: &mut String, c: &CollectiviteGeneree) {
    champ(out, &c.code);
    out.push(';');
    champ(out, &c.nom);
    out.push(';');
    out.push_str(c.type_collectivite.code());
    let _ = writeln!(
        out,
        ";{};{}",
        c.population,
        if c.affiliee { "oui" } else { "non" }
    );
}

/// Ligne de `agents.csv`.
pub fn ligne_agent(out: &mut String, a: &AgentGenere) {
    champ(out, &a.matricule);
    out.push(';');
    champ(out, &a.code_collectivite);
    out.push(';');
    champ(out, &a.nom);
    out.push(';');
    champ(out, &a.prenom);
    out.push(';');
    if let Some(n) = a.agent.date_naissance {
        date_fr(out, n);
    }
    out.push('\n');
}

/// Ligne de `periodes.csv`.
pub fn ligne_periode(out: &mut String, matricule: &str, p: &Periode) {
    champ(out, matricule);
    out.push(';');
    date_fr(out, p.debut);
    out.push(';');
    if let Some(f) = p.fin {
        date_fr(out, f);
    }
    out.push(';');
    out.push_str(code_versant(p.versant));
    out.push(';');
    out.push_str(code_statut(p.statut));
    out.push(';');
    if let Some(g) = &p.grade {
        champ(out, g);
    }
    out.push(';');
    out.push_str(code_position(p.position));
    out.push(';');
    if let Some(m) = p.motif_disponibilite {
        out.push_str(code_motif(m));
    }
    out.push(';');
    if let Some(q) = p.quotite {
        nombre(out, q);
    }
    out.push(';');
    if let Some(h) = p.heures_hebdomadaires {
        nombre(out, h);
    }
    out.push(';');
    if let Some(e) = &p.emploi {
        out.push_str(code_emploi(e.code));
        out.push(';');
        if let Some(pop) = e.population {
            let _ = write!(out, "{pop}");
        }
        out.push(';');
        if let Some(s) = e.surclassement {
            let _ = write!(out, "{s}");
        }
    } else {
        out.push_str(";;");
    }
    out.push('\n');
}

/// Ligne de `formations.csv`.
pub fn ligne_formation(out: &mut String, matricule: &str, f: &FormationSuivie) {
    champ(out, matricule);
    out.push(';');
    out.push_str(code_formation(f.type_formation));
    out.push(';');
    date_fr(out, f.date);
    out.push(';');
    nombre(out, f.jours);
    out.push('\n');
}

/// Les trois fichiers d'un agent (agents, périodes, formations), ajoutés aux tampons.
pub fn lignes_agent(tampons: &mut [String; 3], a: &AgentGenere) {
    ligne_agent(&mut tampons[0], a);
    for p in &a.agent.periodes {
        ligne_periode(&mut tampons[1], &a.matricule, p);
    }
    if let Some(fs) = &a.agent.formations {
        for f in fs {
            ligne_formation(&mut tampons[2], &a.matricule, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use droit::carriere::Emploi;

    #[test]
    fn codes_identiques_au_contrat() {
        // Les codes écrits sont ceux de la sérialisation serde du contrat (docs/codes.md).
        let json = |v: &dyn erased::Ser| v.json();
        assert_eq!(
            json(&Versant::HorsFonctionPublique),
            "\"hors_fonction_publique\""
        );
        for s in [
            Statut::Titulaire,
            Statut::Stagiaire,
            Statut::Contractuel,
            Statut::ContractuelCdi,
            Statut::DroitPrive,
        ] {
            assert_eq!(json(&s), format!("\"{}\"", code_statut(s)));
        }
        for p in [
            Position::Activite,
            Position::MiseADisposition,
            Position::Detachement,
            Position::Disponibilite,
            Position::CongeParental,
            Position::HorsCadres,
            Position::ServiceNational,
            Position::ExclusionTemporaire,
            Position::ProrogationStage,
            Position::Apprentissage,
        ] {
            assert_eq!(json(&p), format!("\"{}\"", code_position(p)));
        }
        for m in [
            MotifDisponibilite::EleverEnfant,
            MotifDisponibilite::ActiviteProfessionnelle,
            MotifDisponibilite::ConvenancesPersonnelles,
            MotifDisponibilite::Autre,
        ] {
            assert_eq!(json(&m), format!("\"{}\"", code_motif(m)));
        }
        for e in [
            EmploiCode::DgsCommune,
            EmploiCode::DgsEtablissementAssimile,
            EmploiCode::DgaCommune,
            EmploiCode::DgaEtablissementAssimile,
            EmploiCode::DgsMairieArrondissement,
            EmploiCode::DgaMairieArrondissement,
            EmploiCode::DgsConseilTerritoireAmp,
            EmploiCode::DgaDepartement,
            EmploiCode::DgaRegion,
            EmploiCode::DstCommune,
            EmploiCode::DgstEpci,
            EmploiCode::EmploiL313_1,
            EmploiCode::DirecteurSdis,
            EmploiCode::DirecteurAdjointSdis,
            EmploiCode::ContratProjet,
            EmploiCode::ContratDroitPublic,
            EmploiCode::Autre,
        ] {
            assert_eq!(json(&e), format!("\"{}\"", code_emploi(e)));
        }
        for t in [
            TypeFormation::Fppe,
            TypeFormation::Fptlc,
            TypeFormation::Fppr,
            TypeFormation::PoliceContinue,
        ] {
            assert_eq!(json(&t), format!("\"{}\"", code_formation(t)));
        }
    }

    mod erased {
        pub trait Ser {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    #[test]
    fn ligne_de_periode_au_format() {
        // docs/format-import.md : 13 colonnes, dates JJ/MM/AAAA, décimales à virgule.
        let p = Periode {
            debut: jiff::civil::date(2019, 3, 1),
            fin: Some(jiff::civil::date(2021, 12, 31)),
            versant: Versant::Territoriale,
            statut: Statut::Titulaire,
            grade: Some("attache_principal".into()),
            position: Position::Detachement,
            motif_disponibilite: None,
            quotite: Some(80.0),
            heures_hebdomadaires: Some(17.5),
            emploi: Some(Emploi {
                code: EmploiCode::DgsCommune,
                population: Some(4_200),
                surclassement: None,
            }),
            fonctions: Vec::new(),
            conge_parental_octroye_le: None,
        };
        let mut s = String::new();
        ligne_periode(&mut s, "M1", &p);
        assert_eq!(
            s,
            "M1;01/03/2019;31/12/2021;territoriale;titulaire;attache_principal;detachement;;80;17,5;dgs_commune;4200;\n"
        );
        assert_eq!(
            s.trim_end().split(';').count(),
            ENTETE_PERIODES.split(';').count()
        );
        let mut q = String::new();
        champ(&mut q, "a;b\"c");
        assert_eq!(q, "\"a;b\"\"c\"");
    }
}
