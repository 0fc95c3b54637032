//! Schémas JSON du contrat : les fichiers de `schemas/` sont à jour (régénérés avec
//! `PASSERELLE_MAJ_SCHEMAS=1 cargo test -p droit --test schemas`), et les entrées des
//! exemples partagés (`shared/contract/examples`) ainsi que les réponses du moteur les
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
fn les_entrees_des_exemples_partages_respectent_les_schemas() {
    let mut n = 0;
    for e in std::fs::read_dir(commun::dossier_exemples()).unwrap() {
        let chemin = e.unwrap().path();
        if chemin.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let nom = chemin.file_name().unwrap().to_string_lossy().into_owned();
        let ex = commun::lire_exemple(&nom);
        let commande = ex["command"].as_str().unwrap();
        let s = schema(commande, "entree");
        // Les commandes encore à l'état de bouchon acceptent tout document (schéma vide).
        let erreurs = valider(&s, &ex["input"]);
        assert!(erreurs.is_empty(), "{nom} : {erreurs:?}");
        n += 1;
    }
    assert!(n > 0, "aucun exemple partagé trouvé");
}

#[test]
fn les_reponses_du_moteur_respectent_les_schemas_de_sortie() {
    for nom in [
        "ingenieur-choix-seed-001.json",
        "ingenieur-en-chef-q2-1.json",
        "ingenieur-en-chef-q4-etat.json",
        "ingenieur-en-chef-q13-sdis.json",
        "services-tnc-2005.json",
    ] {
        let ex = commun::lire_exemple(nom);
        let commande = ex["command"].as_str().unwrap();
        let sortie =
            droit::commandes::executer(commande, &serde_json::to_string(&ex["input"]).unwrap())
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
