//! Composition typst : un « monde » sans système de fichiers ni réseau.
//!
//! Le seul fichier du monde est la source engendrée par le document ; les polices sont celles
//! embarquées par le paquet `typst-assets` (Libertinus Serif, New Computer Modern, DejaVu Sans
//! Mono). Rien n'est lu sur le disque ni téléchargé à l'exécution, et la date du jour n'est pas
//! disponible dans les modèles : chaque date imprimée vient des données.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::Erreur;

/// Bibliothèque standard et polices, construites une fois par processus.
struct Ressources {
    bibliotheque: LazyHash<Library>,
    livre: LazyHash<FontBook>,
    polices: Vec<Font>,
}

fn ressources() -> &'static Ressources {
    static R: OnceLock<Ressources> = OnceLock::new();
    R.get_or_init(|| {
        let polices: Vec<Font> = typst_assets::fonts()
            .flat_map(|donnees| Font::iter(Bytes::new(donnees)))
            .collect();
        Ressources {
            bibliotheque: LazyHash::new(Library::builder().build()),
            livre: LazyHash::new(FontBook::from_fonts(&polices)),
            polices,
        }
    })
}

struct Monde {
    principal: FileId,
    source: Source,
}

impl World for Monde {
    fn library(&self) -> &LazyHash<Library> {
        &ressources().bibliotheque
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &ressources().livre
    }

    fn main(&self) -> FileId {
        self.principal
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.principal {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.principal {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        ressources().polices.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn message(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Compose une source typst et l'exporte en PDF.
pub(crate) fn composer_pdf(source: String) -> Result<Vec<u8>, Erreur> {
    let chemin = VirtualPath::new("document.typ")
        .map_err(|e| Erreur::Composition(format!("chemin virtuel : {e:?}")))?;
    let principal = RootedPath::new(VirtualRoot::Project, chemin).intern();
    let monde = Monde {
        principal,
        source: Source::new(principal, source),
    };
    let document: PagedDocument = typst::compile(&monde)
        .output
        .map_err(|d| Erreur::Composition(message(&d)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|d| Erreur::Composition(message(&d)))
}
