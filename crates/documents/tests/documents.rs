//! Documents produits pour de vrai, puis relus par `pdftotext -layout` (poppler-utils) : on
//! vérifie les noms, l'ordre alphabétique, les chiffres et les dates imprimés.
//!
//! Sans `pdftotext`, seuls l'en-tête PDF et les erreurs de données sont vérifiés, avec un
//! message clair (`scripts/tests` et `.ci/run` installent poppler-utils).

use documents::{ArreteListe, Emetteur, Erreur, Inscrit, ListePublique};
use jiff::civil::date;

/// Texte d'un PDF (`documents::relecture`), ou `None` si `pdftotext` est absent.
fn texte(pdf: &[u8]) -> Option<String> {
    assert!(pdf.starts_with(b"%PDF-"), "pas un PDF");
    let t = documents::relecture::texte_pdf(pdf).expect("pdftotext");
    if t.is_none() {
        eprintln!("pdftotext absent : texte des PDF non vérifié (installez poppler-utils)");
    }
    t
}

/// Garde une copie du PDF dans le dossier `DOCUMENTS_APERCU` s'il est posé, pour le regarder
/// (`pdftoppm -png -r 80 arrete_liste.pdf page`) ; sinon ne fait rien.
fn garder(nom: &str, pdf: &[u8]) {
    if let Some(dossier) = std::env::var_os("DOCUMENTS_APERCU") {
        let chemin = std::path::Path::new(&dossier).join(format!("{nom}.pdf"));
        std::fs::write(&chemin, pdf).expect("copie du PDF");
    }
}

/// Espaces multiples (mise en page en colonnes) ramenés à un seul, pour chercher des phrases.
fn aplati(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn emetteur() -> Emetteur {
    Emetteur {
        nom: "Centre de gestion de la fonction publique territoriale de la Martinique".into(),
        adresse: vec![
            "Immeuble Exemple, 1 rue de l'Essai".into(),
            "97200 Fort-de-France".into(),
        ],
        autorite: "Le Président du centre de gestion de la fonction publique territoriale de \
                   la Martinique"
            .into(),
        signataire: "Paul Exemple".into(),
        qualite: "Le Président".into(),
        lieu: "Fort-de-France".into(),
        tribunal_administratif: "tribunal administratif de la Martinique".into(),
    }
}

fn inscrit(nom: &str, prenom: &str, collectivite: Option<&str>) -> Inscrit {
    Inscrit {
        nom: nom.into(),
        prenom: prenom.into(),
        collectivite: collectivite.map(Into::into),
    }
}

/// Douze inscrits dans le désordre, choisis pour les règles de tri.
fn inscrits() -> Vec<Inscrit> {
    vec![
        inscrit("Zola", "Émile", Some("Commune de Sainte-Luce")),
        inscrit("Martin-Bois", "Luc", Some("Commune du Lamentin")),
        inscrit("de Gaulle", "Anne", Some("Commune de Schœlcher")),
        inscrit(
            "Le Guen",
            "Yann",
            Some("Collectivité territoriale de Martinique"),
        ),
        inscrit("Écoffier", "Jean", Some("Commune du Robert")),
        inscrit("Lefèvre", "Anne", Some("Commune du Carbet")),
        inscrit("Dupont", "Marie", Some("Commune du Diamant")),
        inscrit("D'Aubigné", "Agrippa", None),
        inscrit("Martin", "Zoé", Some("Commune du Vauclin")),
        inscrit("Gautier", "Luc", Some("Commune de Ducos")),
        inscrit("Lefévre", "Anne", Some("Commune du Marin")),
        inscrit("Dupont", "Émilie", Some("Commune du François")),
    ]
}

/// L'ordre attendu, trié à la main selon la règle de `documents::tri` : nom sans la particule
/// « de » en minuscules (« de Gaulle » à G), accents, espaces, tirets et apostrophes ignorés
/// au premier niveau (« D'Aubigné » = daubigne, « Le Guen » = leguen, « Martin-Bois » =
/// martinbois après « Martin »), prénom ensuite (Dupont Émilie avant Dupont Marie), accents au
/// second niveau, « é » avant « è » (Lefévre avant Lefèvre).
const ORDRE: [(&str, &str); 12] = [
    ("D'Aubigné", "Agrippa"),
    ("Dupont", "Émilie"),
    ("Dupont", "Marie"),
    ("Écoffier", "Jean"),
    ("de Gaulle", "Anne"),
    ("Gautier", "Luc"),
    ("Lefévre", "Anne"),
    ("Lefèvre", "Anne"),
    ("Le Guen", "Yann"),
    ("Martin", "Zoé"),
    ("Martin-Bois", "Luc"),
    ("Zola", "Émile"),
];

fn arrete() -> ArreteListe {
    ArreteListe {
        emetteur: emetteur(),
        numero: Some("2027-031".into()),
        date: date(2027, 3, 15),
        annee: 2027,
        grade: "attaché territorial".into(),
        statut_particulier: "décret n° 87-1099 du 30 décembre 1987 portant statut particulier \
                             du cadre d'emplois des attachés territoriaux"
            .into(),
        lignes_directrices: "l'arrêté n° 2026-014 du 01/03/2026 portant lignes directrices de \
                             gestion en matière de promotion interne"
            .into(),
        grille: Some("LDG promotion interne 2027, version 2".into()),
        visas: vec!["l'avis du comité social territorial du 12/02/2026".into()],
        postes: 12,
        date_effet: date(2027, 4, 1),
        inscrits: inscrits(),
        transmis_le: None,
        publie_le: None,
    }
}

/// Lignes de tableau numérotées (« 1   Nom   Prénom   … ») de l'annexe, dans l'ordre.
fn lignes_numerotees(t: &str) -> Vec<String> {
    t.lines()
        .map(str::trim)
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|m| m.parse::<u32>().is_ok())
        })
        .map(aplati)
        .collect()
}

#[test]
fn arrete_liste_visas_articles_et_annexe_alphabetique() {
    let pdf = documents::arrete_liste(&arrete()).expect("arrêté");
    garder("arrete_liste", &pdf);
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    for attendu in [
        "ARRÊTÉ N° 2027-031",
        "portant établissement de la liste d'aptitude d'accès au grade d'attaché territorial",
        "Vu le code général de la fonction publique, notamment ses articles L.325-39 et suivants, L.413-1 et suivants et L.523-1 et suivants ;",
        "Vu le décret n° 87-1099 du 30 décembre 1987 portant statut particulier",
        "Vu l'arrêté n° 2026-014 du 01/03/2026 portant lignes directrices",
        "Vu l'avis du comité social territorial du 12/02/2026 ;",
        "ARRÊTE :",
        "Article 1er : La liste d'aptitude",
        "12 inscrits pour 12 postes ouverts",
        "L'inscription prend effet le 01/04/2027",
        "valable deux ans à compter du 01/04/2027",
        "un mois au moins avant le terme",
        "devant le tribunal administratif de la Martinique dans un délai de deux mois",
        "Fait à Fort-de-France, le 15/03/2027",
        "Le Président, Paul Exemple",
        "Annexe à l'arrêté n° 2027-031 du 15/03/2027",
        "(grille de cotation : LDG promotion interne 2027, version 2)",
    ] {
        assert!(plat.contains(attendu), "absent : « {attendu} »\n{t}");
    }
    // Dates à la française seulement.
    assert!(!plat.contains("2027-04-01") && !plat.contains("2027-03-15"));
    // Pages numérotées « Page n sur N » : l'arrêté puis l'annexe sur sa propre page.
    let pages = t.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(pages >= 2, "{pages} page(s)");
    assert!(plat.contains(&format!("Page 1 sur {pages}")));
    assert!(plat.contains(&format!("Page {pages} sur {pages}")));

    // Le tableau de l'annexe, après sa ligne d'en-tête.
    let annexe = &t[t.find("Annexe à l'arrêté").expect("annexe")..];
    let annexe = &annexe[annexe.find("Collectivité d'origine").expect("en-tête")..];
    let lignes = lignes_numerotees(annexe);
    assert_eq!(lignes.len(), ORDRE.len(), "{lignes:#?}");
    for (i, (ligne, (nom, prenom))) in lignes.iter().zip(ORDRE).enumerate() {
        assert!(
            ligne.starts_with(&format!("{} {nom} {prenom} ", i + 1)),
            "rang {} : attendu {nom} {prenom}, lu « {ligne} »",
            i + 1
        );
    }
    // Collectivité d'origine ; absente : « inconnue », jamais devinée.
    assert!(lignes[0].ends_with("inconnue"), "{}", lignes[0]);
    assert!(lignes[4].ends_with("Commune de Schœlcher"), "{}", lignes[4]);
}

#[test]
fn arrete_refuse_plus_d_inscrits_que_de_postes() {
    // CGFP L.523-1 : jamais plus d'inscrits que de postes ouverts.
    let mut a = arrete();
    a.postes = 11;
    match documents::arrete_liste(&a) {
        Err(Erreur::Donnees(m)) => {
            assert!(m.contains("12 inscrits pour 11 postes"), "{m}");
            assert!(m.contains("L.523-1"), "{m}");
        }
        autre => panic!("attendu une erreur de données, obtenu {autre:?}"),
    }
    let mut a = arrete();
    a.inscrits.clear();
    assert!(matches!(
        documents::arrete_liste(&a),
        Err(Erreur::Donnees(_))
    ));
    let mut a = arrete();
    a.inscrits[0].nom = "  ".into();
    assert_eq!(
        documents::arrete_liste(&a),
        Err(Erreur::Donnees(
            "le champ « inscrits[0].nom » est vide".into()
        ))
    );
}

fn liste() -> ListePublique {
    ListePublique {
        emetteur: emetteur(),
        date: date(2027, 3, 20),
        annee: 2027,
        grade: "attaché territorial".into(),
        arrete: Some("arrêté n° 2027-031 du 15/03/2027".into()),
        date_effet: date(2027, 4, 1),
        avec_collectivite: false,
        inscrits: inscrits(),
    }
}

#[test]
fn liste_publique_noms_alphabetiques_sans_collectivite() {
    let pdf = documents::liste_publique(&liste()).expect("liste");
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    assert!(
        plat.contains("Liste d'aptitude au grade d'attaché territorial – promotion interne 2027")
    );
    assert!(plat.contains("par arrêté n° 2027-031 du 15/03/2027 : 12 inscrits"));
    assert!(plat.contains("Inscription à compter du 01/04/2027"));
    assert!(plat.contains("Liste publiée le 20/03/2027"));
    // Noms dans l'ordre alphabétique : positions croissantes dans le texte.
    let mut derniere = 0;
    for (nom, prenom) in ORDRE {
        let cherche = format!("{nom} {prenom}");
        let pos = plat[derniere..]
            .find(&cherche)
            .unwrap_or_else(|| panic!("« {cherche} » absent ou hors d'ordre\n{t}"));
        derniere += pos + cherche.len();
    }
    // Ni collectivité (non demandée), ni score, ni rang.
    assert!(!plat.contains("Commune du Lamentin"));
    assert!(!plat.contains("Collectivité d'origine"));
}

#[test]
fn liste_publique_avec_collectivite() {
    let mut l = liste();
    l.avec_collectivite = true;
    let pdf = documents::liste_publique(&l).expect("liste");
    garder("liste_publique", &pdf);
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    assert!(plat.contains("Collectivité d'origine"));
    assert!(plat.contains("Martin-Bois Luc Commune du Lamentin"), "{t}");
    assert!(plat.contains("D'Aubigné Agrippa inconnue"), "{t}");
}

#[test]
fn donnees_imprimees_telles_quelles_jamais_interpretees() {
    // Des noms qui seraient du balisage typst s'ils étaient collés dans le modèle : une
    // directive, du gras, des mathématiques, une référence, une étiquette, un commentaire,
    // des guillemets et une barre oblique inverse.
    let pieges = [
        ("#import \"x.typ\": *", "A"),
        ("*gras* _penché_", "B"),
        ("$x^2$ @ref <lab>", "C"),
        ("// pas un commentaire", "D"),
        ("\"guillemets\" \\ fin", "E"),
        ("#{panic()}", "F"),
    ];
    let mut l = liste();
    l.inscrits = pieges.iter().map(|(n, p)| inscrit(n, p, None)).collect();
    let pdf = documents::liste_publique(&l).expect("les données ne cassent pas le document");
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    for (nom, _) in pieges {
        assert!(
            plat.contains(&aplati(nom)),
            "« {nom} » non imprimé tel quel\n{t}"
        );
    }
}

// ------------------------------------------------------------------ Lettre d'irrecevabilité

fn lettre_irrecevabilite() -> documents::LettreIrrecevabilite {
    use droit::recevabilite::{CodeMotif, Motif};
    documents::LettreIrrecevabilite {
        emetteur: emetteur(),
        date: date(2027, 2, 10),
        reference: Some("proposition 2027-0042".into()),
        destinataire: vec![
            "Madame la Maire".into(),
            "Commune du Carbet".into(),
            "97221 Le Carbet".into(),
        ],
        annee: 2027,
        grade: "attaché territorial".into(),
        voie: Some("au choix".into()),
        nom: "Dupont".into(),
        prenom: "Marie".into(),
        // Motifs tels que l'instruction les rend (contrat v2, « Instruction by the CDG »).
        motifs: vec![
            Motif {
                code: CodeMotif::FormationNonAJour,
                message: "Formation de professionnalisation au premier emploi : 3 jours \
                          suivis sur 5 requis pour la période du 01/03/2019 au 28/02/2021."
                    .into(),
                reference: "Décret n° 2008-512 du 29 mai 2008, art. 16".into(),
            },
            Motif {
                code: CodeMotif::AttestationFormationAbsente,
                message: "Aucune attestation du CNFPT n'est jointe au dossier.".into(),
                reference: "Décret n° 2008-512 du 29 mai 2008, art. 16 ; guide CDG \
                            Martinique §I.E"
                    .into(),
            },
        ],
    }
}

#[test]
fn lettre_irrecevabilite_motifs_textes_et_recours() {
    let pdf = documents::lettre_irrecevabilite(&lettre_irrecevabilite()).expect("lettre");
    garder("lettre_irrecevabilite", &pdf);
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    for attendu in [
        "Fort-de-France, le 10/02/2027",
        "Madame la Maire Commune du Carbet",
        "Objet : Promotion interne 2027 – grade d'attaché territorial – dossier de Marie Dupont déclaré irrecevable",
        "Réf. : proposition 2027-0042",
        "Vous avez proposé Marie Dupont",
        "au titre de la promotion interne au choix, année 2027",
        "irrecevable pour les motifs suivants",
        "Les conditions s'apprécient au 01/01/2027",
        "1. Obligations de formation non remplies – Formation de professionnalisation au premier emploi : 3 jours suivis sur 5 requis",
        "Texte appliqué : Décret n° 2008-512 du 29 mai 2008, art. 16",
        "2. Attestation de formation du CNFPT absente – Aucune attestation du CNFPT n'est jointe au dossier.",
        "Le Président, Paul Exemple",
        "devant le tribunal administratif de la Martinique",
        "deux mois à compter de sa notification",
        "Page 1 sur 1",
    ] {
        assert!(plat.contains(attendu), "absent : « {attendu} »\n{t}");
    }
}

#[test]
fn lettre_irrecevabilite_sans_motif_refusee() {
    let mut l = lettre_irrecevabilite();
    l.motifs.clear();
    assert!(matches!(
        documents::lettre_irrecevabilite(&l),
        Err(Erreur::Donnees(m)) if m.contains("au moins un motif")
    ));
}

// ------------------------------------------------------------------ Fiche de cotation

#[test]
fn fiche_cotation_lignes_total_et_departage() {
    use documents::fiche_cotation::{FicheCotation, LigneFiche};
    let ligne = |libelle: &str, constat: &str, points: f64, plafond: Option<f64>| LigneFiche {
        libelle: libelle.into(),
        constat: constat.into(),
        points,
        plafond,
    };
    let f = FicheCotation {
        emetteur: emetteur(),
        date: date(2027, 2, 20),
        annee: 2027,
        grade: "attaché territorial".into(),
        voie: Some("au choix".into()),
        dossier: "PI-2027-A-007".into(),
        agent: Some("Marie Dupont".into()),
        collectivite: Some("Commune du Carbet".into()),
        grille: "LDG promotion interne 2027".into(),
        grille_version: Some(2),
        lignes: vec![
            // Nommée le 01/08/2016 : 10 ans et 5 mois complets au 01/01/2027, 1 point par an
            // au prorata des mois : 10 + 5/12 = 10,4166… → 10,42 (exemple de l'issue 12).
            ligne(
                "Ancienneté dans la catégorie",
                "10 ans et 5 mois au 01/01/2027",
                10.0 + 5.0 / 12.0,
                Some(25.0),
            ),
            ligne(
                "Formations suivies",
                "5 formations × 3 points",
                15.0,
                Some(20.0),
            ),
            ligne("Rang donné par l'autorité", "rang 1", 10.0, Some(10.0)),
            ligne(
                "Valeur professionnelle",
                "appréciation « très bien »",
                40.0,
                Some(50.0),
            ),
        ],
        rang: Some(3),
        classes: Some(12),
        rang_reserve: false,
        cles_departage: vec![
            "ancienneté dans la catégorie".into(),
            "rang donné par l'autorité".into(),
        ],
        departage: Some("départagé par : ancienneté dans la catégorie".into()),
        ex_aequo: false,
    };
    let pdf = documents::fiche_cotation(&f).expect("fiche");
    garder("fiche_cotation", &pdf);
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    for attendu in [
        "Fiche de cotation",
        "Dossier PI-2027-A-007",
        "Agent Marie Dupont",
        "Grille LDG promotion interne 2027, version 2",
        "au 01/01/2027",
        "10,42 25",
        "15 20",
        "40 50",
        // Total : 10,4166… + 15 + 10 + 40 = 75,4166… → 75,42 ; plafonds 25 + 20 + 10 + 50 = 105.
        "Total 75,42 105",
        "Rang : 3 sur 12 dossiers classés.",
        "dans l'ordre : 1. ancienneté dans la catégorie ; 2. rang donné par l'autorité.",
        "Départage : départagé par : ancienneté dans la catégorie.",
    ] {
        assert!(plat.contains(attendu), "absent : « {attendu} »\n{t}");
    }
    assert!(!plat.contains("Ex aequo"));

    // Fiche anonymisée pour la commission : ni nom ni collectivité ; ex aequo signalé.
    let mut anonyme = f.clone();
    anonyme.agent = None;
    anonyme.collectivite = None;
    anonyme.ex_aequo = true;
    anonyme.departage = None;
    let pdf = documents::fiche_cotation(&anonyme).expect("fiche anonyme");
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    assert!(!plat.contains("Dupont") && !plat.contains("Carbet"), "{t}");
    assert!(plat.contains("dossier anonymisé"));
    assert!(plat.contains("aucun tirage au sort"));
}

#[test]
fn fiche_cotation_plafonds_lus_dans_la_grille() {
    use droit::ldg::{Cotation, EtatLigne, LigneCotation, lire_grille};
    let grille = lire_grille(
        r#"{"libelle": "LDG 2027", "criteres": [
            {"code": "anc", "libelle": "Ancienneté", "mode": "anciennete",
             "source": "categorie", "points_par_an": 1, "prorata": "mois", "max": 25},
            {"code": "rang", "libelle": "Rang", "mode": "rang_autorite",
             "valeurs": {"1": 10, "2": 6, "3": 3}}],
           "departage": ["anciennete_categorie"]}"#,
    )
    .expect("grille");
    let ligne = |critere: &str, points: f64| LigneCotation {
        critere: critere.into(),
        libelle: critere.into(),
        points,
        points_exacts: points,
        etat: EtatLigne::Comptee,
        explication: "constaté".into(),
        piece: None,
    };
    let cotation = Cotation {
        total: 16.0,
        total_exact: 16.0,
        grille_version: Some(1),
        grille_libelle: "LDG 2027".into(),
        annee: 2027,
        date_appreciation: date(2027, 1, 1),
        lignes: vec![ligne("anc", 10.0), ligne("rang", 6.0)],
        complete: true,
        catalogue_version: String::new(),
    };
    let lignes = documents::fiche_cotation::lignes_depuis_cotation(&cotation, &grille);
    // Plafond de l'ancienneté : son `max` (25) ; du rang : la meilleure valeur (10).
    assert_eq!(lignes[0].plafond, Some(25.0));
    assert_eq!(lignes[1].plafond, Some(10.0));
    assert_eq!(lignes[1].points, 6.0);
}

// ------------------------------------------------------------------ Lettre de relance

fn relance() -> documents::LettreRelance {
    // Dates du moteur (docs/quotas-et-listes.md §2) : inscription le 01/02/2025, terme de la
    // 2e année le 31/01/2027, demande reçue au plus tard le 31/12/2026.
    documents::LettreRelance {
        emetteur: emetteur(),
        date: date(2026, 11, 15),
        reference: None,
        destinataire: vec!["Madame Anne Lefèvre".into(), "Commune du Carbet".into()],
        appel: Some("Madame,".into()),
        nom: "Lefèvre".into(),
        prenom: "Anne".into(),
        grade: "rédacteur territorial".into(),
        annee: 2025,
        inscription: date(2025, 2, 1),
        terme: date(2027, 1, 31),
        date_limite: date(2026, 12, 31),
        annee_demandee: 3,
    }
}

#[test]
fn lettre_relance_date_limite_et_regle() {
    let pdf = documents::lettre_relance(&relance()).expect("relance");
    garder("lettre_relance", &pdf);
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    for attendu in [
        "Fort-de-France, le 15/11/2026",
        "demande de maintien pour une troisième année à adresser avant le 31/12/2026",
        "Madame,",
        "inscrit(e) depuis le 01/02/2025 sur la liste d'aptitude d'accès au grade de rédacteur territorial",
        "votre inscription prendra fin le 31/01/2027",
        "au plus tard le 31/12/2026, soit un mois avant le terme",
        "articles L.325-39 et suivants du code général de la fonction publique",
        "quatre ans au total",
        "Je vous prie d'agréer, Madame, l'expression",
    ] {
        assert!(plat.contains(attendu), "absent : « {attendu} »\n{t}");
    }
}

#[test]
fn lettre_relance_refuse_une_cinquieme_annee_et_des_dates_incoherentes() {
    let mut l = relance();
    l.annee_demandee = 5;
    assert!(
        matches!(documents::lettre_relance(&l), Err(Erreur::Donnees(m)) if m.contains("quatre ans"))
    );
    let mut l = relance();
    l.date_limite = date(2027, 2, 28);
    assert!(
        matches!(documents::lettre_relance(&l), Err(Erreur::Donnees(m)) if m.contains("incohérentes"))
    );
}

// ------------------------------------------------------------------ Arrêté de nomination

fn nomination() -> documents::ArreteNomination {
    documents::ArreteNomination {
        emetteur: Emetteur {
            nom: "Commune de Sainte-Luce".into(),
            adresse: vec!["Hôtel de ville".into(), "97228 Sainte-Luce".into()],
            autorite: "Le Maire de la commune de Sainte-Luce".into(),
            signataire: "Jean Essai".into(),
            qualite: "Le Maire".into(),
            lieu: "Sainte-Luce".into(),
            tribunal_administratif: "tribunal administratif de la Martinique".into(),
        },
        numero: Some("2027-118".into()),
        date: date(2027, 5, 20),
        nom: "Zola".into(),
        prenom: "Émile".into(),
        grade_origine: "rédacteur principal de 1re classe".into(),
        grade: "attaché territorial".into(),
        statut_particulier: "décret n° 87-1099 du 30 décembre 1987 portant statut particulier \
                             du cadre d'emplois des attachés territoriaux"
            .into(),
        liste_aptitude: "l'arrêté n° 2027-031 du 15/03/2027 du président du centre de gestion \
                         portant établissement de la liste d'aptitude d'accès au grade \
                         d'attaché territorial"
            .into(),
        creation_emploi: None,
        vacance: "la déclaration de vacance d'emploi n° V972270300012 du 02/04/2027".into(),
        emploi: "chargé de mission finances".into(),
        date_effet: date(2027, 6, 1),
        // Stage de six mois, catégorie A (moteur `nomination`, guide CDG Martinique §II.E) :
        // du 01/06/2027 au 30/11/2027.
        modalite: documents::Modalite::Stage {
            duree_mois: 6,
            fin_prevue: Some(date(2027, 11, 30)),
        },
        fondement: vec![
            "Guide CDG Martinique §II.E (stage de six mois pour les catégories A et B nommées \
             par promotion interne)"
                .into(),
        ],
        classement: Some("au 3e échelon, sans ancienneté conservée".into()),
        visas: vec![],
        transmis_le: None,
        notifie_le: None,
    }
}

#[test]
fn arrete_nomination_stage_et_titularisation() {
    let pdf = documents::arrete_nomination(&nomination()).expect("arrêté");
    garder("arrete_nomination", &pdf);
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    for attendu in [
        "ARRÊTÉ N° 2027-118",
        "portant nomination de Émile Zola en qualité de stagiaire au grade d'attaché territorial",
        "Le Maire de la commune de Sainte-Luce,",
        "Vu l'arrêté n° 2027-031 du 15/03/2027",
        // Acte de création de l'emploi non fourni : « inconnu », jamais inventé.
        "Vu l'acte de création de l'emploi : inconnu ;",
        "Vu la déclaration de vacance d'emploi n° V972270300012 du 02/04/2027 ;",
        "Article 1er : Émile Zola, rédacteur principal de 1re classe",
        "est nommé(e) en qualité de stagiaire au grade d'attaché territorial au titre de la promotion interne, à compter du 01/06/2027, pour occuper l'emploi de chargé de mission finances.",
        "stage d'une durée de 6 mois à compter du 01/06/2027, soit jusqu'au 30/11/2027",
        "Article 3 : L'intéressé(e) est classé(e) dans le grade d'attaché territorial au 3e échelon",
        "met fin à l'inscription de l'intéressé(e) sur la liste d'aptitude à compter du 01/06/2027",
        "Fait à Sainte-Luce, le 20/05/2027",
        "Le Maire, Jean Essai",
    ] {
        assert!(plat.contains(attendu), "absent : « {attendu} »\n{t}");
    }

    let mut a = nomination();
    a.modalite = documents::Modalite::Titularisation;
    a.grade = "agent de maîtrise territorial".into();
    let pdf = documents::arrete_nomination(&a).expect("arrêté");
    let Some(t) = texte(&pdf) else { return };
    let plat = aplati(&t);
    assert!(
        plat.contains("en qualité de titulaire au grade d'agent de maîtrise territorial"),
        "{t}"
    );
    assert!(
        plat.contains("directement en qualité de titulaire, sans stage"),
        "{t}"
    );

    let mut a = nomination();
    a.modalite = documents::Modalite::Stage {
        duree_mois: 0,
        fin_prevue: None,
    };
    assert!(matches!(
        documents::arrete_nomination(&a),
        Err(Erreur::Donnees(_))
    ));
}

// ------------------------------------------------------------------ Tableur

fn classement() -> documents::tableur::Tableau {
    use documents::tableur::{Cellule, Tableau};
    Tableau {
        nom: "Classement attaché 2027".into(),
        entetes: [
            "Rang",
            "Nom",
            "Prénom",
            "Collectivité",
            "Total",
            "Départage",
            "Inscription",
        ]
        .map(String::from)
        .to_vec(),
        lignes: vec![
            vec![
                1u32.into(),
                "Écoffier".into(),
                "Jean".into(),
                "Commune du Robert".into(),
                75.42.into(),
                Cellule::Vide,
                date(2027, 4, 1).into(),
            ],
            vec![
                2u32.into(),
                "=HYPERLINK(\"x\")".into(),
                "+33 6".into(),
                "-2+3".into(),
                (-1.5).into(),
                "@SOMME(A1)".into(),
                Cellule::Vide,
            ],
            vec![
                3u32.into(),
                "Dupont; \"dit\" Œuvray".into(),
                "Zoé".into(),
                "Commune de Schœlcher".into(),
                63.0.into(),
                "départagé par : ancienneté".into(),
                Cellule::Vide,
            ],
        ],
    }
}

#[test]
fn csv_utf8_bom_point_virgule_et_formules_neutralisees() {
    use documents::tableur::{Encodage, csv};
    let octets = csv(&classement(), Encodage::Utf8Bom).expect("csv");
    assert_eq!(&octets[..3], b"\xEF\xBB\xBF");
    let texte = std::str::from_utf8(&octets[3..]).expect("UTF-8");
    let lignes: Vec<&str> = texte.split("\r\n").collect();
    assert_eq!(
        lignes[0],
        "Rang;Nom;Prénom;Collectivité;Total;Départage;Inscription"
    );
    assert_eq!(
        lignes[1],
        "1;Écoffier;Jean;Commune du Robert;75,42;;01/04/2027"
    );
    // Formules neutralisées par une apostrophe ; le nombre négatif reste un nombre.
    assert_eq!(
        lignes[2],
        "2;\"'=HYPERLINK(\"\"x\"\")\";'+33 6;'-2+3;-1,5;'@SOMME(A1);"
    );
    // Champ avec « ; » et guillemets : entre guillemets, guillemets doublés.
    assert_eq!(
        lignes[3],
        "3;\"Dupont; \"\"dit\"\" Œuvray\";Zoé;Commune de Schœlcher;63;départagé par : ancienneté;"
    );
    assert_eq!(lignes[4], "");
}

#[test]
fn csv_windows_1252_et_caractere_impossible() {
    use documents::tableur::{Encodage, csv};
    let octets = csv(&classement(), Encodage::Windows1252).expect("csv");
    // « é » = 0xE9, « Œ » = 0x8C, « œ » = 0x9C en Windows-1252 ; pas de BOM.
    assert_eq!(&octets[..10], b"Rang;Nom;P");
    assert!(octets.windows(3).any(|w| w == b"\xC9co"), "Écoffier");
    assert!(octets.windows(2).any(|w| w == b"\x8Cu"), "Œuvray");
    assert!(octets.windows(3).any(|w| w == b"Sch"));
    assert!(octets.windows(2).any(|w| w == b"h\x9C"), "Schœlcher");
    let mut t = classement();
    t.lignes[0][1] = "Łukasz".into();
    assert_eq!(
        csv(&t, Encodage::Windows1252),
        Err(Erreur::Tableur(
            "le caractère « Ł » (ligne 2, colonne 2) ne s'écrit pas en Windows-1252 : \
             exportez en UTF-8"
                .into()
        ))
    );
}

#[test]
fn xlsx_feuille_entetes_valeurs_et_formules_neutralisees() {
    use std::io::Read;
    let octets = documents::tableur::xlsx(&classement()).expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(octets)).expect("zip");
    let mut lire = |nom: &str| {
        let mut s = String::new();
        archive
            .by_name(nom)
            .expect(nom)
            .read_to_string(&mut s)
            .expect("lecture");
        s
    };
    let classeur = lire("xl/workbook.xml");
    assert!(
        classeur.contains("name=\"Classement attaché 2027\""),
        "{classeur}"
    );
    let chaines = lire("xl/sharedStrings.xml");
    for attendu in [
        "Prénom",
        "Écoffier",
        "'=HYPERLINK(\"x\")",
        "'+33 6",
        "'-2+3",
        "'@SOMME(A1)",
    ] {
        assert!(chaines.contains(attendu), "absent : {attendu}\n{chaines}");
    }
    let feuille = lire("xl/worksheets/sheet1.xml");
    // Nombres en valeurs (75,42 et -1,5), date en numéro de série Excel : 01/04/2027 =
    // 46478 (jours depuis le 30/12/1899), aucune formule.
    assert!(feuille.contains("<v>75.42</v>"), "{feuille}");
    assert!(feuille.contains("<v>-1.5</v>"), "{feuille}");
    assert!(feuille.contains("<v>46478</v>"), "{feuille}");
    assert!(!feuille.contains("<f>"), "{feuille}");
}
