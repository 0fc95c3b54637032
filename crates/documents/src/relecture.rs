//! Relecture d'un PDF produit : son texte, tel que `pdftotext -layout` (poppler-utils) le
//! lit, pour vérifier ce qu'un lecteur verra (noms, ordre, chiffres, dates). L'outil est un
//! programme externe : son absence n'est pas une erreur, elle est dite (`Ok(None)`).

use std::io::Write;
use std::process::{Command, Stdio};

/// Le texte d'un PDF (envoyé sur l'entrée standard de `pdftotext -layout -enc UTF-8`, sans
/// fichier temporaire) ; `Ok(None)` si `pdftotext` n'est pas installé.
pub fn texte_pdf(pdf: &[u8]) -> Result<Option<String>, String> {
    let mut enfant = match Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("pdftotext ne démarre pas : {e}")),
    };
    let mut entree = enfant
        .stdin
        .take()
        .ok_or("entrée standard de pdftotext fermée")?;
    let copie = pdf.to_vec();
    // Écrit sur un fil à part : pdftotext peut remplir sa sortie avant d'avoir tout lu.
    let ecrivain = std::thread::spawn(move || entree.write_all(&copie));
    let sortie = enfant
        .wait_with_output()
        .map_err(|e| format!("pdftotext : {e}"))?;
    ecrivain
        .join()
        .map_err(|_| "écriture du PDF interrompue".to_owned())?
        .map_err(|e| format!("écriture du PDF vers pdftotext : {e}"))?;
    if !sortie.status.success() {
        return Err(format!(
            "pdftotext a échoué : {}",
            String::from_utf8_lossy(&sortie.stderr)
        ));
    }
    String::from_utf8(sortie.stdout)
        .map(Some)
        .map_err(|_| "texte rendu par pdftotext hors UTF-8".to_owned())
}
