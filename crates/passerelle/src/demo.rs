//! `passerelle demo` : un centre de gestion fictif dans une base SQLite, puis le serveur.

use std::process::ExitCode;
use std::time::Instant;

use generateur::{Parametres, Population};
use store::{Acteur, Collectivite, FicheAgent, LotImport, Portee, Role, Store};

use crate::serveur::{OptionsServeur, ouvrir_base, servir};

/// Arguments de `passerelle demo`.
#[derive(Debug, clap::Args)]
pub struct ArgsDemo {
    /// Base de la démonstration (créée si elle n'existe pas, réutilisée sinon).
    #[arg(
        long = "database-url",
        value_name = "URL",
        default_value = "sqlite:data/demo.sqlite"
    )]
    pub database_url: String,
    /// Nombre d'agents générés.
    #[arg(long = "agents", default_value_t = 2000)]
    pub agents: usize,
    /// Nombre de collectivités générées.
    #[arg(long = "collectivites", default_value_t = 20)]
    pub collectivites: usize,
    /// Graine du générateur (même graine, même population).
    #[arg(long = "graine", default_value_t = 2026)]
    pub graine: u64,
    /// Remplit la base puis s'arrête, sans lancer le serveur.
    #[arg(long = "sans-serveur")]
    pub sans_serveur: bool,
    #[command(flatten)]
    pub options: OptionsServeur,
}

/// Convertit une population générée en lot d'import (même code d'écriture que l'import CSV).
/// Chaque carrière passe la même validation qu'une entrée du contrat ; une carrière invalide
/// est écartée et signalée (rend le nombre d'agents écartés).
pub fn lot_de_population(p: &Population) -> (LotImport, usize) {
    let mut lot = LotImport::default();
    let mut ecartes = 0;
    for c in &p.collectivites {
        lot.collectivites.push(Collectivite {
            code: c.code.clone(),
            nom: c.nom.clone(),
            type_collectivite: c.type_collectivite.code().to_owned(),
            population: Some(c.population),
            affiliee: c.affiliee,
        });
    }
    for a in &p.agents {
        if let Err(e) = a.agent.valider("") {
            tracing::warn!(
                "agent généré {} écarté : {} ({})",
                a.matricule,
                e.message,
                e.chemin
            );
            ecartes += 1;
            continue;
        }
        lot.ajouter_agent(
            FicheAgent {
                matricule: a.matricule.clone(),
                code_collectivite: a.code_collectivite.clone(),
                nom: a.nom.clone(),
                prenom: a.prenom.clone(),
            },
            &a.agent,
        );
    }
    (lot, ecartes)
}

/// Comptes de démonstration : un par rôle, et deux comptes de collectivité rattachés à deux
/// collectivités différentes (les deux premières dans l'ordre alphabétique).
///
/// À chaque lancement, les mots de passe sont tirés au hasard et affichés une fois : un
/// compte absent est créé, un compte existant reçoit un nouveau mot de passe (et est
/// réactivé). Relancer la démonstration permet donc toujours de se connecter ; les anciens
/// mots de passe cessent de fonctionner. Chaque création ou changement est journalisé.
pub async fn comptes_demo(store: &Store) -> anyhow::Result<Vec<(String, String, String)>> {
    let acteur = Acteur::systeme("demo");
    let collectivites = store.collectivites(&Portee::Cdg).await?;
    let mut voulus: Vec<(String, Role, Vec<String>, String)> = vec![
        (
            "admin".into(),
            Role::Administrateur,
            vec![],
            "administrateur du centre de gestion".into(),
        ),
        (
            "gestionnaire".into(),
            Role::Gestionnaire,
            vec![],
            "gestionnaire du centre de gestion".into(),
        ),
        (
            "commission".into(),
            Role::Commission,
            vec![],
            "membre de la commission".into(),
        ),
    ];
    for (i, c) in collectivites.iter().take(2).enumerate() {
        voulus.push((
            format!("collectivite{}", i + 1),
            Role::Collectivite,
            vec![c.collectivite.code.clone()],
            format!(
                "collectivité : {} ({})",
                c.collectivite.nom, c.collectivite.code
            ),
        ));
    }
    let mut comptes = Vec::new();
    for (identifiant, role, codes, description) in voulus {
        let mot_de_passe = store::utilisateurs::mot_de_passe_aleatoire();
        if store.utilisateur(&identifiant).await?.is_some() {
            store
                .changer_mot_de_passe(&acteur, &identifiant, &mot_de_passe)
                .await?;
        } else {
            store
                .ajouter_utilisateur(&acteur, &identifiant, role, &codes, &mot_de_passe)
                .await?;
        }
        comptes.push((identifiant, mot_de_passe, description));
    }
    Ok(comptes)
}

/// Décale une date d'un nombre de mois (négatif : vers le passé).
fn mois(d: jiff::civil::Date, n: i32) -> jiff::civil::Date {
    droit::date::ajouter_mois(d, n)
}

/// Inscriptions de démonstration, une par situation, sur les premiers agents de la base,
/// datées par rapport à aujourd'hui : inscrite ; à relancer (demande de maintien à recevoir
/// dans le mois) ; décompte suspendu (congé parental en cours) ; maintenue une 3e année ;
/// une offre refusée ; radiée faute de demande de maintien ; radiée après deux refus ;
/// radiée à la fin de la 4e année ; nommée (stage ajouté à la carrière) ; et une personne
/// inscrite par un autre centre de gestion. Rien n'est fait si le registre n'est pas vide.
/// Rend le nombre d'inscriptions créées.
pub async fn inscriptions_demo(store: &Store, t: jiff::civil::Date) -> anyhow::Result<usize> {
    use store::inscriptions::{
        FiltreInscriptions, NouvelEvenement, NouvelleInscription, SourceInscription,
        TypeEvenement as T,
    };
    let existantes = store
        .inscriptions(&Portee::Cdg, &FiltreInscriptions::default(), t)
        .await?;
    if existantes.total > 0 {
        return Ok(0);
    }
    let acteur = Acteur::systeme("demo");
    let matricules = store.matricules(&Portee::Cdg).await?;
    let ev = |type_evenement: T, date: jiff::civil::Date| NouvelEvenement {
        type_evenement,
        date: Some(date),
        motif: None,
        reponse: None,
        collectivite: None,
        emploi: None,
        vacance: None,
        poste_cree: None,
    };
    let refus = |date: jiff::civil::Date| NouvelEvenement {
        reponse: Some(droit::liste_aptitude::ReponseOffre::Refusee),
        ..ev(T::ReponseOffre, date)
    };
    // (grade d'accès, mois écoulés depuis l'inscription, évènements)
    let scenarios: Vec<(&str, i32, Vec<NouvelEvenement>)> = vec![
        ("redacteur", 3, vec![]),
        ("technicien", 22, vec![]),
        (
            "attache",
            8,
            vec![NouvelEvenement {
                motif: Some(droit::liste_aptitude::MotifSuspension::CongeParental),
                ..ev(T::Suspension, mois(t, -2))
            }],
        ),
        ("ingenieur", 26, vec![ev(T::DemandeMaintien, mois(t, -4))]),
        (
            "redacteur",
            6,
            vec![ev(T::Offre, mois(t, -3)), refus(mois(t, -2))],
        ),
        ("technicien", 30, vec![]),
        (
            "redacteur",
            12,
            vec![
                ev(T::Offre, mois(t, -10)),
                refus(mois(t, -9)),
                ev(T::Offre, mois(t, -6)),
                refus(mois(t, -5)),
            ],
        ),
        (
            "attache",
            50,
            vec![
                ev(T::DemandeMaintien, mois(t, -28)),
                ev(T::DemandeMaintien, mois(t, -16)),
            ],
        ),
        (
            "redacteur",
            10,
            vec![
                NouvelEvenement {
                    emploi: Some("Rédacteur, service des finances".into()),
                    vacance: Some("Déclaration de vacance n° 2026-041".into()),
                    poste_cree: Some(true),
                    ..ev(T::Nomination, mois(t, -1))
                },
                NouvelEvenement {
                    date: None,
                    ..ev(T::ConfirmationNomination, t)
                },
            ],
        ),
    ];
    let mut nombre = 0;
    for ((cible, ecoules, evenements), matricule) in scenarios.into_iter().zip(&matricules) {
        let Some(a) = store.agent(&Portee::Cdg, matricule).await? else {
            continue;
        };
        let inscription = mois(t, -ecoules);
        let nouvelle = NouvelleInscription {
            matricule: Some(matricule.clone()),
            nom: a.fiche.nom.clone(),
            prenom: a.fiche.prenom.clone(),
            date_naissance: None,
            collectivite: Some(a.fiche.code_collectivite.clone()),
            centre_gestion: None,
            cible: cible.to_owned(),
            annee: i32::from(inscription.year()),
            inscription,
            liste_id: None,
            source: SourceInscription::Saisie,
        };
        let ids = store
            .creer_inscriptions(&acteur, std::slice::from_ref(&nouvelle), t)
            .await?;
        nombre += 1;
        for e in &evenements {
            if let Err(erreur) = store.ajouter_evenement(&acteur, ids[0], e, t).await {
                tracing::warn!(
                    "démonstration : évènement « {} » non enregistré : {erreur}",
                    e.type_evenement.libelle()
                );
            }
        }
    }
    // Une personne inscrite par un autre centre de gestion (sans carrière ici).
    let inscription = mois(t, -5);
    store
        .creer_inscriptions(
            &acteur,
            &[NouvelleInscription {
                matricule: None,
                nom: "Lefèvre".into(),
                prenom: "Anne".into(),
                date_naissance: None,
                collectivite: None,
                centre_gestion: Some("Centre de gestion du Rhône".into()),
                cible: "attache".into(),
                annee: i32::from(inscription.year()),
                inscription,
                liste_id: None,
                source: SourceInscription::Import,
            }],
            t,
        )
        .await?;
    Ok(nombre + 1)
}

/// `passerelle demo`
pub async fn lancer(args: ArgsDemo) -> anyhow::Result<ExitCode> {
    let debut = Instant::now();
    let store = ouvrir_base(&args.database_url).await?;
    let comptes = store.comptes().await?;
    if comptes.collectivites > 0 {
        println!(
            "Base de démonstration réutilisée : {} collectivités, {} agents ({}).",
            comptes.collectivites, comptes.agents, args.database_url
        );
    } else {
        println!(
            "Génération d'un centre de gestion fictif : {} collectivités, {} agents (graine {})…",
            args.collectivites, args.agents, args.graine
        );
        let population = generateur::generer(&Parametres {
            agents: args.agents,
            graine: args.graine,
            collectivites: Some(args.collectivites),
        });
        if population.collectivites.is_empty() {
            tracing::warn!(
                "le générateur n'a produit aucune collectivité : base de démonstration vide"
            );
        }
        let (lot, ecartes) = lot_de_population(&population);
        if ecartes > 0 {
            tracing::warn!("{ecartes} agent(s) généré(s) écarté(s) : carrière invalide");
        }
        let bilan = store
            .enregistrer(
                &lot,
                "démonstration (population générée)",
                &Acteur::systeme("demo"),
                &mut |fait, total| {
                    eprint!("\rAgents enregistrés : {fait} / {total}");
                    if fait == total {
                        eprintln!();
                    }
                },
            )
            .await?;
        println!(
            "Base remplie en {:.1} s : {} collectivités, {} agents ({}).",
            debut.elapsed().as_secs_f64(),
            bilan.collectivites.creees,
            bilan.agents.creees,
            args.database_url
        );
    }
    let aujourdhui = web::Horloge::systeme().aujourdhui();
    let inscrites = inscriptions_demo(&store, aujourdhui).await?;
    if inscrites > 0 {
        println!(
            "Registre des listes d'aptitude : {inscrites} inscriptions de démonstration, dans \
             chaque situation au {}.",
            droit::date::format_fr(aujourdhui)
        );
    }
    let comptes = comptes_demo(&store).await?;
    println!(
        "\nComptes de démonstration (mots de passe tirés au hasard à chaque lancement, affichés \
         une seule fois) :"
    );
    for (identifiant, mot_de_passe, description) in &comptes {
        println!("  {identifiant:<14} {mot_de_passe}   {description}");
    }
    println!("Connexion : page /connexion du serveur.\n");
    if args.sans_serveur {
        store.fermer().await;
        return Ok(ExitCode::SUCCESS);
    }
    servir(store, args.options).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use droit::carriere::{Agent, Periode, Position, Statut, Versant};
    use generateur::{AgentGenere, CollectiviteGeneree, TypeCollectivite};
    use jiff::civil::date;

    fn periode(debut: jiff::civil::Date, fin: Option<jiff::civil::Date>) -> Periode {
        Periode {
            debut,
            fin,
            versant: Versant::Territoriale,
            statut: Statut::Titulaire,
            grade: Some("redacteur".into()),
            position: Position::Activite,
            motif_disponibilite: None,
            quotite: None,
            heures_hebdomadaires: None,
            emploi: None,
            fonctions: vec![],
            conge_parental_octroye_le: None,
        }
    }

    #[test]
    fn une_carriere_generee_invalide_est_ecartee() {
        // Agent::valider (contrat v1) : deux périodes qui se chevauchent sont invalides.
        let agent = |periodes| Agent {
            periodes,
            ..Default::default()
        };
        let population = Population {
            collectivites: vec![CollectiviteGeneree {
                code: "C1".into(),
                nom: "Roanne".into(),
                type_collectivite: TypeCollectivite::Commune,
                population: 34_000,
                affiliee: true,
            }],
            agents: vec![
                AgentGenere {
                    matricule: "M1".into(),
                    code_collectivite: "C1".into(),
                    nom: "Petit".into(),
                    prenom: "Anne".into(),
                    agent: agent(vec![periode(date(2015, 1, 1), None)]),
                },
                AgentGenere {
                    matricule: "M2".into(),
                    code_collectivite: "C1".into(),
                    nom: "Moreau".into(),
                    prenom: "Luc".into(),
                    agent: agent(vec![
                        periode(date(2015, 1, 1), Some(date(2018, 12, 31))),
                        periode(date(2018, 1, 1), None),
                    ]),
                },
            ],
        };
        let (lot, ecartes) = lot_de_population(&population);
        assert_eq!(ecartes, 1);
        assert_eq!(lot.agents.len(), 1);
        assert_eq!(lot.agents[0].fiche.matricule, "M1");
        assert_eq!(lot.collectivites[0].type_collectivite, "commune");
        assert_eq!(lot.collectivites[0].population, Some(34_000));
    }
}
