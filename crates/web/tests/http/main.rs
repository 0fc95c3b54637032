//! Tests HTTP du serveur (un seul binaire) : moteur, sessions, matrice des accès, pages,
//! journal, sécurité. Chaque test tourne sur SQLite, et sur PostgreSQL quand
//! `DATABASE_URL_PG` est posée (voir `commun::TestApp`).

mod campagne;
mod cdg;
mod commun;
mod documents;
mod exports;
mod inscriptions;
mod journal;
mod matrice;
mod moteur;
mod pages;
mod pages_campagne;
mod pages_grille;
mod securite;
mod session;
mod simulateur;
