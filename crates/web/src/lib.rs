//! (à construire)
