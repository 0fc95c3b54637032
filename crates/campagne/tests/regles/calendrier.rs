//! Calendrier de la campagne : état selon le jour, jour de clôture inclus.

use campagne::calendrier::{Campagne, EtatCampagne};

use super::date;

fn campagne_2027() -> Campagne {
    // Exemple du contrat v2 : dépôt du 02/11/2026 au 18/12/2026, liste au 01/03/2027.
    Campagne {
        annee: 2027,
        depot_ouverture: date("2026-11-02"),
        depot_cloture: date("2026-12-18"),
        date_effet_liste: date("2027-03-01"),
    }
}

#[test]
fn etat_selon_le_jour_cloture_incluse() {
    let c = campagne_2027();
    assert!(c.valider().is_ok());
    assert_eq!(c.etat(date("2026-11-01")), EtatCampagne::Preparation);
    assert_eq!(c.etat(date("2026-11-02")), EtatCampagne::DepotOuvert);
    // Délai de rigueur (guide CDG Martinique §II.B) : le jour de clôture est encore ouvert.
    assert_eq!(c.etat(date("2026-12-18")), EtatCampagne::DepotOuvert);
    assert_eq!(c.etat(date("2026-12-19")), EtatCampagne::DepotClos);
    // Du 18/12 au 18/12 : 1 jour ; du 02/11 au 18/12 : 47 jours.
    assert_eq!(c.jours_restants(date("2026-12-18")), Some(1));
    assert_eq!(c.jours_restants(date("2026-11-02")), Some(47));
    assert_eq!(c.jours_restants(date("2026-12-19")), None);
    assert!(c.exiger_depot_ouvert(date("2026-12-18")).is_ok());
    let e = c.exiger_depot_ouvert(date("2026-12-19")).unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (409, "depot_clos"));
    assert!(e.message.contains("18/12/2026"), "{}", e.message);
    let e = c.exiger_depot_ouvert(date("2026-10-01")).unwrap_err();
    assert_eq!(e.code, "depot_clos");
    assert!(e.message.contains("02/11/2026"), "{}", e.message);
}

#[test]
fn dates_incoherentes() {
    // Contrat v2 : 422 si la clôture précède l'ouverture.
    let mut c = campagne_2027();
    c.depot_cloture = date("2026-11-01");
    let e = c.valider().unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (422, "dates_incoherentes"));
    assert_eq!(e.chemin.as_deref(), Some("/depot_cloture"));
    // Ouverture et clôture le même jour : admis.
    let mut c = campagne_2027();
    c.depot_cloture = c.depot_ouverture;
    assert!(c.valider().is_ok());
    let mut c = campagne_2027();
    c.date_effet_liste = date("2026-12-01");
    assert_eq!(
        c.valider().unwrap_err().chemin.as_deref(),
        Some("/date_effet_liste")
    );
    let mut c = campagne_2027();
    c.annee = 1900;
    assert_eq!(c.valider().unwrap_err().chemin.as_deref(), Some("/annee"));
}
