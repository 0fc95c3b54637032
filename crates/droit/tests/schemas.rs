//! Schémas JSON du contrat : les fichiers de `schemas/` sont à jour (régénérés avec
//! `PASSERELLE_MAJ_SCHEMAS=1 cargo test -p droit --test schemas`), et les entrées des
//! exemples du dépôt (`tests/donnees/exemples`) ainsi que les réponses du moteur les
//! respectent.

mod commun;

use std::path::PathBuf;

use serde_json::Value;

fn dossier_schemas() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

/// Tous les fichiers attendus dans `schemas/`, avec leur contenu généré.
fn schemas_generes() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for s in droit::commandes::schemas() {
        for (suffixe, schema) in [("entree", &s.entree), ("sortie", &s.sortie)] {
            let texte = serde_json::to_string_pretty(schema).unwrap() + "\n";
            v.push((format!("{}.{suffixe}.json", s.commande), texte));
        }
    }
    let erreur = serde_json::to_string_pretty(&droit::commandes::schema_erreur()).unwrap() + "\n";
    v.push(("erreur.json".to_owned(), erreur));
    // Campagne : la grille des lignes directrices de gestion et la cotation d'un dossier.
    for (nom, schema) in [
        (
            "grille-ldg.json",
            schemars::schema_for!(droit::ldg::GrilleLdg),
        ),
        ("cotation.json", schemars::schema_for!(droit::ldg::Cotation)),
    ] {
        v.push((
            nom.to_owned(),
            serde_json::to_string_pretty(&schema).unwrap() + "\n",
        ));
    }
    v
}

#[test]
fn les_schemas_du_depot_sont_a_jour() {
    let dossier = dossier_schemas();
    let maj = std::env::var("PASSERELLE_MAJ_SCHEMAS").is_ok_and(|v| v == "1");
    if maj {
        std::fs::create_dir_all(&dossier).unwrap();
    }
    let mut perimes = Vec::new();
    for (nom, texte) in schemas_generes() {
        let chemin = dossier.join(&nom);
        if maj {
            std::fs::write(&chemin, &texte).unwrap();
        } else if std::fs::read_to_string(&chemin).ok().as_deref() != Some(texte.as_str()) {
            perimes.push(nom);
        }
    }
    assert!(
        perimes.is_empty(),
        "schémas absents ou périmés dans schemas/ : {perimes:?} ; régénérer avec PASSERELLE_MAJ_SCHEMAS=1 cargo test -p droit --test schemas"
    );
}

fn schema(commande: &str, sens: &str) -> Value {
    let s = droit::commandes::schemas()
        .into_iter()
        .find(|s| s.commande == commande)
        .unwrap_or_else(|| panic!("commande {commande} absente du registre"));
    let schema = if sens == "entree" { s.entree } else { s.sortie };
    serde_json::to_value(schema).unwrap()
}

fn valider(schema: &Value, doc: &Value) -> Vec<String> {
    let v = jsonschema::validator_for(schema).expect("schéma compilable");
    v.iter_errors(doc)
        .map(|e| format!("{} : {}", e.instance_path(), e))
        .collect()
}

#[test]
fn les_entrees_des_exemples_du_depot_respectent_les_schemas() {
    let mut n = 0;
    for nom in commun::noms_exemples() {
        let ex = commun::lire_exemple(&nom);
        let commande = ex["commande"].as_str().unwrap();
        let erreurs = valider(&schema(commande, "entree"), &ex["entree"]);
        assert!(erreurs.is_empty(), "{nom} : {erreurs:?}");
        n += 1;
    }
    assert!(n > 0, "aucun exemple trouvé");
}

#[test]
fn les_reponses_du_moteur_respectent_les_schemas_de_sortie() {
    for nom in commun::noms_exemples() {
        let ex = commun::lire_exemple(&nom);
        let commande = ex["commande"].as_str().unwrap();
        let sortie =
            droit::commandes::executer(commande, &serde_json::to_string(&ex["entree"]).unwrap())
                .unwrap();
        let erreurs = valider(&schema(commande, "sortie"), &sortie);
        assert!(erreurs.is_empty(), "{nom} : {erreurs:?}");
    }
    // L'enveloppe d'erreur aussi (contrat v1 : {"erreur": {code, message, chemin}}).
    let e = droit::commandes::executer("services", "{}").unwrap_err();
    let env = serde_json::to_value(droit::erreur::ReponseErreur { erreur: e }).unwrap();
    let s = serde_json::to_value(droit::commandes::schema_erreur()).unwrap();
    assert!(valider(&s, &env).is_empty());
}

#[test]
fn un_champ_inconnu_est_refuse_par_le_schema() {
    // deny_unknown_fields se retrouve dans le schéma (additionalProperties: false).
    let s = schema("services", "entree");
    let doc = serde_json::json!({"agent": {"periodes": []}, "jusqu_au": "2025-12-31", "intrus": 1});
    assert!(!valider(&s, &doc).is_empty());
}

// ------------------------------------------------------------------ docs/codes.md

/// Valeurs (et description) d'une énumération, lues dans son schéma JSON.
fn valeurs<T: schemars::JsonSchema>() -> Vec<(String, String)> {
    fn parcourir(v: &Value, desc: &str, out: &mut Vec<(String, String)>) {
        if let Some(c) = v.get("const").and_then(Value::as_str) {
            out.push((c.to_owned(), desc.to_owned()));
        }
        if let Some(e) = v.get("enum").and_then(Value::as_array) {
            for x in e.iter().filter_map(Value::as_str) {
                out.push((x.to_owned(), desc.to_owned()));
            }
        }
        for cle in ["oneOf", "anyOf"] {
            for x in v.get(cle).and_then(Value::as_array).into_iter().flatten() {
                let d = x.get("description").and_then(Value::as_str).unwrap_or("");
                parcourir(x, d, out);
            }
        }
    }
    let s = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let mut out = Vec::new();
    parcourir(&s, "", &mut out);
    out
}

fn section_enum<T: schemars::JsonSchema>(doc: &mut String, titre: &str, champ: &str) {
    doc.push_str(&format!("\n### {titre}\n\nChamp `{champ}` :\n\n"));
    for (code, desc) in valeurs::<T>() {
        let desc = desc.split_whitespace().collect::<Vec<_>>().join(" ");
        if desc.is_empty() {
            doc.push_str(&format!("- `{code}`\n"));
        } else {
            doc.push_str(&format!("- `{code}` : {desc}\n"));
        }
    }
}

/// Le contenu de `docs/codes.md`, généré du catalogue et des types du moteur.
fn codes_md() -> String {
    use droit::catalogue::{Catalogue, CatalogueVoies};
    use droit::vocabulaire::*;
    let cat = Catalogue::get();
    let mut doc = String::from(
        "# Codes reconnus par Passerelle\n\n\
         Fichier généré du catalogue (`crates/droit/catalogue/*.toml`) et des types du moteur ; \
         ne pas le modifier à la main. Régénération : \
         `PASSERELLE_MAJ_SCHEMAS=1 cargo test -p droit --test schemas` (un test échoue s'il \
         n'est plus à jour).\n\n\
         Les codes sont en minuscules, sans accents, mots séparés par `_`. Le grade d'une \
         période donne son cadre d'emplois (ou corps), sa catégorie et sa filière.\n\n\
         ## Cadres d'emplois, corps et grades\n\n\
         Grades du plus bas au plus élevé.\n",
    );
    for (versant, titre) in [
        (Versant::Territoriale, "Fonction publique territoriale"),
        (Versant::Etat, "Fonction publique de l'État"),
        (Versant::Hospitaliere, "Fonction publique hospitalière"),
    ] {
        doc.push_str(&format!("\n### {titre}\n"));
        let mut filieres: Vec<&str> = Vec::new();
        for c in cat.cadres.iter().filter(|c| c.versant == versant) {
            if !filieres.contains(&c.filiere.as_str()) {
                filieres.push(&c.filiere);
            }
        }
        for f in filieres {
            doc.push_str(&format!("\nFilière {f}\n\n"));
            for c in cat
                .cadres
                .iter()
                .filter(|c| c.versant == versant && c.filiere == f)
            {
                let grades: Vec<String> = c
                    .grades
                    .iter()
                    .map(|g| format!("`{}` ({})", g.code, g.libelle))
                    .collect();
                // Classements antérieurs d'un cadre reclassé (catégorie selon la date).
                let anterieures: String = c
                    .categories_anterieures
                    .iter()
                    .filter_map(|a| {
                        a.jusqu_au.map(|f| {
                            format!(
                                " ; catégorie {} jusqu'au {}",
                                a.categorie.libelle(),
                                f.strftime("%d/%m/%Y")
                            )
                        })
                    })
                    .collect();
                doc.push_str(&format!(
                    "- `{}` — {} (catégorie {}{}{}) : {}\n",
                    c.code,
                    c.libelle,
                    c.categorie.libelle(),
                    if c.a_plus { ", A+" } else { "" },
                    anterieures,
                    grades.join(", ")
                ));
            }
        }
    }
    doc.push_str(
        "\n## Grades cibles de la promotion interne\n\n\
         Champ `cibles` de la commande `eligibilite` (catalogue des voies) :\n\n",
    );
    let voies = CatalogueVoies::get();
    for cible in &voies.cibles {
        let mut sortes: Vec<&str> = voies
            .voies
            .iter()
            .filter(|v| &v.cible == cible)
            .map(|v| match v.voie {
                Voie::Choix => "au choix",
                _ => "après examen professionnel",
            })
            .collect();
        sortes.dedup();
        doc.push_str(&format!(
            "- `{cible}` ({}) : {}\n",
            cat.libelle_grade(cible),
            sortes.join(", ")
        ));
    }
    doc.push_str("\n## Valeurs des champs\n");
    section_enum::<Versant>(&mut doc, "Versant", "versant");
    section_enum::<Statut>(&mut doc, "Statut", "statut");
    section_enum::<Position>(&mut doc, "Position statutaire", "position");
    section_enum::<MotifDisponibilite>(&mut doc, "Motif de disponibilité", "motif_disponibilite");
    section_enum::<EmploiCode>(&mut doc, "Emploi occupé", "emploi.code");
    section_enum::<FonctionCode>(&mut doc, "Fonctions exercées", "fonctions[].code");
    section_enum::<TypeFormation>(&mut doc, "Formations", "formations[].type");
    section_enum::<Voie>(&mut doc, "Voies", "voie");
    section_enum::<droit::liste_aptitude::MotifSuspension>(
        &mut doc,
        "Liste d'aptitude : motifs de suspension",
        "suspensions[].motif",
    );
    section_enum::<droit::liste_aptitude::ReponseOffre>(
        &mut doc,
        "Liste d'aptitude : réponses à une offre",
        "offres[].reponse",
    );
    section_enum::<droit::examen::TypePiece>(
        &mut doc,
        "Examen d'ingénieur en chef : pièces du dossier",
        "pieces[].type",
    );
    section_enum::<droit::quota::ModeQuota>(&mut doc, "Quota : mode de calcul", "mode");
    doc
}

#[test]
fn docs_codes_a_jour() {
    let chemin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/codes.md");
    let texte = codes_md();
    if std::env::var("PASSERELLE_MAJ_SCHEMAS").is_ok_and(|v| v == "1") {
        std::fs::write(&chemin, &texte).unwrap();
    }
    assert!(
        std::fs::read_to_string(&chemin).ok().as_deref() == Some(texte.as_str()),
        "docs/codes.md absent ou périmé ; régénérer avec PASSERELLE_MAJ_SCHEMAS=1 cargo test -p droit --test schemas"
    );
}
