//! Page de la grille de cotation (centre de gestion), sur SQLite et PostgreSQL : grille
//! absente, grille refusée (toutes les erreurs, chacune nommant le critère et le champ, texte
//! saisi rendu intact, rien d'enregistré), chargement par fichier (nouvelle version
//! journalisée), lecture par une personne, aperçu sur des dossiers réels (totaux calculés à
//! la main), aperçu d'une grille saisie sans l'enregistrer, grille d'exemple chargée en un
//! clic, consultation d'une ancienne version, accès.

use axum::http::StatusCode;
use serde_json::json;

use crate::campagne::{GRILLE, campagne_2027};
use crate::cdg::proposer;
use crate::commun::{Client, Reponse, TestApp};
use crate::pages_campagne::{html, lieu};

const PAGE: &str = "/campagnes/2027/grille";

/// Une grille fautive à deux endroits : le critère n° 1 (« crep », mode somme) porte un
/// champ « points » d'un autre mode, et le plafond du critère n° 2 (« encadrement ») est
/// négatif. Le texte contient des caractères que la page doit échapper et rendre intacts.
const GRILLE_FAUTIVE: &str = r#"{"libelle": "Grille d'essai & « brouillon »", "criteres": [
 {"code": "crep", "libelle": "Valeur professionnelle", "mode": "somme", "champ": "crep",
  "valeurs": {"bon": 2}, "points": 3},
 {"code": "encadrement", "libelle": "Agents encadrés", "mode": "par_unite",
  "champ": "agents_encadres", "points": 0.5, "max": -5}]}"#;

async fn envoyer(
    c: &mut Client,
    champs: &[(&str, &str)],
    fichier: Option<(&str, &[u8])>,
) -> Reponse {
    let jeton = c.csrf_de(PAGE).await;
    let mut tous = vec![("csrf", jeton.as_str())];
    tous.extend_from_slice(champs);
    match fichier {
        Some((nom, octets)) => {
            c.post_multipart(PAGE, &tous, &[("fichier", nom, octets)])
                .await
        }
        None => c.post_multipart(PAGE, &tous, &[]).await,
    }
}

#[tokio::test]
async fn charger_lire_et_previsualiser_la_grille_par_la_page() {
    for app in TestApp::tous("pages_grille").await {
        let m = app.moteur;
        // Campagne 2027, dépôt du 02/11/2026 au 18/12/2026 ; aujourd'hui le 30/11/2026.
        campagne_2027(&app).await;
        let mut g = app.client("gestionnaire").await;

        // 1. Aucune grille : la page le dit et propose les grilles d'exemple.
        let r = g.get(PAGE).await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let t = html(&r);
        assert!(t.contains("n'a pas encore déposé la grille"), "{m} : {t}");
        assert!(t.contains("CIG petite couronne, 175 points"), "{m}");
        assert!(t.contains("enctype=\"multipart/form-data\""), "{m}");

        // 2. Grille fautive : 422, les deux erreurs nomment le critère et le champ, le texte
        // saisi revient tel quel dans le formulaire, rien n'est enregistré.
        let r = envoyer(
            &mut g,
            &[("action", "enregistrer"), ("texte", GRILLE_FAUTIVE)],
            None,
        )
        .await;
        assert_eq!(
            r.statut,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{m} : {}",
            r.corps
        );
        let t = html(&r);
        assert!(t.contains("2 erreur(s) dans la grille saisie"), "{m} : {t}");
        assert!(
            t.contains(
                "Critère n° 1 (« crep ») : le champ « points » ne s'applique pas au mode « somme »."
            ),
            "{m} : {t}"
        );
        assert!(
            t.contains("Critère n° 2 (« encadrement ») : « max » vaut -5 ; les points doivent être un nombre positif ou nul."),
            "{m} : {t}"
        );
        assert!(
            t.contains(&format!(">{GRILLE_FAUTIVE}</textarea>")),
            "{m} : {t}"
        );
        // Le texte est échappé dans la page.
        assert!(
            r.corps.contains("Grille d&#39;essai &#38; « brouillon »"),
            "{m}"
        );
        assert!(t.contains("aria-invalid=\"true\""), "{m}");
        assert!(app.store.grilles(2027).await.unwrap().is_empty(), "{m}");

        // JSON mal formé : une erreur qui dit où, le texte rendu intact.
        let casse = "{\"libelle\": \"Grille\", \"criteres\": [";
        let r = envoyer(&mut g, &[("action", "apercu"), ("texte", casse)], None).await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        let t = html(&r);
        assert!(t.contains("1 erreur(s) dans la grille saisie"), "{m} : {t}");
        assert!(t.contains(&format!(">{casse}</textarea>")), "{m}");

        // 3. Grille chargée par fichier (la grille des tests) : nouvelle version 1,
        // journalisée avec son auteur.
        let r = envoyer(
            &mut g,
            &[("action", "enregistrer"), ("texte", "")],
            Some(("grille.json", GRILLE.as_bytes())),
        )
        .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        assert_eq!(lieu(&r), "/campagnes/2027/grille?version=1&fait=grille");
        let versions = app.store.grilles(2027).await.unwrap();
        assert_eq!(versions.len(), 1, "{m}");
        assert_eq!(versions[0].definie_par, "gestionnaire");
        let mut admin = app.client("admin").await;
        let j = admin
            .get("/api/v1/journal?objet=grille:2027:1")
            .await
            .json();
        assert_eq!(j["journal"][0]["action"], "grille.definir", "{m} : {j}");
        assert_eq!(j["journal"][0]["utilisateur"], "gestionnaire", "{m}");

        // 4. La grille lue par une personne (valeurs de campagne::GRILLE).
        let r = g.get(&lieu(&r)).await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let t = html(&r);
        assert!(
            t.contains("La nouvelle version de la grille est enregistrée"),
            "{m}"
        );
        assert!(t.contains("La grille en vigueur"), "{m}");
        assert!(
            t.contains("Critère n° 1 : Valeur professionnelle (CREP)"),
            "{m} : {t}"
        );
        assert!(
            t.contains("Somme d'une liste de valeurs : chaque valeur de la liste « crep » du dossier apporte ses points."),
            "{m} : {t}"
        );
        assert!(t.contains("<li>« excellent » : 3 points</li>"), "{m} : {t}");
        assert!(t.contains("15 points au plus"), "{m}");
        assert!(
            t.contains(
                "compte rendu d'entretien professionnel (CREP) (sans elle, la ligne vaut 0 point)"
            ),
            "{m}"
        );
        assert!(t.contains("0,5 point par unité"), "{m} : {t}");
        assert!(t.contains("<li>rang 1 : 10 points</li>"), "{m} : {t}");
        assert!(
            t.contains("toutes les voies ; toutes les catégories"),
            "{m}"
        );
        // Plafonds 15 + 5 + 10 (rang 1) = 30 points au plus.
        assert!(t.contains("<dd>30 points</dd>"), "{m} : {t}");
        // Départage dans l'ordre de la grille.
        assert!(
            t.contains("<ol><li>ancienneté dans la catégorie</li><li>âge</li></ol>"),
            "{m} : {t}"
        );
        // Le formulaire propose la grille affichée, à modifier.
        assert!(
            t.contains("\"libelle\": \"Valeur professionnelle (CREP)\""),
            "{m}"
        );

        // 5. Un dossier réel : A1 (C1, technicien principal de 1re classe depuis 2012),
        // ingénieur au choix, rang 1, pièces CREP, organigramme et attestation du CNFPT.
        let mut rh1 = app.client("collectivite1").await;
        let id = proposer(
            &mut rh1,
            "A1",
            1,
            json!({"crep": ["excellent", "excellent", "maitrise", "maitrise", "a_developper"],
                   "agents_encadres": 4}),
        )
        .await;
        // Aperçu de la version 1 sur ce dossier, calculé à la main : CREP 3 + 3 + 2 + 2 + 1
        // = 11 (plafond 15) ; encadrement 4 × 0,5 = 2 ; rang 1 → 10. Total 23.
        let r = g
            .get(&format!("{PAGE}?version=1&apercu=1&dossiers={id}"))
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let t = html(&r);
        assert!(
            t.contains("Aperçu : cotation de la version 1 sur 1 dossier(s)"),
            "{m} : {t}"
        );
        assert!(
            t.contains(&format!("Dossier n° {id} : Durand Hélène")),
            "{m}"
        );
        assert!(
            t.contains(&format!("Cotation du dossier n° {id} : 23 points")),
            "{m} : {t}"
        );
        assert!(
            t.contains("<th scope=\"row\">Valeur professionnelle (CREP)</th><td>11</td>"),
            "{m} : {t}"
        );
        assert!(
            t.contains("<th scope=\"row\">Agents encadrés</th><td>2</td>"),
            "{m} : {t}"
        );
        assert!(
            t.contains("<th scope=\"row\">Ordre de l'autorité</th><td>10</td>"),
            "{m} : {t}"
        );
        // Sans numéro : les premiers dossiers transmis (ici le seul).
        let r = g.get(&format!("{PAGE}?apercu=1")).await;
        assert!(html(&r).contains("sur 1 dossier(s)"), "{m}");
        // Un numéro inconnu : refus en français, la page reste utilisable.
        let r = g.get(&format!("{PAGE}?apercu=1&dossiers=9999")).await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        assert!(
            html(&r).contains("Aucun dossier n° 9999 transmis au centre de gestion"),
            "{m}"
        );
        assert!(html(&r).contains("value=\"9999\""), "{m}");

        // 6. Aperçu d'une grille saisie, non enregistrée : « excellent » à 4 points et
        // plafond 12. CREP 4 + 4 + 2 + 2 + 1 = 13, plafonné à 12 ; 2 ; 10. Total 24.
        let modifiee = GRILLE.replace(
            "\"excellent\": 3}, \"max\": 15",
            "\"excellent\": 4}, \"max\": 12",
        );
        assert_ne!(modifiee, GRILLE);
        let r = envoyer(
            &mut g,
            &[
                ("action", "apercu"),
                ("texte", &modifiee),
                ("dossiers", &id.to_string()),
            ],
            None,
        )
        .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let t = html(&r);
        assert!(
            t.contains("cotation de la grille saisie (non enregistrée) sur 1 dossier(s)"),
            "{m} : {t}"
        );
        assert!(
            t.contains(&format!("Cotation du dossier n° {id} : 24 points")),
            "{m} : {t}"
        );
        assert!(t.contains("plafonné à 12 points"), "{m} : {t}");
        assert!(t.contains(&format!(">{modifiee}</textarea>")), "{m}");
        assert_eq!(app.store.grilles(2027).await.unwrap().len(), 1, "{m}");

        // 7. Une grille d'exemple chargée en un clic : version 2, en vigueur.
        let r = envoyer(
            &mut g,
            &[
                ("action", "enregistrer"),
                ("exemple", "cig-petite-couronne-175-points"),
            ],
            None,
        )
        .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        assert_eq!(lieu(&r), "/campagnes/2027/grille?version=2&fait=grille");
        let t = html(&g.get(PAGE).await);
        assert!(
            t.contains("grille modèle des LDG du CIG petite couronne"),
            "{m}"
        );
        // docs/ldg.md §4.1 : 175 points au plus.
        assert!(t.contains("<dd>175 points</dd>"), "{m} : {t}");
        assert!(
            t.contains("Ancienneté calculée sur la carrière : ancienneté dans la catégorie au 1er janvier de l'année de la liste"),
            "{m} : {t}"
        );
        assert!(t.contains("Consulter la version 1"), "{m}");
        assert!(t.contains("2 (affichée)</span> — en vigueur"), "{m} : {t}");
        // La version 1, consultée : ancienne, avec un lien vers celle en vigueur.
        let t = html(&g.get(&format!("{PAGE}?version=1")).await);
        assert!(t.contains("Version 1 (ancienne)"), "{m}");
        assert!(t.contains("Cette version n'est plus en vigueur."), "{m}");
        assert!(t.contains("Critère n° 3 : Ordre de l'autorité"), "{m}");
        let r = g.get(&format!("{PAGE}?version=7")).await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        // Mise dans le formulaire d'une grille d'exemple, sans rien enregistrer.
        let t = html(
            &g.get(&format!("{PAGE}?exemple=cdg-martinique-seed-002"))
                .await,
        );
        assert!(t.contains("\"code\": \"ordre_autorite\""), "{m}");
        assert_eq!(app.store.grilles(2027).await.unwrap().len(), 2, "{m}");

        // 8. Accès : page du centre de gestion seulement.
        for id in ["collectivite1", "commission"] {
            let mut c = app.client(id).await;
            assert_eq!(
                c.get(PAGE).await.statut,
                StatusCode::FORBIDDEN,
                "{m} : {id}"
            );
        }
        let mut admin_page = app.client("admin").await;
        assert_eq!(admin_page.get(PAGE).await.statut, StatusCode::OK, "{m}");
        app.fin().await;
    }
}
