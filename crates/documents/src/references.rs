//! Références juridiques citées par les documents, au même endroit pour être relues.
//!
//! Elles reprennent celles du moteur (`droit`, docs/sources.md) : validité de la liste
//! d'aptitude (CGFP L.325-39 et suivants, ancien article 44 de la loi n° 84-53 ; moteur
//! `liste_aptitude`), nombre d'inscrits borné par les postes (CGFP L.523-1), lignes directrices
//! de gestion (CGFP L.413-1 et suivants ; moteur `ldg`), formation obligatoire (décret
//! n° 2008-512), conditions appréciées au 1er janvier (décret n° 2013-593 art. 21).

/// Nombre d'inscrits borné par le nombre de postes ouverts.
pub const CGFP_PROMOTION_INTERNE: &str = "article L.523-1 du code général de la fonction publique";

/// Durée de validité de la liste d'aptitude et demandes de maintien.
pub const CGFP_VALIDITE: &str = "articles L.325-39 et suivants du code général de la fonction publique, ancien article 44 de la loi n° 84-53 du 26 janvier 1984";

/// Délai du recours contentieux.
pub const CJA_DELAI_RECOURS: &str = "article R.421-1 du code de justice administrative";

/// Suspension du décompte de la durée d'inscription (mêmes cas que le moteur,
/// `MotifSuspension`).
pub const SUSPENSION_DECOMPTE: &str = "Le décompte de cette durée est suspendu pendant les congés parental, de maternité, d'adoption, de présence parentale, de solidarité familiale et de longue durée, pendant l'accomplissement des obligations du service national, pendant un contrat conclu au titre de l'article L.332-13 du code général de la fonction publique sur un emploi du cadre d'emplois, pendant un engagement de service civique à la demande de l'intéressé(e) et, pour les élus locaux, jusqu'au terme de leur mandat.";

pub(crate) const VISA_CGFP: &str = "le code général de la fonction publique, notamment ses articles L.325-39 et suivants, L.413-1 et suivants et L.523-1 et suivants";

pub(crate) const VISA_DECRET_2008_512: &str = "le décret n° 2008-512 du 29 mai 2008 relatif à la formation statutaire obligatoire des fonctionnaires territoriaux";

pub(crate) const VISA_DECRET_2013_593: &str = "le décret n° 2013-593 du 5 juillet 2013 relatif aux conditions générales de recrutement et d'avancement de grade et portant dispositions statutaires diverses applicables aux fonctionnaires de la fonction publique territoriale";

/// Date d'appréciation des conditions d'inscription : le 1er janvier de l'année de la liste.
pub const DATE_APPRECIATION: &str = "décret n° 2013-593 du 5 juillet 2013, article 21 : conditions appréciées au 1er janvier de l'année de la liste";

/// Voies et délais de recours contre une décision, à compter de `depart` (« sa
/// notification », « sa publication »).
pub(crate) fn recours(e: &crate::Emetteur, depart: &str) -> String {
    format!(
        "La présente décision peut faire l'objet, dans un délai de deux mois à compter de \
         {depart}, d'un recours gracieux auprès de l'autorité signataire, qui proroge le délai \
         du recours contentieux, ou d'un recours pour excès de pouvoir devant le {} ({}). Le \
         tribunal peut être saisi par l'application « Télérecours citoyens » \
         (www.telerecours.fr).",
        e.tribunal_administratif.trim(),
        CJA_DELAI_RECOURS
    )
}
