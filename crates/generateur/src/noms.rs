//! Noms de personnes et de lieux fictifs.
//!
//! Les noms de famille et prénoms sont des noms courants en France ; les noms de lieux sont
//! fabriqués à partir de syllabes, pour ne jamais désigner une collectivité réelle.

use crate::alea::Alea;

const NOMS: &[&str] = &[
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefevre",
    "Faure",
    "Andre",
    "Mercier",
    "Blanc",
    "Guerin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "Francois",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clement",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Marie",
    "Lemaire",
    "Noel",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Riviere",
    "Lucas",
    "Brunet",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Martinez",
    "Gerard",
    "Roche",
    "Renard",
    "Schmitt",
    "Roy",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
    "Roger",
    "Fabre",
    "Aubert",
    "Lemoine",
    "Renaud",
    "Dumas",
    "Lacroix",
    "Olivier",
    "Philippe",
    "Bourgeois",
    "Pierre",
    "Benoit",
    "Rey",
    "Leclerc",
    "Payet",
    "Rolland",
    "Leclercq",
    "Guillaume",
    "Lecomte",
    "Lopez",
    "Jean",
    "Dupuy",
    "Guillot",
    "Hubert",
    "Berger",
    "Carpentier",
    "Sanchez",
    "Dupuis",
    "Moulin",
    "Louis",
    "Deschamps",
    "Huet",
    "Vasseur",
    "Perez",
    "Boucher",
    "Fleury",
    "Royer",
    "Klein",
    "Jacquet",
    "Adam",
    "Paris",
    "Poirier",
    "Marty",
    "Aubry",
    "Guyot",
    "Carre",
    "Charles",
    "Renault",
    "Charpentier",
    "Menard",
    "Maillard",
    "Baron",
    "Bertin",
    "Bailly",
    "Herve",
    "Schneider",
    "Fernandez",
    "Le Gall",
    "Collet",
    "Leger",
    "Bouvier",
    "Julien",
    "Prevost",
    "Millet",
    "Perrot",
    "Daniel",
    "Le Roux",
    "Cousin",
    "Germain",
    "Breton",
    "Besson",
    "Langlois",
    "Remy",
    "Le Goff",
    "Pelletier",
    "Leveque",
    "Perrier",
    "Leblanc",
    "Barre",
    "Lebrun",
    "Marchal",
    "Weber",
    "Mallet",
    "Hamon",
    "Boulanger",
    "Jacob",
    "Monnier",
    "Michaud",
    "Rodriguez",
    "Guichard",
    "Gillet",
    "Etienne",
    "Grondin",
    "Poulain",
    "Tessier",
];

const PRENOMS: &[&str] = &[
    "Marie",
    "Jean",
    "Pierre",
    "Michel",
    "André",
    "Philippe",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Martine",
    "Christine",
    "Françoise",
    "Valérie",
    "Sandrine",
    "Stéphanie",
    "Véronique",
    "Sophie",
    "Céline",
    "Chantal",
    "Patricia",
    "Nicole",
    "Anne",
    "Brigitte",
    "Laurence",
    "Christophe",
    "Patrick",
    "Nicolas",
    "Frédéric",
    "Laurent",
    "Stéphane",
    "David",
    "Olivier",
    "Éric",
    "Sébastien",
    "Thierry",
    "Pascal",
    "Julien",
    "Alain",
    "Daniel",
    "Bernard",
    "Thomas",
    "Alexandre",
    "Vincent",
    "Franck",
    "Didier",
    "Dominique",
    "Bruno",
    "Guillaume",
    "Jérôme",
    "Maxime",
    "Romain",
    "Hélène",
    "Aurélie",
    "Émilie",
    "Julie",
    "Caroline",
    "Virginie",
    "Karine",
    "Delphine",
    "Camille",
    "Laura",
    "Manon",
    "Léa",
    "Chloé",
    "Sarah",
    "Pauline",
    "Marine",
    "Mathilde",
    "Claire",
    "Lucie",
    "Élodie",
    "Audrey",
    "Mélanie",
    "Florence",
    "Agnès",
    "Corinne",
    "Annie",
    "Josiane",
    "Hugo",
    "Lucas",
    "Louis",
    "Antoine",
    "Quentin",
    "Kevin",
    "Mickaël",
    "Cédric",
    "Fabrice",
    "Yannick",
    "Hervé",
    "Gilles",
    "Serge",
    "Arnaud",
    "Benoît",
    "Mathieu",
    "Damien",
    "Fatima",
    "Samia",
    "Karim",
    "Mohamed",
    "Nadia",
    "Yasmine",
    "Mehdi",
    "Sonia",
    "Leïla",
    "Yves",
    "Gérard",
    "Monique",
    "Évelyne",
    "Joëlle",
    "Odile",
    "Régis",
    "Ludovic",
    "Anthony",
];

/// Syllabes d'ouverture des toponymes fictifs.
const DEBUTS: &[&str] = &[
    "Vil", "Mont", "Bel", "Char", "Bour", "Lor", "Sau", "Mar", "Fon", "Roc", "Ber", "Cor", "Gra",
    "Pla", "Ver", "Saint-Al", "Mor", "Bru", "Cas", "Lan", "Ker", "Tré", "Beau", "Roque", "Val",
    "Mes", "Plou", "Pen", "Gui", "Aur", "Ser", "Bon", "Chau", "Cla", "Dam", "Es", "Fla", "Gau",
    "Hau", "Jon", "Lau", "Mai", "Nau", "Oli", "Pei", "Rou", "Tau", "Vau",
];

const MILIEUX: &[&str] = &[
    "", "", "", "an", "e", "i", "o", "en", "ar", "ou", "er", "il", "ig", "ev", "ag", "ol",
];

const FINS: &[&str] = &[
    "ville", "court", "mont", "ac", "an", "ières", "ay", "y", "in", "ot", "argues", "ignac",
    "ieux", "oux", "ès", "elle", "eau", "on", "bert", "ange", "heim", "ec", "oët", "as", "ard",
    "euil", "ois", "ens", "anne", "ouse",
];

const RIVIERES: &[&str] = &[
    "Lorve", "Sarbe", "Aulne", "Vézère", "Brenne", "Ource", "Cosne", "Lézon", "Tarbe", "Durbe",
    "Vanne", "Olbe", "Ménade", "Rance", "Selle", "Varonne",
];

/// Nom de famille courant.
pub fn nom(a: &mut Alea) -> &'static str {
    a.parmi(NOMS)
}

/// Prénom courant.
pub fn prenom(a: &mut Alea) -> &'static str {
    a.parmi(PRENOMS)
}

/// Toponyme fictif (« Bourgignac », « Saint-Alanville », « Montelle-sur-Lorve »).
pub fn lieu(a: &mut Alea) -> String {
    let mut s = String::with_capacity(24);
    if a.proba(0.06) {
        s.push_str(a.parmi(&["Le ", "La ", "Les "][..]));
    }
    s.push_str(a.parmi(DEBUTS));
    s.push_str(a.parmi(MILIEUX));
    s.push_str(a.parmi(FINS));
    if a.proba(0.08) {
        s.push_str("-sur-");
        s.push_str(a.parmi(RIVIERES));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aucun_nom_ne_contient_le_separateur() {
        // docs/format-import.md : séparateur « ; ».
        for s in NOMS
            .iter()
            .chain(PRENOMS)
            .chain(DEBUTS)
            .chain(FINS)
            .chain(RIVIERES)
        {
            assert!(!s.contains(';') && !s.contains('"'), "{s}");
        }
        let mut a = Alea::new(3);
        for _ in 0..1000 {
            let l = lieu(&mut a);
            assert!(!l.is_empty() && !l.contains(';'));
        }
    }
}
