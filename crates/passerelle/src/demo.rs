//! `passerelle demo` : un centre de gestion fictif dans une base SQLite, puis le serveur.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use campagne::declaration::{
    Declaration, EffectifDeclare, ModeRecrutement, Recrutement, valider_declaration,
};
use droit::eligibilite::Voie;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use store::promouvables::FiltrePromouvables;
use store::propositions::NouvelleProposition;

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

/// Centre de gestion de la personne de démonstration inscrite ailleurs.
const CDG_DEMO: &str = "Centre de gestion du Rhône";

/// Décale une date d'un nombre de mois (négatif : vers le passé).
fn mois(d: jiff::civil::Date, n: i32) -> jiff::civil::Date {
    droit::date::ajouter_mois(d, n)
}

/// Inscriptions de démonstration, une par situation, sur les premiers agents de la base,
/// datées par rapport à aujourd'hui : inscrite ; à relancer (demande de maintien à recevoir
/// dans le mois) ; décompte suspendu (congé parental en cours) ; maintenue une 3e année ;
/// une offre refusée ; radiée faute de demande de maintien ; radiée après deux refus ;
/// radiée à la fin de la 4e année ; nommée (stage ajouté à la carrière) ; et une personne
/// inscrite par un autre centre de gestion. Rien n'est fait si elles sont déjà là.
/// Rend le nombre d'inscriptions créées.
pub async fn inscriptions_demo(store: &Store, t: jiff::civil::Date) -> anyhow::Result<usize> {
    use store::inscriptions::{
        FiltreInscriptions, NouvelEvenement, NouvelleInscription, SourceInscription,
        TypeEvenement as T,
    };
    // Déjà faites si la personne inscrite par un autre centre de gestion (ci-dessous) est
    // au registre ; les inscrits des listes publiées de la campagne passée n'en sont pas.
    let filtre = FiltreInscriptions {
        texte: Some("Lefèvre Anne".into()),
        ..FiltreInscriptions::default()
    };
    let existantes = store.inscriptions(&Portee::Cdg, &filtre, t).await?;
    if existantes
        .inscriptions
        .iter()
        .any(|d| d.inscription.centre_gestion.as_deref() == Some(CDG_DEMO))
    {
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
                centre_gestion: Some(CDG_DEMO.into()),
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
    // Une campagne passée, déjà instruite, classée, listes établies et publiées (les
    // carrières générées sont décrites au 1er janvier 2026).
    let debut_campagne = Instant::now();
    match web::demo_cdg::campagne_passee(&store, 2026, web::demo_cdg::Taille::DEMO).await {
        Ok(Some(b)) => println!(
            "Campagne 2026 (passée) préparée en {:.1} s : {} dossiers transmis, {} recevables \
             cotés, listes d'aptitude établies et publiées : {}.",
            debut_campagne.elapsed().as_secs_f64(),
            b.propositions,
            b.recevables,
            b.listes
                .iter()
                .map(|(cible, n)| format!("{cible} ({n} inscrit(s))"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ok(None) => println!("Campagne 2026 (passée) déjà présente dans la base."),
        Err(e) => tracing::warn!("campagne passée de la démonstration non préparée : {e:?}"),
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
    let aujourdhui = web::Horloge::systeme().aujourdhui();
    println!("{}", campagne_demo(&store, aujourdhui).await?);
    if args.sans_serveur {
        store.fermer().await;
        return Ok(ExitCode::SUCCESS);
    }
    let mut options = args.options;
    options.centre_de_gestion_par_defaut = Some(centre_de_gestion_demo());
    servir(store, options).await
}

/// Le centre de gestion fictif qui signe les documents de la démonstration (arrêtés, listes,
/// lettres), pour qu'ils se lisent comme ceux d'un vrai centre de gestion ; l'option
/// `--centre-de-gestion FICHIER` le remplace.
fn centre_de_gestion_demo() -> web::editions::CentreDeGestion {
    web::editions::CentreDeGestion {
        emetteur: documents::Emetteur {
            nom: "Centre de gestion de la fonction publique territoriale de démonstration"
                .to_owned(),
            adresse: vec![
                "1 place de l'Exemple".to_owned(),
                "99000 Ville-Exemple (adresse fictive)".to_owned(),
            ],
            autorite: "Le Président du centre de gestion de la fonction publique territoriale \
                       de démonstration"
                .to_owned(),
            signataire: "Dominique Exemple".to_owned(),
            qualite: "Le Président".to_owned(),
            lieu: "Ville-Exemple".to_owned(),
            tribunal_administratif: "tribunal administratif de Ville-Exemple (fictif)".to_owned(),
        },
        lignes_directrices: Some(
            "l'arrêté fictif n° 2026-001 du 05/01/2026 portant lignes directrices de gestion \
             relatives à la promotion interne (démonstration)"
                .to_owned(),
        ),
    }
}

/// Année de la liste de la campagne de démonstration : celle de l'année suivante à partir
/// de juillet (les centres de gestion recensent à l'automne pour la liste de l'année
/// suivante), celle de l'année en cours avant.
pub fn annee_demo(aujourdhui: Date) -> i32 {
    let annee = i32::from(aujourdhui.year());
    if aujourdhui.month() >= 7 {
        annee + 1
    } else {
        annee
    }
}

/// Campagne de démonstration, créée une fois : dépôt ouvert depuis 14 jours et pour 30
/// jours encore ; déclarations des collectivités affiliées (sauf les deux dernières, pour
/// montrer des déclarations manquantes) tirées de la population enregistrée (effectif par
/// cadre d'emplois au 31 décembre, entrées dans la carrière pendant l'année comptées comme
/// recrutements par concours) ; jusqu'à trois propositions en brouillon pour chacune des
/// deux collectivités des comptes de démonstration. Rend une phrase de bilan.
pub async fn campagne_demo(store: &Store, aujourdhui: Date) -> anyhow::Result<String> {
    let annee = annee_demo(aujourdhui);
    if let Some(c) = store.campagne(annee).await? {
        return Ok(format!(
            "Campagne {annee} déjà créée : dépôt du {} au {}.",
            droit::date::format_fr(c.depot_ouverture),
            droit::date::format_fr(c.depot_cloture)
        ));
    }
    let acteur = Acteur::systeme("demo");
    let ouverture = aujourdhui.checked_sub(14.days())?;
    let cloture = aujourdhui.checked_add(30.days())?;
    let effet = cloture
        .checked_add(60.days())?
        .max(date(annee as i16, 1, 1));
    store
        .creer_campagne(&acteur, annee, ouverture, cloture, effet)
        .await?;
    let mut cadres: Vec<String> = Vec::new();
    for (_, cadre) in campagne::quotas::voies_du_cdg(annee) {
        if !cadres.contains(&cadre) {
            cadres.push(cadre);
        }
    }
    let catalogue = droit::catalogue::Catalogue::get();
    let fin_annee = date(annee as i16 - 1, 12, 31);
    let collectivites = store.collectivites(&Portee::Cdg).await?;
    let affiliees: Vec<&Collectivite> = collectivites
        .iter()
        .map(|c| &c.collectivite)
        .filter(|c| c.affiliee)
        .collect();
    let mut declarees = 0;
    let mut numero = 0;
    for c in affiliees.iter().take(affiliees.len().saturating_sub(2)) {
        let mut effectifs: BTreeMap<String, u32> = BTreeMap::new();
        let mut recrutements = Vec::new();
        for a in store.agents_de_collectivite(&Portee::Cdg, &c.code).await? {
            let cadre_de = |p: &droit::carriere::Periode| {
                p.grade
                    .as_deref()
                    .and_then(|g| catalogue.grade(g))
                    .map(|g| g.cadre.code.clone())
                    .filter(|c| cadres.contains(c))
            };
            if let Some(cadre) = a
                .agent
                .periodes
                .iter()
                .filter(|p| p.debut <= fin_annee && p.fin.is_none_or(|f| f >= fin_annee))
                .max_by_key(|p| p.debut)
                .and_then(cadre_de)
            {
                *effectifs.entry(cadre).or_default() += 1;
            }
            if let Some(p) = a.agent.periodes.iter().min_by_key(|p| p.debut)
                && i32::from(p.debut.year()) == annee - 1
                && let Some(cadre) = cadre_de(p)
            {
                numero += 1;
                recrutements.push(Recrutement {
                    cadre_emplois: cadre,
                    mode: ModeRecrutement::Concours,
                    date: p.debut,
                    reference: format!("arrêté n° {}-{numero:03} (démonstration)", annee - 1),
                });
            }
        }
        let d = Declaration {
            recrutements,
            effectifs: effectifs
                .into_iter()
                .map(|(cadre_emplois, n)| EffectifDeclare {
                    cadre_emplois,
                    fonctionnaires_activite_detachement: n,
                    cdi: 0,
                })
                .collect(),
        };
        if let Err(e) = valider_declaration(&d, annee, true) {
            tracing::warn!("déclaration de démonstration de {} écartée : {e:?}", c.code);
            continue;
        }
        store
            .remplacer_declaration(&acteur, annee, &c.code, &serde_json::to_value(&d)?)
            .await?;
        declarees += 1;
    }
    let cibles: Vec<String> = campagne::quotas::voies_du_cdg(annee)
        .into_iter()
        .map(|(cv, _)| cv.cible)
        .collect();
    let mut proposees = 0;
    let vide = serde_json::json!({});
    for c in collectivites
        .iter()
        .take(2)
        .filter(|c| c.collectivite.affiliee)
    {
        let page = store
            .promouvables(
                &acteur,
                annee,
                &FiltrePromouvables {
                    collectivite: Some(c.collectivite.code.clone()),
                    cibles_admises: cibles.clone(),
                    page: Some((1, 3)),
                    ..Default::default()
                },
            )
            .await?;
        for x in &page.promouvables {
            let Some(a) = store.agent(&Portee::Cdg, &x.matricule).await? else {
                continue;
            };
            let reponse = droit::eligibilite::evaluer_agent(
                &a.agent,
                annee,
                Some(std::slice::from_ref(&x.cible)),
            );
            let voie = if x.voie == "examen" {
                Voie::Examen
            } else {
                Voie::Choix
            };
            let Some(resultat) = reponse.voies.iter().find(|v| v.voie == voie) else {
                continue;
            };
            let eligibilite = serde_json::to_value(resultat)?;
            store
                .creer_proposition(
                    &acteur,
                    &NouvelleProposition {
                        annee,
                        matricule: &x.matricule,
                        cible: &x.cible,
                        voie: &x.voie,
                        rang: None,
                        dossier: &vide,
                        promouvable: resultat.eligible,
                        eligibilite: &eligibilite,
                        version_catalogue: &reponse.version_catalogue,
                    },
                )
                .await?;
            proposees += 1;
        }
    }
    Ok(format!(
        "Campagne {annee} ouverte : dépôt du {} au {} ; {declarees} déclaration(s) sur {} \
         collectivité(s) affiliée(s), {proposees} proposition(s) en brouillon (page \
         /campagnes/{annee}).",
        droit::date::format_fr(ouverture),
        droit::date::format_fr(cloture),
        affiliees.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use droit::carriere::{Agent, Periode, Position, Statut, Versant};
    use generateur::{AgentGenere, CollectiviteGeneree, TypeCollectivite};

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

    #[test]
    fn annee_de_la_liste_de_demonstration() {
        assert_eq!(annee_demo(date(2026, 11, 30)), 2027);
        assert_eq!(annee_demo(date(2026, 3, 2)), 2026);
    }

    #[tokio::test]
    async fn la_demonstration_ouvre_une_campagne_avec_declarations_et_brouillons() {
        let store = Store::sqlite_en_memoire().await.unwrap();
        let population = generateur::generer(&Parametres {
            agents: 400,
            graine: 2026,
            collectivites: Some(6),
        });
        let (lot, _) = lot_de_population(&population);
        store
            .enregistrer(&lot, "test", &Acteur::systeme("test"), &mut |_, _| {})
            .await
            .unwrap();
        comptes_demo(&store).await.unwrap();
        let aujourdhui = date(2026, 11, 30);
        let bilan = campagne_demo(&store, aujourdhui).await.unwrap();
        assert!(bilan.starts_with("Campagne 2027 ouverte"), "{bilan}");
        let c = store.campagne(2027).await.unwrap().unwrap();
        // Dépôt ouvert aujourd'hui : du 16/11/2026 au 30/12/2026.
        assert_eq!(c.depot_ouverture, date(2026, 11, 16));
        assert_eq!(c.depot_cloture, date(2026, 12, 30));
        let affiliees = lot.collectivites.iter().filter(|c| c.affiliee).count();
        let declarations = store.declarations(&Portee::Cdg, 2027).await.unwrap();
        assert_eq!(declarations.len(), affiliees.saturating_sub(2), "{bilan}");
        let propositions = store
            .propositions(&Portee::Cdg, 2027, &Default::default())
            .await
            .unwrap();
        assert!(propositions.iter().all(|p| p.statut == "brouillon"));
        // Relancée, la démonstration garde la campagne.
        let encore = campagne_demo(&store, aujourdhui).await.unwrap();
        assert!(encore.contains("déjà créée"), "{encore}");
    }
}
